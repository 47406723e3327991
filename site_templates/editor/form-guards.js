// What the widgets can prevent, they prevent:
// - "Sekarang" writes office time (kantor.yaml `zona_waktu`, e.g. WIB), whatever the browser's zone;
// - an end date cannot be picked before its start, nor a start after its end (a step's
//   mulai/selesai, the schedule's jadwal), and each says which is the limit;
// - a person is chosen by picking: a name typed and not picked is kept in the record (and the
//   validator flags it on its field with the person meant), never dropped without a word.
import { controlTree, keypathOf } from "./form-fields.js";

const PAIRS = [["mulai", "selesai"]];

export function startGuards({ settings, store, entry }) {
  const zone = settings.officeZone || { offsetMinutes: 420, name: "WIB" };
  document.addEventListener("click", (event) => officeNow(event, zone), true);
  document.addEventListener("focusout", (event) => keepTyped(event, store, entry), true);
  const limit = () => limitDates();
  document.addEventListener("input", limit, true);
  new MutationObserver(limit).observe(document.body, { childList: true, subtree: true });
}

// --- "Sekarang" -------------------------------------------------------------------------------

export function officeTime(zone, at = Date.now()) {
  const moment = new Date(at + zone.offsetMinutes * 60000); // read with the UTC getters: office time
  const pad = (n) => String(n).padStart(2, "0");
  const day = `${moment.getUTCFullYear()}-${pad(moment.getUTCMonth() + 1)}-${pad(moment.getUTCDate())}`;
  return { day, time: `${pad(moment.getUTCHours())}:${pad(moment.getUTCMinutes())}` };
}

function officeNow(event, zone) {
  const button = event.target.closest && event.target.closest("[data-testid='now-button']");
  const input = button && button.parentElement && button.parentElement.parentElement.querySelector("input");
  if (!input || !["date", "datetime-local"].includes(input.type)) return;
  event.stopPropagation(); // Decap's own button would write the browser's time
  event.preventDefault();
  const now = officeTime(zone);
  setValue(input, input.type === "date" ? now.day : `${now.day}T${now.time}`);
}

// Sets an input's value the way typing does, so that Decap (React) takes it.
function setValue(input, value) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  setter.call(input, value);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

// --- date order -------------------------------------------------------------------------------

function dateInput(control) {
  return control && control.box.querySelector("input[type='date'], input[type='datetime-local']");
}

function limitDates() {
  const tree = controlTree();
  for (const control of tree.all) {
    for (const [first, last] of PAIRS) {
      if (control.name !== first) continue;
      const sibling = tree.all.find((c) => c.parent === control.parent && c.name === last && near(c, control));
      const start = dateInput(control);
      const end = dateInput(sibling);
      if (!start || !end) continue;
      setLimit(end, "min", start.value);
      setLimit(start, "max", end.value);
    }
  }
}

// Two controls of the same step (a step's list item) or of the same object (jadwal).
function near(a, b) {
  return a.box.parentElement === b.box.parentElement;
}

function setLimit(input, which, value) {
  const wanted = !value ? "" : input.type === "date" ? value.slice(0, 10) : value.length === 10 ? `${value}T00:00` : value;
  if (input.getAttribute(which) !== wanted) {
    if (wanted) input.setAttribute(which, wanted);
    else input.removeAttribute(which);
    input.title = wanted ? `${which === "min" ? "paling awal" : "paling akhir"}: ${wanted.replace("T", " ")}` : "";
  }
}

// --- people are picked ------------------------------------------------------------------------

function keepTyped(event, store, entry) {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox") return;
  const typed = input.value.trim();
  const current = entry();
  if (!typed || !current || !store()) return;
  const tree = controlTree();
  const control = tree.all.filter((c) => c.box.contains(input)).pop(); // the innermost
  const found = control && keypathOf(tree, current.fields, current.data, control.box);
  if (!found || !found.field || found.field.widget !== "relation") return;
  const add = (value) => (value && value.push ? value.push(typed) : [...(value || []), typed]);
  setField(store(), current.collection, found.path, (value) => (found.field.multiple ? add(value) : typed));
}

// Changes one value of the entry being edited through Decap's own action (one top-level field at a time).
function setField(store, collection, keypath, change) {
  const state = store.getState();
  const entryDraft = state.entryDraft.get("entry");
  const fields = state.collections.getIn([collection, "fields"]);
  const field = fields && fields.find((f) => f.get("name") === keypath[0]);
  if (!field) return;
  const data = entryDraft.get("data");
  const rest = keypath.slice(1);
  const top = data.get(keypath[0]);
  const value = rest.length ? top.setIn(rest, change(top.getIn(rest))) : change(top);
  store.dispatch({ type: "DRAFT_CHANGE_FIELD", payload: { field, value, metadata: {}, entries: [] } });
}
