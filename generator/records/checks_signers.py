"""Who signs and who initials a letter, on which day and in which capacity: the recorded
signer holds the office (or signs a.n./u.b. for it) on the letter's own date, which is the day
of the signature; a decree is signed by the enacting office itself; while a Plh./Plt. stands in,
the definitive holder neither initials nor signs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.dates import long_date
from generator.derive import holder_on, signing_capacity
from generator.records.kinded_values import event_values
from generator.records.kinds import AT, BY, DATE, ROLE
from generator.records.letter_facts import Letter, Report, Signed, decree, moment_text
from generator.records.model import SIGNATURES, Event, Office, Sop, StepRecord, Term, parse_moment


def check_signing_day(
    sop: Sop, office: Office, letter: Letter, signed: Signed, role: str | None, report: Report
) -> None:
    """A letter is dated the day it is signed: neither before, nor later (its signer may no longer
    sign in the same capacity then, and the signature block would silently change)."""
    moment, day = parse_moment(signed.value[AT]), letter.day
    if day == moment.date():
        return
    before = day < moment.date()
    hint = f"surat diberi tanggal pada hari ditandatangani; samakan dengan '{signed.path}.{AT}'"
    signer = office.people.get(signed.value.get(BY) or "")
    if not before and signer and role:
        then, signed_as = (signing_capacity(office, signer, role, d) for d in (day, moment.date()))
        if then and signed_as and _caption(sop, office, role, then) != _caption(sop, office, role, signed_as):
            hint += (
                f"; pada {long_date(day)} blok tanda tangan berubah dari '{_caption(sop, office, role, signed_as)}' "
                f"menjadi '{_caption(sop, office, role, then)}'"
            )
    report.add(
        letter.step,
        letter.at(DATE),
        f"{letter.label} bertanggal {long_date(day)}, {'sebelum' if before else 'sesudah'} ditandatangani "
        f"({moment_text(moment)})",
        hint,
        "surat-sebelum-ttd" if before else "surat-sesudah-ttd",
    )


def _caption(sop: Sop, office: Office, role: str, capacity: tuple[Term, list[str]]) -> str:
    """How the signature block names the office: `Plh. Kepala Dinas`, `a.n. Kepala Dinas`."""
    term, chain = capacity
    name = sop.actors.get(role) or (office.roles[role].name if role in office.roles else role)
    return f"a.n. {name}" if chain else f"{term.acting} {name}" if term.acting else name


def check_signer(sop: Sop, office: Office, letter: Letter, signed: Signed, role: str, report: Report) -> None:
    """The recorded signer must be able to sign for the office on the letter's own date; a
    decree (a draft with a `penetap`) is signed by the enacting office itself, never a.n."""
    signer = office.people.get(signed.value.get(BY) or "")
    if signer is None or role not in office.roles:
        return
    day = letter.day
    capacity = signing_capacity(office, signer, role, day)
    if capacity is not None:
        if capacity[1] and decree(sop, letter.document):
            office_name = office.roles[role].name
            report.add(
                signed.step,
                (*signed.keys, BY),
                f"{letter.label} ditandatangani {signer.name} a.n. {office_name}",
                f"{letter.label} ditetapkan dan ditandatangani sendiri oleh {office_name} (atau Plt./Plh.-nya), "
                f"tidak atas nama (a.n.); catat penanda tangannya di '{signed.path}.{BY}'",
                "penetap-atas-nama",
            )
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


def check_acting(event: Event, office: Office, sop: Sop, report: Report) -> None:
    """While a Plh./Plt. is appointed the definitive holder is away: they cannot initial or sign."""
    for kinded in sop.of_kind(*SIGNATURES):
        role = kinded.param(ROLE)
        if kinded.step is None or not role:
            continue
        for value in event_values(event, sop).of(kinded):
            entry = value.value
            if value.step and isinstance(entry, Mapping) and entry.get(BY) and entry.get(AT):
                _acting(office, value.step, role, f"{kinded.path}.{BY}", (*value.keys, BY), entry, report)


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
