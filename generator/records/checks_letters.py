"""Facts in a letter must agree with the record: dates, numbers, signers and paraf.

Written once per field kind, for any SOP: every field of kind `surat` (a numbered letter) is
checked against the document it numbers (its drafting step, its addressees), the signature
that signs it (`ditandatangani`), the office's officials on its date (checks_signers), the
event's schedule and the committee it forms. A fact a letter would print that contradicts
another part of the record is refused here, never silently corrected when the letter is rendered.
"""

from __future__ import annotations

import re
from datetime import date

from generator.dates import long_date
from generator.problem import Problem
from generator.records.checks_signers import check_acting, check_signer, check_signing_day
from generator.records.kinds import ADDRESSEE, AT, DATE, FORMS, NUMBER, PER_ADDRESSEE, node_at
from generator.records.letter_facts import (
    PER_ADDRESSEE_FORM,
    Letter,
    Report,
    addressees,
    letters,
    numbers,
    signature_of,
    signing_role,
)
from generator.records.model import Event, Office, Sop, SopDocument

YEAR_AT_END = re.compile(r"/(\d{4})$")


def check_letters(event: Event, sop: Sop, office: Office, rel: str) -> list[Problem]:
    """Problems of every numbered letter of an event, and of the people who initial and sign."""
    report = Report(rel)
    for letter in letters(event, sop):
        _check_letter(event, sop, office, letter, report)
    check_acting(event, office, sop, report)
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
    signed = signature_of(event, sop, letter)
    role = signing_role(event, sop, letter)
    if signed and signed.value.get(AT):
        check_signing_day(sop, office, letter, signed, role, report)
    for keys, number in numbers(letter):
        _check_number(office, letter, number, day, keys, report)
        _check_unit_code(office, role, letter, number, keys, report)
    _check_one_number_each(event, sop, letter, report)
    _check_schedule(event, sop, letter, report)
    _check_formed(event, sop, letter, report)
    if signed and role:
        check_signer(sop, office, letter, signed, role, report)


def _check_formed(event: Event, sop: Sop, letter: Letter, report: Report) -> None:
    """A letter that forms the committee (`membentuk`) is dated before the committee first acts."""
    committee = next((k for k in sop.event_kinds if k.path == letter.kinded.param(FORMS)), None)
    acting = (event.step(s.no) for s in sop.steps if set(s.actors) & sop.committee_actors)
    first = next((s for s in acting if s is not None and s.start is not None), None)
    if committee is None or first is None or first.start is None or letter.day <= first.start.date():
        return
    who = str(committee.node.get("title") or committee.path).lower()
    report.add(
        letter.step,
        letter.at(DATE),
        f"{letter.label} bertanggal {long_date(letter.day)}, sesudah {who} mulai bekerja "
        f"(langkah {first.no} dimulai {long_date(first.start.date())})",
        f"{who} bekerja berdasarkan {letter.label} yang membentuknya: {letter.label} ditandatangani paling "
        f"lambat hari itu; periksa '{letter.path}.{DATE}'",
        "surat-sesudah-panitia-bekerja",
    )


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
