"""Documents an SOP names without a Python builder: the office writes the template, Jejak gives
it the whole event.

A template (site_templates/dokumen/<templat>) reads:
- `isian`: every step's fields by name (`isian.verifikasi.petugas`), and the event's own
  (`isian.lembaga`), people resolved: a person field prints the name, and offers `.nip`,
  `.pangkat`, `.jabatan` (the office held on that step's date, with Plt./Plh.);
- `langkah`: each step by number (`langkah[2].selesai`, `langkah[2].oleh`), dates written out;
- `nomor`, `tanggal`: the document's own number and date, when a field of kind `surat` numbers it;
- `judul`, `kegiatan` (identity lines), `dated` (place and date) and `ttd` (the signature block).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.documents.common import (
    Missing,
    Sources,
    date_range,
    document_signature,
    long_date,
    person_signature,
    place_date,
    spaced_nip,
    step_person,
)
from generator.records.kinds import DATE, DOCUMENT, LETTER, NUMBER, PERSON_FIELD, occurrences
from generator.records.labels import label
from generator.records.model import Person, SopDocument, StepRecord, parse_moment


@dataclass(frozen=True)
class PersonView:
    """A person of the office as a template prints them: `{{ p }}` is the name."""

    nama: str
    nip: str
    pangkat: str
    jabatan: str

    def __str__(self) -> str:
        return self.nama


def office_document(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    for path in src.sop.step(doc.step).required:
        src.need(path)
    day = src.step_date(doc.step) or src.event.start
    number, dated = own_number(src, doc)
    return {
        "judul": f"{doc.title.upper()} {src.event.name.upper()}",
        "kegiatan": event_lines(src),
        "isian": fields(src),
        "langkah": {s.no: step_view(src, s) for s in src.event.steps},
        "data": src.step(doc.step).data,  # the producing step's own fields, as written
        "nomor": number,
        "tanggal": long_date(dated) if dated else "",
        "dated": place_date(src.office.city, dated or day),
        "ttd": document_signature(src, doc, dated or day)
        if doc.signer
        else person_signature(step_person(src, doc.step), "Petugas,"),
    }


def event_lines(src: Sources) -> list[tuple[str, str]]:
    """`Nama kegiatan`, then the SOP's own event fields in its order, with their labels."""
    rows = [("Nama kegiatan", src.event.name)]
    for key, node in src.sop.event_fields.items():
        if key == "jadwal":
            rows.append((label(key, node), date_range(src.event.start, src.event.end)))
        elif isinstance(src.event.data.get(key), (str, int)):
            rows.append((label(key, node), str(src.event.data[key])))
    return rows


def own_number(src: Sources, doc: SopDocument) -> tuple[str, date | None]:
    """The number and date a field of kind `surat` records for this document."""
    for kinded in src.sop.of_kind(LETTER):
        step = src.event.step(kinded.step) if kinded.param(DOCUMENT) == doc.id and kinded.step else None
        for _, letter in occurrences(step.data, kinded.path) if step else ():
            if isinstance(letter, Mapping) and letter.get(NUMBER) and letter.get(DATE):
                return str(letter[NUMBER]), date.fromisoformat(str(letter[DATE]))
    return "", None


def fields(src: Sources) -> dict[str, Any]:
    """Every step's fields and the event's, by name, each person field resolved."""
    found: dict[str, Any] = {key: _resolved(src, None, key, value) for key, value in src.event.data.items()}
    for step in src.event.steps:
        for key, value in step.data.items():
            found.setdefault(key, _resolved(src, step, key, value))
    return found


def step_view(src: Sources, step: StepRecord) -> dict[str, Any]:
    moment = step.end or step.start
    person = src.office.people.get(step.by or "")
    return {
        "status": step.status,
        "mulai": long_date(step.start.date()) if step.start else "",
        "selesai": long_date(step.end.date()) if step.end else "",
        "oleh": _person(src, person, moment.date() if moment else src.event.start) if person else "",
        "catatan": step.note or "",
    }


def _resolved(src: Sources, step: StepRecord | None, key: str, value: Any) -> Any:
    """The value as a template prints it, read with its schema: a person (a field of kind `orang`)
    as a PersonView on the step's date, a date written out (`12 Oktober 2026`)."""
    node = (src.sop.step(step.no).schemas if step else src.sop.event_fields).get(key) or {}
    moment = (step.end or step.start) if step else None
    return _walk(src, value, node, moment.date() if moment else src.event.start)


def _walk(src: Sources, value: Any, node: Mapping[str, Any], day: date) -> Any:
    if isinstance(value, Mapping):
        inner = node.get("properties") or {}
        return {k: _walk(src, v, inner.get(k) or {}, day) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_walk(src, v, node.get("items") or {}, day) for v in value]
    if not isinstance(value, str):
        return value
    if node.get("jenis") == PERSON_FIELD:
        person = src.office.people.get(value)
        if person is None:
            raise Missing(f"orang '{value}' tidak ada di records/kantor.yaml")
        return _person(src, person, day)
    if node.get("format") in ("date", "tanggal-waktu"):
        moment = parse_moment(value)
        return f"{long_date(moment.date())} pukul {moment:%H.%M}" if " " in value else long_date(moment.date())
    return value


def _person(src: Sources, person: Person, day: date) -> PersonView:
    term = next((t for t in person.terms if t.covers(day)), None)
    role = src.office.roles.get(term.role) if term else None
    held = f"{term.acting} {role.name}" if term and role and term.acting else role.name if role else ""
    rank = f"{person.rank} ({person.grade})" if person.rank and person.grade else person.rank or ""
    return PersonView(person.name, spaced_nip(person.nip) if person.nip else "", rank, held)
