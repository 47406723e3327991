"""Decap CMS form fields made from the event schema (schema/kegiatan.schema.json) and the SOP.

Shape only: the form checks what the schema says about one value (required, pattern, choice);
the SOP's meaning (order, roles on the date, outputs) stays with `jejak validate`.
"""

from __future__ import annotations

from typing import Any

from generator.records.model import Sop, SopStep
from generator.records.regions import REGION_FIELDS

PERSON_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_FORMAT = "YYYY-MM-DD"
MOMENT_FORMAT = "YYYY-MM-DD HH:mm"
# Keys every step may hold, in the order people write them (the SOP adds the step's own keys).
COMMON_STEP_KEYS = ("status", "rencana", "mulai", "selesai", "oleh", "catatan")
TRAILING_STEP_KEYS = ("lampiran",)
DECISION_KEYS = ("dikembalikan",)
PATTERN_MESSAGE = "isian tidak sesuai bentuk yang diminta (lihat petunjuk di bawah nama isian)"
HIDDEN_EVENT_KEYS = ("kode", "sop", "contoh", "langkah")
TOP_LEVEL_LISTS = ("panitia", "peserta")

LABELS = {
    "nama": "Nama",
    "kejuruan": "Kejuruan",
    "tempat": "Tempat",
    "jadwal": "Jadwal pelatihan",
    "kuota": "Kuota peserta",
    "panitia": "Panitia",
    "peserta": "Peserta",
    "orang": "Pegawai",
    "instansi": "Instansi",
    "jabatan": "Jabatan",
    "asal": "Asal",
    "jenis_kelamin": "Jenis kelamin",
    "status": "Status",
    "rencana": "Tanggal rencana",
    "mulai": "Mulai",
    "selesai": "Selesai",
    "oleh": "Dikerjakan oleh",
    "catatan": "Catatan",
    "lampiran": "Lampiran",
    "berkas": "Berkas (jalur di repositori)",
    "keterangan": "Keterangan",
    "dikembalikan": "Dikembalikan untuk diperbaiki",
    "tanggal": "Tanggal",
    "nomor_dpa": "Nomor DPA",
    "jumlah": "Jumlah (rupiah)",
    "hal": "Hal",
    "isi": "Isi",
    "kepada": "Kepada",
    "di": "Di",
    "up": "u.p.",
    "kuota_per_tujuan": "Kuota per tujuan",
    "batas_jawaban": "Batas jawaban",
    "tembusan": "Tembusan",
    "tanda_tangan": "Tanda tangan",
    "waktu": "Waktu",
    "maksud_tujuan": "Maksud dan tujuan",
    "ruang_lingkup": "Ruang lingkup",
    "tugas_panitia": "Tugas panitia",
    "hadir_lain": "Hadir (bukan pegawai)",
    "calon": "Calon peserta",
    "dari": "Dari",
}
STATUS_LABELS = {"belum": "Belum", "berjalan": "Sedang berjalan", "selesai": "Selesai"}
CHOICE_LABELS = {"L": "L (laki-laki)", "P": "P (perempuan)", "per_tujuan": "per tujuan"}


def label(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def event_fields(schema: dict[str, Any], sop: Sop) -> list[dict[str, Any]]:
    """The fields of one event: its own keys, then the steps as a list of fixed forms."""
    properties = schema["properties"]
    required = set(schema.get("required", ()))
    fields: list[dict[str, Any]] = [
        {"name": "kode", "label": "Kode", "widget": "hidden", "required": False},
        {"name": "sop", "label": "SOP", "widget": "hidden", "default": sop.id},
    ]
    for key, node in properties.items():
        if key not in HIDDEN_EVENT_KEYS:
            spec = field(key, node, schema, required=key in required)
            if spec["widget"] == "object":
                spec["collapsed"] = False  # the event's own blocks (jadwal) are always open
            fields.append(spec)
    fields.append(steps_field(schema, sop))
    return fields


def steps_field(schema: dict[str, Any], sop: Sop) -> dict[str, Any]:
    """`langkah`: one form per SOP step with only that step's keys; no adding, removing or reordering."""
    step_schema = schema["definitions"]["langkah"]
    return {
        "name": "langkah",
        "label": "Langkah SOP",
        "label_singular": "langkah",
        "widget": "list",
        "typeKey": "no",
        "allow_add": False,
        "allow_remove": False,
        "allow_reorder": False,
        "collapsed": True,
        "minimize_collapsed": False,
        "types": [step_type(step, step_schema, schema) for step in sop.steps],
        "default": [{"no": str(step.no), "status": "belum"} for step in sop.steps],
    }


def step_keys(step: SopStep) -> list[str]:
    keys = [*COMMON_STEP_KEYS, *step.fields, *TRAILING_STEP_KEYS]
    if step.symbol == "keputusan":
        keys += DECISION_KEYS
    return keys


def step_type(step: SopStep, step_schema: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    properties = step_schema["properties"]
    required = set(step_schema.get("required", ()))
    fields = [field(key, properties[key], schema, required=key in required) for key in step_keys(step)]
    return {
        "name": str(step.no),
        "label": f"{step.no}. {step.activity}",
        "widget": "object",
        "summary": "{{fields.status}}",
        "allow_remove": False,
        "allow_reorder": False,
        "fields": fields,
    }


def step_key_order(sop: Sop) -> list[str]:
    """Every key in the order the editor writes a new one: event keys first, then step keys."""
    order = ["kode", "sop", "contoh", "nama", "kejuruan", "tempat", "jadwal", "kuota", "panitia", "peserta"]
    order += ["langkah", "no", *COMMON_STEP_KEYS]
    for step in sop.steps:
        order += [k for k in step.fields if k not in order]
    return order + [*TRAILING_STEP_KEYS, *DECISION_KEYS]


# --- one schema node -> one Decap field -------------------------------------------------


def field(key: str, node: dict[str, Any], schema: dict[str, Any], *, required: bool) -> dict[str, Any]:
    node = resolve(node, schema)
    out: dict[str, Any] = {"name": key, "label": label(key), "required": required}
    out.update(widget(node, schema, required))
    if node.get("description") and out["widget"] not in ("relation", "datetime"):  # pickers need no hint on formats
        out["hint"] = node["description"]
    return out


def resolve(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith("#/definitions/"):
        return dict(schema["definitions"][ref.removeprefix("#/definitions/")])
    return node


def widget(node: dict[str, Any], schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    kind = node.get("type")
    if "enum" in node:
        return {"widget": "select", "options": [choice(v) for v in node["enum"]]}
    if kind == "string":
        return string_widget(node)
    if kind == "integer":
        spec: dict[str, Any] = {"widget": "number", "value_type": "int"}
        if "minimum" in node:
            spec["min"] = node["minimum"]
        return spec
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind == "object":
        return object_widget(node, schema, required)
    if kind == "array":
        return list_widget(node, schema)
    return {"widget": "string"}


def choice(value: str) -> dict[str, str]:
    return {"label": STATUS_LABELS.get(value) or CHOICE_LABELS.get(value) or value, "value": value}


def is_person(node: dict[str, Any]) -> bool:
    return node.get("pattern") == PERSON_PATTERN and "id orang" in node.get("description", "")


def person_widget(multiple: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "widget": "relation",
        "collection": "kantor",
        "file": "kantor",
        "value_field": "orang.*.id",
        "search_fields": ["orang.*.nama", "orang.*.id"],
        "display_fields": ["orang.*.nama"],
        "options_length": 100,
    }
    if multiple:
        spec["multiple"] = True
    return spec


def string_widget(node: dict[str, Any]) -> dict[str, Any]:
    if is_person(node):
        return person_widget()
    if node.get("format") == "date":
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": True, "time_format": False}
    if node.get("format") == "tanggal-waktu":
        return {"widget": "datetime", "format": MOMENT_FORMAT, "date_format": True, "time_format": True}
    spec: dict[str, Any] = {"widget": "text" if node.get("maxLength", 0) > 200 else "string"}
    if node.get("pattern"):
        spec["pattern"] = [node["pattern"], PATTERN_MESSAGE]
    return spec


def object_widget(node: dict[str, Any], schema: dict[str, Any], required: bool) -> dict[str, Any]:
    # Required subfields of an absent optional object would block every save: the form asks for
    # them only in required objects and in list items (which exist once added); `jejak validate`
    # checks the rest.
    wanted = set(node.get("required", ())) if required else set()
    fields = [field(k, v, schema, required=k in wanted) for k, v in node.get("properties", {}).items()]
    return {"widget": "object", "collapsed": True, "fields": fields}


def list_widget(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    items = resolve(node.get("items", {}), schema)
    if items.get("type") == "string" and is_person(items):
        return person_widget(multiple=True)
    spec: dict[str, Any] = {"widget": "list", "collapsed": False}
    if items.get("type") == "object":
        required = set(items.get("required", ()))
        spec["fields"] = [field(k, v, schema, required=k in required) for k, v in items.get("properties", {}).items()]
        spec["summary"] = "{{fields." + next(iter(items.get("properties", {"nama": 0}))) + "}}"
    else:
        spec["field"] = {"name": "isi", "label": "Isi", **widget(items, schema)}
    return spec


# --- choices from the office record ----------------------------------------------------


def use_region_choices(fields: list[dict[str, Any]], regions: tuple[str, ...]) -> None:
    """Region fields (`jejak validate` accepts only the office's `wilayah` list) become selects of it."""
    langkah = next((f for f in fields if f["name"] == "langkah"), None)
    for step in langkah["types"] if langkah else ():
        for path, key in REGION_FIELDS:
            found = _walk(step["fields"], path.split("."))
            for item in found.get("fields", []) if found else []:
                if item["name"] == key:
                    item.pop("pattern", None)
                    item.update(widget="select", options=[{"label": r, "value": r} for r in regions])


def _walk(fields: list[dict[str, Any]], names: list[str]) -> dict[str, Any] | None:
    found = next((f for f in fields if f["name"] == names[0]), None)
    if found is None or len(names) == 1:
        return found
    return _walk(found.get("fields", []), names[1:])
