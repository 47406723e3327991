"""Context of the letters of SOP steps 4-5: Surat Undangan, Surat Pengantar, Keputusan.

Each builder returns a plain dict the template only places; a missing value raises
`Missing`. The letters are konsep until step 5 is done, then carry the recorded number.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from generator.documents.common import (
    Missing,
    Sources,
    date_range,
    document_signature,
    in_words,
    long_date,
    month_year,
    number_with_words,
    place_date,
    record_date,
    signer_role,
)
from generator.names import slug
from generator.records.model import SopDocument

BLANK = "…………"
ADDRESSEES = "surat.undangan.kepada"


def addressee_slugs(src: Sources, path: str = ADDRESSEES) -> list[tuple[str, Mapping[str, Any]]]:
    """Unique file-name slugs for the addressees (a second `Kota X` becomes `kota-x-2`)."""
    seen: dict[str, int] = {}
    result = []
    for item in src.need(path):
        base = slug(item["wilayah"], fallback="tujuan")
        seen[base] = seen.get(base, 0) + 1
        result.append((base if seen[base] == 1 else f"{base}-{seen[base]}", item))
    return result


# --- number and date -------------------------------------------------------------------


def letter_number(src: Sources, doc: SopDocument, draft: bool) -> tuple[str, date, str]:
    """(nomor, date, dated place line) of a letter: blank day and number while konsep."""
    if not draft:
        nomor = src.need(f"penomoran.{doc.id}.nomor")
        day = record_date(src.need(f"penomoran.{doc.id}.tanggal"))
        return nomor, day, place_date(src.office.city, day)
    recorded = src.optional(f"penomoran.{doc.id}.tanggal")
    day = (
        record_date(recorded)
        if recorded
        else (src.step_date(doc.approval) or src.step_date(doc.step) or src.event.start)
    )
    return BLANK, day, f"{src.office.city},        {month_year(day)}"


def _addressee(item: Mapping[str, Any]) -> dict[str, Any]:
    return {"jabatan": item["jabatan"], "di": item["di"], "up": item.get("up")}


# --- Surat Undangan --------------------------------------------------------------------


def undangan(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    letter = src.need("surat.undangan")
    src.need("surat.undangan.hal")
    targets = addressee_slugs(src, doc.addressees or ADDRESSEES)
    if not src.event.place:
        raise Missing("data kegiatan: 'tempat' belum diisi")
    nomor, day, dated = letter_number(src, doc, draft)
    per_target = letter.get("bentuk", "daftar") == "per_tujuan"
    chosen = next((item for s, item in targets if s == key), None) if per_target else None
    if per_target and chosen is None:
        raise Missing(f"tujuan '{key}' tidak ada di '{ADDRESSEES}'")
    quota = letter.get("kuota_per_tujuan")
    deadline = letter.get("batas_jawaban")
    attachment = letter.get("lampiran") or ("1 (satu) lembar" if not per_target else "-")
    return {
        "nomor": nomor,
        "dated": dated,
        "sifat": letter.get("sifat", "Biasa"),
        "lampiran": attachment,
        "hal": letter["hal"],
        "kepada": _addressee(chosen) if chosen else None,
        "isi": letter.get("isi") or _default_invitation(src),
        "rincian": _invitation_details(src, quota, deadline),
        "daftar": []
        if per_target
        else [
            {
                "no": i,
                "jabatan": item["jabatan"],
                "wilayah": item["wilayah"],
                "di": item["di"],
                "kuota": number_with_words(quota) + " orang" if quota else "-",
            }
            for i, (_, item) in enumerate(targets, 1)
        ],
        "tembusan": list(letter.get("tembusan", ())),
        "penutup": "Demikian disampaikan, atas perhatian dan kerja sama Saudara diucapkan terima kasih.",
        "ttd": document_signature(src, doc, day),
        "penanda": src.role_name(signer_role(doc)),
        "tanggal_lampiran": BLANK if draft else long_date(day),
    }


def _default_invitation(src: Sources) -> str:
    return (
        f"Sehubungan dengan akan dilaksanakannya {src.event.name}, bersama ini kami mengundang Saudara "
        "untuk mengirimkan calon peserta pelatihan dengan ketentuan sebagai berikut."
    )


def _invitation_details(src: Sources, quota: int | None, deadline: Any) -> list[tuple[str, str]]:
    event = src.event
    rows = [("Kegiatan", event.name), ("Tanggal", date_range(event.start, event.end)), ("Tempat", event.place or "-")]
    if quota:
        rows.append(("Jumlah calon peserta", f"{number_with_words(quota)} orang per kabupaten/kota"))
    if deadline:
        rows.append(("Batas pengiriman nama", long_date(record_date(deadline))))
    return rows


# --- Surat Pengantar -------------------------------------------------------------------


def pengantar(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    items = src.need("surat.pengantar.isi")
    chosen = next((item for s, item in addressee_slugs(src, doc.addressees or ADDRESSEES) if s == key), None)
    if chosen is None:
        raise Missing(f"tujuan '{key}' tidak ada di '{doc.addressees or ADDRESSEES}'")
    nomor, day, dated = letter_number(src, doc, draft)
    return {
        "nomor": nomor,
        "dated": dated,
        "kepada": _addressee(chosen),
        "isi": [
            {"no": i, "uraian": it["uraian"], "banyaknya": it["banyaknya"], "keterangan": it.get("keterangan", "")}
            for i, it in enumerate(items, 1)
        ],
        "ttd": document_signature(src, doc, day),
    }


# --- Keputusan -------------------------------------------------------------------------


def keputusan(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    decree = src.need("surat.keputusan")
    src.need("surat.keputusan.menimbang")
    src.need("surat.keputusan.mengingat")
    if not src.event.committee:
        raise Missing("data kegiatan: 'panitia' belum diisi")
    role = decree.get("penetap") or signer_role(doc)
    issuer = _issuer(src, role)
    nomor, day, _ = letter_number(src, doc, draft)
    about = decree["tentang"]
    diktum = [
        f"Membentuk Panitia {src.event.name} dengan susunan sebagaimana tercantum dalam Lampiran yang "
        "merupakan bagian tidak terpisahkan dari Keputusan ini."
    ]
    diktum += [text for text in (decree.get("tugas_panitia"), decree.get("pembebanan")) if text]
    diktum.append("Keputusan ini mulai berlaku pada tanggal ditetapkan.")
    return {
        "penetap": issuer.upper(),
        "nomor": nomor,
        "tentang": about.upper(),
        "menimbang": [(f"{chr(ord('a') + i)}.", text) for i, text in enumerate(decree["menimbang"])],
        "mengingat": [(f"{i}.", text) for i, text in enumerate(decree["mengingat"], 1)],
        "diktum": [(f"KE{in_words(i).upper()}" if i > 1 else "KESATU", text) for i, text in enumerate(diktum, 1)],
        "tempat": src.office.city,
        "tanggal": BLANK if draft else long_date(day),
        "ttd": document_signature(src, doc, day, role, heading=issuer),
        "panitia": _committee(src, day),
    }


def _issuer(src: Sources, role: str) -> str:
    """`Kepala Dinas ... Kota Pagar Alam`: the issuing office as a decree names it."""
    name = src.role_name(role)
    city = f"Kota {src.office.city}"
    return name if city.lower() in name.lower() else f"{name} {city}"


def _committee(src: Sources, day: date) -> list[dict[str, Any]]:
    rows = []
    for i, member in enumerate(src.event.committee, 1):
        if member.person:
            person = src.person(member.person, "data kegiatan: panitia")
            held = [t for t in person.terms if t.covers(day)]
            where = ", ".join(src.role_name(t.role) for t in held) or src.office.name
            rows.append(
                {
                    "no": i,
                    "nama": person.name,
                    "nip": f"NIP {person.nip}" if person.nip else None,
                    "jabatan": member.position,
                    "instansi": where,
                }
            )
        else:
            rows.append(
                {
                    "no": i,
                    "nama": member.name or "-",
                    "nip": None,
                    "jabatan": member.position,
                    "instansi": member.institution or "-",
                }
            )
    return rows
