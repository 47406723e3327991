"""The Panduan's field reference, generated at build time from the record schema (meaning and
type), the SOP (which step holds a field, and when it is required) and the records themselves
(a real example of each value): it cannot drift from what `jejak validate` accepts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from html import escape
from typing import Any

from generator.records.labels import SEPARATOR, label, resolve
from generator.records.model import COMMON_STEP_KEYS
from generator.records.schema_check import TYPE_NAMES
from generator.records.workspace import Workspace

# key path ('[]' for a list item), schema, required in its object, its label in the form
Leaf = tuple[tuple[str, ...], Mapping[str, Any], bool, str]
EVERY_STEP = (*COMMON_STEP_KEYS, "lampiran", "dikembalikan")
FORMATS = {
    "date": "tanggal TTTT-BB-HH",
    "tanggal-waktu": "tanggal TTTT-BB-HH, boleh dengan jam JJ:MM (waktu kantor)",
    "email": "alamat surel",
}

HEAD = """---
title: Daftar isian
---
# Daftar isian catatan kegiatan

Setiap isian yang boleh ditulis di `records/<tahun>/<kode>.yaml`: artinya, jenis nilainya,
contoh dari catatan yang ada, dan langkah SOP tempat isian itu ditulis. Halaman ini dibuat
otomatis dari skema catatan (`schema/kegiatan.schema.json`) dan SOP (`schema/sop/`) setiap kali
portal dibangun, sehingga selalu sama dengan yang diperiksa `jejak validate`.

Penyunting VS Code dengan ekstensi YAML dari Red Hat menampilkan arti yang sama saat kursor
berada di atas sebuah kunci (lihat [Menulis catatan](menulis.md)).
"""


def field_reference(workspace: Workspace) -> str:
    # Every SOP's record schema, its leaves each said once (the first SOP's wins).
    found: dict[tuple[str, ...], Leaf] = {}
    for schema in workspace.schemas.values():
        for leaf in _leaves(schema, schema, ()):
            found.setdefault(leaf[0], leaf)
    leaves = list(found.values())
    examples = _examples(workspace)
    parts = [HEAD, "## Bagian atas: identitas kegiatan\n", _table(leaves, examples, lambda p: p[0] != "langkah")]
    parts += ["## Di setiap langkah\n", _table(leaves, examples, lambda p: _step_key(p) in EVERY_STEP)]
    several = len(workspace.sops) > 1
    for sop in workspace.sops.values():
        for spec in sop.steps:
            owned = [f for f in spec.fields if f not in EVERY_STEP]
            if not owned:
                continue
            prefix = f"SOP {sop.identity.get('nama', sop.id)}, l" if several else "L"
            parts.append(f"## {escape(prefix)}angkah {spec.no}: {escape(spec.activity)}\n")
            parts.append(_table(leaves, examples, lambda p, owned=owned: _step_key(p) in owned, spec))
    return "\n".join(parts)


def _step_key(path: tuple[str, ...]) -> str | None:
    return path[2] if path[:2] == ("langkah", "[]") and len(path) > 2 else None


def _leaves(
    node: Mapping[str, Any],
    schema: Mapping[str, Any],
    path: tuple[str, ...],
    needed: bool = True,
    titles: tuple[str, ...] = (),
) -> Iterator[Leaf]:
    node = resolve(node, schema)
    items = node.get("items")
    if node.get("type") == "object" and "properties" in node:
        for key, child in node["properties"].items():
            title = () if path + (key,) == ("langkah",) else (label(key, resolve(child, schema)),)
            yield from _leaves(child, schema, (*path, key), key in node.get("required", ()), titles + title)
    elif node.get("type") == "array" and isinstance(items, dict) and ("$ref" in items or "properties" in items):
        yield from _leaves(items, schema, (*path, "[]"), needed, titles)
    else:
        yield path, node, needed, SEPARATOR.join(titles)


def _table(leaves: list[Leaf], examples: Mapping[tuple, str], wanted: Any, spec: Any = None) -> str:
    rows = []
    for path, node, needed, title in leaves:
        if not wanted(path):
            continue
        shown = ".".join(path[2:] if path[:2] == ("langkah", "[]") else path).replace(".[]", "[]")
        required = spec is not None and needed and any(f"{shown}.".startswith(f"{r}.") for r in spec.required)
        meaning = escape(node.get("description", "-")) + (" <em>(wajib bila langkah selesai)</em>" if required else "")
        rows.append(
            f"<tr><td>{escape(title)}</td><td><code>{escape(shown).replace('.', '.<wbr>')}</code></td>"
            f"<td>{meaning}</td><td>{escape(_type(node))}</td>"
            f"<td data-search-exclude>{escape(examples.get(path, '-'))}</td></tr>"
        )
    head = "<thead><tr><th>Di formulir</th><th>Kunci YAML</th><th>Arti</th><th>Jenis</th><th>Contoh</th></tr></thead>"
    return f'<table class="jj-table jj-fields">\n{head}\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>\n"


def _type(node: Mapping[str, Any]) -> str:
    if "enum" in node:
        return "salah satu dari: " + ", ".join(str(v) for v in node["enum"])
    if node.get("format") in FORMATS:
        return FORMATS[node["format"]]
    kind = node.get("type", "string")
    kinds = kind if isinstance(kind, list) else [kind]
    text = " atau ".join(TYPE_NAMES.get(k, str(k)) for k in kinds)
    if kind == "array" and isinstance(node.get("items"), dict):
        text = f"daftar {TYPE_NAMES.get(node['items'].get('type', 'string'), 'teks')}"
    return text


def _examples(workspace: Workspace) -> dict[tuple, str]:
    """The first value each path holds in the records (complete samples first)."""
    found: dict[tuple, str] = {}
    events = sorted(workspace.events, key=lambda e: -sum(s.done for s in e.steps))
    for event in events:
        _collect(event.source.loaded.data, (), found)
    return found


def _collect(value: Any, path: tuple, found: dict[tuple, str]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _collect(child, (*path, key), found)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for item in value:
            _collect(item, (*path, "[]"), found)
    elif value not in (None, [], "") and path not in found:
        shown = value[0] if isinstance(value, list) else value
        text = str(shown).lower() if isinstance(shown, bool) else str(shown)
        found[path] = text if len(text) <= 80 else text[:77].rstrip() + "..."
