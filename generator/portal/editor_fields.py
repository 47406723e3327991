"""Decap CMS form fields made from an SOP's assembled record schema (generator/records/sop_schema.py).

Shape only: the form checks what the schema says about one value (required, pattern, choice);
the SOP's meaning (order, roles on the date, outputs) stays with `jejak validate`. Labels are
the schema's titles, choices its `label_pilihan`, pickers follow the fields' kinds (`jenis`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.records.kinds import END, PERSON_FIELD, REGION, SPAN, START
from generator.records.labels import label, resolve
from generator.records.model import Sop, SopStep

DATE_FORMAT = "YYYY-MM-DD"
MOMENT_FORMAT = "YYYY-MM-DD HH:mm"
# Keys every step may hold, in the order people write them (the SOP adds the step's own keys).
COMMON_STEP_KEYS = ("status", "rencana", "mulai", "selesai", "oleh", "catatan")
TRAILING_STEP_KEYS = ("lampiran",)
DECISION_KEYS = ("dikembalikan",)
PATTERN_MESSAGE = "isian tidak sesuai bentuk yang diminta (lihat petunjuk di bawah nama isian)"
HIDDEN_EVENT_KEYS = ("kode", "sop", "contoh", "langkah")


def top_level_lists(schemas: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The event-level keys holding a list, in any SOP (the YAML writer keeps them as lists)."""
    keys = [k for s in schemas.values() for k, n in s.get("properties", {}).items() if n.get("type") == "array"]
    return [k for k in dict.fromkeys(keys) if k != "langkah"]


def event_fields(schema: Mapping[str, Any], sop: Sop, regions: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The fields of one event: its own keys, then the steps as a list of fixed forms."""
    form = _Form(schema, regions)
    required = set(schema.get("required", ()))
    fields: list[dict[str, Any]] = [
        {"name": "kode", "label": "Kode", "widget": "hidden", "required": False},
        {"name": "sop", "label": "SOP", "widget": "hidden", "default": sop.id},
    ]
    for key, node in schema["properties"].items():
        if key not in HIDDEN_EVENT_KEYS:
            spec = form.field(key, node, required=key in required)
            if spec["widget"] == "object":
                spec["collapsed"] = False  # the event's own blocks (jadwal) are always open
            fields.append(spec)
    fields.append(form.steps(sop))
    return fields


def step_keys(step: SopStep) -> list[str]:
    keys = [*COMMON_STEP_KEYS, *step.fields, *TRAILING_STEP_KEYS]
    if step.symbol == "keputusan":
        keys += DECISION_KEYS
    return keys


def step_key_order(sop: Sop, schema: Mapping[str, Any]) -> list[str]:
    """Every key in the order the editor writes a new one: event keys first, then step keys."""
    order = list(schema["properties"])
    order += [k for k in ("no", *COMMON_STEP_KEYS) if k not in order]
    for step in sop.steps:
        order += [k for k in step.fields if k not in order]
    return order + [*TRAILING_STEP_KEYS, *DECISION_KEYS]


class _Form:
    """One schema node -> one Decap field, for one SOP's schema and the office's regions."""

    def __init__(self, schema: Mapping[str, Any], regions: tuple[str, ...]):
        self.schema, self.regions = schema, regions

    def steps(self, sop: Sop) -> dict[str, Any]:
        """`langkah`: one form per SOP step with only that step's keys; no adding, removing or reordering."""
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
            "types": [self.step_type(step) for step in sop.steps],
            "default": [{"no": str(step.no), "status": "belum"} for step in sop.steps],
        }

    def step_type(self, step: SopStep) -> dict[str, Any]:
        step_schema = self.schema["definitions"]["langkah"]
        properties, required = step_schema["properties"], set(step_schema.get("required", ()))
        return {
            "name": str(step.no),
            "label": f"{step.no}. {step.activity}",
            "widget": "object",
            "summary": "{{fields.status}}",
            "allow_remove": False,
            "allow_reorder": False,
            "fields": spanned(
                step_schema, [self.field(key, properties[key], required=key in required) for key in step_keys(step)]
            ),
        }

    def field(self, key: str, node: Mapping[str, Any], *, required: bool) -> dict[str, Any]:
        node = resolve(node, self.schema)
        out: dict[str, Any] = {"name": key, "label": label(key, node), "required": required}
        out.update(self.widget(node, required))
        if node.get("description") and out["widget"] not in ("relation", "datetime"):  # pickers need no hint
            out["hint"] = node["description"]
        return out

    def widget(self, node: Mapping[str, Any], required: bool = False) -> dict[str, Any]:
        kind = node.get("type")
        if "enum" in node:
            return {"widget": "select", "options": [choice(v, node) for v in node["enum"]]}
        if kind == "string":
            return self.string_widget(node)
        if kind == "integer":
            spec: dict[str, Any] = {"widget": "number", "value_type": "int"}
            if "minimum" in node:
                spec["min"] = node["minimum"]
            return spec
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind == "object":
            return self.object_widget(node, required)
        if kind == "array":
            return self.list_widget(node)
        return {"widget": "string"}

    def string_widget(self, node: Mapping[str, Any]) -> dict[str, Any]:
        if node.get("jenis") == PERSON_FIELD:
            return person_widget()
        if node.get("jenis") == REGION and self.regions:  # `jejak validate` accepts only the office's list
            return {"widget": "select", "options": [{"label": r, "value": r} for r in self.regions]}
        if node.get("format") == "date":
            return {"widget": "datetime", "format": DATE_FORMAT, "date_format": True, "time_format": False}
        if node.get("format") == "tanggal-waktu":
            return {"widget": "datetime", "format": MOMENT_FORMAT, "date_format": True, "time_format": True}
        spec: dict[str, Any] = {"widget": "text" if node.get("maxLength", 0) > 200 else "string"}
        if node.get("pattern"):
            spec["pattern"] = [node["pattern"], PATTERN_MESSAGE]
        return spec

    def object_widget(self, node: Mapping[str, Any], required: bool) -> dict[str, Any]:
        # Required subfields of an absent optional object would block every save: the form asks for
        # them only in required objects and in list items (which exist once added); `jejak validate`
        # checks the rest.
        wanted = set(node.get("required", ())) if required else set()
        fields = [self.field(k, v, required=k in wanted) for k, v in node.get("properties", {}).items()]
        return {"widget": "object", "collapsed": True, "fields": spanned(node, fields)}

    def list_widget(self, node: Mapping[str, Any]) -> dict[str, Any]:
        items = resolve(node.get("items", {}), self.schema)
        if items.get("type") == "string" and items.get("jenis") == PERSON_FIELD:
            return person_widget(multiple=True)
        spec: dict[str, Any] = {"widget": "list", "collapsed": False}
        if items.get("type") == "object":
            required = set(items.get("required", ()))
            properties = items.get("properties", {})
            spec["fields"] = [self.field(k, v, required=k in required) for k, v in properties.items()]
            spec["summary"] = "{{fields." + next(iter(properties or {"nama": 0})) + "}}"
        else:
            spec["field"] = {"name": "isi", "label": "Isi", **self.widget(items)}
        return spec


def spanned(node: Mapping[str, Any], fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The start and end of a span (kind `rentang`: the schedule, every step, an SOP's own) marked
    `rentang: mulai|selesai`: the end's date widget refuses a day before its start (widgets.js)."""
    if node.get("jenis") == SPAN:
        for spec in fields:
            if spec["name"] in (START, END) and spec["widget"] == "datetime":
                spec["rentang"] = spec["name"]
    return fields


def choice(value: Any, node: Mapping[str, Any]) -> dict[str, Any]:
    labels = node.get("label_pilihan") or {}
    return {"label": labels.get(str(value)) or value, "value": value}


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
