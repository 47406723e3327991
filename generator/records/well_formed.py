"""The well-formed part of a record that fails its schema, so that one run says everything.

A typed person id (a schema error) must not hide a reversed schedule in the same record. The
values the schema refused are left out (each is said by its schema problem already), at the
level of the field that holds them: an event's own field, or one key of a step. What remains
passes the schema, so the model is built from it as from any record, and the checks whose inputs
are all there run on it (checks_partial.py). Positions still come from the file as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import fastjsonschema

from generator.records.load import Loaded
from generator.records.model import COMMON_EVENT_KEYS
from generator.records.schema_check import fast_validator, validator
from generator.records.sop_schema import Schema

STEPS = "langkah"
OPTIONAL_EVENT_KEYS = ("contoh",)  # the frame's keys the model can do without
STEP_FRAME = ("no", "status")  # what every check of a step reads: without them, no step is read


@dataclass(frozen=True)
class Part:
    """A record with its malformed fields left out: which event fields, which keys of which step
    (by its index in the file); without its steps when one of them has no readable number or
    status (then only the event's own checks run)."""

    loaded: Loaded
    event_keys: frozenset[str] = frozenset()
    step_keys: Mapping[int, frozenset[str]] = field(default_factory=dict)
    steps_read: bool = True

    def left_out(self, index: int) -> frozenset[str]:
        return self.step_keys.get(index, frozenset())

    def left_out_anywhere(self, key: str) -> bool:
        return any(key in keys for keys in self.step_keys.values())


def well_formed_part(loaded: Loaded, schema: Schema, malformed: Iterable[tuple]) -> Part | None:
    """The record without the fields holding the `malformed` key paths (without its steps when
    one's number or status is among them), or None when the event's frame (code, SOP, name,
    schedule) is, or when what remains still fails the schema."""
    if not isinstance(loaded.data, dict):
        return None
    event_keys: set[str] = set()
    step_keys: dict[int, set[str]] = {}
    steps_read = True
    for path in malformed:
        if _in_event_frame(path):
            return None
        unit = _unit(path)
        if unit is None:
            steps_read = False
        elif unit[0] is None:
            event_keys.add(unit[1])
        else:
            step_keys.setdefault(unit[0], set()).add(unit[1])
    # Copies of the mappings that change only: a record of half a million list items costs no copy.
    data = {k: v for k, v in loaded.data.items() if k not in event_keys}
    if not steps_read:
        data[STEPS], step_keys = [], {}
    elif step_keys:
        steps = list(data[STEPS])
        for index, keys in step_keys.items():
            steps[index] = {k: v for k, v in steps[index].items() if k not in keys}
        data[STEPS] = steps
    if not _passes(data, schema, steps_read):
        return None
    part = Loaded(loaded.path, data, loaded.text, loaded.pasted)
    if "node" in vars(loaded):  # the file's node tree, parsed once for the schema's messages
        vars(part)["node"] = vars(loaded)["node"]
    frozen = {i: frozenset(keys) for i, keys in step_keys.items()}
    return Part(part, frozenset(event_keys), frozen, steps_read)


def _passes(data: dict, schema: Schema, steps_read: bool) -> bool:
    """What remains passes the schema (without its steps: but for the empty list of steps)."""
    try:
        fast_validator(schema)(data)
        return True
    except (fastjsonschema.JsonSchemaException, ValueError):
        if steps_read:
            return False
    return all(tuple(e.absolute_path) == (STEPS,) for e in validator(schema).iter_errors(data))


def _in_event_frame(path: tuple) -> bool:
    """A path at the record itself or inside the keys every check reads (code, SOP, name, schedule)."""
    if not path:
        return True
    return path[0] in COMMON_EVENT_KEYS and path[0] not in (STEPS, *OPTIONAL_EVENT_KEYS)


def _unit(path: tuple) -> tuple[int | None, str] | None:
    """(None, event key) or (step index, step key) holding a malformed value; None for the list of
    steps itself, a step, or a step's number or status."""
    head = path[0]
    if head != STEPS:
        return None, head
    if len(path) < 3 or not isinstance(path[1], int) or not isinstance(path[2], str) or path[2] in STEP_FRAME:
        return None
    return path[1], path[2]
