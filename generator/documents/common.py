"""Shared pieces of every document: the sources a builder reads, the "missing data"
signal, the kop surat, signature blocks and paraf boxes.

Builders never print half a document: the first missing value raises `Missing` with an
Indonesian reason that names the step and the field.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.dates import (  # noqa: F401  (re-exported: the builders import them from here)
    date_range,
    in_words,
    long_date,
    money_in_words,
    month_year,
    number_with_words,
    place_date,
    weekday_date,
)
from generator.derive import signing_capacity
from generator.names import file_slug
from generator.records.attachments import LOGO_KINDS
from generator.records.images import ImageRefused, published_bytes
from generator.records.kinds import ADDRESSEE, COMMITTEE, REGION
from generator.records.model import Event, Office, Person, Sop, SopDocument, StepRecord, Term, parse_date

LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


_MAPPINGS = (MappingProxyType, dict)
EMPTY: tuple[Any, ...] = (None, "", (), {})  # a value that is not filled in


class Missing(Exception):
    """Raised by a builder when a value the document needs is not in the records."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Sources:
    """Everything a document builder may read: one event, its SOP and the office."""

    root: Path
    event: Event
    sop: Sop
    office: Office

    def step(self, no: int) -> StepRecord:
        step = self.event.step(no)
        if step is None:
            raise Missing(f"langkah {no}: blok langkah ini belum ada di berkas kegiatan")
        return step

    def holding(self, path: str) -> StepRecord:
        """The record's block of the step the SOP says holds a field (`rapat` -> the meeting)."""
        spec = self.sop.holding(path)
        if spec is None:
            raise Missing(f"SOP '{self.sop.id}' tidak punya langkah yang memuat '{path.split('.')[0]}'")
        return self.step(spec.no)

    def done(self, no: int) -> bool:
        step = self.event.step(no)
        return step is not None and step.done

    def need(self, path: str) -> Any:
        """The value at a dotted path of the step holding it, or Missing naming both."""
        step = self.holding(path)
        value: Any = step.data
        keys = path.split(".")
        for depth, key in enumerate(keys, 1):
            # the record's mappings are read-only dicts: their type first (an ABC check is slower)
            if not (type(value) in _MAPPINGS or isinstance(value, Mapping)) or value.get(key) in EMPTY:
                shown = keys[: max(depth, 2)]  # `penomoran.undangan`, even when all of `penomoran` is missing
                raise Missing(f"langkah {step.no}: '{'.'.join(shown)}' belum diisi")
            value = value[key]
        return value

    def optional(self, path: str, default: Any = None) -> Any:
        try:
            return self.need(path)
        except Missing:
            return default

    def step_date(self, no: int | None) -> date | None:
        """The day a step was finished, else started, else planned."""
        step = self.event.step(no) if no is not None else None
        if step is None:
            return None
        moment = step.end or step.start
        return moment.date() if moment else step.planned

    def date_of(self, path: str) -> date | None:
        """step_date() of the step holding a field."""
        spec = self.sop.holding(path)
        return self.step_date(spec.no) if spec else None

    def approval_field(self, doc: SopDocument, role: str | None) -> str | None:
        """The approving step's person field for `role` (`tanda_tangan.oleh` for the signer)."""
        if doc.approval is None or role is None:
            return None
        fields = self.sop.step(doc.approval).field_roles
        return next((path for path, held in fields.items() if held == role), None)

    def recorded_signer(self, doc: SopDocument) -> str | None:
        """Who the record says signed: the approving step's signer field, else who did that step."""
        path = self.approval_field(doc, doc.signer)
        if path:
            return self.optional(path)
        step = self.event.step(doc.approval) if doc.approval else None
        return step.by if step else None

    def person(self, person_id: str, where: str) -> Person:
        person = self.office.people.get(person_id)
        if person is None:
            raise Missing(f"{where}: orang '{person_id}' tidak ada di records/kantor.yaml")
        return person

    def role_name(self, role: str) -> str:
        found = self.office.roles.get(role)
        if found is None:
            raise Missing(f"records/kantor.yaml: jabatan '{role}' tidak ada")
        return found.name


def addressee_slugs(src: Sources, path: str) -> list[tuple[str, Mapping[str, Any]]]:
    """Unique file-name slugs for the addressees at `path`, by their region (the list's field of
    kind `wilayah`): a second `Kota X` becomes `kota-x-2`, a third region literally called
    `Kota X 2` then `kota-x-2-2`: no letter overwrites another."""
    region = next((k.path.rpartition(".")[2] for k in src.sop.of_kind(REGION) if k.path.rpartition(".")[0] == path), "")
    used: set[str] = set()
    result = []
    for item in src.need(path):
        base = name = _region_slug(str(item.get(region) or ""))
        count = 1
        while name in used:
            count += 1
            name = f"{base}-{count}"
        used.add(name)
        result.append((name, item))
    return result


@lru_cache(maxsize=1024)
def _region_slug(region: str) -> str:
    """file_slug() of a region, kept: every document listed or built asks for every addressee's."""
    return file_slug(region, fallback=ADDRESSEE)


def record_date(text: Any) -> date:
    return text if isinstance(text, date) else parse_date(str(text))


# --- kop surat -------------------------------------------------------------------------


@dataclass(frozen=True)
class Kop:
    lines: tuple[str, ...]
    contact: str
    logo: str | None  # data: URI, so the page needs nothing else


def kop(src: Sources) -> Kop:
    head = src.office.letterhead
    parts = [head.address]
    if not head.address.rstrip(". ").lower().endswith(src.office.city.lower()):
        parts.append(src.office.city)  # the address names the city
    for label, value in (("Telepon", head.phone), ("Kode Pos", head.postcode)):
        if value:
            parts.append(f"{label} {value}")
    line2 = [f"{label} {value}" for label, value in (("Surel", head.email), ("Laman", head.website)) if value]
    contact = ", ".join(parts) + ("\n" + ", ".join(line2) if line2 else "")
    return Kop(tuple(line.upper() for line in head.lines), contact, inline_logo(src.root, head.logo))


def inline_logo(root: Path, logo: str | None) -> str | None:
    """The logo as a data: URI; a missing, unreadable or outside file prints the kop without it."""
    if not logo:
        return None
    path = root / logo
    try:
        stamp = path.stat()
    except OSError:
        return None
    # Every document of every event has the kop: read the file once per version of it.
    return _logo_uri(str(root), logo, stamp.st_mtime_ns, stamp.st_size)


@lru_cache(maxsize=16)
def _logo_uri(root_text: str, logo: str, mtime_ns: int, size: int) -> str | None:
    root = Path(root_text)
    path = (root / logo).resolve()
    kind = LOGO_TYPES.get(path.suffix.lower()) if path.is_relative_to(root.resolve()) else None
    try:  # the checked parse of an SVG, an image without its metadata
        data = published_bytes(path, LOGO_KINDS[path.suffix.lower()]) if kind else None
    except (OSError, ImageRefused):
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}" if data else None


# --- signature blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    heading: tuple[str, ...]  # e.g. ("a.n. KEPALA DINAS ...,", "SEKRETARIS,")
    name: str
    rank: str | None  # `Pembina Utama Muda (IV/c)`
    nip: str | None  # `NIP 19690512 199403 1 003`
    parameter: str | None = None  # SRIKANDI's `${…}` for the signature, in the Word file


def signature(
    src: Sources,
    role: str,
    day: date,
    person_id: str | None = None,
    heading: str | None = None,
    recorded_at: str | None = None,
) -> Signature:
    """The signature block of `role` on `day`: the person the record names (at `recorded_at`,
    e.g. `langkah 5 'tanda_tangan.oleh'`) when they held the role (or one below it, with
    a.n./u.b.) on that day, else whoever held the role then."""
    top = (heading or src.role_name(role)).upper()
    person = src.office.people.get(person_id) if person_id else None
    if person is not None:
        capacity = signing_capacity(src.office, person, role, day)
        if capacity is None:
            where = f" (periksa {recorded_at})" if recorded_at else ""
            raise Missing(
                f"{person.name} tidak menjabat {src.role_name(role)} pada {long_date(day)}; "
                f"penanda tangan tidak diganti diam-diam{where}"
            )
        term, chain = capacity
        if not chain:
            return _block((_acting(term) + top + ",",), person)
        return _block(_delegated(src, top, chain, term), person)
    held = standing_in(src, role, day)
    if held is None:
        raise Missing(f"records/kantor.yaml: tidak ada yang menjabat {src.role_name(role)} pada {long_date(day)}")
    return _block((_acting(held[1]) + top + ",",), held[0])


def standing_in(src: Sources, role: str, day: date) -> tuple[Person, Term] | None:
    """Who acts for `role` on `day`: a Plh./Plt. in office that day (the definitive holder is away
    while one is appointed), else the holder."""
    holders = src.office.holders(role, day)
    acting = [held for held in holders if held[1].acting]
    chosen = acting or holders
    return chosen[0] if chosen else None


def person_signature(person: Person, heading: str) -> Signature:
    """A signature under a plain heading (`Ketua Panitia,`), not an office of the hierarchy."""
    return _block((heading,), person)


def outsider_signature(name: str, heading: str) -> Signature:
    return Signature((heading,), name, None, None)


def _acting(term: Term) -> str:
    return f"{term.acting} " if term.acting else ""


def _delegated(src: Sources, top: str, chain: list[str], term: Term) -> tuple[str, ...]:
    own = _acting(term) + src.role_name(chain[0]).upper() + ","
    if len(chain) == 1:
        return (f"a.n. {top},", own)
    return (f"a.n. {top},", src.role_name(chain[1]).upper() + ",", "u.b.", own)


def _block(heading: tuple[str, ...], person: Person) -> Signature:
    rank = None
    if person.rank:
        rank = f"{person.rank} ({person.grade})" if person.grade else person.rank
    return Signature(heading, person.name, rank, f"NIP {spaced_nip(person.nip)}" if person.nip else None)


def spaced_nip(nip: str) -> str:
    """`19690512 199403 1 003`: birth date, appointment month, sex, serial, as printed on letters."""
    digits = nip.replace(" ", "")
    if len(digits) != 18 or not digits.isdigit():
        return nip
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def signer_role(doc: SopDocument) -> str:
    if doc.signer is None:
        raise Missing(f"SOP: dokumen '{doc.id}' belum menyebut 'penandatangan'")
    return doc.signer


def document_signature(
    src: Sources, doc: SopDocument, day: date, role: str | None = None, heading: str | None = None
) -> Signature:
    """The signature block of the official the SOP names as the document's signer, on `day`."""
    field = src.approval_field(doc, doc.signer)
    where = f"langkah {doc.approval} '{field}'" if field else None
    return signature(src, role or signer_role(doc), day, src.recorded_signer(doc), heading=heading, recorded_at=where)


# --- konsep ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParafBox:
    role: str  # the office, as printed in the box
    name: str
    done: str | None  # when the paraf is already recorded: `1 Februari 2024`


def paraf_boxes(src: Sources, doc: SopDocument, day: date) -> tuple[ParafBox, ...]:
    """The konsep's paraf hierarchy: the drafter, then the official the SOP names for the paraf."""
    boxes: list[ParafBox] = []
    drafter = src.event.step(doc.step)
    if drafter and drafter.by and (person := src.office.people.get(drafter.by)):
        boxes.append(ParafBox("Pengonsep", person.name, None))
    head = paraf_holder(src, doc, day) if doc.paraf else None
    if head and doc.paraf:
        field = src.approval_field(doc, doc.paraf)
        done = src.optional(field.rsplit(".", 1)[0] + ".waktu") if field else None
        label = _acting(head[1]) + src.role_name(doc.paraf)
        boxes.append(ParafBox(label, head[0].name, long_date(record_date(str(done)[:10])) if done else None))
    return tuple(boxes)


def paraf_holder(src: Sources, doc: SopDocument, day: date) -> tuple[Person, Term] | None:
    """Who initials: the one the record names, else a Plh./Plt. in office that day (the
    definitive holder is away while one is appointed), else the holder."""
    role = doc.paraf or ""
    field = src.approval_field(doc, role)
    recorded = src.office.people.get(str(src.optional(field, "") if field else ""))
    if recorded and (term := recorded.term(role, day)):
        return recorded, term
    return standing_in(src, role, day)


def committee_chair(src: Sources) -> Signature:
    """The Ketua Panitia's signature, for the forms and the report the committee makes."""
    for member in src.event.committee:
        if member.position.strip().lower() == "ketua":
            if member.person:
                return person_signature(src.person(member.person, "data kegiatan: panitia"), "Ketua Panitia,")
            return outsider_signature(member.name or "", "Ketua Panitia,")
    committee = src.sop.event_field(COMMITTEE) or COMMITTEE
    raise Missing(f"data kegiatan: '{committee}' belum memuat anggota dengan jabatan Ketua")


def step_person(src: Sources, no: int) -> Person:
    step = src.step(no)
    if not step.by:
        raise Missing(f"langkah {no}: 'oleh' belum diisi")
    return src.person(step.by, f"langkah {no}: 'oleh'")
