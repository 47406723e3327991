"""What drafts and reports write must agree with the rest of the record, for any SOP, by the kind
of each field: a draft sent per addressee has no enclosure, a decree's grounds cite their law,
a text quoting one of the event's own letters quotes its recorded number, names are the
participants', spending follows the plan's lines."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.problem import WARNING, Problem
from generator.records.kinded_values import event_values
from generator.records.kinds import (
    BODY,
    CALLED,
    DOCUMENT,
    DRAFT,
    GROUNDS,
    ITEM,
    LAWS,
    LINES,
    NUMBER,
    PARTICIPANT_NAME,
    PEOPLE,
    PLAN,
    REFERENCES,
    SPENDING,
    Kinded,
)
from generator.records.letter_facts import Report, addressees, letters
from generator.records.model import Event, Sop, StepRecord

QUOTED_NUMBER = re.compile(r"\bNomor\s+(\S+)")
CONSTITUTION = re.compile(r"(Pasal\b.*)?Undang-Undang Dasar\b", re.IGNORECASE)  # cited without Nomor or LN


def check_texts(event: Event, sop: Sop, rel: str) -> list[Problem]:
    report = Report(rel)
    for kinded, step, keys, value in _values(event, sop):
        check = CHECKS.get(kinded.kind)
        if check:
            check(event, sop, kinded, step, keys, value, report)
    return report.problems


def _values(event: Event, sop: Sop) -> Iterator[tuple[Kinded, StepRecord, tuple, Any]]:
    """The values of the steps' fields of the kinds checked here."""
    for kinded in sop.of_kind(*CHECKS):
        if kinded.step is not None:
            for value in event_values(event, sop).of(kinded):
                assert value.step is not None
                yield kinded, value.step, value.keys, value.value


def _draft(event: Event, sop: Sop, kinded: Kinded, step: StepRecord, keys: tuple, value: Any, report: Report) -> None:
    """A draft sent as one letter per addressee has no enclosure to mention."""
    document = sop.document(kinded.param(DOCUMENT))
    body = str(value.get(BODY, "")) if isinstance(value, Mapping) else ""
    if document and document.per_addressee_when and addressees(event, sop, document) and "lampiran" in body.lower():
        report.add(
            step,
            (*keys, BODY),
            f"isi {document.title.lower()} menyebut lampiran, padahal surat per tujuan tidak berlampiran",
            "hapus rujukan ke lampiran; persyaratan calon peserta dicetak di badan surat",
            "lampiran-tidak-ada",
        )


def _ground(event: Event, sop: Sop, kinded: Kinded, step: StepRecord, keys: tuple, value: Any, report: Report) -> None:
    if isinstance(value, str) and "dimaksud pada huruf" in value:
        report.add(
            step,
            keys,
            "pertimbangan menulis 'sebagaimana dimaksud pada huruf'",
            "tulis 'sebagaimana dimaksud dalam huruf' (Permendagri 1/2023)",
            "keputusan-dalam-huruf",
            WARNING,
        )


def _law(event: Event, sop: Sop, kinded: Kinded, step: StepRecord, keys: tuple, value: Any, report: Report) -> None:
    if not isinstance(value, str) or CONSTITUTION.match(value):
        return
    where = kinded.path.rpartition(".")[2]
    if not re.search(r"\bNomor\b", value) or not re.search(r"\bTahun\s+\d{4}\b", value):
        report.add(
            step,
            keys,
            f"dasar hukum pada '{where}' tanpa Nomor dan Tahun",
            "tulis jenis, nomor, tahun dan judulnya, misalnya 'Undang-Undang Nomor 13 Tahun 2003 "
            "tentang Ketenagakerjaan'; lihat docs/panduan untuk LN/TLN dan 'sebagaimana telah diubah'",
            "mengingat-tanpa-nomor",
            WARNING,
        )
        return
    kind = next((k for k in PROMULGATION if k.pattern.match(value)), None)
    missing = [name for name in kind.needs if name.lower() not in value.lower()] if kind else []
    if kind and missing:
        report.add(
            step,
            keys,
            f"dasar hukum pada '{where}' tanpa {' dan '.join(missing)}: '{_opening(value)}'",
            f"{kind.name} dikutip dengan tempat pengundangannya, misalnya '{kind.example}'",
            "mengingat-tanpa-ln",
            WARNING,
        )


def _opening(text: str) -> str:
    """`Undang-Undang Nomor 13 Tahun 2003`: a law named by its number and year."""
    found = re.match(r".*?\bTahun\s+\d{4}", text)
    return found.group(0) if found else text[:60]


@dataclass(frozen=True)
class Promulgation:
    """Where a kind of regulation is promulgated, as a Mengingat must cite it (Permendagri 1/2023)."""

    pattern: re.Pattern[str]
    name: str
    needs: tuple[str, ...]
    example: str


PROMULGATION = (
    Promulgation(
        re.compile(r"(Undang-Undang|Peraturan Pemerintah)\b", re.IGNORECASE),
        "undang-undang dan peraturan pemerintah",
        ("Lembaran Negara", "Tambahan Lembaran Negara"),
        "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan (Lembaran Negara Republik Indonesia Tahun "
        "2003 Nomor 39, Tambahan Lembaran Negara Republik Indonesia Nomor 4279)",
    ),
    Promulgation(
        re.compile(r"Peraturan Presiden\b", re.IGNORECASE),
        "peraturan presiden",
        ("Lembaran Negara",),
        "Peraturan Presiden Nomor … Tahun … tentang … (Lembaran Negara Republik Indonesia Tahun … Nomor …)",
    ),
    Promulgation(
        re.compile(r"(Peraturan Menteri|Permen)", re.IGNORECASE),
        "peraturan menteri",
        ("Berita Negara",),
        "Peraturan Menteri Ketenagakerjaan Nomor 8 Tahun 2014 tentang Pedoman Penyelenggaraan Pelatihan "
        "Berbasis Kompetensi (Berita Negara Republik Indonesia Tahun 2014 Nomor 586)",
    ),
    Promulgation(
        re.compile(r"Peraturan Daerah\b", re.IGNORECASE),
        "peraturan daerah",
        ("Lembaran Daerah",),
        "Peraturan Daerah Kota … Nomor … Tahun … tentang … (Lembaran Daerah Kota … Tahun … Nomor …)",
    ),
    Promulgation(
        re.compile(r"Peraturan (Wali ?kota|Bupati|Gubernur)\b", re.IGNORECASE),
        "peraturan kepala daerah",
        ("Berita Daerah",),
        "Peraturan Wali Kota … Nomor … Tahun … tentang … (Berita Daerah Kota … Tahun … Nomor …)",
    ),
)


def _quote(event: Event, sop: Sop, kinded: Kinded, step: StepRecord, keys: tuple, value: Any, report: Report) -> None:
    """A reference quoting one of the event's own letters by the name the SOP gives it (`disebut`)
    and its number: the number must be the recorded one (a number typed by hand goes stale)."""
    if not isinstance(value, str):
        return
    for letter in letters(event, sop):
        named = letter.kinded.param(CALLED)
        quoted = QUOTED_NUMBER.search(value) if named and named in value else None
        number = quoted.group(1).rstrip(".,;") if quoted else None
        recorded = letter.data.get(NUMBER)
        if number is None or recorded is None or number == recorded:
            continue
        report.add(
            step,
            keys,
            f"{kinded.path.split('.')[0]} mengutip {named} Nomor {number}, padahal nomor {named} di langkah "
            f"{letter.step.no} adalah {recorded}",
            f"hapus butir ini: Jejak mengutip {named} dari langkah {letter.step.no} beserta tanggalnya",
            "laporan-nomor-keputusan",
        )


def _named(event: Event, sop: Sop, kinded: Kinded, step: StepRecord, keys: tuple, value: Any, report: Report) -> None:
    """A name that must be one of the event's participants."""
    people = sop.event_field(PEOPLE) or PEOPLE
    if isinstance(value, str) and value not in {p.name for p in event.participants}:
        report.add(
            step,
            keys,
            f"'{value}' tidak ada di daftar {people}",
            f"tulis nama persis seperti di '{people}'",
            "peserta-tidak-dikenal",
        )


def _spent(event: Event, sop: Sop, kinded: Kinded, step: StepRecord, keys: tuple, value: Any, report: Report) -> None:
    """Each line of a realisation is a line of the plan it realises (`rencana`)."""
    plan = sop.kinded(kinded.param(PLAN) or "")
    plan_step = event.step(plan.step) if plan and plan.step is not None else None
    if plan is None or plan_step is None or not isinstance(value, Mapping):
        return
    lines = {str(r[ITEM]) for budget in event_values(event, sop).of(plan) for r in _lines(budget.value)}
    if str(value[ITEM]) not in lines:
        report.add(
            step,
            (*keys, ITEM),
            f"{kinded.path.rpartition('.')[2]} '{value[ITEM]}' tidak ada di rincian {plan.path} "
            f"(langkah {plan_step.no})",
            f"tulis {ITEM} persis seperti di '{plan.path}.{LINES}' langkah {plan_step.no}",
            "realisasi-tidak-dikenal",
        )


def _lines(budget: Any) -> tuple:
    return tuple(budget.get(LINES, ())) if isinstance(budget, Mapping) else ()


CHECKS = {
    DRAFT: _draft,
    GROUNDS: _ground,
    LAWS: _law,
    REFERENCES: _quote,
    PARTICIPANT_NAME: _named,
    SPENDING: _spent,
}
