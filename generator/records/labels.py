"""Labels of fields, as the form shows them: from the `title` of each node of the assembled schema
(the SOP's own fields and the skeleton's), never from a table of field names in Python."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SEPARATOR = " › "


def label(key: str, node: Mapping[str, Any] | None = None) -> str:
    """A field's label: its schema title, else its key written as words."""
    title = (node or {}).get("title")
    return str(title) if title else key.replace("_", " ").capitalize()


def short_label(key: str, node: Mapping[str, Any] | None = None) -> str:
    """The label in a narrow table column: `judul_singkat` where the SOP gives one."""
    short = (node or {}).get("judul_singkat")
    return str(short) if short else label(key, node)


def resolve(node: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """A node, or what its local `$ref` (#/definitions/…) points at."""
    ref = node.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        return schema.get("definitions", {}).get(ref.removeprefix("#/definitions/"), {})
    return node


def node_at(schema: Mapping[str, Any], keys: tuple) -> Mapping[str, Any] | None:
    """The schema node describing the value at a concrete key path of a record, or None."""
    node: Mapping[str, Any] = schema
    for key in keys:
        node = resolve(node, schema)
        child = node.get("items") if isinstance(key, int) else (node.get("properties") or {}).get(key)
        if not isinstance(child, Mapping):
            return None
        node = child
    return resolve(node, schema)


def field_title(schema: Mapping[str, Any], keys: tuple, data: Any = None) -> str:
    """`Langkah 4 › Surat › Undangan › Kepada › butir 2 › Wilayah`: where a value is, in the form's
    words. `data` (the record) gives each step's own number; list items count from 1."""
    parts: list[str] = []
    node: Mapping[str, Any] | None = schema
    value = data
    for i, key in enumerate(keys):
        parent = resolve(node, schema) if node is not None else None
        if isinstance(key, int):
            if i == 1 and keys[0] == "langkah":
                number = value[key].get("no") if _item(value, key) else None
                parts[-1] = f"Langkah {number if isinstance(number, int) else key + 1}"
            else:
                parts.append(f"butir {key + 1}")
            child = parent.get("items") if parent else None
        else:
            child = (parent.get("properties") or {}).get(key) if parent else None
            parts.append(label(key, resolve(child, schema) if isinstance(child, Mapping) else None))
        node = child if isinstance(child, Mapping) else None
        value = value[key] if _item(value, key) else None
    return SEPARATOR.join(parts) or "Berkas"


def _item(value: Any, key: Any) -> bool:
    if isinstance(key, int):
        return isinstance(value, (list, tuple)) and 0 <= key < len(value) and isinstance(value[key], Mapping)
    return isinstance(value, Mapping) and key in value


def field_label(path: tuple, data: Any) -> str:
    """`langkah 5, 'surat.undangan.kepada' butir 3, 'di'` for a person; items count from 1."""
    segments: list[str] = []
    keys: list[str] = []
    node = data
    for i, key in enumerate(path):
        if isinstance(key, int) and i == 1 and path[0] == "langkah":
            number = node[key].get("no") if isinstance(node[key], dict) else None
            segments, keys = [f"langkah {number if isinstance(number, int) else key + 1}"], []
        elif isinstance(key, int):
            segments.append(f"'{'.'.join(keys)}' butir {key + 1}" if keys else f"butir {key + 1}")
            keys = []
        else:
            keys.append(key)
        node = node[key] if isinstance(node, (dict, list)) else None
    if keys:
        segments.append(f"'{'.'.join(keys)}'")
    return ", ".join(segments) or "berkas"
