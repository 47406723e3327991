"""Context of the Laporan Pelaksanaan Pelatihan (SOP step 10): the report's sections, the
committee's Keputusan quoted from step 5, realisasi against the plan, results per participant."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.dates import money
from generator.documents.common import (
    Missing,
    Signature,
    Sources,
    committee_chair,
    long_date,
    number_with_words,
    place_date,
    record_date,
    signature,
    weekday_date,
)
from generator.records.model import Participant, SopDocument

SEX = {"L": "Laki-laki", "P": "Perempuan"}
CLOSING = "Demikian laporan ini dibuat untuk dapat dipergunakan sebagaimana mestinya."


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
    not_yet = list(run.get("belum_kompeten", ()))
    if not_yet:
        facts.append(f"Peserta yang dinyatakan belum kompeten: {', '.join(not_yet)}.")
    return {
        "judul": f"PELAKSANAAN {src.event.name.upper()}",
        "nomor": report.get("nomor"),
        "umum": report["umum"],
        "maksud_tujuan": report["maksud_tujuan"],
        "ruang_lingkup": report["ruang_lingkup"],
        "dasar": _grounds(src, report),
        "kegiatan": report["kegiatan"],
        "materi": list(run.get("materi", ())),
        "fakta": facts,
        "hasil": report["hasil"],
        "anggaran": _spending(src, report),
        "kehadiran": [
            {"tanggal": weekday_date(record_date(d["tanggal"])), "hadir": d["hadir"]} for d in run.get("kehadiran", ())
        ],
        "jumlah_peserta": len(src.event.participants),
        "dokumentasi": list(report.get("dokumentasi", ())),
        "tindak_lanjut": list(report.get("tindak_lanjut", ())),
        "simpulan": report["simpulan"],
        "saran": list(report.get("saran", ())),
        "penutup": report.get("penutup") or CLOSING,
        "dated": place_date(src.office.city, day),
        "tempat": src.office.city,  # `dated` again, with the date marked for SRIKANDI's ${tanggal_naskah}
        "ttd": replace(committee_chair(src), parameter="ttd_pengirim"),  # SRIKANDI signs the Ketua's place
        "mengetahui": _acknowledged(src, doc, day),
        "peserta": _by_origin(src.event.participants, set(not_yet) if "belum_kompeten" in run else None),
        "tanggal": long_date(day),
    }


def _spending(src: Sources, report: Any) -> list[dict[str, Any]]:
    """Realisasi against the plan of step 1, line by line, with the remainder."""
    spent = {str(r["uraian"]): int(r["jumlah"]) for r in report.get("realisasi", ())}
    if not spent:
        return []
    plan = src.optional("anggaran.rincian", ())
    rows, totals = [], [0, 0]
    for i, line in enumerate(plan, 1):
        planned, used = int(line["jumlah"]), spent.get(str(line["uraian"]), 0)
        totals = [totals[0] + planned, totals[1] + used]
        rows.append(_money_row(i, str(line["uraian"]), planned, used))
    return [*rows, {**_money_row("", "Jumlah", *totals), "tebal": True}]


def _money_row(no: Any, what: str, planned: int, used: int) -> dict[str, Any]:
    return {
        "no": f"{no}." if no else "",
        "uraian": what,
        "rencana": money(planned),
        "realisasi": money(used),
        "sisa": money(planned - used),
        "tebal": False,
    }


def _grounds(src: Sources, report: Any) -> list[str]:
    """The record's grounds, then the committee's Keputusan quoted from step 5 (never free text)."""
    grounds = [str(text) for text in report.get("dasar", ())]
    number = src.optional("penomoran.keputusan.nomor")
    day = src.optional("penomoran.keputusan.tanggal")
    about = src.optional("surat.keputusan.tentang")
    if number and day and about:
        dated = long_date(record_date(day))
        grounds.append(f"Keputusan {issuer_name(src)} Nomor {number} tanggal {dated} tentang {about}.")
    return grounds


def issuer_name(src: Sources) -> str:
    decree = src.sop.document("keputusan")
    role = src.optional("surat.keputusan.penetap") or (decree.signer if decree and decree.signer else "kepala_dinas")
    name = src.role_name(role)
    return name if src.office.city.lower() in name.lower() else f"{name} Kota {src.office.city}"


def _acknowledged(src: Sources, doc: SopDocument, day: Any) -> Signature | None:
    """`Mengetahui,` the official whose paraf the report carries (the Kepala Bidang), beside the Ketua Panitia."""
    if doc.paraf is None:
        return None
    try:
        held = signature(src, doc.paraf, day)
    except Missing:
        return None
    return replace(held, heading=("Mengetahui,", *held.heading))


def _by_origin(participants: tuple[Participant, ...], not_yet: set[str] | None = None) -> list[dict[str, Any]]:
    groups: dict[str, list[Participant]] = {}
    for p in participants:
        groups.setdefault(p.region, []).append(p)
    return [
        {
            "wilayah": origin,
            "jumlah": len(people),
            "peserta": [
                {
                    "no": i,
                    "nama": p.name,
                    "jk": SEX[p.sex],
                    "hasil": "" if not_yet is None else "Belum kompeten" if p.name in not_yet else "Kompeten",
                }
                for i, p in enumerate(people, 1)
            ],
        }
        for origin, people in groups.items()
    ]
