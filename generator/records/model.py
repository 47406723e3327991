"""The typed, frozen model every later stage reads: SOP, office, events.

Objects are built from data that already passed the JSON Schema, so constructors may
trust shapes and types; meaning is checked in validate.py. Every object keeps the
`Loaded` source it came from, so any stage can point a person at file:line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from types import MappingProxyType
from typing import Any

from generator.clock import DEFAULT_ZONE
from generator.records.kinds import (
    BY,
    COMMITTEE,
    INITIALS,
    INSTITUTION,
    NAME,
    PARAMETER_KEYS,
    PEOPLE,
    PERSON,
    PERSON_FIELD,
    POSITION,
    QUOTA,
    REGION,
    ROLE,
    SEX,
    SIGNATURE,
    Kinded,
    PathTree,
    item_properties,
    kinded_nodes,
    occurrences,
)
from generator.records.load import KeyPath, Loaded, Where
from generator.records.regions import SUMATERA_SELATAN

STATUSES = ("belum", "berjalan", "selesai")
SIGNATURES = (SIGNATURE, INITIALS)  # kinds of a person acting at a moment
UNIT_MINUTES = {"menit": 1, "jam": 60}  # "hari" and "minggu" depend on office hours


def freeze(value: Any) -> Any:
    """Deeply read-only copy of plain data: dicts become mappings, lists tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) if isinstance(v, _PLAIN) else v for k, v in value.items()})
    if isinstance(value, list):
        return tuple([freeze(v) if isinstance(v, _PLAIN) else v for v in value])
    return value


_PLAIN = (dict, list)  # what freeze() copies; anything else is kept as it is (a call saved per value)


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def parse_moment(text: str, *, end_of_day: bool = False) -> datetime:
    """`2024-01-29 08:00` or `08.00` (office time, naive: `zona_waktu`); a bare date means the start
    (or end) of that day."""
    if len(text) == 16 and text[10] == " " and text[13] == ":" and text[11:13] < "24":
        # `2024-01-29 08:00`, the usual form, read in one step; whatever this refuses (`08.00`, a
        # 24th hour some Pythons accept) is read below, as before.
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    day, _, clock = text.partition(" ")
    if not clock:
        return datetime.combine(parse_date(day), time(23, 59) if end_of_day else time(0, 0))
    hours, minutes = clock.replace(".", ":").split(":")
    return datetime.combine(parse_date(day), time(int(hours), int(minutes)))


def parse_clock(text: str) -> time:
    hours, minutes = text.replace(".", ":").split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Source:
    """Where an object came from: the file and the positions of its values."""

    loaded: Loaded
    prefix: KeyPath = ()

    @property
    def path(self):
        return self.loaded.path

    def where(self, *keys: str | int, key: bool = False) -> Where:
        return self.loaded.where(self.prefix + keys, key=key)

    def child(self, *keys: str | int) -> Source:
        return Source(self.loaded, self.prefix + keys)


# --- SOP -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    value: int
    unit: str  # menit | jam | hari | minggu
    working: bool  # working time (kerja) or calendar time (kalender)

    @property
    def label(self) -> str:
        return f"{self.value} {self.unit}" + (" kerja" if self.working and self.unit in ("hari", "minggu") else "")


@dataclass(frozen=True)
class CoverRule:
    """Every value at `source` (a path in the step holding it) must appear at `target` in this step."""

    target: str  # e.g. pengiriman.tujuan
    source: str  # e.g. surat.undangan.kepada.wilayah
    label: str  # what is missing, in Indonesian: "pengiriman surat undangan"


@dataclass(frozen=True)
class SopDocument:
    """A document a step produces; its builder is registered in Python by `id`."""

    id: str
    title: str  # judul
    template: str  # templat, a file in site_templates/dokumen/
    step: int  # the step that produces (drafts) it
    approval: int | None  # the step whose completion ends the konsep; None: never a konsep
    signer: str | None  # penandatangan: the role that signs it
    paraf: str | None  # the role whose paraf the konsep carries
    addressees: str | None  # per_tujuan.daftar: dotted path of the addressee list
    per_addressee_when: str | None  # per_tujuan.bila: a field whose value `per_tujuan` splits it


@dataclass(frozen=True)
class SopStep:
    no: int
    activity: str  # kegiatan
    actors: tuple[str, ...]  # pelaksana role ids; the first acts, the last decides
    symbol: str  # mulai | proses | keputusan | selesai
    back_to: int | None
    inputs: tuple[str, ...]  # kelengkapan
    duration: Duration
    output: str
    note: str | None
    actors_inferred: bool
    approval: bool
    sets_plan: bool
    schemas: Mapping[str, Mapping[str, Any]]  # isian: each step-specific key and its JSON Schema
    required: tuple[str, ...]  # dotted paths needed once the step is selesai
    documents: tuple[SopDocument, ...]
    covers: tuple[CoverRule, ...]
    kinds: tuple[Kinded, ...] = ()  # the fields of this step that name a kind, in schema order
    runs_schedule: bool = False  # menjalankan_jadwal: the step that holds the event's jadwal (the training)

    @property
    def fields(self) -> tuple[str, ...]:
        """The step-specific keys this step may hold."""
        return tuple(self.schemas)

    @cached_property
    def person_fields(self) -> Mapping[str, str | None]:
        """Dotted path of person id(s) -> the role its person must hold on the day (None: anyone)."""
        found: dict[str, str | None] = {}
        for kinded in self.kinds:  # a signature's role is its person's (`oleh`) role
            path = f"{kinded.path}.{BY}" if kinded.kind in SIGNATURES else kinded.path
            if kinded.kind in (*SIGNATURES, PERSON_FIELD) and found.get(path) is None:
                found[path] = kinded.param(ROLE)
        return found

    @cached_property
    def field_roles(self) -> Mapping[str, str]:
        """Person fields that must be held by a given role on the day."""
        return {path: role for path, role in self.person_fields.items() if role}


@dataclass(frozen=True)
class Sop:
    id: str
    identity: Mapping[str, Any]
    actors: Mapping[str, str]  # role id -> display name
    committee_actors: frozenset[str]  # actors resolved from the event's committee, not the office
    steps: tuple[SopStep, ...]
    transcription_note: str | None
    source: Source
    # isian_kegiatan: the event-level keys this SOP uses (kejuruan, peserta ... for the training),
    # each with its JSON Schema; a common key (jadwal) may be named with a title only, to label it
    event_fields: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    event_kinds: tuple[Kinded, ...] = ()
    event_noun: str = "kegiatan"  # sebutan_kegiatan: what its events are called in a sentence (pelatihan)

    @classmethod
    def from_loaded(cls, loaded: Loaded) -> Sop:
        data = loaded.data
        steps = tuple(_sop_step(s) for s in data["langkah"])
        actors = {a["id"]: a["nama"] for a in data["pelaksana"]}
        committee = frozenset(a["id"] for a in data["pelaksana"] if a.get("dari_panitia"))
        event_fields = freeze(dict(data.get("isian_kegiatan") or {}))
        return cls(
            data["id"],
            freeze(data["identitas"]),
            MappingProxyType(actors),
            committee,
            steps,
            data.get("catatan_transkripsi"),
            Source(loaded),
            event_fields,
            _kinds(event_fields, None),
            data.get("sebutan_kegiatan") or "kegiatan",
        )

    # Everything below is asked for thousands of times per record and depends on the SOP alone:
    # computed once per SOP (cached_property keeps it on the frozen object).

    @cached_property
    def kinds(self) -> tuple[Kinded, ...]:
        """Every field that names a kind: the event's own, then each step's, in order."""
        return self.event_kinds + tuple(k for s in self.steps for k in s.kinds)

    def of_kind(self, *kinds: str) -> tuple[Kinded, ...]:
        found = self._of_kind.get(kinds)
        if found is None:
            found = self._of_kind[kinds] = tuple(k for k in self.kinds if k.kind in kinds)
        return found

    @cached_property
    def _of_kind(self) -> dict[tuple[str, ...], tuple[Kinded, ...]]:
        return {}

    @cached_property
    def derived(self) -> dict[Any, Any]:
        """What the checks work out once from this SOP alone (the document of a field, ...)."""
        return {}

    def position(self, kinded: Kinded) -> int | None:
        """Where a field of this SOP stands in `kinds` (None for a field of another SOP object)."""
        return self._positions.get(id(kinded))

    @cached_property
    def _positions(self) -> Mapping[int, int]:
        return {id(kinded): i for i, kinded in enumerate(self.kinds)}

    @cached_property
    def value_paths(self) -> tuple[PathTree, Mapping[int, PathTree]]:
        """Where values of kinded fields can stand: one tree of paths for the event's own data and
        one per step's block, each path known by its field's position in `kinds`."""
        at = list(enumerate(self.kinds))
        event = PathTree.of((i, k.path) for i, k in at if k.step is None)
        steps = {s.no: PathTree.of((i, k.path) for i, k in at if k.step == s.no) for s in self.steps}
        return event, {no: tree for no, tree in steps.items() if tree.ends or tree.children}

    def event_field(self, kind: str) -> str | None:
        """The event-level key of a kind (`peserta` for the training's participants), or None."""
        return next((k.path for k in self.event_kinds if k.kind == kind and "." not in k.path), None)

    @property
    def schedule_title(self) -> str:
        """What the SOP calls an event's `jadwal` ("Jadwal pelatihan"), for a heading or a label."""
        return str(self.event_fields.get("jadwal", {}).get("title") or "Jadwal")

    def kinded(self, path: str) -> Kinded | None:
        """The kinded field at a step path (`tanda_tangan`), wherever the SOP holds it."""
        return self._step_kinded.get(path) if isinstance(path, str) else None

    @cached_property
    def _step_kinded(self) -> Mapping[str, Kinded]:
        found: dict[str, Kinded] = {}
        for kinded in self.kinds:
            if kinded.step is not None:
                found.setdefault(kinded.path, kinded)
        return found

    def step(self, no: int) -> SopStep:
        return self.steps[no - 1]

    @cached_property
    def step_fields(self) -> Mapping[str, int]:
        """Step-specific key -> the step number it belongs to."""
        return {f: s.no for s in self.steps for f in s.fields}

    def holding(self, path: str) -> SopStep | None:
        """The step whose block holds a field: `holding("rapat.pimpinan")` is the meeting step."""
        no = self.step_fields.get(path.split(".", 1)[0])
        return None if no is None else self.step(no)

    @cached_property
    def documents(self) -> tuple[SopDocument, ...]:
        return tuple(d for s in self.steps for d in s.documents)

    def document(self, doc_id: str) -> SopDocument | None:
        return self._documents.get(doc_id) if isinstance(doc_id, str) else None

    @cached_property
    def _documents(self) -> Mapping[str, SopDocument]:
        found: dict[str, SopDocument] = {}
        for document in self.documents:
            found.setdefault(document.id, document)
        return found

    def decider(self, no: int) -> str:
        """The role that decides a step (its last actor): who approves, signs or receives."""
        return self.step(no).actors[-1]


def _sop_step(d: Mapping[str, Any]) -> SopStep:
    w = d["waktu"]
    return SopStep(
        no=d["no"],
        activity=d["kegiatan"],
        actors=tuple(d["pelaksana"]),
        symbol=d["simbol"],
        back_to=d.get("kembali_ke"),
        inputs=tuple(d["kelengkapan"]),
        duration=Duration(w["nilai"], w["satuan"], w["jenis"] == "kerja"),
        output=d["output"],
        note=d.get("keterangan"),
        actors_inferred=d.get("pelaksana_disimpulkan", False),
        approval=d.get("persetujuan", False),
        sets_plan=d.get("menetapkan_rencana", False),
        schemas=freeze(dict(d.get("isian") or {})),
        required=tuple(d.get("wajib_bila_selesai", ())),
        documents=tuple(_sop_document(x, d["no"]) for x in d.get("dokumen", ())),
        covers=tuple(CoverRule(c["isian"], c["dari"], c["keterangan"]) for c in d.get("mencakup", ())),
        kinds=_kinds(d.get("isian") or {}, d["no"]),
        runs_schedule=d.get("menjalankan_jadwal", False),
    )


def _kinds(fields: Mapping[str, Any], step: int | None) -> tuple[Kinded, ...]:
    found = []
    for key, node in fields.items():
        if isinstance(node, Mapping):
            for path, kinded in kinded_nodes(node, key):
                params = {k: v for k, v in kinded.items() if k in PARAMETER_KEYS and k != "jenis"}
                found.append(Kinded(str(kinded["jenis"]), path, step, MappingProxyType(params), kinded))
    return tuple(found)


def _sop_document(d: Mapping[str, Any], step: int) -> SopDocument:
    per = d.get("per_tujuan") or {}
    return SopDocument(
        id=d["id"],
        title=d["judul"],
        template=d["templat"],
        step=step,
        approval=d.get("disahkan_langkah"),
        signer=d.get("penandatangan"),
        paraf=d.get("paraf"),
        addressees=per.get("daftar"),
        per_addressee_when=per.get("bila"),
    )


# --- Office ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One period in office; `acting` is 'Plt.' or 'Plh.' for an acting official."""

    role: str
    start: date
    end: date | None
    acting: str | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    nip: str | None
    rank: str | None  # pangkat
    grade: str | None  # golongan
    emails: tuple[str, ...]
    terms: tuple[Term, ...]
    source: Source

    def term(self, role: str, day: date) -> Term | None:
        return next((t for t in self.terms if t.role == role and t.covers(day)), None)


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    superior: str | None
    approves_changes: bool
    many: bool = False  # banyak_pemegang: held by many at once (staf), never "the" holder


@dataclass(frozen=True)
class Letterhead:
    lines: tuple[str, ...]
    address: str
    postcode: str | None
    phone: str | None
    email: str | None
    website: str | None
    logo: str | None


@dataclass(frozen=True)
class Office:
    name: str
    city: str
    letterhead: Letterhead
    hours: tuple[time, time]
    days_off: Mapping[date, str]
    roles: Mapping[str, Role]
    people: Mapping[str, Person]
    source: Source
    regions: tuple[str, ...] = ()  # wilayah: the Kabupaten/Kota events may name
    # naskah: klasifikasi, narahubung, persyaratan calon, salinan, templat_docx (issue 11)
    letters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    zone: str = DEFAULT_ZONE  # zona_waktu: every "now" is office time (generator/clock.py)

    @classmethod
    def from_loaded(cls, loaded: Loaded) -> Office:
        d = loaded.data
        kop = d["kop"]
        letterhead = Letterhead(
            tuple(kop["baris"]),
            kop["alamat"],
            kop.get("kode_pos"),
            kop.get("telepon"),
            kop.get("surel"),
            kop.get("laman"),
            kop.get("logo"),
        )
        hours = (parse_clock(d["jam_kerja"]["mulai"]), parse_clock(d["jam_kerja"]["selesai"]))
        days_off = {parse_date(x["tanggal"]): x["keterangan"] for x in d.get("libur_kantor", [])}
        roles = {
            r["id"]: Role(
                r["id"],
                r["nama"],
                r.get("atasan"),
                r.get("menyetujui_perubahan", False),
                r.get("banyak_pemegang", False),
            )
            for r in d["jabatan"]
        }
        people = {p["id"]: _person(p, Source(loaded, ("orang", i))) for i, p in enumerate(d["orang"])}
        return cls(
            d["nama"],
            d["kota"],
            letterhead,
            hours,
            MappingProxyType(days_off),
            MappingProxyType(roles),
            MappingProxyType(people),
            Source(loaded),
            tuple(d.get("wilayah") or SUMATERA_SELATAN),
            freeze(d.get("naskah", {})),
            d.get("zona_waktu") or DEFAULT_ZONE,
        )

    @property
    def names(self) -> dict[str, str]:
        """Each person's id and full name, for the suggestions of a message."""
        return {p.id: p.name for p in self.people.values()}

    def holders(self, role: str, day: date) -> list[tuple[Person, Term]]:
        """Everyone holding `role` on `day`; the definitive holder comes before acting ones."""
        found = [(p, t) for p in self.people.values() if (t := p.term(role, day))]
        return sorted(found, key=lambda pt: pt[1].acting is not None)

    def person_by_email(self, email: str) -> Person | None:
        email = email.lower()
        return next((p for p in self.people.values() if email in (e.lower() for e in p.emails)), None)


def _person(d: Mapping[str, Any], source: Source) -> Person:
    terms = tuple(
        Term(
            t["jabatan"], parse_date(t["mulai"]), parse_date(t["sampai"]) if t.get("sampai") else None, t.get("sebagai")
        )
        for t in d.get("menjabat", [])
    )
    return Person(
        d["id"], d["nama"], d.get("nip"), d.get("pangkat"), d.get("golongan"), tuple(d.get("surel", [])), terms, source
    )


# --- Events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRecord:
    no: int
    status: str
    planned: date | None  # rencana: planned start
    start: datetime | None
    end: datetime | None
    by: str | None  # oleh: person id
    note: str | None
    data: Mapping[str, Any]  # step-specific fields (read-only)
    source: Source
    timed: bool = False  # both start and end carry a clock time, not just a date

    @property
    def done(self) -> bool:
        return self.status == "selesai"


COMMON_STEP_KEYS = ("no", "status", "rencana", "mulai", "selesai", "oleh", "catatan")


COMMON_EVENT_KEYS = ("kode", "sop", "contoh", "nama", "jadwal", "langkah")


@dataclass(frozen=True)
class Participant:
    """A private person of a list of kind `peserta`: name, region (its `wilayah` field) and sex."""

    name: str
    region: str
    sex: str  # L | P


@dataclass(frozen=True)
class CommitteeMember:
    position: str  # jabatan in the committee
    person: str | None  # id in the office record, or None for an outsider
    name: str | None
    institution: str | None


@dataclass(frozen=True)
class Event:
    code: str  # kode
    sop: str
    name: str
    example: bool
    start: date
    end: date
    data: Mapping[str, Any]  # the SOP's own event-level fields (its isian_kegiatan), read-only
    quota: int | None  # the event's field of kind `kuota`
    committee: tuple[CommitteeMember, ...]  # the event's list of kind `panitia`
    participants: tuple[Participant, ...]  # the event's list of kind `peserta`
    steps: tuple[StepRecord, ...]
    source: Source
    # What the checks work out once from this event and its SOP and share (its kinded values,
    # kinded_values.py); never part of the event's value.
    derived: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def from_loaded(cls, loaded: Loaded, sop: Sop) -> Event:
        d = loaded.data
        steps = tuple(_step(s, Source(loaded, ("langkah", i))) for i, s in enumerate(d["langkah"]))
        data = freeze({k: v for k, v in d.items() if k not in COMMON_EVENT_KEYS})
        quota = d.get(sop.event_field(QUOTA) or "")
        return cls(
            d["kode"],
            d["sop"],
            d["nama"],
            d.get("contoh", False),
            parse_date(d["jadwal"]["mulai"]),
            parse_date(d["jadwal"]["selesai"]),
            data,
            quota if isinstance(quota, int) else None,
            _committee(d, sop),
            participants(d, sop, sop.event_field(PEOPLE)),
            steps,
            Source(loaded),
        )

    def step(self, no: int) -> StepRecord | None:
        return self._steps.get(no)

    @cached_property
    def _steps(self) -> Mapping[int, StepRecord]:
        """The first block of each step number (asked for thousands of times per record)."""
        found: dict[int, StepRecord] = {}
        for step in self.steps:
            found.setdefault(step.no, step)
        return found

    @property
    def year(self) -> int:
        return int(self.code[:4])


def _step(d: Mapping[str, Any], source: Source) -> StepRecord:
    data = {k: v for k, v in d.items() if k not in COMMON_STEP_KEYS}
    return StepRecord(
        no=d["no"],
        status=d["status"],
        planned=parse_date(d["rencana"]) if d.get("rencana") else None,
        start=parse_moment(d["mulai"]) if d.get("mulai") else None,
        end=parse_moment(d["selesai"], end_of_day=True) if d.get("selesai") else None,
        by=d.get("oleh"),
        note=d.get("catatan"),
        data=freeze(data),
        source=source,
        timed=all(" " in d.get(k, " ") for k in ("mulai", "selesai")),
    )


def participants(
    data: Mapping[str, Any], sop: Sop, path: str | None, step: int | None = None
) -> tuple[Participant, ...]:
    """The people of a list of kind `peserta` (the event's, or a step's `calon`)."""
    kinded = next((k for k in sop.kinds if k.path == path and k.step == step), None) if path else None
    if kinded is None or path is None:
        return ()
    region = next((key for key, node in item_properties(kinded.node).items() if node.get("jenis") == REGION), None)
    return tuple(
        Participant(item[NAME], item.get(region or "", ""), item[SEX])
        for _, item in occurrences(data, path)
        if isinstance(item, Mapping)
    )


def _committee(data: Mapping[str, Any], sop: Sop) -> tuple[CommitteeMember, ...]:
    path = sop.event_field(COMMITTEE)
    found = occurrences(data, path) if path else ()
    return tuple(
        CommitteeMember(m[POSITION], m.get(PERSON), m.get(NAME), m.get(INSTITUTION))
        for _, m in found
        if isinstance(m, Mapping)
    )
