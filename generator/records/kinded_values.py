"""The values an event holds for the fields of a kind, and problems placed at any of them.

Rules written once per kind (checks_sending, checks_people, checks_counts) read an event through
these: "every value of kind `jawaban`", "the draft this deadline sits in", "the regions a document
is addressed to", never a field name of one SOP.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any, NamedTuple

from generator.problem import ERROR, Problem
from generator.records.kinds import DOCUMENT, DRAFT, LETTER, REGION, Kinded, occurrences
from generator.records.labels import field_label
from generator.records.model import Event, Sop, SopDocument, StepRecord
from generator.records.value_texts import ValueTexts


class Value(NamedTuple):
    """One value of a kinded field: where it is (inside its step's block, or the event's own data).
    A named tuple: a record holds a hundred of them, made at every validation."""

    kinded: Kinded
    step: StepRecord | None  # None: a field of the event itself
    keys: tuple  # inside the step's data (or the event's)
    value: Any
    at: tuple  # the key path inside the whole record file (the step's place, then `keys`)

    @classmethod
    def of(cls, kinded: Kinded, step: StepRecord | None, keys: tuple, value: Any) -> Value:
        return cls(kinded, step, keys, value, (step.source.prefix + keys) if step else keys)

    def under(self, *keys: str | int) -> tuple:
        return (*self.at, *keys)


class EventValues:
    """Every value of every kinded field of one event, found once: one walk of the event's own data
    and one of each step's block, along the paths where the SOP's kinded fields stand (its
    `value_paths`), shared by every check that asks."""

    def __init__(self, event: Event, sop: Sop):
        # Kept with the event (event.derived): holding the event itself would make a cycle that
        # only the cyclic collector frees; its data and steps are what is needed.
        self.sop, self.data = sop, event.data
        self.steps: dict[int, StepRecord] = {}
        for step in event.steps:  # as event.step() finds them: the first block of each number
            self.steps.setdefault(step.no, step)
        self.found: list[list[tuple[tuple, Any]]] = [[] for _ in sop.kinds]
        own, trees = sop.value_paths
        own.gather(event.data, self.found)
        for no, tree in trees.items():
            if no in self.steps:
                tree.gather(self.steps[no].data, self.found)
        self.made: dict[int, tuple[Value, ...]] = {}
        self.of_kinds: dict[tuple[str, ...], tuple[Value, ...]] = {}  # values(): asked ~200 times a record
        self.kept: dict[str, Any] = {}  # what other checks work out from these values once (letters)

    def of(self, kinded: Kinded) -> tuple[Value, ...]:
        position = self.sop.position(kinded)
        if position is None:  # a field of another SOP object: walk for it
            return tuple(self._walk(kinded))
        made = self.made.get(position)
        if made is None:
            step = self.steps.get(kinded.step) if kinded.step is not None else None
            prefix = step.source.prefix if step else ()  # Value.of(), its step's place found once
            made = self.made[position] = tuple([Value(kinded, step, k, v, prefix + k) for k, v in self.found[position]])
        return made

    def _walk(self, kinded: Kinded) -> Iterator[Value]:
        step = self.steps.get(kinded.step) if kinded.step is not None else None
        if kinded.step is None or step is not None:
            data = step.data if step is not None else self.data
            yield from (Value.of(kinded, step, k, v) for k, v in occurrences(data, kinded.path))


def event_values(event: Event, sop: Sop) -> EventValues:
    """The event's kinded values, worked out at the first question and kept with the event."""
    found = event.derived.get("values")
    if not isinstance(found, EventValues) or found.sop is not sop:
        found = event.derived["values"] = EventValues(event, sop)
    return found


def values(event: Event, sop: Sop, *kinds: str) -> Iterator[Value]:
    """Every value of the fields of `kinds`, the event's own first, then each step's."""
    found = event_values(event, sop)
    made = found.of_kinds.get(kinds)
    if made is None:
        made = found.of_kinds[kinds] = tuple(value for kinded in sop.of_kind(*kinds) for value in found.of(kinded))
    return iter(made)


def of(event: Event, sop: Sop, kinded: Kinded) -> list[Value]:
    """The values of one kinded field."""
    if sop.position(kinded) is not None:
        return list(event_values(event, sop).of(kinded))
    return [v for v in values(event, sop, kinded.kind) if v.kinded == kinded]


class Findings:
    """Problems of one record, each placed at the line of the value it is about."""

    def __init__(self, event: Event, rel: str):
        self.event = event
        self.rel = rel
        self.problems: list[Problem] = []

    @cached_property
    def texts(self) -> ValueTexts:
        """The record's string values, searched as one text by the rules that read every text."""
        return ValueTexts(self.event.source.loaded)

    def add(self, at: tuple, message: str, hint: str, code: str, severity: str = ERROR) -> None:
        line, column = self.event.source.loaded.where(at)
        self.problems.append(Problem(self.rel, line, column, severity, message, hint, code))

    def label(self, at: tuple) -> str:
        """`langkah 9, 'pelaksanaan.kehadiran' butir 3, 'hadir'`: where a value is, in words."""
        return field_label(at, self.event.source.loaded.data)


def enclosing(sop: Sop, kinded: Kinded) -> Kinded | None:
    """The draft or letter a field sits in (a deadline inside the invitation's draft): the
    innermost field of kind `konsep` or `surat` of the same step whose path holds it."""
    holders = [
        k
        for k in sop.of_kind(DRAFT, LETTER)
        if k.step == kinded.step and kinded.path.startswith(f"{k.path}.") and k.param(DOCUMENT)
    ]
    return max(holders, key=lambda k: len(k.path), default=None)


def document_of(sop: Sop, kinded: Kinded) -> SopDocument | None:
    """The document a field is about: its own `dokumen`, else the draft or letter it sits in."""
    known = sop.position(kinded) is not None  # a field of this SOP: worked out once
    key = ("document_of", id(kinded))
    if known and key in sop.derived:
        return sop.derived[key]  # type: ignore[no-any-return]
    holder = kinded if kinded.param(DOCUMENT) else enclosing(sop, kinded)
    found = sop.document(holder.param(DOCUMENT)) if holder else None
    if known:
        sop.derived[key] = found
    return found


def addressee_regions(event: Event, sop: Sop, document: SopDocument | None) -> list[str]:
    """The regions a document is addressed to (its `per_tujuan.daftar`, by their field of kind
    `wilayah`), however it is sent: one letter with a list, or one per addressee."""
    if document is None or not document.addressees:
        return []
    found = event_values(event, sop)
    key = f"regions {document.id}"
    if key not in found.kept:
        owner = sop.holding(document.addressees)
        region = region_field(sop, document.addressees, owner.no if owner else None)
        values = found.of(region) if owner is not None and region is not None else ()
        found.kept[key] = [v.value for v in values if isinstance(v.value, str)]
    return list(found.kept[key])


def region_field(sop: Sop, path: str, step: int | None) -> Kinded | None:
    """The field of kind `wilayah` inside the items at `path` (`kepada.wilayah`), in a step."""
    return next((k for k in sop.of_kind(REGION) if k.step == step and k.path.rpartition(".")[0] == path), None)


def item_region(kinded: Kinded) -> str | None:
    """The key of the field of kind `wilayah` in each item of a list field (a reply's `dari`)."""
    return kinded.item_region


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, (dict, MappingProxyType)) or isinstance(value, Mapping) else {}
