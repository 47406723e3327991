// The form knows what `jejak validate` knows, before the save. While staff fill in an entry, the
// record as the form would save it is checked by the validator itself (validator-worker.js: the
// Python rules of generator/records/ in Pyodide) and every problem is shown on its field
// (validator-view.js); a save with a galat asks first.
//
// The worker starts only once the form is usable (the list of events or an entry is shown), so
// that the editor's own first load is not slowed down. The entry being edited is read from
// Decap's store (found through React's root: Decap does not hand it out).
import { startGuards } from "./form-guards.js";
import { installStyle, render } from "./validator-view.js";

const DELAY = 500; // ms after the last change typed before a check
const OPENED = 100; // ms after an entry is opened (its problems show at once; Decap's dispatches of one opening fall within it)
const state = { status: "memuat", problems: [], images: [], detail: "" };
let worker = null;
let store = null;
let pending = new Map(); // check id -> resolve
let counter = 0;
let lastDraft = null;
let opened = null; // the path of the entry on screen ("" for a new one)
let shown = null; // the entry the current answer belongs to
let timer = null;
let placed = 0; // how many messages the last drawing put on fields

export function startValidator({ CMS, settings, formats, eventCode }) {
  installStyle();
  state.pasted = settings.pasted || {};
  window.jejakValidator = { check: (path, text) => check(path, text), state, started: null, firstCheck: null };
  window.jejakValidator.record = () => (state.current && state.current()) || null; // what the next check reads
  waitForStore((found) => {
    store = found;
    store.subscribe(() => onChange(settings, formats, eventCode));
    onChange(settings, formats, eventCode);
  });
  CMS.registerEventListener({
    name: "preSave",
    handler: async ({ entry }) => confirmSave(entryText(settings, formats, eventCode, entry)),
  });
  new MutationObserver(() => redraw()).observe(document.body, { childList: true, subtree: true });
  startGuards({ settings, store: () => store, entry: () => state.current && state.current() });
}

// --- the worker -------------------------------------------------------------------------------

function startWorker() {
  if (worker) return;
  window.jejakValidator.started = performance.now();
  worker = new Worker(new URL("validator-worker.js", import.meta.url));
  worker.onmessage = ({ data }) => {
    if (data.kind === "status") {
      state.status = data.state;
      state.detail = data.state === "gagal" ? `${data.detail}. Formulir tetap dapat dipakai; CI tetap memeriksa.` : "";
      window.jejakValidator.load = data;
      if (data.state === "siap") scheduleCheck(0);
      redraw(true);
    } else if (data.kind === "result") {
      const resolve = pending.get(data.id);
      pending.delete(data.id);
      if (resolve) resolve(data);
    }
  };
  worker.onerror = (event) => {
    state.status = "gagal";
    state.detail = `pemeriksa berhenti (${event.message || "galat"})`;
    redraw(true);
  };
  worker.postMessage({ kind: "start", base: new URL("validator/", import.meta.url).href });
}

function check(path, text) {
  startWorker();
  const id = ++counter;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ kind: "check", id, path, text });
  });
}

// --- the entry being edited -------------------------------------------------------------------

function waitForStore(found) {
  const root = document.getElementById("nc-root");
  const key = root && Object.keys(root).find((k) => k.startsWith("__reactContainer$"));
  const queue = key ? [root[key]] : [];
  for (let seen = 0; queue.length && seen < 20000; seen++) {
    const fiber = queue.shift();
    const props = fiber && fiber.memoizedProps;
    if (props && props.store && typeof props.store.getState === "function") return found(props.store);
    if (fiber && fiber.child) queue.push(fiber.child);
    if (fiber && fiber.sibling) queue.push(fiber.sibling);
  }
  setTimeout(() => waitForStore(found), 200);
}

// The record as the form would save it: {collection, path, text, fields, data} or null.
export function entryText(settings, formats, eventCode, entry) {
  if (!entry) return null;
  const collection = entry.get("collection");
  const format = formats[collection];
  if (!format) return null; // the office record: not edited here
  let data = entry.get("data");
  let path = entry.get("path");
  if (entry.get("newRecord") || !path) {
    const code = data.get("kode") || eventCode(data.get("nama"), String(data.getIn(["jadwal", "mulai"]) || ""));
    data = data.set("kode", code);
    path = `records/${code.slice(0, 4)}/${code}.yaml`;
  }
  const config = settings.config.collections.find((c) => c.name === collection);
  const plain = data.toJS();
  const text = format.toFile(plain);
  const original = typeof plain._jejak_asli === "string" ? readOriginal(format, plain._jejak_asli) : null;
  const pasted = pastedIn(plain, original, settings.pasted || {});
  return { collection, path, text, fields: config.fields, data: plain, pasted };
}

const originals = new Map(); // the file as read, by its text: parsed once
function readOriginal(format, text) {
  if (!originals.has(text)) {
    try {
      originals.set(text, format.fromFile(text));
    } catch {
      originals.set(text, null);
    }
  }
  return originals.get(text);
}

// Texts typed or pasted in the form with Word's punctuation: the writer types them plainly
// (format.js); what was already in the file stays, and the validator names it.
function pastedIn(value, original, pasted, path = [], found = []) {
  if (typeof value === "string") {
    const chars = [...new Set([...value].filter((c) => pasted[c]))];
    if (chars.length && value !== original) found.push({ keypath: path, chars, value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => pastedIn(v, Array.isArray(original) ? original[i] : undefined, pasted, [...path, i], found));
  } else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (!key.startsWith("_jejak")) pastedIn(v, original && typeof original === "object" ? original[key] : undefined, pasted, [...path, key], found);
    }
  }
  return found;
}

function onChange(settings, formats, eventCode) {
  const draftState = store.getState().entryDraft;
  const entry = draftState && draftState.get("entry");
  if (!entry) {
    opened = null;
    if (shown) {
      shown = null;
      lastDraft = null;
      state.current = null;
      state.problems = [];
    }
    if (!worker && document.querySelector("a[href*='/entries/']")) idle(startWorker);
    return;
  }
  idle(startWorker);
  if (entry === lastDraft) return;
  lastDraft = entry;
  state.current = () => entryText(settings, formats, eventCode, entry);
  const path = entry.get("path") || "";
  scheduleCheck(path === opened ? DELAY : OPENED);
  opened = path;
}

function idle(run) {
  if (worker) return;
  if (window.requestIdleCallback) window.requestIdleCallback(run, { timeout: 1500 });
  else setTimeout(run, 300);
}

function scheduleCheck(delay) {
  clearTimeout(timer);
  timer = setTimeout(runCheck, delay);
}

async function runCheck() {
  const current = state.current && state.current();
  if (!current || state.status === "gagal") return;
  if (state.status !== "siap") return; // checked as soon as the worker is ready
  window.jejakValidator.busy = true;
  const answer = await check(current.path, current.text);
  window.jejakValidator.busy = false;
  if (answer.failed) {
    state.detail = `pemeriksaan gagal: ${answer.failed}`;
  } else {
    state.problems = answer.problems;
    state.images = answer.images;
    state.detail = "";
    if (!window.jejakValidator.firstCheck) window.jejakValidator.firstCheck = performance.now();
  }
  shown = current;
  window.jejakValidator.lastPath = current.path;
  window.jejakValidator.checked = (window.jejakValidator.checked || 0) + 1;
  redraw(true);
}

let drawing = false;
function redraw(now = false) {
  if (drawing) return;
  const draw = () => {
    drawing = true;
    try {
      const current = shown || (state.current && state.current());
      if (current) placed = render(state, current);
    } finally {
      setTimeout(() => (drawing = false), 0);
    }
  };
  if (now) draw();
  else if (!redraw.queued) {
    redraw.queued = true;
    requestAnimationFrame(() => {
      redraw.queued = false;
      // React drew the fields again (a step opened, another entry): the messages go back on them
      if (!document.querySelector(".jj-periksa") || document.querySelectorAll(".jj-masalah").length < placed) draw();
    });
  }
}

// --- the save ---------------------------------------------------------------------------------

async function confirmSave(current) {
  if (!current || state.status !== "siap") return undefined; // not ready: CI checks it
  const answer = await Promise.race([check(current.path, current.text), new Promise((r) => setTimeout(r, 15000))]);
  if (!answer || answer.failed) return undefined;
  state.problems = answer.problems;
  shown = current;
  redraw(true);
  const errors = answer.problems.filter((p) => p.severity === "galat");
  if (!errors.length) return undefined;
  const list = errors.slice(0, 5).map((p) => `• ${p.field || `baris ${p.line}`}: ${p.message}`).join("\n");
  const more = errors.length > 5 ? `\n… dan ${errors.length - 5} lagi` : "";
  const ask =
    `Catatan ini masih memuat ${errors.length} galat:\n${list}${more}\n\n` +
    "Usulan dengan galat akan ditolak pemeriksaan (CI) sampai diperbaiki. Tetap simpan sebagai konsep?";
  if (window.confirm(ask)) return undefined;
  throw new Error("penyimpanan dibatalkan: perbaiki galat yang ditandai di formulir, lalu simpan lagi");
}
