"""The records' JSON Schema, assembled from the shared skeleton and one SOP's own fields.

`schema/kegiatan.schema.json` holds what every event has (kode, sop, nama, jadwal, the common
keys of a step); each SOP file declares its event-level fields (`isian_kegiatan`) and each step's
fields (`isian`), with their JSON Schema, titles and kinds. A record is checked against the
skeleton joined with its own SOP's fields, so a second SOP needs no edit to a shared file.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from generator.records.model import Sop


class Schema(NamedTuple):
    """A schema as the checker takes it: the file name a message names, and its JSON text."""

    name: str
    text: str


def thaw(value: Any) -> Any:
    """Plain JSON data from the SOP's frozen mappings and tuples."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [thaw(v) for v in value]
    return value


def assemble(skeleton: Mapping[str, Any], sops: Iterable[Sop]) -> dict[str, Any]:
    """The skeleton with the fields of `sops` (one SOP, or all of them for a record whose SOP is
    unknown); the first declaration of a key wins. Only declared keys are allowed."""
    schema = copy.deepcopy(dict(skeleton))
    own = dict(schema.get("properties") or {})
    steps = schema.get("definitions", {}).get("langkah", {})
    step_properties = dict(steps.get("properties") or {})
    named: dict[str, Any] = {}
    for sop in sops:
        for key, node in sop.event_fields.items():
            if key in own and "title" in node and key not in named:  # a common key named by the SOP: its label
                own[key] = {**own[key], "title": node["title"]}
            named.setdefault(key, own.get(key) or thaw(node))
        for step in sop.steps:
            for key, node in step.schemas.items():
                step_properties.setdefault(key, thaw(node))
    last = [k for k in own if k == "langkah"]
    order = [k for k in own if k not in named and k != "langkah"] + list(named) + last
    schema["properties"] = {k: named.get(k) or own[k] for k in order}
    schema["additionalProperties"] = False
    if steps:
        steps["properties"] = step_properties
        steps["additionalProperties"] = False
    return schema


class EventSchemas(NamedTuple):
    """The schema of each SOP's records (as data, for labels and the form, and as checker input),
    and the one for a record naming no usable SOP (every SOP's fields)."""

    data: Mapping[str, dict[str, Any]]
    own: Mapping[str, Schema]
    fallback: Schema

    def of(self, record: Any) -> Schema:
        sop = record.get("sop") if isinstance(record, Mapping) else None
        return self.own.get(sop, self.fallback) if isinstance(sop, str) else self.fallback


def event_schemas(skeleton_text: str, sops: Mapping[str, Sop], name: str) -> EventSchemas:
    """A skeleton that is not a JSON object is passed on as it is: the checker says it is broken."""
    try:
        skeleton = json.loads(skeleton_text)
    except ValueError:
        skeleton = None
    if not isinstance(skeleton, dict):
        broken = Schema(name, skeleton_text)
        return EventSchemas({}, {sop_id: broken for sop_id in sops}, broken)
    data = {sop_id: assemble(skeleton, [sop]) for sop_id, sop in sops.items()}
    own = {sop_id: Schema(name, _text(schema)) for sop_id, schema in data.items()}
    return EventSchemas(data, own, Schema(name, _text(assemble(skeleton, sops.values()))))


def _text(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False)
