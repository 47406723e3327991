"""Facts in a letter must agree with the record: dates, numbers, signers and paraf.

Written once per field kind, for any SOP: every field of kind `surat` (a numbered letter) is
checked against the document it numbers (its drafting step, its addressees), the signature
that signs it (`ditandatangani`), the office's officials on its date and the event's schedule.
A fact a letter would print that contradicts another part of the record is refused here,
never silently corrected when the letter is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from generator.dates import long_date
from generator.derive import holder_on, signing_capacity
from generator.problem import ERROR, Problem
from generator.records.kinds import (
    ADDRESSEE,
    AT,
    BY,
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
    node_at,
    occurrences,
)
from generator.records.model import SIGNATURES, Event, Office, Sop, SopDocument, StepRecord, parse_date, parse_moment

YEAR_AT_END = re.compile(r"/(\d{4})$")
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


def letters(event: Event, sop: Sop) -> Iterator[Letter]:
    for kinded in sop.of_kind(LETTER):
        step = event.step(kinded.step) if kinded.step is not None else None
        if step is None:
            continue
        document = sop.document(kinded.param(DOCUMENT))
        label = kinded.param(CALLED) or (document.title if document else kinded.path)
        for keys, value in occurrences(step.data, kinded.path):
            if isinstance(value, Mapping) and DATE in value:
                yield Letter(kinded, step, keys, value, document, label)


def check_letters(event: Event, sop: Sop, office: Office, rel: str) -> list[Problem]:
    """Problems of every numbered letter of an event, and of the people who initial and sign."""
    report = Report(rel)
    for letter in letters(event, sop):
        _check_letter(event, sop, office, letter, report)
    for step in event.steps:
        _check_acting(office, sop, step, report)
    return report.problems


# --- each numbered letter --------------------------------------------------------------


def _check_letter(event: Event, sop: Sop, office: Office, letter: Letter, report: Report) -> None:
    day = letter.day
    drafted = event.step(letter.document.step) if letter.document else None
    if drafted is not None and drafted.start and day < drafted.start.date():
        report.add(
            letter.step,
            letter.at(DATE),
            f"{letter.label} bertanggal {long_date(day)}, sebelum konsepnya disusun "
            f"(langkah {drafted.no} dimulai {long_date(drafted.start.date())})",
            f"tanggal surat adalah hari penandatanganannya; periksa '{letter.path}.{DATE}'",
            "surat-sebelum-konsep",
        )
    signed = _signature(event, sop, letter)
    if signed and signed.value.get(AT) and day < parse_moment(signed.value[AT]).date():
        report.add(
            letter.step,
            letter.at(DATE),
            f"{letter.label} bertanggal {long_date(day)}, sebelum ditandatangani "
            f"({_moment(parse_moment(signed.value[AT]))})",
            f"surat diberi tanggal pada hari ditandatangani; samakan dengan '{signed.path}.{AT}'",
            "surat-sebelum-ttd",
        )
    role = signing_role(event, sop, letter)
    for keys, number in _numbers(letter):
        _check_number(office, letter, number, day, keys, report)
        _check_unit_code(office, role, letter, number, keys, report)
    _check_one_number_each(event, sop, letter, report)
    _check_schedule(event, sop, letter, report)
    if signed and role:
        _check_signer(office, letter, signed, role, report)


@dataclass(frozen=True)
class Signed:
    """The signature (`ditandatangani`) of a letter, as recorded: its step, place and value."""

    step: StepRecord
    keys: tuple
    value: Mapping[str, Any]

    @property
    def path(self) -> str:
        return ".".join(str(k) for k in self.keys)


def _signature(event: Event, sop: Sop, letter: Letter) -> Signed | None:
    signature = sop.kinded(letter.kinded.param(SIGNED_BY) or "")
    step = event.step(signature.step) if signature and signature.step is not None else None
    found = list(occurrences(step.data, signature.path)) if step and signature else []
    if step is None or not found or not isinstance(found[0][1], Mapping):
        return None
    return Signed(step, found[0][0], found[0][1])


def signing_role(event: Event, sop: Sop, letter: Letter) -> str | None:
    """The role that signs a letter: the draft's `penetap` (a Keputusan's), else the role its
    signature must hold, else the document's `penandatangan`."""
    draft = draft_of(event, sop, letter.document)
    if draft and isinstance(draft.get(ENACTED_BY), str):
        return draft[ENACTED_BY]
    signature = sop.kinded(letter.kinded.param(SIGNED_BY) or "")
    return (signature.param(ROLE) if signature else None) or (letter.document.signer if letter.document else None)


def draft_of(event: Event, sop: Sop, document: SopDocument | None) -> Mapping[str, Any] | None:
    """The draft (the field of kind `konsep`) of a document, when the SOP has one and it is written."""
    kinded = next((k for k in sop.of_kind(DRAFT) if document and k.param(DOCUMENT) == document.id), None)
    step = event.step(kinded.step) if kinded and kinded.step is not None else None
    found = [v for _, v in occurrences(step.data, kinded.path)] if step and kinded else []
    return found[0] if found and isinstance(found[0], Mapping) else None


def _moment(moment: datetime) -> str:
    return f"{long_date(moment.date())} pukul {moment:%H.%M}"


def _numbers(letter: Letter) -> list[tuple[tuple, str]]:
    found = [(letter.at(NUMBER), str(letter.data[NUMBER]))] if NUMBER in letter.data else []
    for i, each in enumerate(letter.data.get(PER_ADDRESSEE, ())):
        found.append((letter.at(PER_ADDRESSEE, i, NUMBER), str(each[NUMBER])))
    return found


def _check_number(office: Office, letter: Letter, number: str, day: date, keys: tuple, report: Report) -> None:
    year = YEAR_AT_END.search(number)
    if year and int(year.group(1)) != day.year:
        report.add(
            letter.step,
            keys,
            f"nomor {letter.label} '{number}' berakhir dengan tahun {year.group(1)}, "
            f"padahal surat bertanggal {long_date(day)}",
            f"nomor naskah memuat tahun penandatanganannya: ganti akhir nomor menjadi '/{day.year}'",
            "nomor-tahun",
        )
    known = [str(k["kode"]) for k in office.letters.get("klasifikasi", ())]
    code = number.split("/", 1)[0]
    if known and code not in known:
        report.add(
            letter.step,
            keys,
            f"kode klasifikasi '{code}' pada nomor {letter.label} tidak ada di daftar klasifikasi kantor",
            f"kode yang dipakai kantor (naskah.klasifikasi di records/kantor.yaml): {', '.join(known)}",
            "klasifikasi-tidak-dikenal",
        )


def _check_unit_code(
    office: Office, role: str | None, letter: Letter, number: str, keys: tuple, report: Report
) -> None:
    """Letters the head of the office signs carry the Dinas code (`naskah.kode_dinas`) in their number."""
    code = office.letters.get("kode_dinas")
    head = office.roles.get(role or "")
    if not code or head is None or head.superior is not None or f"/{code}/" in f"/{number}/":
        return
    parts = number.split("/")
    example = "/".join([*parts[:-2], code, parts[-1]]) if len(parts) >= 3 else f"…/{code}/…"
    report.add(
        letter.step,
        keys,
        f"nomor {letter.label} '{number}' tidak memuat kode dinas '{code}', padahal ditandatangani {head.name}",
        f"surat yang ditandatangani {head.name} memakai kode dinas, misalnya '{example}'",
        "nomor-kode-dinas",
    )


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


def _check_one_number_each(event: Event, sop: Sop, letter: Letter, report: Report) -> None:
    """One naskah carries one number: letters sent per addressee each need their own."""
    targets = addressees(event, sop, letter.document)
    if len(targets) < 2:
        return
    numbered = {n[ADDRESSEE] for n in letter.data.get(PER_ADDRESSEE, ())}
    if not numbered and NUMBER in letter.data:
        other = _single_form(sop, letter.document)
        report.add(
            letter.step,
            letter.at(NUMBER),
            f"{letter.label} dikirim ke {len(targets)} tujuan tetapi hanya dicatat satu nomor "
            f"({letter.data[NUMBER]}); satu naskah satu nomor",
            f"catat nomor setiap surat di '{letter.path}.{PER_ADDRESSEE}' (- {{tujuan: …, nomor: …}}){other}",
            "nomor-per-tujuan",
        )
        return
    for target in targets:
        if target not in numbered:
            report.add(
                letter.step,
                letter.at(PER_ADDRESSEE) if PER_ADDRESSEE in letter.data else letter.keys,
                f"nomor {letter.label} untuk {target} belum dicatat",
                f"tambahkan `- {{tujuan: {target}, nomor: …}}` di '{letter.path}.{PER_ADDRESSEE}'",
                "nomor-per-tujuan",
            )


def _single_form(sop: Sop, document: SopDocument | None) -> str:
    """` atau kirim satu surat dengan daftar tujuan (bentuk: daftar)` where the draft may choose."""
    when = document.per_addressee_when if document else None
    step = sop.holding(when) if when else None
    if step is None or when is None:
        return ""
    head, _, rest = when.partition(".")
    node = node_at(step.schemas.get(head, {}), rest)
    choices = [c for c in (node or {}).get("enum", ()) if c != PER_ADDRESSEE_FORM]
    if not choices:
        return ""
    return f" atau kirim satu surat dengan daftar tujuan ({when.rpartition('.')[2]}: {choices[0]})"


def _check_schedule(event: Event, sop: Sop, letter: Letter, report: Report) -> None:
    """A letter drafted before the step that runs the schedule is dated by its start; one drafted
    after it (a report) is dated after its end."""
    running = next((s.no for s in sop.steps if s.runs_schedule), None)
    if running is None or letter.document is None:
        return
    where, day, noun = letter.at(DATE), letter.day, sop.event_noun
    if letter.document.step < running and day > event.start:
        report.add(
            letter.step,
            where,
            f"{letter.label} bertanggal {long_date(day)}, sesudah {noun} dimulai ({long_date(event.start)})",
            f"{letter.label} disusun dan ditandatangani sebelum {noun}; periksa '{letter.path}.{DATE}' dan 'jadwal'",
            "surat-sesudah-mulai",
        )
    elif letter.document.step > running and day < event.end:
        report.add(
            letter.step,
            where,
            f"{letter.label} bertanggal {long_date(day)}, sebelum {noun} selesai ({long_date(event.end)})",
            f"{letter.label} dibuat sesudah {noun} selesai; periksa '{letter.path}.{DATE}' dan 'jadwal'",
            "surat-sebelum-selesai",
        )


# --- who signs and who initials --------------------------------------------------------


def _check_signer(office: Office, letter: Letter, signed: Signed, role: str, report: Report) -> None:
    """The recorded signer must be able to sign for the office on the letter's own date."""
    signer = office.people.get(signed.value.get(BY) or "")
    if signer is None or role not in office.roles:
        return
    day = letter.day
    if signing_capacity(office, signer, role, day) is not None:
        return
    office_name = office.roles[role].name
    own = [t for t in signer.terms if t.covers(day)]
    if own and holder_on(office, role, day):
        held = office.roles[own[0].role].name if own[0].role in office.roles else own[0].role
        message = f"{signer.name} ({held}) tidak berwenang menandatangani surat atas nama {office_name}"
        if all(p.message != message for p in report.problems):
            report.add(
                signed.step,
                (*signed.keys, BY),
                message,
                "a.n. dan u.b. hanya untuk pejabat; staf tidak menandatangani surat atas nama pimpinan",
                "penanda-tangan-tidak-berwenang",
            )
        return
    at = signed.value.get(AT)
    if at and signing_capacity(office, signer, role, parse_moment(at).date()) is None:
        return  # already refused for the day of the signature itself (pelaksana-salah)
    holder = holder_on(office, role, day)
    report.add(
        letter.step,
        letter.at(DATE),
        f"{letter.label} bertanggal {long_date(day)} ditandatangani {signer.name}, yang tidak "
        f"menjabat {office_name} pada tanggal itu",
        (f"yang menjabat pada tanggal itu: {holder[0].id}" if holder else "periksa masa jabatan di records/kantor.yaml")
        + "; Jejak tidak mengganti penanda tangan diam-diam",
        "penanda-tangan-tidak-menjabat",
    )


def _check_acting(office: Office, sop: Sop, step: StepRecord, report: Report) -> None:
    """While a Plh./Plt. is appointed the definitive holder is away: they cannot initial or sign."""
    for kinded in sop.of_kind(*SIGNATURES):
        role = kinded.param(ROLE)
        if kinded.step != step.no or not role:
            continue
        for keys, entry in occurrences(step.data, kinded.path):
            if isinstance(entry, Mapping) and entry.get(BY) and entry.get(AT):
                _acting(office, step, role, f"{kinded.path}.{BY}", (*keys, BY), entry, report)


def _acting(
    office: Office, step: StepRecord, role: str, path: str, keys: tuple, entry: Mapping[str, Any], report: Report
) -> None:
    person, day = office.people.get(entry[BY]), parse_moment(entry[AT]).date()
    term = person.term(role, day) if person else None
    acting = [held for held in office.holders(role, day) if held[1].acting]
    if person is None or term is None or term.acting or not acting:
        return
    stand_in, stand_term = acting[0]
    report.add(
        step,
        keys,
        f"'{path}' diisi {person.name}, padahal pada {long_date(day)} {office.roles[role].name} "
        f"dijabat {stand_term.acting} {stand_in.name}",
        f"isi '{path}: {stand_in.id}'; selama ada {stand_term.acting} pejabat definitif berhalangan",
        "pejabat-berhalangan",
    )
