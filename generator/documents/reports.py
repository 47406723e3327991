"""Context of the titled documents and forms: Rencana Kerja (step 1), tanda terima (6),
rekapitulasi calon (7), notulen (8), daftar hadir (9) and the Laporan (10)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from generator.dates import clock_range, money
from generator.documents.common import (
    Missing,
    Sources,
    committee_chair,
    date_range,
    document_signature,
    long_date,
    money_in_words,
    number_with_words,
    person_signature,
    place_date,
    record_date,
    step_person,
    weekday_date,
)
from generator.records.model import Participant, SopDocument

SEX = {"L": "Laki-laki", "P": "Perempuan"}
CLOSING = "Demikian laporan ini dibuat untuk dapat dipergunakan sebagaimana mestinya."


# --- Rencana Kerja Kegiatan (step 1) ---------------------------------------------------


def rencana_kerja(
    src: Sources, doc: SopDocument, key: str | None, draft: bool, *, money_style: dict[str, Any]
) -> dict[str, Any]:
    budget = src.need("anggaran")
    rows = []
    for sop_step in src.sop.steps:
        step = src.step(sop_step.no)
        if step.planned is None:
            raise Missing(f"langkah {sop_step.no}: 'rencana' belum diisi")
        rows.append(
            {
                "no": sop_step.no,
                "kegiatan": sop_step.activity,
                "pelaksana": ", ".join(src.sop.actors.get(a, a) for a in sop_step.actors),
                "waktu": sop_step.duration.label,
                "rencana": long_date(step.planned),
                "output": sop_step.output,
            }
        )
    day = src.step_date(doc.step) or src.event.start
    approved = src.step_date(doc.approval) or day
    total = budget["jumlah"]
    return {
        "judul": f"RENCANA KERJA KEGIATAN {src.event.name.upper()}",
        "rincian_kegiatan": _event_lines(src),
        "langkah": rows,
        "anggaran": [
            ("Sumber dana", budget["sumber"]),
            ("Nomor DPA", budget.get("nomor_dpa", "-")),
            ("Kegiatan", budget.get("kegiatan", "-")),
        ],
        "rincian": [
            {"no": i, "uraian": r["uraian"], "jumlah": money(r["jumlah"], **money_style)}
            for i, r in enumerate(budget.get("rincian", ()), 1)
        ],
        "jumlah": money(total, **money_style),
        "terbilang": money_in_words(total).capitalize(),
        "dated": place_date(src.office.city, day),
        "penyusun": person_signature(step_person(src, doc.step), "Penyusun,"),
        "penyetuju": document_signature(src, doc, approved),
    }


def _event_lines(src: Sources) -> list[tuple[str, str]]:
    event = src.event
    rows = [("Nama kegiatan", event.name)]
    if event.vocation:
        rows.append(("Kejuruan", event.vocation))
    rows += [("Tanggal pelaksanaan", date_range(event.start, event.end)), ("Tempat", event.place or "-")]
    if event.quota:
        rows.append(("Kuota peserta", f"{number_with_words(event.quota)} orang"))
    return rows


# --- Tanda terima / daftar pengiriman (step 6) ------------------------------------------


def tanda_terima(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    sent = src.need("pengiriman")
    number = src.optional("penomoran.undangan.nomor")
    rows = [
        {
            "no": i,
            "tujuan": s["tujuan"],
            "tanggal": long_date(record_date(s["tanggal"])),
            "cara": s["cara"],
            "penerima": s.get("penerima") or "-",
            "bukti": s.get("bukti") or "-",
        }
        for i, s in enumerate(sent, 1)
    ]
    return {
        "judul": "TANDA TERIMA DAN DAFTAR PENGIRIMAN SURAT UNDANGAN",
        "keterangan": [("Kegiatan", src.event.name), ("Surat", f"Nomor {number}" if number else "Surat Undangan")],
        "kiriman": rows,
        "dated": place_date(src.office.city, src.step_date(doc.step) or src.event.start),
        "ttd": person_signature(step_person(src, 6), "Petugas Pengirim,"),
    }


# --- Rekapitulasi calon peserta (step 7) -----------------------------------------------


def rekap_calon(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    replies = src.need("jawaban")
    rows, groups = [], []
    for i, reply in enumerate(replies, 1):
        count = Counter(c["jenis_kelamin"] for c in reply["calon"])
        letter = f"{reply.get('nomor', '-')}, {long_date(record_date(reply['tanggal']))}"
        rows.append(
            {
                "no": i,
                "wilayah": reply["dari"],
                "surat": letter,
                "l": count["L"],
                "p": count["P"],
                "jumlah": len(reply["calon"]),
            }
        )
        groups.append(
            {
                "wilayah": reply["dari"],
                "calon": [
                    {"no": j, "nama": c["nama"], "jk": SEX[c["jenis_kelamin"]]} for j, c in enumerate(reply["calon"], 1)
                ],
            }
        )
    answered = {r["dari"] for r in replies}
    invited = src.optional("surat.undangan.kepada", ())
    last = max(record_date(r["tanggal"]) for r in replies)
    running = not src.done(doc.step)
    return {
        "judul": f"REKAPITULASI CALON PESERTA {src.event.name.upper()}",
        "sementara": (
            f"Rekapitulasi sementara, keadaan sampai dengan {long_date(last)}: langkah {doc.step} masih berjalan."
            if running
            else ""
        ),
        "baris": rows,
        "kelompok": groups,
        "total": {k: sum(r[k] for r in rows) for k in ("l", "p", "jumlah")},
        "belum": [t["wilayah"] for t in invited if t["wilayah"] not in answered],
        "dated": place_date(src.office.city, last if running else (src.step_date(doc.step) or last)),
        "ttd": person_signature(step_person(src, doc.step), "Petugas,"),
    }


# --- Notulen rapat internal (step 8) ---------------------------------------------------


def notulen(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    meeting = src.need("rapat")
    step = src.holding("rapat")
    if step.start is None:
        raise Missing(f"langkah {step.no}: 'mulai' belum diisi")
    when = clock_range(step.start.time(), step.end.time() if step.end else None) if step.timed else "-"
    chair = src.person(src.need("rapat.pimpinan"), f"langkah {step.no}: 'rapat.pimpinan'")
    writer = src.person(src.need("rapat.notulis"), f"langkah {step.no}: 'rapat.notulis'")
    present = [_attendee(src, pid, f"langkah {step.no}: 'rapat.hadir'") for pid in meeting["hadir"]]
    present += [{"nama": o["nama"], "jabatan": o.get("instansi", "-")} for o in meeting.get("hadir_lain", ())]
    return {
        "judul": f"NOTULEN RAPAT INTERNAL PERSIAPAN {src.event.name.upper()}",
        "keterangan": [
            ("Hari/tanggal", weekday_date(step.start.date())),
            ("Waktu", when),
            ("Tempat", meeting["tempat"]),
            ("Pimpinan rapat", chair.name),
            ("Notulis", writer.name),
            ("Peserta rapat", f"{number_with_words(len(present))} orang (daftar hadir terlampir)"),
        ],
        "agenda": list(meeting.get("agenda", ())),
        "hasil": list(meeting["hasil"]),
        "hadir": [dict(p, no=i) for i, p in enumerate(present, 1)],
        "dated": place_date(src.office.city, step.start.date()),
        "ttd_pimpinan": person_signature(chair, "Pimpinan Rapat,"),
        "ttd_notulis": person_signature(writer, "Notulis,"),
    }


def _attendee(src: Sources, person_id: str, where: str) -> dict[str, str]:
    person = src.person(person_id, where)
    member = next((m for m in src.event.committee if m.person == person_id), None)
    return {"nama": person.name, "jabatan": f"{member.position} Panitia" if member else "-"}


# --- Daftar hadir peserta (step 9) -----------------------------------------------------


def daftar_hadir(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    if not src.event.participants:
        raise Missing("data kegiatan: 'peserta' belum diisi")
    days = [src.event.start + timedelta(days=i) for i in range((src.event.end - src.event.start).days + 1)]
    return {
        "judul": f"DAFTAR HADIR PESERTA {src.event.name.upper()}",
        "keterangan": [("Tanggal", date_range(src.event.start, src.event.end)), ("Tempat", src.event.place or "-")],
        "hari": [f"{d.day}/{d.month}" for d in days],
        "peserta": [
            {"no": i, "nama": p.name, "jk": p.sex, "asal": p.origin} for i, p in enumerate(src.event.participants, 1)
        ],
        "dated": place_date(src.office.city, src.event.end),
        "ttd": committee_chair(src),
    }


# --- Laporan pelaksanaan (step 10) -----------------------------------------------------


def laporan(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    report = src.need("laporan")
    day = record_date(report["tanggal"]) if report.get("tanggal") else (src.date_of("laporan") or src.event.end)
    run = src.optional("pelaksanaan", {})
    facts = []
    if run.get("hadir") is not None:
        facts.append(f"Peserta yang hadir: {number_with_words(run['hadir'])} orang.")
    if run.get("lulus") is not None:
        facts.append(f"Peserta yang dinyatakan lulus/kompeten: {number_with_words(run['lulus'])} orang.")
    return {
        "judul": f"PELAKSANAAN {src.event.name.upper()}",
        "nomor": report.get("nomor"),
        "umum": report["umum"],
        "maksud_tujuan": report["maksud_tujuan"],
        "ruang_lingkup": report["ruang_lingkup"],
        "dasar": list(report.get("dasar", ())),
        "kegiatan": report["kegiatan"],
        "materi": list(run.get("materi", ())),
        "fakta": facts,
        "hasil": report["hasil"],
        "simpulan": report["simpulan"],
        "saran": list(report.get("saran", ())),
        "penutup": report.get("penutup") or CLOSING,
        "dated": place_date(src.office.city, day),
        "ttd": committee_chair(src),
        "peserta": _by_origin(src.event.participants),
        "tanggal": long_date(day),
    }


def _by_origin(participants: tuple[Participant, ...]) -> list[dict[str, Any]]:
    groups: dict[str, list[Participant]] = {}
    for p in participants:
        groups.setdefault(p.origin, []).append(p)
    return [
        {
            "wilayah": origin,
            "jumlah": len(people),
            "peserta": [{"no": i, "nama": p.name, "jk": SEX[p.sex]} for i, p in enumerate(people, 1)],
        }
        for origin, people in groups.items()
    ]


# --- Documents an SOP names without a builder of their own -----------------------------


def generic(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    """The record's own values for a template the SOP names: the step's data, the event, the signer."""
    step = src.step(doc.step)
    for path in src.sop.step(doc.step).required:
        src.need(path)
    day = src.step_date(doc.step) or src.event.start
    return {
        "judul": f"{doc.title.upper()} {src.event.name.upper()}",
        "kegiatan": _event_lines(src),
        "data": step.data,
        "dated": place_date(src.office.city, day),
        "ttd": document_signature(src, doc, day)
        if doc.signer
        else person_signature(step_person(src, doc.step), "Petugas,"),
    }
