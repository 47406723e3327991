"""Context of the letters of SOP steps 4-5: Surat Undangan, Surat Pengantar, Keputusan.

Each builder returns a plain dict the template only places; a missing value raises
`Missing`. The letters are konsep until step 5 is done, then carry the recorded number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from generator.documents.common import (
    Missing,
    Signature,
    Sources,
    addressee_slugs,
    date_range,
    document_signature,
    in_words,
    long_date,
    month_year,
    number_with_words,
    place_date,
    record_date,
    signature,
    signer_role,
    spaced_nip,
)
from generator.records.model import SopDocument

BLANK = "…………"
ADDRESSEES = "surat.undangan.kepada"


# --- number and date -------------------------------------------------------------------


def letter_number(src: Sources, doc: SopDocument, draft: bool, target: str | None = None) -> tuple[str, date, str]:
    """(nomor, date, dated place line) of a letter: blank day and number while konsep.
    A letter sent per addressee takes its own number from `penomoran.ID.per_tujuan`."""
    if not draft:
        nomor, day = recorded_number(src, doc.id, target)
        return nomor, day, place_date(src.office.city, day)
    recorded = src.optional(f"penomoran.{doc.id}.tanggal")
    day = (
        record_date(recorded)
        if recorded
        else (src.step_date(doc.approval) or src.step_date(doc.step) or src.event.start)
    )
    return BLANK, day, f"{src.office.city},        {month_year(day)}"


def recorded_number(src: Sources, kind: str, target: str | None = None) -> tuple[str, date]:
    """The number and date the record gives a signed letter (its own number when sent per addressee)."""
    day = record_date(src.need(f"penomoran.{kind}.tanggal"))
    numbers = src.optional(f"penomoran.{kind}.per_tujuan", ())
    if target is not None and numbers:
        found = next((n["nomor"] for n in numbers if n["tujuan"] == target), None)
        if found is None:
            raise Missing(f"nomor {kind} untuk {target} belum ada di 'penomoran.{kind}.per_tujuan'")
        return str(found), day
    return str(src.need(f"penomoran.{kind}.nomor")), day


def dated_line(src: Sources, day: date, draft: bool) -> dict[str, Any]:
    """The place and date over a letter; a konsep keeps a fixed blank for the day."""
    return {"tempat": src.office.city, "tanggal": month_year(day) if draft else long_date(day), "konsep": draft}


def letter_signature(
    src: Sources, doc: SopDocument, day: date, role: str | None = None, heading: str | None = None
) -> Signature:
    """The signer the record names (SRIKANDI puts the signature at `${ttd_pengirim}`)."""
    return replace(document_signature(src, doc, day, role, heading=heading), parameter="ttd_pengirim")


def _addressee(item: Mapping[str, Any]) -> dict[str, Any]:
    return {"jabatan": item["jabatan"], "di": item["di"], "up": item.get("up")}


def metadata(letter: Mapping[str, Any]) -> dict[str, str]:
    """Sifat and tingkat urgensi as SRIKANDI keeps them."""
    return {"sifat": letter.get("sifat", "Biasa"), "urgensi": letter.get("urgensi", "Biasa")}


# --- Surat Undangan --------------------------------------------------------------------


def undangan(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    letter = src.need("surat.undangan")
    src.need("surat.undangan.hal")
    targets = addressee_slugs(src, doc.addressees or ADDRESSEES)
    if not src.event.data.get("tempat"):
        raise Missing("data kegiatan: 'tempat' belum diisi")
    per_target = letter.get("bentuk", "daftar") == "per_tujuan"
    chosen = next((item for s, item in targets if s == key), None) if per_target else None
    if per_target and chosen is None:
        raise Missing(f"tujuan '{key}' tidak ada di '{ADDRESSEES}'")
    nomor, day, _ = letter_number(src, doc, draft, chosen["wilayah"] if chosen else None)
    quota = letter.get("kuota_per_tujuan")
    deadline = letter.get("batas_jawaban")
    daftar = [] if per_target else _addressee_rows(targets, quota)
    return {
        "nomor": nomor,
        "tanggal_surat": dated_line(src, day, draft),
        **metadata(letter),
        "lampiran": "1 (satu) lembar" if daftar else "-",
        "hal": letter["hal"],
        "kepada": _addressee(chosen) if chosen else None,
        "kepada_daftar": "Daftar Terlampir",
        "isi": letter.get("isi") or _default_invitation(src),
        "rincian": _invitation_details(src, quota, deadline),
        "persyaratan": list(letter.get("persyaratan") or src.office.letters.get("persyaratan_calon", ())),
        "paragraf": _invitation_steps(src, doc, letter, deadline),
        "daftar": daftar,
        "tembusan": list(letter.get("tembusan", ())),
        "penutup": "Demikian disampaikan, atas perhatian dan kerja sama Saudara diucapkan terima kasih.",
        "ttd": letter_signature(src, doc, day),
        "penanda": src.role_name(signer_role(doc)),
        "tanggal_lampiran": BLANK if draft else long_date(day),
    }


def _addressee_rows(targets: list[tuple[str, Mapping[str, Any]]], quota: int | None) -> list[dict[str, Any]]:
    return [
        {
            "no": i,
            "jabatan": item["jabatan"],
            "wilayah": item["wilayah"],
            "di": item["di"],
            "kuota": number_with_words(quota) + " orang" if quota else "-",
        }
        for i, (_, item) in enumerate(targets, 1)
    ]


def _default_invitation(src: Sources) -> str:
    return (
        f"Sehubungan dengan akan dilaksanakannya {src.event.name}, bersama ini kami mengundang Saudara "
        "untuk mengirimkan calon peserta pelatihan dengan ketentuan sebagai berikut."
    )


def _invitation_details(src: Sources, quota: int | None, deadline: Any) -> list[tuple[str, str]]:
    event = src.event
    rows = [
        ("Kegiatan", event.name),
        ("Tanggal", date_range(event.start, event.end)),
        ("Tempat", event.data.get("tempat") or "-"),
    ]
    if quota:
        rows.append(("Jumlah calon peserta", f"paling banyak {number_with_words(quota)} orang per kabupaten/kota"))
    if deadline:
        rows.append(("Batas pengiriman nama", long_date(record_date(deadline))))
    return rows


def _invitation_steps(src: Sources, doc: SopDocument, letter: Mapping[str, Any], deadline: Any) -> list[str]:
    """How and by when to send the names, and whom to ask (by name and position)."""
    how = letter.get("cara_jawaban") or f"surat jawaban yang ditujukan kepada {src.role_name(signer_role(doc))}"
    when = f" paling lambat tanggal {long_date(record_date(deadline))}" if deadline else ""
    steps = [f"Nama calon peserta beserta kelengkapan persyaratannya mohon disampaikan {_by_way_of(how)}{when}."]
    contact = letter.get("narahubung") or src.office.letters.get("narahubung")
    if contact:
        person = src.person(contact, "'surat.undangan.narahubung'")
        held = next((t for t in person.terms if t.covers(src.date_of("surat") or src.event.start)), None)
        position = f", {src.role_name(held.role)}" if held else ""
        steps.append(f"Informasi lebih lanjut dapat diperoleh melalui narahubung Sdr. {person.name}{position}.")
    return steps


def _by_way_of(how: str) -> str:
    """`melalui surat jawaban`, but `dengan surat jawaban melalui SRIKANDI`: one `melalui` a sentence."""
    how = " ".join(how.split()).rstrip(".")
    first = how.split(" ", 1)[0].lower()
    if first in ("melalui", "dengan", "lewat", "secara"):
        return how
    return f"dengan {how}" if "melalui" in how.lower().split() else f"melalui {how}"


# --- Surat Pengantar -------------------------------------------------------------------


def pengantar(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    items = src.need("surat.pengantar.isi")
    chosen = next((item for s, item in addressee_slugs(src, doc.addressees or ADDRESSEES) if s == key), None)
    if chosen is None:
        raise Missing(f"tujuan '{key}' tidak ada di '{doc.addressees or ADDRESSEES}'")
    nomor, day, _ = letter_number(src, doc, draft, chosen["wilayah"])
    return {
        "nomor": nomor,
        "tanggal_surat": dated_line(src, day, draft),
        **metadata(src.optional("surat.pengantar", {})),
        "kepada": _addressee(chosen),
        "isi": [
            {
                "no": i,
                "uraian": enclosure(src, it, chosen["wilayah"], draft),
                "banyaknya": it["banyaknya"],
                "keterangan": it.get("keterangan", ""),
            }
            for i, it in enumerate(items, 1)
        ],
        "ttd": letter_signature(src, doc, day),
    }


def enclosure(src: Sources, item: Mapping[str, Any], target: str, draft: bool) -> str:
    """An enclosure quoted with the nomor and tanggal the record gives it (`naskah: undangan`)."""
    kind = item.get("naskah")
    if not kind or draft:
        return str(item["uraian"])
    per_target = kind == "undangan" and src.optional("surat.undangan.bentuk") == "per_tujuan"
    nomor, day = recorded_number(src, kind, target if per_target else None)
    return f"{item['uraian']} Nomor {nomor} tanggal {long_date(day)}"


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
        "menimbang": [(f"{chr(ord('a') + i)}.", text) for i, text in enumerate(considerations(src, decree, issuer))],
        "mengingat": [(f"{i}.", text) for i, text in enumerate(decree["mengingat"], 1)],
        "diktum": [(f"KE{in_words(i).upper()}" if i > 1 else "KESATU", text) for i, text in enumerate(diktum, 1)],
        "tempat": src.office.city,
        "tanggal": BLANK if draft else long_date(day),
        "ttd": letter_signature(src, doc, day, role, heading=issuer),
        "panitia": _committee(src, day),
        "salinan_kepada": list(decree.get("salinan") or src.office.letters.get("salinan_keputusan", ())),
        "salinan": False,
        "pengesah": None,
    }


def salinan(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    """The SALINAN the Surat Pengantar sends: the signed Keputusan with `ttd.` for the signature
    and "Salinan sesuai dengan aslinya" certified by the office's administration official."""
    decree = src.sop.document("keputusan")
    if decree is None:
        raise Missing(f"SOP '{src.sop.id}' tidak punya dokumen 'keputusan'")
    if decree.approval is not None and not src.done(decree.approval):
        raise Missing(f"langkah {decree.approval}: salinan dibuat setelah Keputusan ditandatangani")
    body = keputusan(src, decree, key, False)
    role = str(src.office.letters.get("pengesah_salinan", "sekretaris"))
    day = record_date(src.need("penomoran.keputusan.tanggal"))
    return {**body, "salinan": True, "ttd": replace(body["ttd"], parameter=None), "pengesah": signature(src, role, day)}


CLOSING_CONSIDERATION = "bahwa berdasarkan pertimbangan sebagaimana dimaksud"


def considerations(src: Sources, decree: Mapping[str, Any], issuer: str) -> list[str]:
    """The record's considerations, closed by the generated `bahwa berdasarkan pertimbangan
    sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Keputusan ... tentang ...;`."""
    items = [str(text) for text in decree["menimbang"] if not str(text).startswith(CLOSING_CONSIDERATION)]
    letters = [f"huruf {chr(ord('a') + i)}" for i in range(len(items))]
    cited = letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + f" dan {letters[-1]}"
    closing = f"{CLOSING_CONSIDERATION} dalam {cited}, perlu menetapkan Keputusan {issuer} tentang {decree['tentang']};"
    return [*items, closing]


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
                    "nip": f"NIP {spaced_nip(person.nip)}" if person.nip else None,
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
