"""An SOP's fields: each has a JSON Schema a checker accepts, and each kind it names is known,
has the shape its kind needs and parameters that point at something in the SOP. Refused here,
with the SOP file's line, before any record is read against it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.records.checks import Report
from generator.records.kinded_values import document_of
from generator.records.kinds import (
    BUDGET,
    BY,
    CALLED,
    CLASSIFICATION,
    COMMITTEE,
    DATE_FORMATS,
    DEADLINE,
    DOCUMENT,
    DRAFT,
    ENCLOSURE,
    END,
    FORMS,
    KINDS,
    LETTER,
    LISTED_IN,
    NAME,
    PARAMETER_KEYS,
    PEOPLE,
    PERSON_FIELD,
    PLAN,
    REGION,
    REGION_QUOTA,
    ROLE,
    SENT,
    SEX,
    SIGNED_BY,
    SPAN,
    START,
    item_properties,
    kinded_nodes,
    node_at,
)
from generator.records.model import COMMON_EVENT_KEYS, SIGNATURES, Sop, SopStep
from generator.records.schema_check import did_you_mean

LABEL_ONLY = frozenset({"title", "judul_singkat"})  # what an SOP may say about a common key (jadwal)
# Words about a field that say nothing of its values: a field with only these has no schema.
IN_A_DRAFT = (DEADLINE, CLASSIFICATION, REGION_QUOTA, ENCLOSURE)  # about the draft (or letter) they sit in
ANNOTATIONS = LABEL_ONLY | PARAMETER_KEYS | {"description", "examples", "label_pilihan"}


def check_field_schemas(sop: Sop, report: Report) -> None:
    for where, key, node in _fields(sop):
        if not _valid_schema(sop, node, where, key, report):
            continue
        for path, kinded in kinded_nodes(node, key):
            _check_kind(sop, where, path, kinded, report)


def _fields(sop: Sop) -> Iterator[tuple[tuple, str, Mapping[str, Any]]]:
    """(where in the SOP file, key, schema) of every field the SOP declares."""
    for key, node in sop.event_fields.items():
        if key in COMMON_EVENT_KEYS and set(node) <= LABEL_ONLY:
            continue  # a common key, named for its label and place only
        yield ("isian_kegiatan", key), key, node
    for i, step in enumerate(sop.steps):
        for key, node in step.schemas.items():
            yield ("langkah", i, "isian", key), key, node


def _valid_schema(sop: Sop, node: Any, where: tuple, key: str, report: Report) -> bool:
    if not isinstance(node, Mapping) or not set(node) - ANNOTATIONS:
        report.add(
            _at(sop, where),
            f"isian '{key}' tanpa skema: tulis setidaknya jenis nilainya",
            "misalnya `{key}: {{title: …, type: string, maxLength: 200}}`",
            code="sop",
        )
        return False
    if where[0] == "isian_kegiatan" and key in COMMON_EVENT_KEYS:
        report.add(
            _at(sop, where),
            f"'{key}' adalah isian umum setiap kegiatan; SOP hanya boleh memberinya label",
            f"tulis `{key}: {{title: …}}` saja",
            code="sop",
        )
        return False
    why = _metaschema_refusal(_plain(node))
    if why is not None:
        report.add(
            _at(sop, where),
            f"skema isian '{key}' tidak sah: {why}",
            "periksa skema JSON isian ini",
            code="sop",
        )
        return False
    return True


_REFUSALS: dict[str, str | None] = {}  # a schema's exact repr -> why Draft 7's metaschema refuses it
_REFUSALS_KEPT = 1024


def _metaschema_refusal(schema: Any) -> str | None:
    """Why Draft 7's metaschema refuses this field's schema, or None. The verdict depends on the
    schema alone, and every load of a workspace (each save under `jejak serve`, each test) checks
    the same SOP again, so it is kept per process under the schema's repr: exact for the plain
    values a YAML file gives (1, 1.0, True and "1" differ; key order is kept)."""
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import SchemaError

    key = repr(schema)
    if key not in _REFUSALS:
        try:
            Draft7Validator.check_schema(schema)
            why = None
        except SchemaError as exc:
            why = " ".join(str(exc.message).split())[:200]
        if len(_REFUSALS) >= _REFUSALS_KEPT:
            _REFUSALS.clear()
        _REFUSALS[key] = why
    return _REFUSALS[key]


def _check_kind(sop: Sop, where: tuple, path: str, node: Mapping[str, Any], report: Report) -> None:
    name = node["jenis"]
    kind = KINDS.get(name) if isinstance(name, str) else None
    place = _at(sop, where)
    if kind is None:
        hint = did_you_mean(str(name), list(KINDS)) or f"jenis yang dikenal: {', '.join(KINDS)}"
        report.add(place, f"isian '{path}': jenis '{name}' tidak dikenal", hint, code="sop")
        return
    if node.get("type") not in kind.types:
        report.add(
            place,
            f"isian '{path}' berjenis {name} ({kind.about}) tetapi bertipe {node.get('type')}",
            f"isian berjenis {name} bertipe {' atau '.join(kind.types)}",
            code="sop",
        )
    missing = [k for k in kind.needs if k not in item_properties(node)]
    if missing:
        report.add(
            place,
            f"isian '{path}' berjenis {name} tetapi tidak memuat {', '.join(repr(m) for m in missing)}",
            f"isian berjenis {name} ({kind.about}) memuat {', '.join(kind.needs)}",
            code="sop",
        )
    if name == PEOPLE:
        _private(place, path, node, report)
    if name == SPAN:
        _dated(place, path, node, report)
    if name in SIGNATURES and item_properties(node).get(BY, {}).get("jenis") != PERSON_FIELD:
        report.add(place, f"'{path}.{BY}' harus berjenis orang", f"tambahkan `jenis: orang` pada '{BY}'", code="sop")
    _check_params(sop, place, path, name, node, report)
    _check_place(sop, where, place, path, name, node, report)


def _dated(place: Any, path: str, node: Mapping[str, Any], report: Report) -> None:
    """A span's start and end are dates (or dates with a time): the form's date widget and the
    order check read them as such."""
    for key in (START, END):
        held = item_properties(node).get(key)
        if isinstance(held, Mapping) and held.get("format") not in DATE_FORMATS:
            report.add(
                place,
                f"'{path}.{key}' berjenis rentang harus bertanggal",
                f"tulis `format: date` (tanggal) atau `format: tanggal-waktu` (tanggal dan jam) pada '{key}'",
                code="sop",
            )


def _private(place: Any, path: str, node: Mapping[str, Any], report: Report) -> None:
    """A list of private persons holds a name, a sex and one region (UU 27/2022): nothing more,
    and nothing undeclared."""
    held = item_properties(node)
    regions = [k for k, n in held.items() if isinstance(n, Mapping) and n.get("jenis") == REGION]
    found = node.get("items")
    items: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    for key in (k for k in held if k not in (NAME, SEX) and k not in regions[:1]):
        report.add(
            place,
            f"isian '{path}' berjenis peserta memuat '{key}'; tentang orang pribadi hanya dicatat nama, "
            "jenis kelamin dan asal (UU 27/2022 tentang Pelindungan Data Pribadi)",
            f"hapus '{key}' dari skema isian ini",
            code="sop",
        )
    if items.get("additionalProperties") is not False:
        report.add(
            place,
            f"isian '{path}' berjenis peserta harus menolak kunci lain",
            "tulis `additionalProperties: false`",
            code="sop",
        )


def _check_params(sop: Sop, place: Any, path: str, name: str, node: Mapping[str, Any], report: Report) -> None:
    kind = KINDS[name]
    for param in kind.required:
        if param not in node:
            report.add(place, f"isian '{path}' berjenis {name} tanpa '{param}'", code="sop")
    targets = {
        DOCUMENT: [d.id for d in sop.documents],
        SENT: [d.id for d in sop.documents],
        SIGNED_BY: [k.path for k in sop.of_kind(*SIGNATURES)],
        PLAN: [k.path for k in sop.of_kind(BUDGET)],
        FORMS: [k.path for k in sop.of_kind(COMMITTEE) if k.step is None],
        ROLE: list(sop.actors),
    }
    for param in (p for p in kind.params if p in node and p in targets):
        value = node[param]
        if value not in targets[param]:
            known = targets[param]
            hint = did_you_mean(str(value), known) or (f"yang ada: {', '.join(known)}" if known else None)
            report.add(place, f"isian '{path}': {param} '{value}' tidak ada di SOP ini", hint, code="sop")


def _check_place(
    sop: Sop, where: tuple, place: Any, path: str, name: str, node: Mapping[str, Any], report: Report
) -> None:
    """A field about its draft sits inside one; a person listed in a list (`tercantum_di`) names a
    list of people of the same step; the words a count is called by (`disebut`) are text."""
    step = sop.steps[where[1]] if where[0] == "langkah" else None
    kinded = next((k for k in (step.kinds if step else sop.event_kinds) if k.path == path), None)
    if kinded is None:
        return
    if name in IN_A_DRAFT and document_of(sop, kinded) is None:
        report.add(
            place,
            f"isian '{path}' berjenis {name} ({KINDS[name].about}) tidak berada di dalam isian berjenis "
            f"{DRAFT} atau {LETTER}",
            f"pindahkan '{path}' ke dalam konsep dokumennya, atau beri `{DOCUMENT}: …`",
            code="sop",
        )
    listed = node.get(LISTED_IN)
    if listed is not None and not _people_list(step, str(listed)):
        report.add(
            place,
            f"isian '{path}': {LISTED_IN} '{listed}' bukan daftar orang di langkah yang sama",
            f"tulis jalur isian daftar yang butirnya berjenis {PERSON_FIELD}, di langkah yang sama",
            code="sop",
        )
    called = node.get(CALLED)
    words = [called] if isinstance(called, str) else called if isinstance(called, (list, tuple)) else None
    if called is not None and (not words or not all(isinstance(w, str) and w.strip() for w in words)):
        report.add(place, f"isian '{path}': {CALLED} harus berupa teks atau daftar teks", code="sop")


def _people_list(step: SopStep | None, path: str) -> bool:
    """A list field of the step whose items are people of the office (kind `orang`)."""
    head, _, rest = path.partition(".")
    node = node_at(step.schemas.get(head, {}), rest) if step and head in step.schemas else None
    items = node.get("items") if node else None
    return isinstance(items, Mapping) and items.get("jenis") == PERSON_FIELD


def _at(sop: Sop, where: tuple) -> Any:
    return lambda: sop.source.where(*where)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
