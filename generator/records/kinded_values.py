"""The values an event holds for the fields of a kind, and problems placed at any of them.

Rules written once per kind (checks_sending, checks_people, checks_counts) read an event through
these: "every value of kind `jawaban`", "the draft this deadline sits in", "the regions a document
is addressed to", never a field name of one SOP.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.problem import ERROR, Problem
from generator.records.kinds import DOCUMENT, DRAFT, LETTER, REGION, Kinded, item_properties, occurrences
from generator.records.labels import field_label
from generator.records.model import Event, Sop, SopDocument, StepRecord


@dataclass(frozen=True)
class Value:
    """One value of a kinded field: where it is (inside its step's block, or the event's own data)."""

    kinded: Kinded
    step: StepRecord | None  # None: a field of the event itself
    keys: tuple  # inside the step's data (or the event's)
    value: Any

    @property
    def at(self) -> tuple:
        """The key path inside the whole record file."""
        return (self.step.source.prefix if self.step else ()) + self.keys

    def under(self, *keys: str | int) -> tuple:
        return (*self.at, *keys)


def values(event: Event, sop: Sop, *kinds: str) -> Iterator[Value]:
    """Every value of the fields of `kinds`, the event's own first, then each step's."""
    for kinded in sop.of_kind(*kinds):
        if kinded.step is None:
            yield from (Value(kinded, None, k, v) for k, v in occurrences(event.data, kinded.path))
            continue
        step = event.step(kinded.step)
        if step is not None:
            yield from (Value(kinded, step, k, v) for k, v in occurrences(step.data, kinded.path))


def of(event: Event, sop: Sop, kinded: Kinded) -> list[Value]:
    """The values of one kinded field."""
    return [v for v in values(event, sop, kinded.kind) if v.kinded == kinded]


class Findings:
    """Problems of one record, each placed at the line of the value it is about."""

    def __init__(self, event: Event, rel: str):
        self.event = event
        self.rel = rel
        self.problems: list[Problem] = []

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
    holder = kinded if kinded.param(DOCUMENT) else enclosing(sop, kinded)
    return sop.document(holder.param(DOCUMENT)) if holder else None


def addressee_regions(event: Event, sop: Sop, document: SopDocument | None) -> list[str]:
    """The regions a document is addressed to (its `per_tujuan.daftar`, by their field of kind
    `wilayah`), however it is sent: one letter with a list, or one per addressee."""
    if document is None or not document.addressees:
        return []
    owner = sop.holding(document.addressees)
    step = event.step(owner.no) if owner else None
    region = region_key(sop, document.addressees, owner.no if owner else None)
    if step is None or region is None:
        return []
    found = [v for _, v in occurrences(step.data, f"{document.addressees}.{region}")]
    return [v for v in found if isinstance(v, str)]


def region_key(sop: Sop, path: str, step: int | None) -> str | None:
    """The key of the field of kind `wilayah` inside the items at `path` (`wilayah` of `kepada`)."""
    found = (k.path.rpartition(".") for k in sop.of_kind(REGION) if k.step == step)
    return next((key for head, _, key in found if head == path), None)


def item_region(kinded: Kinded) -> str | None:
    """The key of the field of kind `wilayah` in each item of a list field (a reply's `dari`)."""
    return next((key for key, node in item_properties(kinded.node).items() if node.get("jenis") == REGION), None)


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
