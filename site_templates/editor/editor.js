// Starts Decap CMS with what `jejak build` generated (config.js) and what the project adds:
// the in-place YAML format, the Indonesian locale, our widgets (dates, the proposed plan), the
// step timeline preview, the new-event code, and what keeps a save honest (kode = file name,
// failures said in Indonesian) and the screen free of what staff may not use.
import * as YAML from "./decap/yaml.js";
import { jejakFormat } from "./format.js";
import { id } from "./locale-id.js";
import { useEarlyAnswers } from "./early.js";
import { registerPreview } from "./preview.js";
import { registerWidgets } from "./widgets.js";
import { startValidator } from "./validator.js";

const settings = window.JEJAK_EDITOR;
const CMS = window.CMS;

// Nothing may leave the intranet: Decap's GitHub backend polls a public status page.
const ownFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = String(input && input.url ? input.url : input);
  if (url.includes("githubstatus.com")) return Promise.reject(new Error("status page disabled"));
  return ownFetch(input, init);
};

// The same rule as `jejak new`: year, then up to four words of the name without "pelatihan".
export function eventCode(name, start) {
  const year = /^\d{4}/.test(start || "") ? start.slice(0, 4) : String(new Date().getFullYear());
  const ascii = (name || "").normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
  const words = ascii.split(/[^a-z0-9]+/).filter((w) => w && w !== "pelatihan");
  return `${year}-${words.slice(0, 4).join("-") || "kegiatan"}`;
}

// A code already used by a published event (kegiatan.json, written by `jejak build`) gets -2,
// -3, …: two events may share a name and year, never a code (`jejak new` refuses; here staff
// cannot choose). The editor has its own origin: it asks its own server, not the portal.
export async function freeCode(code) {
  const answer = await ownFetch(new URL("kegiatan.json", window.location.href), { cache: "no-store" });
  const taken = new Set(answer.ok ? await answer.json() : []);
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? code : `${code}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
  return code;
}

// A new record's `kode` is its file name. Decap adds -1, -2 … to the file name when a proposal
// with that name is still open; the record then gets the same code, never another one.
export function codeOfFile(dataFile) {
  const stem = dataFile.path.split("/").pop().replace(/\.yaml$/, "");
  const raw = dataFile.raw.replace(/^kode: .*$/m, `kode: ${stem}`);
  return raw === dataFile.raw ? dataFile : { ...dataFile, raw };
}

// What the staff member reads after "Gagal menyimpan:". Decap shows the error as "API_ERROR: …"
// with the Git server's English words; these say what happened and what to do.
export function plainError(error, local) {
  const status = error && error.status;
  let message;
  if (error && /jejak ubah/.test(error.message || "")) message = error.message; // the local guard speaks Indonesian
  else if (!status && local) message = "server Git di komputer ini tidak berjalan; jalankan lagi `jejak ubah`, lalu simpan lagi";
  else if (!status) message = "server Git tidak dapat dihubungi (jaringan terputus, atau server Git mati); coba lagi sebentar lagi";
  else if (status === 401 || status === 403) message = "server Git menolak izin Anda; keluar, masuk lagi, lalu simpan lagi";
  else if (status === 404) message = "repositori atau cabang tidak ditemukan di server Git; hubungi administrator";
  else if (status === 409 || status === 422) message = "catatan ini baru saja diubah orang lain; muat ulang halaman, lalu simpan lagi";
  else message = `server Git sedang bermasalah (kode ${status}); coba lagi sebentar lagi`;
  const plain = new Error(message);
  plain.name = "";
  plain.status = status;
  return plain;
}

function guardBackend(name) {
  const registered = CMS.getBackend(name);
  if (!registered) return;
  const init = registered.init;
  registered.init = (...args) => {
    const backend = init(...args);
    if (name === "proxy") useEarlyAnswers(backend);
    const persist = backend.persistEntry.bind(backend);
    backend.persistEntry = async (entry, options) => {
      const dataFiles = options && options.newEntry ? entry.dataFiles.map(codeOfFile) : entry.dataFiles;
      try {
        return await persist({ ...entry, dataFiles }, options);
      } catch (error) {
        throw plainError(error, name === "proxy");
      }
    };
    return backend;
  };
}

// What staff may not use is not shown: "Siap digabung" (the Kepala Bidang merges in Git), the
// whole-repository file library (uploads there would bypass review). editor.css hides what
// has a stable selector; the rest is found by its text, as Decap renders it.
// "Periksa pratinjau": Decap shows it when the Git host reports no preview site, and it does nothing.
const HIDDEN_TEXT = new Set([
  id.editor.editorToolbar.ready,
  id.workflow.workflowList.readyHeader,
  id.editor.editorToolbar.deployPreviewPendingButtonLabel,
]);
function hideWhatStaffMayNotUse(root) {
  for (const node of root.querySelectorAll("[role=menuitem], h2, button, a")) {
    if (!HIDDEN_TEXT.has(node.textContent.trim())) continue;
    const target = node.tagName === "H2" ? node.parentElement : node;
    if (target && target.style.display !== "none") target.style.display = "none";
  }
  for (const node of root.querySelectorAll("header a, header button")) {
    if (node.textContent.trim() === id.app.header.media && node.style.display !== "none") node.style.display = "none";
  }
}

// Decap 3.16 asks whether to use the browser's copy as soon as it has read it, while the entry is
// still loading from the Git server; the loaded entry then replaces the copy just accepted, and
// what was typed is lost after all. When that happens the copy (with anything typed since) is
// offered again through Decap's own action, and accepted: the person already said yes.
let acceptCopy = false;
const askPerson = window.confirm.bind(window);
window.confirm = (message) => {
  if (acceptCopy && message === id.editor.editor.confirmLoadBackup) {
    acceptCopy = false;
    return true;
  }
  return askPerson(message);
};

function keepTheBrowsersCopy(store) {
  let previous = store.getState().entryDraft;
  let restoredAt = 0;
  store.subscribe(() => {
    const draft = store.getState().entryDraft;
    const before = previous;
    previous = draft;
    if (before.get("localBackup") && !draft.get("localBackup") && draft.get("hasChanged")) restoredAt = Date.now();
    const replaced =
      restoredAt &&
      Date.now() - restoredAt < 120000 &&
      before.get("hasChanged") &&
      !draft.get("hasChanged") &&
      !before.getIn(["entry", "isPersisting"]) &&
      draft.getIn(["entry", "slug"]) === before.getIn(["entry", "slug"]);
    if (!replaced) return;
    restoredAt = 0;
    acceptCopy = true;
    store.dispatch({ type: "DRAFT_LOCAL_BACKUP_RETRIEVED", payload: { entry: before.get("entry").toJS() } });
  });
}

// Decap's Redux store, from the React tree it rendered (react-redux's Provider holds it).
function decapStore() {
  for (const element of document.body.children) {
    const key = Object.keys(element).find((k) => k.startsWith("__reactContainer$"));
    const queue = key ? [element[key]] : [];
    for (let seen = 0; queue.length && seen < 200; seen++) {
      const fiber = queue.shift();
      const store = fiber.memoizedProps && fiber.memoizedProps.store;
      if (store && typeof store.getState === "function" && store.getState().entryDraft) return store;
      if (fiber.child) queue.push(fiber.child);
      if (fiber.sibling) queue.push(fiber.sibling);
    }
  }
  return null;
}

function watchScreen() {
  let store = null;
  const observer = new MutationObserver(() => {
    hideWhatStaffMayNotUse(document.body);
    if (!store && (store = decapStore())) keepTheBrowsersCopy(store);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  hideWhatStaffMayNotUse(document.body);
}

const style = document.createElement("link");
style.rel = "stylesheet";
style.href = "editor.css";
document.head.append(style);

// A phone has no room beside the form: the preview pane starts closed there (Decap keeps the
// choice in localStorage; the wide-screen choice comes back on a wide screen).
function previewForScreen() {
  const key = "cms.right-pane";
  const narrow = window.matchMedia("(max-width: 799px)").matches;
  if (narrow && localStorage.getItem(key) !== "none") {
    localStorage.setItem("jejak.right-pane-wide", localStorage.getItem(key) || "preview");
    localStorage.setItem(key, "none");
  } else if (!narrow && localStorage.getItem("jejak.right-pane-wide")) {
    localStorage.setItem(key, localStorage.getItem("jejak.right-pane-wide"));
    localStorage.removeItem("jejak.right-pane-wide");
  }
}

previewForScreen();
CMS.registerLocale("id", id);
const formats = {};
for (const [sopId, order] of Object.entries(settings.order)) {
  const options = { order, modeline: settings.modeline, topLevelLists: settings.topLevelLists, pasted: settings.pasted };
  formats[sopId] = jejakFormat(YAML, options);
  CMS.registerCustomFormat(`jejak-yaml-${sopId}`, "yaml", formats[sopId]);
}
CMS.registerEventListener({
  name: "preSave",
  handler: async ({ entry }) => {
    let data = entry.get("data");
    if (entry.get("newRecord")) {
      const wanted = eventCode(data.get("nama"), String(data.getIn(["jadwal", "mulai"]) || ""));
      const code = await freeCode(wanted); // a copy of an event ("Salin") gets a code of its own
      data = data.set("kode", code).set("_jejak_tahun", code.slice(0, 4));
    }
    return data;
  },
});
registerWidgets(CMS, settings);
registerPreview(CMS, settings);
guardBackend(settings.config.backend.name);
CMS.init({ config: settings.config });
watchScreen();
startValidator({ CMS, settings, formats, eventCode }); // the validator's checks and what they show
