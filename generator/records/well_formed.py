"""The well-formed part of a record that fails its schema, so that one run says everything.

A typed person id (a schema error) must not hide a reversed schedule in the same record. The
values the schema refused are left out (each is said by its schema problem already), at the
level of the field that holds them: an event's own field, or one key of a step. What remains
passes the schema, so the model is built from it as from any record, and the checks whose inputs
are all there run on it (checks_partial.py). Positions still come from the file as written.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import fastjsonschema

from generator.records.load import Loaded
from generator.records.model import COMMON_EVENT_KEYS
from generator.records.schema_check import fast_validator
from generator.records.sop_schema import Schema

STEPS = "langkah"
OPTIONAL_EVENT_KEYS = ("contoh",)  # the frame's keys the model can do without
STEP_FRAME = ("no", "status")  # what every check of a step reads: without them, no step is read


@dataclass(frozen=True)
class Part:
    """A record with its malformed fields left out: which event fields, which keys of which step
    (by its index in the file)."""

    loaded: Loaded
    event_keys: frozenset[str] = frozenset()
    step_keys: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def left_out(self, index: int) -> frozenset[str]:
        return self.step_keys.get(index, frozenset())

    def left_out_anywhere(self, key: str) -> bool:
        return any(key in keys for keys in self.step_keys.values())


def well_formed_part(loaded: Loaded, schema: Schema, malformed: Iterable[tuple]) -> Part | None:
    """The record without the fields holding the `malformed` key paths, or None when its frame
    (code, SOP, name, schedule, the list of steps and each step's number and status) is among
    them, or when what remains still fails the schema."""
    if not isinstance(loaded.data, dict):
        return None
    event_keys: set[str] = set()
    step_keys: dict[int, set[str]] = {}
    for path in malformed:
        unit = _unit(path)
        if unit is None:
            return None
        index, key = unit
        if index is None:
            event_keys.add(key)
        else:
            step_keys.setdefault(index, set()).add(key)
    data = copy.deepcopy(loaded.data)
    for key in event_keys:
        data.pop(key, None)
    for index, keys in step_keys.items():
        for key in keys:
            data[STEPS][index].pop(key, None)
    try:
        fast_validator(schema)(data)
    except (fastjsonschema.JsonSchemaException, ValueError):
        return None
    frozen = {i: frozenset(keys) for i, keys in step_keys.items()}
    return Part(Loaded(loaded.path, data, loaded.text, loaded.pasted), frozenset(event_keys), frozen)


def _unit(path: tuple) -> tuple[int | None, str] | None:
    """(None, event key) or (step index, step key) holding a malformed value; None for the frame."""
    if not path or not isinstance(path[0], str):
        return None
    head = path[0]
    if head != STEPS:
        framed = head in COMMON_EVENT_KEYS and head not in OPTIONAL_EVENT_KEYS
        return None if framed else (None, head)
    if len(path) < 3 or not isinstance(path[1], int) or not isinstance(path[2], str) or path[2] in STEP_FRAME:
        return None
    return path[1], path[2]
