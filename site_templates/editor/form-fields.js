// Where a field of a record is in Decap's form, and which field a form control is: the bridge
// between a key path (["langkah", 6, "oleh"], as `jejak validate` gives it) and the page.
//
// Decap draws one control per field: a box whose first child holds the field's <label for=
// "<name>-field-<n>">. A list's items are the children of the last element of the list's own
// element (id = that label's `for`), in the order of the list; a list of texts draws one control
// ("isi") per item; a typed list (the SOP's steps) draws each item with its type's fields only.
// Hidden fields (kode, sop) have no box. The collection's field configuration says which is which.

const FIELD_ID = /^(.+)-field-\d+$/;

// Every control of the page, each with the nearest control around it.
export function controlTree(root = document) {
  const boxes = new Map();
  for (const label of root.querySelectorAll("label[for]")) {
    const match = FIELD_ID.exec(label.htmlFor);
    const box = label.parentElement && label.parentElement.parentElement;
    if (match && box && box.hasAttribute("aria-label") && !boxes.has(box)) {
      boxes.set(box, { box, name: match[1], id: label.htmlFor, parent: null });
    }
  }
  for (const control of boxes.values()) {
    for (let up = control.box.parentElement; up; up = up.parentElement) {
      if (boxes.has(up)) {
        control.parent = boxes.get(up);
        break;
      }
    }
  }
  const all = [...boxes.values()];
  return { all, children: (parent) => all.filter((c) => c.parent === parent) };
}

// The item elements of a list control, in order (null when it draws none: a collapsed list).
export function listItems(control) {
  const own = document.getElementById(control.id);
  const holder = own && own.lastElementChild;
  return holder && holder.children.length ? [...holder.children] : null;
}

// Decap's list, and ours that wraps it (widgets.js: the steps, with the proposed plan).
const LIST_WIDGETS = new Set(["list", "jejak-langkah"]);

function isList(field) {
  return field && LIST_WIDGETS.has(field.widget);
}

// The item's field configurations: a typed list by the item's type, a list of maps by its fields.
function itemFields(field, item) {
  if (field.types) {
    const type = field.types.find((t) => t.name === String(item && item[field.typeKey || "type"]));
    return type ? type.fields : [];
  }
  return field.fields || null;
}

// The element showing the value at `keypath`: {box, item, exact}: the deepest control found (null
// when not even the first key has one) and, when the path ends on a list item, that item.
export function locate(tree, fields, data, keypath) {
  let control = null;
  let field = null;
  let list = fields;
  let value = data;
  let item = null;
  let depth = 0;
  for (const key of keypath) {
    if (typeof key === "number") {
      const items = isList(field) && control ? listItems(control) : null;
      if (!items || !items[key]) break; // a list drawn as one widget (people picked): that widget
      value = value && value[key];
      item = items[key];
      const inside = (c) => c.parent === control && item.contains(c.box);
      if (field.field) {
        control = tree.all.find(inside) || control; // a list of texts: one control per item
        item = null;
        field = field.field;
        list = null;
      } else {
        list = itemFields(field, value);
      }
      depth += 1;
      continue;
    }
    const next = (list || []).find((f) => f.name === key);
    const pool = item ? tree.all.filter((c) => c.parent === control && item.contains(c.box)) : tree.children(control);
    const box = next && pool.find((c) => c.name === key);
    if (!box) break;
    control = box;
    field = next;
    list = next.fields || null;
    value = value && value[key];
    item = null;
    depth += 1;
  }
  return { box: control ? control.box : null, item, exact: depth === keypath.length, field };
}

// The key path and field configuration of a control.
export function keypathOf(tree, fields, data, box) {
  const chain = [];
  for (let c = tree.all.find((x) => x.box === box); c; c = c.parent) chain.unshift(c);
  const path = [];
  let list = fields;
  let field = null;
  let value = data;
  for (let i = 0; i < chain.length; i++) {
    const control = chain[i];
    if (isList(field)) {
      const items = listItems(chain[i - 1]) || [];
      const index = items.findIndex((element) => element.contains(control.box));
      if (index < 0) return null;
      path.push(index);
      value = value && value[index];
      if (field.field) {
        field = field.field; // the item's own control: no key of its own
        continue;
      }
      list = itemFields(field, value);
    }
    field = (list || []).find((f) => f.name === control.name);
    if (!field) return null;
    path.push(control.name);
    value = value && value[control.name];
    list = field.fields || null;
  }
  return { path, field };
}
