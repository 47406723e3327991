// A person is chosen by picking: a name typed and not picked is kept in the record (and the
// validator flags it on its field with the person meant), never dropped without a word.
// ("Sekarang" in office time and the date fields are the form's own date widget, widgets.js; an
// end before its start is refused there, in place, and the validator flags a pair out of order.)
import { controlTree, keypathOf } from "./form-fields.js";

export function startGuards({ store, entry }) {
  document.addEventListener("focusout", (event) => keepTyped(event, store, entry), true);
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
