"""What the office record means: NIPs, office hours, roles and periods in office."""

from __future__ import annotations

import ipaddress
from datetime import date
from urllib.parse import urlsplit

from generator.dates import long_date
from generator.problem import Problem
from generator.records.checks import Report
from generator.records.model import Office, Sop
from generator.records.schema_check import did_you_mean


def nip_problem(nip: str) -> str | None:
    """Why an 18-digit NIP is not well formed, or None."""
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return f"tanggal lahir di NIP ({nip[6:8]}-{nip[4:6]}-{nip[0:4]}) tidak ada di kalender"
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        return f"bulan pengangkatan di NIP ({nip[12:14]}) tidak sah"
    if year < born.year + 15:
        return f"tahun pengangkatan di NIP ({year}) terlalu dekat dengan tahun lahir ({born.year})"
    if nip[14] not in "12":
        return f"digit jenis kelamin di NIP ({nip[14]}) harus 1 (laki-laki) atau 2 (perempuan)"
    return None


def check_office(office: Office, sops: list[Sop], rel: str) -> list[Problem]:
    report = Report(rel)
    check_editor_addresses(office, report)
    opens, closes = office.hours
    if closes <= opens:
        report.add(
            office.source.where("jam_kerja", "selesai"),
            f"jam kerja selesai ({closes:%H.%M}) tidak setelah jam mulai ({opens:%H.%M})",
            'waktu kerja dihitung dari jam kerja; tulis misalnya {mulai: "07.30", selesai: "16.00"}',
            code="jam-kerja",
        )
    for person in office.people.values():
        if person.nip and (why := nip_problem(person.nip)):
            report.add(
                person.source.where("nip"),
                f"NIP {person.name} tidak sah: {why}",
                "salin ulang NIP dari SK atau kartu pegawai",
                code="nip",
            )
        for i, term in enumerate(person.terms):
            where = person.source.where("menjabat", i)
            if term.role not in office.roles:
                report.add(
                    where,
                    f"jabatan '{term.role}' tidak ada di daftar 'jabatan'",
                    did_you_mean(term.role, list(office.roles)),
                    code="jabatan-tidak-dikenal",
                )
            if term.end and term.end < term.start:
                report.add(where, f"masa jabatan {person.name} berakhir sebelum dimulai", code="masa-jabatan")
    for role in office.roles.values():
        if role.superior and role.superior not in office.roles:
            report.add(
                office.source.where("jabatan"),
                f"atasan '{role.superior}' dari '{role.id}' tidak ada",
                code="jabatan-tidak-dikenal",
            )
    check_overlapping_terms(office, report)
    check_editor_origin(office, report)
    for sop in sops:
        roles = [a for a in sop.actors if a not in sop.committee_actors]
        roles += [r for d in sop.documents for r in (d.signer, d.paraf) if r]
        for role_id in dict.fromkeys(roles):
            if role_id not in office.roles:
                report.add(
                    office.source.where("jabatan"),
                    f"jabatan '{role_id}' yang dipakai SOP '{sop.id}' tidak ada di daftar 'jabatan'",
                    f"tambahkan jabatan dengan id '{role_id}'",
                    code="jabatan-tidak-dikenal",
                )
    if not office.letters.get("templat_docx"):
        return report.problems  # no Word template: their checker (zip and XML readers) is not even loaded
    from generator.records.word_templates import check_word_templates

    return report.problems + check_word_templates(office, sops, rel)


def check_editor_origin(office: Office, report: Report) -> None:
    """The form editor needs an origin of its own: its pages keep staff's Git tokens, which any
    page of the same origin (scheme, host name and port) can read."""
    block = office.source.loaded.data.get("penyunting") or {}
    own = block.get("alamat_formulir")
    if not own:
        return
    for key, what in (("alamat_portal", "portal"), ("alamat", "host Git")):
        other = block.get(key)
        if other and _origin(other) == _origin(own):
            report.add(
                office.source.where("penyunting", "alamat_formulir"),
                f"alamat formulir {_origin(own)} sama dengan alamat {what}: "
                f"halaman {what} dapat membaca token Git staf",
                "sajikan folder site/ubah/ di host atau port lain, misalnya https://formulir.kantor.example/ "
                "(panduan Keamanan formulir)",
                code="alamat-formulir",
            )


def _origin(address: str) -> str:
    parts = urlsplit(address)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def check_overlapping_terms(office: Office, report: Report) -> None:
    """Two definitive holders of a single-holder office at once is a typing mistake."""
    for role in office.roles:
        if office.roles[role].many:
            continue
        terms = sorted(
            (
                (t.start, t.end or date.max, p)
                for p in office.people.values()
                for t in p.terms
                if t.role == role and t.acting is None
            ),
            key=lambda term: term[:2],
        )
        for (_, e1, p1), (s2, _, p2) in zip(terms, terms[1:], strict=False):
            if s2 <= e1:
                report.add(
                    p2.source.where("menjabat"),
                    f"{p2.name} dan {p1.name} sama-sama tercatat sebagai "
                    f"{office.roles[role].name} definitif pada {long_date(s2)}",
                    "isi 'sampai' pada masa jabatan yang lama, atau tandai 'sebagai: Plt.'/'Plh.'",
                    code="masa-jabatan",
                )


# The form editor's addresses (kantor.yaml `penyunting`): staff's Git tokens and every record they
# edit travel to and from them, so each one is https, but on this computer itself (local mode).
EDITOR_ADDRESSES = {
    "alamat": "host Git",
    "pembantu_oauth": "pembantu OAuth",
    "alamat_formulir": "formulir",
    "alamat_portal": "portal",
}


def check_editor_addresses(office: Office, report: Report) -> None:
    block = office.source.loaded.data.get("penyunting") or {}
    for key, what in EDITOR_ADDRESSES.items():
        address = block.get(key)
        if isinstance(address, str) and not secure(address):
            report.add(
                office.source.where("penyunting", key),
                f"alamat {what} '{address}' tidak memakai https://: token Git staf dan isi catatan "
                "terkirim tanpa enkripsi dan dapat diubah di jalan",
                "pakai https://...; http:// hanya untuk uji coba di komputer ini (127.0.0.1 atau localhost)",
                code="alamat-tidak-aman",
            )


def secure(address: str) -> bool:
    """https, or any scheme on this computer's own loopback address (local mode)."""
    parts = urlsplit(address)
    if parts.scheme.lower() == "https":
        return True
    host = (parts.hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
