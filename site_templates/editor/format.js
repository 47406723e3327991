// The "jejak-yaml-<sop>" formats of the form editor: records are edited in place, as people wrote them.
//
// Decap's own YAML writer rebuilds the whole file (drops the schema modeline and comments, turns
// `{…}` maps into blocks, reorders keys). This format keeps the text it read and changes only what
// the form changed: a changed scalar is replaced where it stands, a new key becomes one new line
// (placed in schema order), a cleared key loses its lines, list items are appended or removed.
// An unchanged save gives back the very same bytes.
//
// Decap's typed lists match the type by name, a string: step numbers (`no:`) are strings inside
// the editor and integers in the file.
//
// Whatever is typed reads back exactly through `jejak validate`'s strict loader: a text with a tab,
// a control character, or lines that YAML's block styles cannot carry as they are (spaces at the
// start or end of a line, a leading or trailing line break) is written double-quoted on one line,
// with escapes. Word's punctuation and spaces pasted into a field are typed plainly (the list comes
// from generator/records/pasted.py through the configuration, `pasted`); what was already in the
// file and not edited stays as it was, and the validator names it.
//
// The module takes the `yaml` 2.x library as a parameter, so the browser (site_templates/editor)
// and the Node tests (tests/editor/format_cli.mjs) run the same code.

export const ORIGINAL = "_jejak_asli";
const STYLE = { lineWidth: 0, flowCollectionPadding: false, indentSeq: true, doubleQuotedAsJSON: true };
const ESCAPED = /[\t\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/; // only as escapes in a double-quoted text
const FOLD_WIDTH = 96;

export function jejakFormat(YAML, options = {}) {
  const order = options.order || [];
  const modeline = options.modeline || null;
  const topLevelLists = options.topLevelLists || ["panitia", "peserta"];
  const typed = plainTyping(options.pasted || {});

  function fromFile(content) {
    const read = readAhead.get(content);
    if (read === undefined) return parsed(YAML, content);
    readAhead.delete(content); // handed out once: Decap owns what it is given
    return read;
  }

  function toFile(input) {
    const data = toPlain(input);
    const original = data[ORIGINAL];
    for (const key of Object.keys(data)) if (key.startsWith("_jejak")) delete data[key]; // editor-only keys
    for (const step of Array.isArray(data.langkah) ? data.langkah : []) {
      if (step && typeof step === "object" && /^[0-9]+$/.test(String(step.no))) step.no = Number(step.no);
    }
    if (typeof original !== "string") return fresh(data);
    const doc = YAML.parseDocument(original, { uniqueKeys: true });
    if (doc.errors.length || !YAML.isMap(doc.contents)) return fresh(data);
    const editor = new Editor(YAML, original, order, topLevelLists, typed);
    editor.map(doc.contents, data, 0, true);
    return editor.apply();
  }

  function fresh(data) {
    const ordered = {};
    for (const key of order) if (key in data && !isEmpty(data[key], topLevelLists.includes(key))) ordered[key] = data[key];
    for (const key of Object.keys(data)) {
      if (!(key in ordered) && !isEmpty(data[key], topLevelLists.includes(key))) ordered[key] = data[key];
    }
    const doc = new YAML.Document(typed(prune(ordered, topLevelLists)));
    for (const pair of doc.contents.items) {
      const steps = pair.key.value === "langkah" && YAML.isSeq(pair.value) ? pair.value.items : [];
      if (!steps.length) flowSmallMaps(YAML, pair.value, 2); // jadwal, committee members: {a: b}
      for (const step of steps) for (const inner of step.items || []) flowSmallMaps(YAML, inner.value, 2);
    }
    quoteWhereNeeded(YAML, doc.contents);
    const text = doc.toString(STYLE);
    return (modeline ? `${modeline}\n` : "") + text;
  }

  return { fromFile, toFile };
}

// What a record's text reads as in the editor (Decap's entry data).
function parsed(YAML, content) {
  const doc = YAML.parseDocument(content, { uniqueKeys: true });
  if (doc.errors.length) {
    throw new Error(`berkas YAML tidak dapat dibaca: ${doc.errors[0].message}`);
  }
  const data = doc.toJS() || {};
  for (const step of Array.isArray(data.langkah) ? data.langkah : []) {
    if (step && typeof step === "object" && Number.isInteger(step.no)) step.no = String(step.no);
  }
  data[ORIGINAL] = content;
  return data;
}

// Records read before Decap asks (start.js, from the early list), by their text: the main thread
// is idle while Decap's script is compiled, and reading them there takes that work (and the yaml
// library's own first compilation) off the way to the list. A text that does not read is left
// for fromFile, which says why.
const readAhead = new Map();
const READ_AHEAD_MAX = 200;

// How many records read ahead Decap has not asked for (tests: none once the list is shown).
export const readAheadLeft = () => readAhead.size;

export function readEarly(YAML, content) {
  if (typeof content !== "string" || readAhead.has(content) || readAhead.size >= READ_AHEAD_MAX) return;
  try {
    readAhead.set(content, parsed(YAML, content));
  } catch {
    // fromFile reads it again and reports it
  }
}

// --- values -------------------------------------------------------------------------------

// Word's punctuation typed plainly, in every text of a value.
function plainTyping(pasted) {
  const chars = Object.keys(pasted);
  if (!chars.length) return (value) => value;
  const found = new RegExp(`[${chars.join("")}]`, "g");
  const plain = (value) => {
    if (typeof value === "string") return value.replace(found, (c) => pasted[c].plain);
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return plain;
}

// A text YAML's plain, single-quoted or block styles would not give back as it is.
export function needsEscapes(text) {
  if (ESCAPED.test(text)) return true;
  if (!text.includes("\n")) return false;
  if (text.startsWith("\n") || text.endsWith("\n")) return true;
  return text.split("\n").some((line) => line !== line.trim() || line.startsWith("#"));
}

// Inside `{…}` and `[…]` only plain words stay unquoted: libyaml (what `jejak validate` reads with)
// ends or refuses a plain text there at characters YAML 1.2 writers leave bare (`?`, `:`, `-{`…).
const PLAIN_IN_FLOW = /^[\p{L}\p{N}][\p{L}\p{N} ._()/'+-]*$/u;

// A text a `|` or `>` block gives back as it is (its own lines, no spaces around them).
function fitsBlock(text) {
  return !needsEscapes(text) && text.trim() !== "" && text.split("\n").every((line) => line === line.trim());
}

function quoteWhereNeeded(YAML, node, inFlow = false) {
  if (YAML.isScalar(node)) {
    if (typeof node.value !== "string") return;
    const bare = !inFlow || (PLAIN_IN_FLOW.test(node.value) && !node.value.endsWith(" "));
    if (needsEscapes(node.value) || !bare) node.type = "QUOTE_DOUBLE";
  } else if (YAML.isMap(node) || YAML.isSeq(node)) {
    for (const item of node.items) quoteWhereNeeded(YAML, YAML.isPair(item) ? item.value : item, inFlow || node.flow);
  }
}

function toPlain(value) {
  if (value && typeof value.toJS === "function") return value.toJS(); // an Immutable map from Decap
  return JSON.parse(JSON.stringify(value ?? {}));
}

function isEmpty(value, keepEmptyList = false) {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return !keepEmptyList && value.every((v) => isEmpty(v));
  if (typeof value === "object") return Object.values(value).every((v) => isEmpty(v));
  return false;
}

function prune(value, keepAtTop = []) {
  if (Array.isArray(value)) return value.filter((v) => !isEmpty(v)).map((v) => prune(v));
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      if (!isEmpty(v, keepAtTop.includes(key))) out[key] = prune(v);
    }
    return out;
  }
  return value;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Maps of scalars only (jadwal, a committee member, a delivery) are written `{a: b}`, as people do.
function flowSmallMaps(YAML, node, depth) {
  if (YAML.isMap(node)) {
    const scalars = node.items.every((p) => YAML.isScalar(p.value));
    if (depth > 1 && scalars && node.items.length <= 4) node.flow = true;
    for (const pair of node.items) flowSmallMaps(YAML, pair.value, depth + 1);
  } else if (YAML.isSeq(node)) {
    for (const item of node.items) flowSmallMaps(YAML, item, depth + 1);
  }
}

// --- edits on the original text ------------------------------------------------------------

class Editor {
  constructor(YAML, text, order, topLevelLists, typed) {
    this.YAML = YAML;
    this.text = text;
    this.order = order;
    this.topLevelLists = topLevelLists;
    this.typed = typed;
    this.edits = []; // [start, end, replacement]
  }

  // A value as written: Word's punctuation typed plainly, texts quoted where they must be.
  document(value) {
    return new this.YAML.Document(this.typed(value));
  }

  // The text of a value (its flow or block style chosen), quoted where it must be.
  written(doc, options = STYLE) {
    quoteWhereNeeded(this.YAML, doc.contents);
    return doc.toString(options);
  }

  apply() {
    let text = this.text;
    const edits = this.edits.map((e, i) => [...e, i]).sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[3] - a[3]);
    for (const [start, end, replacement] of edits) text = text.slice(0, start) + replacement + text.slice(end);
    return text;
  }

  column(pos) {
    return pos - (this.text.lastIndexOf("\n", pos - 1) + 1);
  }

  lineStart(pos) {
    return this.text.lastIndexOf("\n", pos - 1) + 1;
  }

  lineAfter(pos) {
    // the start of the line after the one holding `pos - 1` (the end of a node)
    const newline = this.text.indexOf("\n", Math.max(pos - 1, 0));
    return newline === -1 ? this.text.length : newline + 1;
  }

  block(value, indent, keepFlowHint) {
    const doc = this.document(value);
    const root = doc.contents;
    if (keepFlowHint) for (const item of root.items) flowSmallMaps(this.YAML, this.YAML.isPair(item) ? item.value : item, 2);
    const lines = this.written(doc).replace(/\n$/, "").split("\n");
    return lines.map((line) => (line ? " ".repeat(indent) + line : line)).join("\n") + "\n";
  }

  inline(value) {
    const doc = this.document(value);
    if (doc.contents && (this.YAML.isMap(doc.contents) || this.YAML.isSeq(doc.contents))) doc.contents.flow = true;
    flowAll(this.YAML, doc.contents);
    return this.written(doc).replace(/\n$/, "");
  }

  map(node, value, indent, top = false) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return this.replace(node, value, indent);
    if (node.flow) return this.flow(node, value);
    const keys = node.items.map((pair) => String(pair.key?.value));
    node.items.forEach((pair, index) => {
      const key = keys[index];
      const keepList = top && this.topLevelLists.includes(key); // panitia: [] stays written
      const wanted = value[key];
      const had = pair.value ? pair.value.toJSON() : null;
      if (same(had, wanted)) return;
      if (isEmpty(wanted, keepList)) {
        if (!isEmpty(had)) this.removePair(node, index);
        return;
      }
      if (Array.isArray(wanted) && wanted.length === 0) return this.replacePair(node, index, key, []);
      if (!pair.value) return this.replacePairValue(pair, wanted, indent);
      this.node(pair.value, prune(wanted), this.column(pair.key.range[0]));
    });
    for (const key of Object.keys(value)) {
      if (keys.includes(key) || isEmpty(value[key], top && this.topLevelLists.includes(key))) continue;
      this.insertKey(node, keys, key, prune(value[key]));
    }
  }

  node(node, value, indent) {
    const YAML = this.YAML;
    if (YAML.isMap(node)) return this.map(node, value, indent);
    if (YAML.isSeq(node)) return this.seq(node, value, indent);
    if (YAML.isScalar(node)) return this.scalar(node, value, indent);
    return undefined; // aliases are refused by the loader; leave them as written
  }

  scalar(node, value, indent) {
    if (same(node.value, value)) return;
    if (value !== null && typeof value === "object") return this.replace(node, value, indent);
    const [start] = node.range;
    let end = node.range[1];
    const block = node.type === "BLOCK_FOLDED" || node.type === "BLOCK_LITERAL";
    if (block && fitsBlock(String(this.typed(value)))) {
      while (end > start && /[\s]/.test(this.text[end - 1])) end--;
      this.edits.push([start, end, this.blockScalar(node.type, String(value), indent)]);
      return;
    }
    if (block) while (end > start && /[\s]/.test(this.text[end - 1])) end--; // a block's own line break stays
    const text = this.scalarText(value, indent);
    this.edits.push([start, end, text]);
  }

  scalarText(value, indent) {
    const doc = this.document(value);
    const lines = this.written(doc).replace(/\n$/, "").split("\n");
    return lines.map((line, i) => (i === 0 || !line ? line : " ".repeat(indent + 2) + line)).join("\n");
  }

  blockScalar(type, value, indent) {
    const doc = this.document(value);
    doc.contents.type = type;
    const width = Math.max(FOLD_WIDTH - indent, 40);
    const lines = this.written(doc, { ...STYLE, lineWidth: width }).replace(/\n$/, "").split("\n");
    return lines.map((line, i) => (i === 0 || !line ? line : " ".repeat(indent + 2) + line)).join("\n");
  }

  flow(node, value) {
    if (same(node.toJSON(), value)) return;
    this.edits.push([node.range[0], node.range[1], this.inline(prune(value))]);
  }

  seq(node, value, indent) {
    if (!Array.isArray(value)) return this.replace(node, value, indent);
    if (node.flow) return this.flow(node, value);
    const items = node.items;
    const dash = items.length ? this.column(this.dashOf(items[0])) : indent;
    for (let i = 0; i < Math.min(items.length, value.length); i++) {
      this.node(items[i], prune(value[i]), dash + 2);
    }
    if (value.length > items.length) {
      const last = items[items.length - 1];
      const flowItems = last && this.YAML.isMap(last) && last.flow;
      const at = last ? this.lineAfter(last.range[1]) : this.lineAfter(node.range[1]);
      const added = value.slice(items.length).map((item) => {
        if (flowItems && item && typeof item === "object") return `${" ".repeat(dash)}- ${this.inline(prune(item))}\n`;
        return this.block([prune(item)], dash, true);
      });
      this.edits.push([at, at, added.join("")]);
    }
    for (let i = value.length; i < items.length; i++) {
      const start = this.lineStart(this.dashOf(items[i]));
      const end = this.lineAfter(items[i].range[1]);
      this.edits.push([start, end, ""]);
    }
  }

  dashOf(item) {
    return this.text.lastIndexOf("-", item.range[0]);
  }

  pairStart(pair) {
    return this.lineStart(pair.key.range[0]);
  }

  pairEnd(node, index) {
    const next = node.items[index + 1];
    if (next) return this.beforeComments(this.pairStart(next));
    const pair = node.items[index];
    return this.lineAfter(pair.value ? pair.value.range[2] : pair.key.range[2]);
  }

  replacePair(node, index, key, value) {
    const pair = node.items[index];
    const text = this.block({ [key]: value }, this.column(pair.key.range[0]), true);
    this.edits.push([this.pairStart(pair), this.pairEnd(node, index), text]);
  }

  // Comment lines just above a key belong to that key: edits end before them.
  beforeComments(pos) {
    let at = pos;
    while (at > 0) {
      const start = this.lineStart(at - 1);
      const line = this.text.slice(start, at).trim();
      if (line !== "" && !line.startsWith("#")) break;
      at = start;
    }
    return at;
  }

  removePair(node, index) {
    this.edits.push([this.pairStart(node.items[index]), this.pairEnd(node, index), ""]);
  }

  replacePairValue(pair, value, indent) {
    const start = this.pairStart(pair);
    const end = this.lineAfter(pair.key.range[2]);
    this.edits.push([start, end, this.block({ [pair.key.value]: value }, this.column(pair.key.range[0]), true)]);
  }

  replace(node, value, indent) {
    // A value that changed kind (text to list, …): rewrite it after its key.
    this.edits.push([node.range[0], node.range[1], this.scalarText(value, indent)]);
  }

  insertAt(at, key, value, indent) {
    this.edits.push([at, at, this.block({ [key]: value }, indent, true)]);
  }

  insertKey(node, keys, key, value) {
    const indent = node.items.length ? this.column(node.items[0].key.range[0]) : 0;
    const rank = (k) => {
      const r = this.order.indexOf(k);
      return r === -1 ? this.order.length : r;
    };
    let after = -1;
    keys.forEach((existing, index) => {
      if (rank(existing) <= rank(key)) after = index;
    });
    const at = after === -1 ? this.pairStart(node.items[0]) : this.pairEnd(node, after);
    this.insertAt(at, key, value, indent);
  }
}

function flowAll(YAML, node) {
  if (YAML.isMap(node) || YAML.isSeq(node)) {
    node.flow = true;
    for (const item of node.items) flowAll(YAML, YAML.isPair(item) ? item.value : item);
  }
}
