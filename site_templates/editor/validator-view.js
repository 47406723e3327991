// What the form shows of the validator's answer: a panel above the fields with every problem (the
// field as the form labels it, the message and the fix, as `jejak validate` words them) and each
// message again on its own field; a list item (a step) holding problems carries their count.
import { controlTree, listItems, locate } from "./form-fields.js";

const STYLE = `
.jj-periksa { margin: 0 0 16px; padding: 10px 14px; border-radius: 5px; background: #f5f7fa;
  border: 1px solid #dfe3ea; font: 14px/1.45 system-ui, sans-serif; color: #1f2933; }
.jj-periksa.jj-ada-galat { background: #fff4f4; border-color: #e3a0a0; }
.jj-periksa h2 { font-size: 14px; margin: 0 0 4px; }
.jj-periksa ol { margin: 6px 0 0; padding-left: 20px; }
.jj-periksa li { margin: 3px 0; }
.jj-periksa button.jj-ke-isian { all: unset; cursor: pointer; color: #0b4f9c; text-decoration: underline; }
.jj-periksa .jj-catatan { color: #52606d; font-size: 13px; margin: 4px 0 0; }
.jj-masalah { margin: 4px 0 6px; padding: 6px 9px; border-left: 4px solid #c0392b; background: #fff4f4;
  font: 13px/1.4 system-ui, sans-serif; color: #7b1f1f; text-transform: none; }
.jj-masalah.jj-peringatan, .jj-periksa li.jj-peringatan::marker { border-color: #b7791f; background: #fffaf0; color: #6b4511; }
.jj-masalah small { display: block; color: #52606d; }
.jj-masalah.jj-info { border-color: #2b6cb0; background: #f0f6fc; color: #1a365d; }
.jj-lencana { display: inline-block; margin: 6px 0 0 8px; padding: 1px 8px; border-radius: 10px;
  background: #c0392b; color: #fff; font: 600 12px/1.6 system-ui, sans-serif; }
.jj-lencana.jj-peringatan { background: #b7791f; }
`;

const SEVERITY = { galat: "galat", peringatan: "peringatan" };

export function installStyle() {
  const style = document.createElement("style");
  style.textContent = STYLE;
  document.head.appendChild(style);
}

function clear() {
  for (const element of document.querySelectorAll(".jj-masalah, .jj-lencana")) element.remove();
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The panel above the form's fields (made once per page of the editor, kept at the top).
function panel(tree) {
  const first = tree.children(null)[0];
  if (!first) return null;
  let box = document.querySelector(".jj-periksa");
  if (!box) {
    box = element("section", "jj-periksa");
    box.setAttribute("aria-live", "polite");
  }
  if (box.nextElementSibling !== first.box) first.box.parentElement.insertBefore(box, first.box);
  return box;
}

// A missing value shown on its own field asks for that field, not for a line of the file.
const formHint = (problem, target) => (target && problem.code === "skema-required" ? "isi isian ini" : problem.hint);

function message(problem) {
  const text = element("div", `jj-masalah jj-${SEVERITY[problem.severity] || "galat"}`);
  text.dataset.jjKode = problem.code;
  text.dataset.jjPesan = `${problem.severity}: ${problem.message}`;
  text.append(element("strong", "", `${problem.severity}: `), problem.message);
  const hint = formHint(problem, true);
  if (hint) text.append(element("small", "", `saran: ${hint}`));
  return text;
}

// Opens the list items (steps) around a control and brings it into view.
function reveal(target) {
  for (let item = target.closest("[data-jj-item]"); item; item = item.parentElement.closest("[data-jj-item]")) {
    const inner = item.querySelector(":scope > div > [aria-label]") || item.lastElementChild;
    if (inner && inner.offsetParent === null) item.querySelector("button")?.click();
  }
  setTimeout(() => target.scrollIntoView({ block: "center", behavior: "smooth" }), 50);
}

// Shows `state` ({status, detail, problems, images, ms}) on the page; `entry` says where the fields are.
// Returns how many messages were put on fields.
export function render(state, entry) {
  clear();
  const tree = controlTree();
  const top = panel(tree);
  if (!top) return 0;
  const problems = state.problems || [];
  const placed = new Map();
  for (const problem of problems) {
    const where = problem.keypath ? locate(tree, entry.fields, entry.data, problem.keypath) : { box: null };
    const target = where.item || where.box;
    if (target) {
      const note = message(problem);
      if (where.item) where.item.prepend(note);
      else target.firstElementChild.after(note);
      markItems(tree, target, problem);
    }
    placed.set(problem, target);
  }
  const typed = pastedNotes(tree, entry, state.pasted || {});
  fillPanel(top, state, problems, placed, typed);
  return [...placed.values()].filter(Boolean).length + typed.filter((t) => t.target).length;
}

// Word's punctuation typed or pasted in a field: said on the field, with what will be saved.
function pastedNotes(tree, entry, pasted) {
  const notes = [];
  for (const found of entry.pasted || []) {
    const where = locate(tree, entry.fields, entry.data, found.keypath);
    const target = where.item || where.box;
    const names = found.chars.map((c) => pasted[c].name).join(", ");
    const plain = [...found.value].map((c) => (pasted[c] ? pasted[c].plain : c)).join("");
    const text = `berisi ${names} dari Word atau situs web; saat disimpan ditulis sebagai tanda baca biasa: "${plain}"`;
    if (target) {
      const note = element("div", "jj-masalah jj-info", text);
      note.dataset.jjKode = "tanda-baca-word";
      if (where.item) where.item.prepend(note);
      else target.firstElementChild.after(note);
    }
    notes.push({ target, text, keypath: found.keypath });
  }
  return notes;
}

// A list item holding problems (a collapsed step) shows how many.
function markItems(tree, target, problem) {
  for (const control of tree.all) {
    const items = listItems(control);
    const item = items && items.find((i) => i.contains(target) && i !== target);
    if (!item) continue;
    item.dataset.jjItem = "1";
    let badge = item.querySelector(":scope > .jj-lencana");
    if (!badge) {
      badge = element("span", "jj-lencana jj-peringatan");
      badge.dataset.count = "0";
      item.prepend(badge);
    }
    badge.dataset.count = String(Number(badge.dataset.count) + 1);
    if (problem.severity === "galat") badge.classList.remove("jj-peringatan");
    badge.textContent = `${badge.dataset.count} masalah`;
  }
}

function fillPanel(top, state, problems, placed, typed) {
  const errors = problems.filter((p) => p.severity === "galat").length;
  const warnings = problems.length - errors;
  top.classList.toggle("jj-ada-galat", errors > 0);
  top.replaceChildren();
  const heading = element("h2");
  if (state.status === "siap" || state.status === "diperiksa") {
    heading.textContent = problems.length
      ? `Pemeriksaan: ${errors} galat, ${warnings} peringatan`
      : "Pemeriksaan: tidak ada masalah";
  } else {
    heading.textContent = state.status === "gagal" ? "Pemeriksaan tidak tersedia" : "Pemeriksaan sedang dimuat…";
  }
  top.append(heading);
  if (state.detail) top.append(element("p", "jj-catatan", state.detail));
  if (problems.length) {
    const list = element("ol");
    for (const problem of problems) {
      const row = element("li", `jj-${SEVERITY[problem.severity] || "galat"}`);
      const where = problem.field || `baris ${problem.line}`;
      const target = placed.get(problem);
      const name = target ? element("button", "jj-ke-isian", where) : element("strong", "", where);
      if (target) name.addEventListener("click", () => reveal(target));
      row.append(name, `: ${problem.severity}: ${problem.message}`);
      const hint = formHint(problem, target);
      if (hint) row.append(element("small", "", ` — saran: ${hint}`));
      list.append(row);
    }
    top.append(list);
  }
  if (typed.length) {
    top.append(element("p", "jj-catatan", `Tanda baca dari Word di ${typed.length} isian ditulis biasa saat disimpan (lihat catatan biru pada isiannya).`));
  }
  for (const image of state.images || []) {
    top.append(element("p", "jj-catatan", `Gambar ${image} belum diperiksa di formulir (pemeriksa di peramban tidak dapat membuka gambar); pemeriksaan di CI memeriksanya setelah disimpan.`));
  }
}
