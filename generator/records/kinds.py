"""Field kinds: what a field of an SOP *is*, so that generic code never names a field.

An SOP file declares each field's JSON Schema; a node that plays a part the generic code must
know carries `jenis: <kind>` and the kind's parameters beside it (`peran`, `dokumen`, ...).
Validation, the portal, the form and the review summary then ask "which fields are letters?"
or "which field signs this letter?" and find `penomoran.undangan` or `pengesahan` alike.

A kind's own structure (a letter's `nomor` and `tanggal`, a signature's `oleh` and `waktu`) is
the kind's vocabulary, named here once; everything else about a field is the SOP's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

# The structure keys of each kind (the only field names generic code may use).
NUMBER, DATE, PER_ADDRESSEE, ADDRESSEE = "nomor", "tanggal", "per_tujuan", "tujuan"
BY, AT = "oleh", "waktu"
NAME, SEX, POSITION, PERSON, INSTITUTION = "nama", "jenis_kelamin", "jabatan", "orang", "instansi"
TOTAL, LINES, ITEM = "jumlah", "rincian", "uraian"
BODY, ENACTED_BY = "isi", "penetap"  # a draft letter's text, and the role that enacts (a Keputusan)
START, END = "mulai", "selesai"  # a span's two moments (the schedule's and every step's too)
DATE_FORMATS = ("date", "tanggal-waktu")  # the JSON Schema formats of a date, and of a date with a time

# The kinds' names, as an SOP writes them after `jenis:`.
PERSON_FIELD, REGION, FILE = "orang", "wilayah", "berkas"
PEOPLE, COMMITTEE, QUOTA, PARTICIPANT_NAME = "peserta", "panitia", "kuota", "nama_peserta"
BUDGET, SPENDING = "anggaran", "realisasi"
LETTER, DRAFT, SIGNATURE, INITIALS = "surat", "konsep", "tanda_tangan", "paraf"
SENDING, REPLY = "pengiriman", "jawaban"
GROUNDS, LAWS, REFERENCES = "pertimbangan", "dasar_hukum", "rujukan"
SPAN = "rentang"  # a start and an end; the skeleton's schedule and step blocks are spans too
# Fields that belong to the draft (or letter) they sit in: a reply deadline, an archive code, a
# quota per addressee, and an enclosure (naming another document of the SOP).
DEADLINE, CLASSIFICATION, REGION_QUOTA, ENCLOSURE = (
    "batas_waktu",
    "kode_klasifikasi",
    "kuota_wilayah",
    "naskah_terlampir",
)
COUNT, EVENT_DAY, PERSON_NAME = "jumlah_peserta", "hari_kegiatan", "nama_orang"
# Their parameters.
ROLE, DOCUMENT, SIGNED_BY, CALLED, SENT, PLAN = "peran", "dokumen", "ditandatangani", "disebut", "surat", "rencana"
GROUP, LISTED_IN, FORMS = "kelompok", "tercantum_di", "membentuk"


@dataclass(frozen=True)
class Kind:
    about: str  # what such a field is, in Indonesian, for messages about the SOP file
    types: tuple[str, ...]  # JSON types the annotated node may have
    needs: tuple[str, ...] = ()  # properties the node (or each of its items) must declare
    params: tuple[str, ...] = ()  # parameters it may carry beside `jenis`
    required: tuple[str, ...] = ()  # parameters it must carry


KINDS: Mapping[str, Kind] = {
    PERSON_FIELD: Kind("id orang dari data kantor", ("string",), params=(ROLE, LISTED_IN)),
    REGION: Kind("Kabupaten/Kota dari daftar wilayah kantor", ("string",)),
    FILE: Kind("jalur berkas lampiran di repositori (atau keterangan buktinya)", ("string",)),
    PEOPLE: Kind("daftar orang pribadi (peserta, calon peserta)", ("array",), needs=(NAME, SEX)),
    COMMITTEE: Kind("susunan panitia kegiatan", ("array",), needs=(POSITION, PERSON, NAME, INSTITUTION)),
    QUOTA: Kind("jumlah peserta yang direncanakan", ("integer",)),
    PARTICIPANT_NAME: Kind(
        "nama seorang peserta, persis seperti di daftar peserta", ("string",), params=(GROUP, CALLED)
    ),
    PERSON_NAME: Kind("nama orang seperti dicetak: gelar di tempatnya, tanpa sapaan", ("string",)),
    COUNT: Kind("banyaknya peserta: tidak lebih dari daftar peserta", ("integer",), params=(GROUP, CALLED)),
    EVENT_DAY: Kind("tanggal dalam jadwal kegiatan, pada hari kerja", ("string",)),
    BUDGET: Kind("rencana anggaran: jumlah dan rinciannya", ("object",), needs=(TOTAL, LINES)),
    SPENDING: Kind(
        "realisasi anggaran per uraian rincian",
        ("array",),
        needs=(ITEM, TOTAL),
        params=(PLAN,),
        required=(PLAN,),
    ),
    LETTER: Kind(
        "surat bernomor: nomor dan tanggalnya",
        ("object",),
        needs=(NUMBER, DATE),
        params=(DOCUMENT, SIGNED_BY, CALLED, FORMS),
        required=(DOCUMENT,),
    ),
    DRAFT: Kind("konsep sebuah dokumen", ("object",), params=(DOCUMENT,), required=(DOCUMENT,)),
    SIGNATURE: Kind("tanda tangan: siapa dan kapan", ("object",), needs=(BY, AT), params=(ROLE,)),
    INITIALS: Kind("paraf: siapa dan kapan", ("object",), needs=(BY, AT), params=(ROLE,)),
    SENDING: Kind("pengiriman surat ke setiap tujuan", ("array",), needs=(DATE,), params=(SENT,)),
    REPLY: Kind("surat jawaban yang diterima", ("array",), needs=(NUMBER, DATE), params=(SENT,)),
    DEADLINE: Kind("batas waktu jawaban surat tempatnya berada", ("string",)),
    CLASSIFICATION: Kind("kode klasifikasi arsip surat tempatnya berada", ("string",)),
    REGION_QUOTA: Kind("jumlah peserta paling banyak dari setiap tujuan surat tempatnya berada", ("integer",)),
    ENCLOSURE: Kind("naskah lain kegiatan ini yang dilampirkan surat tempatnya berada", ("string",)),
    GROUNDS: Kind("butir 'menimbang' sebuah Keputusan", ("array",)),
    LAWS: Kind("dasar hukum ('mengingat')", ("array",)),
    REFERENCES: Kind("daftar rujukan yang dapat mengutip nomor surat kegiatan ini", ("array",)),
    SPAN: Kind(
        "rentang waktu: tanggal mulai dan selesai, selesai tidak sebelum mulai", ("object",), needs=(START, END)
    ),
}
PARAMETER_KEYS = frozenset(p for kind in KINDS.values() for p in kind.params) | {"jenis"}


@dataclass(frozen=True)
class Kinded:
    """One field of a kind: where it is (a dotted path, lists implied), in which step (None: the
    event itself), and its parameters."""

    kind: str
    path: str
    step: int | None
    params: Mapping[str, Any]
    node: Mapping[str, Any]  # its schema

    def param(self, name: str) -> Any:
        return self.params.get(name)

    @cached_property
    def item_region(self) -> str | None:
        """The key of the field of kind `wilayah` in each item of this list field (a reply's `dari`)."""
        return next((key for key, node in item_properties(self.node).items() if node.get("jenis") == REGION), None)


def kinded_nodes(node: Mapping[str, Any], path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(dotted path, schema node) of every node under `node` that names a kind, in schema order."""
    if "jenis" in node:
        yield path, node
    for key, child in _children(node):
        yield from kinded_nodes(child, f"{path}.{key}" if key else path)


def _children(node: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for key, child in (node.get("properties") or {}).items():
        if isinstance(child, Mapping):
            yield key, child
    items = node.get("items")
    if isinstance(items, Mapping):
        yield "", items


def node_at(node: Mapping[str, Any], path: str) -> Mapping[str, Any] | None:
    """The schema node at a dotted path (lists implied), or None."""
    for key in path.split(".") if path else ():
        while isinstance(node.get("items"), Mapping) and "properties" not in node:
            node = node["items"]
        child = (node.get("properties") or {}).get(key)
        if not isinstance(child, Mapping):
            return None
        node = child
    return node


def item_properties(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """The properties of a node, or of its items for an array."""
    while isinstance(node.get("items"), Mapping) and "properties" not in node:
        node = node["items"]
    return node.get("properties") or {}


def occurrences(data: Any, path: str, keys: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every value at a dotted path in plain record data, stepping into lists, with its concrete
    key path: `occurrences(step, "rapat.hadir")` gives (("rapat", "hadir", 0), "yusuf-hidayat"), …"""
    if isinstance(data, (list, tuple)):
        for i, item in enumerate(data):
            yield from occurrences(item, path, (*keys, i))
        return
    if not path:
        yield keys, data
        return
    head, _, rest = path.partition(".")
    if _is_mapping(data) and head in data:
        yield from occurrences(data[head], rest, (*keys, head))


def _is_mapping(data: Any) -> bool:
    # Record data is dicts (as loaded) or read-only views of them (frozen): asked first, for the
    # abstract Mapping check costs a Python call each time.
    return isinstance(data, (dict, MappingProxyType)) or isinstance(data, Mapping)


@dataclass(frozen=True)
class PathTree:
    """Dotted paths (lists implied) merged into one tree of keys, each path known by its position
    in the list it was made from: the values of all of them are gathered in one walk of a record
    that steps only along those keys, never over the rest of the data."""

    ends: tuple[int, ...]  # the paths that end here
    children: Mapping[str, PathTree]

    @classmethod
    def of(cls, paths: Iterable[tuple[int, str]]) -> PathTree:
        ends: list[int] = []
        below: dict[str, list[tuple[int, str]]] = {}
        for index, path in paths:
            if not path:
                ends.append(index)
                continue
            head, _, rest = path.partition(".")
            below.setdefault(head, []).append((index, rest))
        return cls(tuple(ends), MappingProxyType({key: cls.of(sub) for key, sub in below.items()}))

    def gather(self, data: Any, found: list[list[tuple[tuple, Any]]], keys: tuple = ()) -> None:
        """Append (key path, value) of every path's values to found[its position], as
        `occurrences` gives them one path at a time, in the same order."""
        if isinstance(data, (list, tuple)):
            for i, item in enumerate(data):
                self.gather(item, found, (*keys, i))
            return
        for index in self.ends:
            found[index].append((keys, data))
        if self.children and _is_mapping(data):
            for head, child in self.children.items():
                if head not in data:
                    continue
                value = data[head]
                if child.children or isinstance(value, (list, tuple)):
                    child.gather(value, found, (*keys, head))
                else:  # a value at the end of its paths: kept here, a call saved
                    for index in child.ends:
                        found[index].append(((*keys, head), value))
