"""Facts in a letter must agree with the record: dates, numbers, signers and paraf.

The letters are made from steps 4 (konsep) and 5 (paraf, signature, numbering); a fact they
print that contradicts another part of the record is refused here, never silently corrected
when the letter is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from typing import Any

from generator.dates import long_date
from generator.derive import holder_on, signing_capacity
from generator.problem import ERROR, WARNING, Problem
from generator.records.model import Event, Office, Sop, StepRecord, parse_date, parse_moment

LABELS = {"undangan": "Surat Undangan", "pengantar": "Surat Pengantar", "keputusan": "Keputusan"}
YEAR_AT_END = re.compile(r"/(\d{4})$")
QUOTED_NUMBER = re.compile(r"\bNomor\s+(\S+)")


class _Report:
    def __init__(self, rel: str, step: StepRecord):
        self.rel, self.step = rel, step
        self.problems: list[Problem] = []

    def add(self, keys: tuple, message: str, hint: str, code: str, severity: str = ERROR) -> None:
        line, column = self.step.source.where(*keys)
        self.problems.append(Problem(self.rel, line, column, severity, message, hint, code))


def check_letters(event: Event, sop: Sop, office: Office, rel: str) -> list[Problem]:
    """Problems of the letters of steps 4-5 and of what the report quotes from them."""
    drafted, approved = _step_with(event, "surat"), _step_with(event, "penomoran")
    problems: list[Problem] = []
    if drafted is not None:
        problems += _check_drafts(drafted, rel)
    if approved is not None:
        report = _Report(rel, approved)
        spec = next((s for s in sop.steps if s.no == approved.no), None)
        roles = spec.field_roles if spec else {}
        for kind, letter in approved.data["penomoran"].items():
            _check_letter(event, office, roles, drafted, approved, kind, letter, report)
        _check_acting(office, roles, approved, report)
        problems += report.problems
    reporting = _step_with(event, "laporan")
    if reporting is not None and approved is not None:
        problems += _check_quoted_decree(reporting, approved, rel)
    return problems + _check_report_facts(event, reporting, rel)


def _step_with(event: Event, key: str) -> StepRecord | None:
    return next((s for s in event.steps if key in s.data), None)


# --- each numbered letter --------------------------------------------------------------


def _check_letter(
    event: Event,
    office: Office,
    roles: Mapping[str, str],
    drafted: StepRecord | None,
    approved: StepRecord,
    kind: str,
    letter: Mapping[str, Any],
    report: _Report,
) -> None:
    label = LABELS.get(kind, kind)
    day = parse_date(letter["tanggal"])
    at = partial(_at, kind)
    if drafted is not None and drafted.start and day < drafted.start.date():
        report.add(
            at("tanggal"),
            f"{label} bertanggal {long_date(day)}, sebelum konsepnya disusun "
            f"(langkah {drafted.no} dimulai {long_date(drafted.start.date())})",
            f"tanggal surat adalah hari penandatanganannya; periksa 'penomoran.{kind}.tanggal'",
            "surat-sebelum-konsep",
        )
    signed = approved.data.get("tanda_tangan", {}).get("waktu")
    if signed and day < parse_moment(signed).date():
        report.add(
            at("tanggal"),
            f"{label} bertanggal {long_date(day)}, sebelum ditandatangani ({_moment(parse_moment(signed))})",
            "surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
            "surat-sebelum-ttd",
        )
    head = _signing_role(roles, drafted, kind)
    for keys, number in _numbers(kind, letter):
        _check_number(office, label, number, day, keys, report)
        _check_unit_code(office, head, label, number, keys, report)
    _check_one_number_each(event, drafted, kind, letter, report)
    if kind == "keputusan" and day > event.start:
        report.add(
            at("tanggal"),
            f"Keputusan pembentukan panitia bertanggal {long_date(day)}, sesudah pelatihan dimulai "
            f"({long_date(event.start)})",
            "panitia dibentuk sebelum pelatihan; periksa 'penomoran.keputusan.tanggal' dan 'jadwal'",
            "keputusan-sesudah-pelatihan",
        )
    _check_signer(office, roles, drafted, approved, kind, day, report)


def _moment(moment: datetime) -> str:
    return f"{long_date(moment.date())} pukul {moment:%H.%M}"


def _at(kind: str, *keys: str | int) -> tuple:
    return ("penomoran", kind, *keys)


def _numbers(kind: str, letter: Mapping[str, Any]) -> list[tuple[tuple, str]]:
    found = [(_at(kind, "nomor"), str(letter["nomor"]))] if "nomor" in letter else []
    for i, each in enumerate(letter.get("per_tujuan", ())):
        found.append((_at(kind, "per_tujuan", i, "nomor"), str(each["nomor"])))
    return found


def _check_number(office: Office, label: str, number: str, day: date, keys: tuple, report: _Report) -> None:
    year = YEAR_AT_END.search(number)
    if year and int(year.group(1)) != day.year:
        report.add(
            keys,
            f"nomor {label} '{number}' berakhir dengan tahun {year.group(1)}, "
            f"padahal surat bertanggal {long_date(day)}",
            f"nomor naskah memuat tahun penandatanganannya: ganti akhir nomor menjadi '/{day.year}'",
            "nomor-tahun",
        )
    known = [str(k["kode"]) for k in office.letters.get("klasifikasi", ())]
    code = number.split("/", 1)[0]
    if known and code not in known:
        report.add(
            keys,
            f"kode klasifikasi '{code}' pada nomor {label} tidak ada di daftar klasifikasi kantor",
            f"kode yang dipakai kantor (naskah.klasifikasi di records/kantor.yaml): {', '.join(known)}",
            "klasifikasi-tidak-dikenal",
        )


def _signing_role(roles: Mapping[str, str], drafted: StepRecord | None, kind: str) -> str | None:
    role = roles.get("tanda_tangan.oleh")
    if kind == "keputusan" and drafted is not None:
        role = drafted.data.get("surat", {}).get("keputusan", {}).get("penetap", role)
    return role


def _check_unit_code(office: Office, role: str | None, label: str, number: str, keys: tuple, report: _Report) -> None:
    """Letters the head of the office signs carry the Dinas code (`naskah.kode_dinas`) in their number."""
    code = office.letters.get("kode_dinas")
    head = office.roles.get(role or "")
    if not code or head is None or head.superior is not None or f"/{code}/" in f"/{number}/":
        return
    parts = number.split("/")
    example = "/".join([*parts[:-2], code, parts[-1]]) if len(parts) >= 3 else f"…/{code}/…"
    report.add(
        keys,
        f"nomor {label} '{number}' tidak memuat kode dinas '{code}', padahal ditandatangani {head.name}",
        f"surat yang ditandatangani {head.name} memakai kode dinas, misalnya '{example}'",
        "nomor-kode-dinas",
    )


def _check_one_number_each(
    event: Event, drafted: StepRecord | None, kind: str, letter: Mapping[str, Any], report: _Report
) -> None:
    """One naskah carries one number: letters sent per addressee each need their own."""
    invitation = drafted.data.get("surat", {}).get("undangan", {}) if drafted else {}
    targets = [t["wilayah"] for t in invitation.get("kepada", ())]
    per_target = kind == "pengantar" or (kind == "undangan" and invitation.get("bentuk") == "per_tujuan")
    if not per_target or len(targets) < 2:
        return
    numbered = {n["tujuan"] for n in letter.get("per_tujuan", ())}
    label = LABELS[kind]
    if not numbered and "nomor" in letter:
        other = " atau kirim satu surat dengan daftar tujuan (bentuk: daftar)" if kind == "undangan" else ""
        report.add(
            _at(kind, "nomor"),
            f"{label} dikirim ke {len(targets)} tujuan tetapi hanya dicatat satu nomor ({letter['nomor']}); "
            "satu naskah satu nomor",
            f"catat nomor setiap surat di 'penomoran.{kind}.per_tujuan' (- {{tujuan: …, nomor: …}}){other}",
            "nomor-per-tujuan",
        )
        return
    for target in targets:
        if target not in numbered:
            report.add(
                _at(kind, "per_tujuan") if "per_tujuan" in letter else _at(kind),
                f"nomor {label} untuk {target} belum dicatat",
                f"tambahkan `- {{tujuan: {target}, nomor: …}}` di 'penomoran.{kind}.per_tujuan'",
                "nomor-per-tujuan",
            )


# --- who signs and who initials --------------------------------------------------------


def _check_signer(
    office: Office,
    roles: Mapping[str, str],
    drafted: StepRecord | None,
    approved: StepRecord,
    kind: str,
    day: date,
    report: _Report,
) -> None:
    """The recorded signer must be able to sign for the office on the letter's own date."""
    signer_id = approved.data.get("tanda_tangan", {}).get("oleh")
    signer = office.people.get(signer_id or "")
    role = _signing_role(roles, drafted, kind)
    if signer is None or role is None or role not in office.roles:
        return
    if signing_capacity(office, signer, role, day) is not None:
        return
    office_name = office.roles[role].name
    own = [t for t in signer.terms if t.covers(day)]
    if own and holder_on(office, role, day):
        held = office.roles[own[0].role].name if own[0].role in office.roles else own[0].role
        message = f"{signer.name} ({held}) tidak berwenang menandatangani surat atas nama {office_name}"
        if all(p.message != message for p in report.problems):
            report.add(
                ("tanda_tangan", "oleh"),
                message,
                "a.n. dan u.b. hanya untuk pejabat; staf tidak menandatangani surat atas nama pimpinan",
                "penanda-tangan-tidak-berwenang",
            )
        return
    signed = approved.data.get("tanda_tangan", {}).get("waktu")
    if signed and signing_capacity(office, signer, role, parse_moment(signed).date()) is None:
        return  # already refused for the day of the signature itself (pelaksana-salah)
    holder = holder_on(office, role, day)
    report.add(
        _at(kind, "tanggal"),
        f"{LABELS.get(kind, kind)} bertanggal {long_date(day)} ditandatangani {signer.name}, yang tidak "
        f"menjabat {office_name} pada tanggal itu",
        (f"yang menjabat pada tanggal itu: {holder[0].id}" if holder else "periksa masa jabatan di records/kantor.yaml")
        + "; Jejak tidak mengganti penanda tangan diam-diam",
        "penanda-tangan-tidak-menjabat",
    )


def _check_acting(office: Office, roles: Mapping[str, str], approved: StepRecord, report: _Report) -> None:
    """While a Plh./Plt. is appointed the definitive holder is away: they cannot initial or sign."""
    for path, role in roles.items():
        block, _, key = path.partition(".")
        entry = approved.data.get(block)
        if not isinstance(entry, Mapping) or not entry.get(key) or not entry.get("waktu"):
            continue
        person, day = office.people.get(entry[key]), parse_moment(entry["waktu"]).date()
        term = person.term(role, day) if person else None
        acting = [held for held in office.holders(role, day) if held[1].acting]
        if person is None or term is None or term.acting or not acting:
            continue
        stand_in, stand_term = acting[0]
        report.add(
            (block, key),
            f"'{path}' diisi {person.name}, padahal pada {long_date(day)} {office.roles[role].name} "
            f"dijabat {stand_term.acting} {stand_in.name}",
            f"isi '{path}: {stand_in.id}'; selama ada {stand_term.acting} pejabat definitif berhalangan",
            "pejabat-berhalangan",
        )


# --- the konsep itself -----------------------------------------------------------------


def _check_drafts(drafted: StepRecord, rel: str) -> list[Problem]:
    report = _Report(rel, drafted)
    letters = drafted.data["surat"]
    invitation = letters.get("undangan", {})
    body = str(invitation.get("isi", ""))
    if invitation.get("bentuk") == "per_tujuan" and "lampiran" in body.lower():
        report.add(
            ("surat", "undangan", "isi"),
            "isi surat undangan menyebut lampiran, padahal surat per tujuan tidak berlampiran",
            "hapus rujukan ke lampiran; persyaratan calon peserta dicetak di badan surat",
            "lampiran-tidak-ada",
        )
    decree = letters.get("keputusan", {})
    for i, text in enumerate(decree.get("menimbang", ())):
        if "dimaksud pada huruf" in text:
            report.add(
                ("surat", "keputusan", "menimbang", i),
                "pertimbangan menulis 'sebagaimana dimaksud pada huruf'",
                "tulis 'sebagaimana dimaksud dalam huruf' (Permendagri 1/2023)",
                "keputusan-dalam-huruf",
                WARNING,
            )
    for i, text in enumerate(decree.get("mengingat", ())):
        if not re.search(r"\bNomor\b", text) or not re.search(r"\bTahun\s+\d{4}\b", text):
            report.add(
                ("surat", "keputusan", "mengingat", i),
                "dasar hukum pada 'mengingat' tanpa Nomor dan Tahun",
                "tulis jenis, nomor, tahun dan judulnya, misalnya 'Undang-Undang Nomor 13 Tahun 2003 "
                "tentang Ketenagakerjaan'; lihat docs/panduan untuk LN/TLN dan 'sebagaimana telah diubah'",
                "mengingat-tanpa-nomor",
                WARNING,
            )
    return report.problems


# --- what the report quotes ------------------------------------------------------------


def _check_quoted_decree(reporting: StepRecord, approved: StepRecord, rel: str) -> list[Problem]:
    """The report quotes the committee's Keputusan from step 5; a number typed in by hand goes stale."""
    recorded = approved.data.get("penomoran", {}).get("keputusan", {}).get("nomor")
    report = _Report(rel, reporting)
    for i, text in enumerate(reporting.data["laporan"].get("dasar", ())):
        quoted = QUOTED_NUMBER.search(text) if "Keputusan" in text else None
        if quoted is None or recorded is None:
            continue
        number = quoted.group(1).rstrip(".,;")
        if number != recorded:
            report.add(
                ("laporan", "dasar", i),
                f"laporan mengutip Keputusan Nomor {number}, padahal nomor Keputusan panitia di langkah "
                f"{approved.no} adalah {recorded}",
                f"hapus butir ini: Jejak mengutip Keputusan panitia dari langkah {approved.no} beserta tanggalnya",
                "laporan-nomor-keputusan",
            )
    return report.problems


def _check_report_facts(event: Event, reporting: StepRecord | None, rel: str) -> list[Problem]:
    """Names the report marks belum kompeten are participants; spending follows the plan's lines."""
    problems: list[Problem] = []
    run = _step_with(event, "pelaksanaan")
    names = {p.name for p in event.participants}
    if run is not None:
        report = _Report(rel, run)
        for i, name in enumerate(run.data["pelaksanaan"].get("belum_kompeten", ())):
            if name not in names:
                report.add(
                    ("pelaksanaan", "belum_kompeten", i),
                    f"'{name}' tidak ada di daftar peserta",
                    "tulis nama persis seperti di 'peserta'",
                    "peserta-tidak-dikenal",
                )
        problems += report.problems
    plan = _step_with(event, "anggaran")
    if reporting is not None and plan is not None:
        lines = {str(r["uraian"]) for r in plan.data["anggaran"].get("rincian", ())}
        report = _Report(rel, reporting)
        for i, spent in enumerate(reporting.data["laporan"].get("realisasi", ())):
            if str(spent["uraian"]) not in lines:
                report.add(
                    ("laporan", "realisasi", i, "uraian"),
                    f"realisasi '{spent['uraian']}' tidak ada di rincian anggaran rencana kerja (langkah {plan.no})",
                    "tulis uraian persis seperti di 'anggaran.rincian' langkah " + str(plan.no),
                    "realisasi-tidak-dikenal",
                )
        problems += report.problems
    return problems
