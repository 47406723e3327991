"""What the checks know about an event's numbered letters: each letter (a value of a field of
kind `surat`) with its document, the signature that signs it, its signing role, its draft and
the regions it is sent to one by one. Shared by the checks of letters, signers and texts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from generator.dates import long_date
from generator.problem import ERROR, Problem
from generator.records.kinded_values import event_values
from generator.records.kinds import (
    CALLED,
    DATE,
    DOCUMENT,
    DRAFT,
    ENACTED_BY,
    LETTER,
    NUMBER,
    PER_ADDRESSEE,
    REGION,
    ROLE,
    SIGNED_BY,
    Kinded,
    item_properties,
    occurrences,
)
from generator.records.model import Event, Sop, SopDocument, StepRecord, parse_date

PER_ADDRESSEE_FORM = PER_ADDRESSEE  # the value of a document's `per_tujuan.bila` field that splits it


class Report:
    """Problems placed at the line of a value inside one step's block."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def add(self, step: StepRecord, keys: tuple, message: str, hint: str, code: str, severity: str = ERROR) -> None:
        line, column = step.source.where(*keys)
        self.problems.append(Problem(self.rel, line, column, severity, message, hint, code))


@dataclass(frozen=True)
class Letter:
    """One numbered letter of an event: a value of a field of kind `surat`."""

    kinded: Kinded
    step: StepRecord  # the step holding its number
    keys: tuple  # where, inside that step
    data: Mapping[str, Any]  # nomor, tanggal, per_tujuan
    document: SopDocument | None
    label: str  # how messages name it: `disebut`, else the document's title

    @property
    def path(self) -> str:
        return ".".join(str(k) for k in self.keys)

    @property
    def day(self) -> date:
        return parse_date(self.data[DATE])

    def at(self, *keys: str | int) -> tuple:
        return (*self.keys, *keys)


def letters(event: Event, sop: Sop) -> tuple[Letter, ...]:
    """Every numbered letter of the event (with a date), worked out once per event."""
    found = event_values(event, sop)
    made = found.kept.get("letters")
    if made is None:
        made = found.kept["letters"] = tuple(_letters(event, sop))
    return made  # type: ignore[no-any-return]


def _letters(event: Event, sop: Sop) -> Iterator[Letter]:
    for kinded in sop.of_kind(LETTER):
        if kinded.step is None:
            continue
        document = sop.document(kinded.param(DOCUMENT))
        label = kinded.param(CALLED) or (document.title if document else kinded.path)
        for value in event_values(event, sop).of(kinded):
            if isinstance(value.value, Mapping) and DATE in value.value:
                assert value.step is not None
                yield Letter(kinded, value.step, value.keys, value.value, document, label)


@dataclass(frozen=True)
class Signed:
    """The signature (`ditandatangani`) of a letter, as recorded: its step, place and value."""

    step: StepRecord
    keys: tuple
    value: Mapping[str, Any]

    @property
    def path(self) -> str:
        return ".".join(str(k) for k in self.keys)


def signature_of(event: Event, sop: Sop, letter: Letter) -> Signed | None:
    signature = sop.kinded(letter.kinded.param(SIGNED_BY) or "")
    found = event_values(event, sop).of(signature) if signature else ()
    if not found or found[0].step is None or not isinstance(found[0].value, Mapping):
        return None
    return Signed(found[0].step, found[0].keys, found[0].value)


def signing_role(event: Event, sop: Sop, letter: Letter) -> str | None:
    """The role that signs a letter: the draft's `penetap` (a Keputusan's), else the role its
    signature must hold, else the document's `penandatangan`."""
    draft = draft_of(event, sop, letter.document)
    if draft and isinstance(draft.get(ENACTED_BY), str):
        return draft[ENACTED_BY]
    signature = sop.kinded(letter.kinded.param(SIGNED_BY) or "")
    return (signature.param(ROLE) if signature else None) or (letter.document.signer if letter.document else None)


def decree(sop: Sop, document: SopDocument | None) -> bool:
    """A document whose draft declares who enacts it (`penetap`): a Keputusan."""
    draft = next((k for k in sop.of_kind(DRAFT) if document and k.param(DOCUMENT) == document.id), None)
    return draft is not None and ENACTED_BY in item_properties(draft.node)


def draft_of(event: Event, sop: Sop, document: SopDocument | None) -> Mapping[str, Any] | None:
    """The draft (the field of kind `konsep`) of a document, when the SOP has one and it is written."""
    kinded = next((k for k in sop.of_kind(DRAFT) if document and k.param(DOCUMENT) == document.id), None)
    found = [v.value for v in event_values(event, sop).of(kinded)] if kinded and kinded.step is not None else []
    return found[0] if found and isinstance(found[0], Mapping) else None


def moment_text(moment: datetime) -> str:
    return f"{long_date(moment.date())} pukul {moment:%H.%M}"


def addressees(event: Event, sop: Sop, document: SopDocument | None) -> list[str]:
    """The regions a document is addressed to (its `per_tujuan.daftar`), when it is sent to each
    separately: always, or when its `per_tujuan.bila` field says `per_tujuan`."""
    if document is None or not document.addressees:
        return []
    owner = sop.holding(document.addressees)
    step = event.step(owner.no) if owner else None
    if step is None:
        return []
    if document.per_addressee_when:
        split = [v for _, v in occurrences(step.data, document.per_addressee_when)]
        if split != [PER_ADDRESSEE_FORM]:
            return []
    regions = {k.path for k in sop.of_kind(REGION) if k.step == step.no}
    return [
        value
        for path in regions
        if path.rpartition(".")[0] == document.addressees
        for _, value in occurrences(step.data, path)
    ]


def numbers(letter: Letter) -> list[tuple[tuple, str]]:
    """(keys, number) of each number a letter carries: its own, and one per addressee."""
    found = [(letter.at(NUMBER), str(letter.data[NUMBER]))] if NUMBER in letter.data else []
    for i, each in enumerate(letter.data.get(PER_ADDRESSEE, ())):
        found.append((letter.at(PER_ADDRESSEE, i, NUMBER), str(each[NUMBER])))
    return found
