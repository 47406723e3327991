"""Context of the titled documents and forms: Rencana Kerja (step 1), tanda terima (6),
rekapitulasi calon (7), notulen (8), daftar hadir (9) and the Laporan (10)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from typing import Any

from generator.dates import clock_range, money
from generator.derive import Calendar
from generator.documents.common import (
    Missing,
    Signature,
    Sources,
    committee_chair,
    date_range,
    document_signature,
    long_date,
    money_in_words,
    number_with_words,
    outsider_signature,
    person_signature,
    place_date,
    record_date,
    signature,
    step_person,
    weekday_date,
)
from generator.documents.laporan import SEX
from generator.documents.laporan import laporan as laporan  # re-exported: the Laporan has its own module
from generator.documents.letters import enclosure
from generator.records.model import Duration, SopDocument

# --- Rencana Kerja Kegiatan (step 1) ---------------------------------------------------


def rencana_kerja(
    src: Sources, doc: SopDocument, key: str | None, draft: bool, *, money_style: dict[str, Any]
) -> dict[str, Any]:
    budget = src.need("anggaran")
    calendar = Calendar.of(src.office)
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
                "rencana": date_range(src.event.start, src.event.end)
                if sop_step.runs_schedule
                else _planned_span(calendar, step.planned, sop_step.duration),
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
        "penyetuju": _headed("Menyetujui,", document_signature(src, doc, approved)),
        "pemeriksa": _checked(src, doc, approved),
    }


def _planned_span(calendar: Calendar, start: Any, duration: Duration) -> str:
    """`9 s.d. 15 September 2025` for a step of several days (working days where the SOP says so)."""
    days = duration.value * (5 if duration.working else 7) if duration.unit == "minggu" else duration.value
    if duration.unit not in ("hari", "minggu") or days <= 1:
        return long_date(start)
    end, left = start, days - 1
    while left > 0:
        end += timedelta(days=1)
        if not duration.working or calendar.is_working_day(end):
            left -= 1
    return date_range(start, end)


def _headed(first: str, held: Signature) -> Signature:
    return replace(held, heading=(first, *held.heading))


def _checked(src: Sources, doc: SopDocument, day: Any) -> Signature | None:
    """`Diperiksa,` by the official whose paraf the plan carries (the Kepala Bidang)."""
    if doc.paraf is None:
        return None
    try:
        return _headed("Diperiksa,", signature(src, doc.paraf, day))
    except Missing:
        return None


def _event_lines(src: Sources) -> list[tuple[str, str]]:
    event = src.event
    rows = [("Nama kegiatan", event.name)]
    if event.data.get("kejuruan"):
        rows.append(("Kejuruan", str(event.data["kejuruan"])))
    rows += [("Tanggal pelaksanaan", date_range(event.start, event.end)), ("Tempat", event.data.get("tempat") or "-")]
    if event.quota:
        rows.append(("Kuota peserta", f"{number_with_words(event.quota)} orang"))
    return rows


# --- Tanda terima / daftar pengiriman (step 6) ------------------------------------------


def tanda_terima(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    sent = src.need("pengiriman")
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
        "keterangan": [("Kegiatan", src.event.name), ("Hal", str(src.optional("surat.undangan.hal", "-")))],
        "naskah": _sent_with(src, None),
        "kiriman": rows,
        "dated": place_date(src.office.city, src.step_date(doc.step) or src.event.start),
        "ttd": person_signature(step_person(src, doc.step), "Petugas Pengirim,"),
        "tanda_terima": [_receipt(src, s) for s in sent],
    }


def _sent_with(src: Sources, target: str | None) -> list[str]:
    """What went to each addressee: the Surat Pengantar (its own number when `target` is given)
    and every naskah it encloses, the undangan and the Salinan Keputusan among them."""
    items = src.optional("surat.pengantar.isi", ())
    if not items:
        number = _number(src, "undangan", target)
        return [f"Surat Undangan Nomor {number}" if number else "Surat Undangan"]
    cover = _number(src, "pengantar", target)
    found = [f"Surat Pengantar Nomor {cover}" if cover else "Surat Pengantar, bernomor sendiri untuk setiap tujuan"]
    for item in items:
        try:
            what = enclosure(src, item, target or "", False)
        except Missing:
            what = str(item["uraian"])
        found.append(f"{what} ({item['banyaknya']})")
    return found


def _number(src: Sources, kind: str, target: str | None) -> str | None:
    """A letter's number for one addressee (its own, or the one number of a letter with a list)."""
    numbers = {n["tujuan"]: n["nomor"] for n in src.optional(f"penomoran.{kind}.per_tujuan", ())}
    if numbers:
        return str(numbers[target]) if target in numbers else None
    found = src.optional(f"penomoran.{kind}.nomor")
    return str(found) if found else None


def _receipt(src: Sources, sent: Any) -> dict[str, Any]:
    """One receipt form per addressee: what was sent, and blanks the receiver fills in."""
    letter = src.sop.document("undangan")
    sender = src.role_name(letter.signer) if letter and letter.signer else src.office.name
    return {
        "baris": [("Telah diterima dari", sender), ("Untuk", sent["tujuan"])],
        "berupa": _sent_with(src, sent["tujuan"]),
        "isian": [("Nama penerima", "……………………………………"), ("Jabatan", "……………………………………")]
        + [("Tanggal diterima", "……………………………………"), ("Tanda tangan dan cap", "")],
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
    present += [_guest(o) for o in meeting.get("hadir_lain", ())]
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
        "agenda": list(meeting.get("agenda", ())) if meeting.get("pembahasan") else [],
        "pembukaan": meeting.get("pembukaan")
        or f"Rapat dibuka oleh {chair.name} selaku pimpinan rapat"
        + (f" pukul {clock_range(step.start.time(), None)}." if step.timed else "."),
        "pembahasan": list(meeting.get("pembahasan") or meeting.get("agenda", ())),
        "hasil": list(meeting["hasil"]),
        "hadir": [dict(p, no=i) for i, p in enumerate(present, 1)],
        "dated": place_date(src.office.city, step.start.date()),
        "ttd_pimpinan": person_signature(chair, "Pimpinan Rapat,"),
        "ttd_notulis": person_signature(writer, "Notulis,"),
    }


def _guest(guest: Any) -> dict[str, str]:
    """A guest's position under Jabatan; the institution goes beside the name, never replaces it."""
    where = guest.get("instansi")
    return {"nama": f"{guest['nama']} ({where})" if where else guest["nama"], "jabatan": guest.get("jabatan") or "-"}


def _attendee(src: Sources, person_id: str, where: str) -> dict[str, str]:
    person = src.person(person_id, where)
    member = next((m for m in src.event.committee if m.person == person_id), None)
    return {"nama": person.name, "jabatan": f"{member.position} Panitia" if member else "-"}


# --- Daftar hadir peserta (step 9) -----------------------------------------------------


def daftar_hadir(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    if not src.event.participants:
        raise Missing("data kegiatan: 'peserta' belum diisi")
    calendar = Calendar.of(src.office)
    span = (src.event.end - src.event.start).days + 1
    days = [d for d in (src.event.start + timedelta(days=i) for i in range(span)) if calendar.is_working_day(d)]
    signers = [*_instructors(src), committee_chair(src)]
    return {
        "judul": f"DAFTAR HADIR PESERTA {src.event.name.upper()}",
        "keterangan": [
            ("Tanggal", date_range(src.event.start, src.event.end)),
            ("Tempat", src.event.data.get("tempat") or "-"),
        ],
        "minggu": _weeks(days, src.office.city),
        "peserta": [
            {"no": i, "nama": p.name, "jk": p.sex, "asal": p.region} for i, p in enumerate(src.event.participants, 1)
        ],
        "dated": place_date(src.office.city, src.event.end),
        "ttd": signers[-1],
        "penanda_tangan": [
            [(None, s) for s in signers[i : i + SIGNERS_PER_ROW]] for i in range(0, len(signers), SIGNERS_PER_ROW)
        ],
    }


SIGNERS_PER_ROW = 3  # side by side under the attendance sheet


def _weeks(days: list[Any], city: str) -> list[dict[str, Any]]:
    """One sheet per calendar week, so that a long training's days never leave the page; a
    training within one week keeps one sheet without a heading. Each sheet of several is signed
    on its own last day (a sheet is filed for the week's payments on its own)."""
    weeks: dict[tuple[int, int], list[Any]] = {}
    for day in days:
        weeks.setdefault(day.isocalendar()[:2], []).append(day)
    many = len(weeks) > 1
    return [
        {
            "judul": f"Minggu ke-{i}: {date_range(week[0], week[-1])}" if many else "",
            "hari": [f"{d.day}/{d.month}" for d in week],
            "baru": many and i > 1,
            "dated": place_date(city, week[-1]) if many and i < len(weeks) else None,
        }
        for i, week in enumerate(weeks.values(), 1)
    ]


def _instructors(src: Sources) -> list[Signature]:
    """Every instructor signs the attendance beside the Ketua Panitia."""
    found = []
    for member in src.event.committee:
        if member.position.strip().lower().startswith("instruktur"):
            if member.person:
                found.append(person_signature(src.person(member.person, "data kegiatan: panitia"), "Instruktur,"))
            else:
                found.append(outsider_signature(member.name or "", "Instruktur,"))
    return found
