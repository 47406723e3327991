"""Find a Jejak repository, load everything in it, and check it: the one entry point
later stages use. Nothing is written anywhere."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.clock import office_now
from generator.derive import Calendar
from generator.problem import ERROR, WARNING, Problem
from generator.records.attachments import Attachment, check_attachments, logo_problem
from generator.records.checks import check_event
from generator.records.checks_limits import MAX_PROBLEMS, capped, not_regular, same_number
from generator.records.checks_office import check_office
from generator.records.checks_partial import check_part
from generator.records.checks_sop import check_sop
from generator.records.field_paths import with_fields
from generator.records.gitattributes import check_attributes
from generator.records.invisible import INVISIBLE
from generator.records.kinded_values import values
from generator.records.kinds import LETTER, NUMBER, PER_ADDRESSEE
from generator.records.load import Loaded, LoadError, Where, collector_paused, load_file
from generator.records.lookalikes import check_lookalikes
from generator.records.model import Event, Office, Sop
from generator.records.pasted import cut_by_comment
from generator.records.privacy import NOBODY, Own, check_personal_data, name_problem
from generator.records.schema_check import did_you_mean, read_schema, schema_problems
from generator.records.sop_schema import EventSchemas, Schema, event_schemas
from generator.records.template_check import check_templates
from generator.records.well_formed import well_formed_part

OFFICE_FILE = Path("records/kantor.yaml")
SOP_DIR = Path("schema/sop")
EVENT_SCHEMA = Path("schema/kegiatan.schema.json")
OFFICE_SCHEMA = Path("schema/kantor.schema.json")
SOP_SCHEMA = Path("schema/sop.schema.json")
OFFICE_OWN = ("telepon", "surel")  # the office record lists its own (and its Git host's) contact details
YEAR = re.compile(r"[0-9]{4}")  # records/<tahun>/: ASCII digits only (the folder name reaches URLs)


class NotARepository(Exception):
    """Raised when no Jejak repository is found above a folder."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    office: Office | None
    sops: Mapping[str, Sop]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    files: int  # how many files were read
    attachments: Mapping[str, tuple[Attachment, ...]] = field(default_factory=dict)  # event code -> checked files
    now: datetime = field(default_factory=office_now)  # the office-time moment the records were checked at
    schemas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # SOP id -> its records' schema
    sources: Mapping[str, Loaded] = field(default_factory=dict)  # every file YAML could read, by its path

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def calendar(self) -> Calendar:
        assert self.office is not None
        return Calendar.of(self.office)

    def event(self, code: str) -> Event | None:
        return next((e for e in self.events if e.code == code), None)


def office_zone(root: Path) -> str | None:
    """The office's `zona_waktu` read straight from kantor.yaml (None when it cannot be read), for
    commands that need office time without checking every record."""
    try:
        data = load_file(root / OFFICE_FILE).data
    except (LoadError, OSError):
        return None
    zone = data.get("zona_waktu") if isinstance(data, dict) else None
    return zone if isinstance(zone, str) else None


def find_root(start: Path | None = None) -> Path:
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / EVENT_SCHEMA).is_file() and (folder / "records").is_dir():
            return folder
    raise NotARepository(f"{start} bukan (bagian dari) repositori Jejak: tidak ada {EVENT_SCHEMA} dan records/")


def event_files(root: Path) -> list[Path]:
    """records/<tahun>/<kode>.yaml (four ASCII digits), in a stable order; what is not a regular
    file is among them too, so that reading it says what it is."""
    return sorted(p for p in (root / "records").glob("*/*.yaml") if YEAR.fullmatch(p.parent.name))


def load_workspace(root: Path, only: Iterable[Path] | None = None, now: datetime | None = None) -> Workspace:
    """Load and check the office, the SOPs and the events; `only` limits which events'
    problems are reported (the others are still read, for the checks across records).
    `now` is office time; by default the office's clock (`zona_waktu`), never the machine's zone."""
    with collector_paused():
        return _load_workspace(root, only, now)


def _load_workspace(root: Path, only: Iterable[Path] | None, now: datetime | None) -> Workspace:
    problems: list[Problem] = []
    sources: dict[str, Loaded] = {}
    sops, broken_sops = _load_sops(root, problems, sources)
    office = _load_office(root, list(sops.values()), problems, sources)
    now = now or office_now(office.zone if office else None)
    schemas = event_schemas(_text(root / EVENT_SCHEMA), sops, EVENT_SCHEMA.name)
    selected = {p.resolve() for p in only} if only is not None else None
    paths = event_files(root)
    if selected:
        # The office record and the SOPs are always checked; they are not events.
        others = {(root / OFFICE_FILE).resolve(), *((root / SOP_DIR).resolve().glob("*.yaml"))}
        paths = sorted(set(paths) | {p for p in selected if p.exists() and p.resolve() not in others})
    else:
        problems += _stray_files(root)
        problems += _links(root)  # issue 14
        problems += check_templates(root)  # issue 21: a broken template fails validation, not the build
        problems += check_attributes(root)  # issue 21: the work tree is what was committed
    events: list[Event] = []
    attachments: dict[str, tuple[Attachment, ...]] = {}
    real_root = _real(root)  # once, not twice a record (each a system call per folder of the path)
    for path in paths:
        found, event, attached = _load_event(root, path, sops, broken_sops, office, now, schemas, sources, real_root)
        if selected is None or path.resolve() in selected:
            problems += found
        if event:
            events.append(event)
            attachments[event.code] = tuple(attached)
    problems += _check_across(root, events, sops, selected)
    files = len(paths) + len(sops) + 1
    return Workspace(
        root,
        office,
        MappingProxyType(sops),
        tuple(events),
        tuple(capped(with_fields(sorted(problems), sources, schemas.data, per_file=MAX_PROBLEMS))),
        files,
        MappingProxyType(attachments),
        now,
        MappingProxyType(dict(schemas.data)),
        MappingProxyType(sources),
    )


def read_unchecked(root: Path, pick: Callable[[list[Path]], list[Path]] = list) -> Workspace:
    """The office, the SOPs and the events of the record files `pick` chooses, as read: nothing
    checked, no problem listed. For work `jejak build` starts while load_workspace checks the same
    files, kept only when the checked workspace read the very same texts (`fingerprint`). A file
    that cannot be read, or a record the models cannot take, raises (whatever it raises)."""
    with collector_paused():
        sops = {}
        for path in sorted((root / SOP_DIR).glob("*.yaml")):
            sop = Sop.from_loaded(load_file(path))
            sops[sop.id] = sop
        office = Office.from_loaded(load_file(root / OFFICE_FILE))
        events = []
        for path in pick(event_files(root)):
            loaded = load_file(path)
            events.append(Event.from_loaded(loaded, sops[loaded.data["sop"]]))
    now = office_now(office.zone)
    return Workspace(root, office, MappingProxyType(sops), tuple(events), (), len(events) + len(sops) + 1, now=now)


def fingerprint(workspace: Workspace, events: Iterable[Event]) -> dict[str, str]:
    """The SHA-256 of each text read for the office, the SOPs and `events`, by file path."""
    found: list[Office | Sop | Event] = [*([workspace.office] if workspace.office else []), *workspace.sops.values()]
    found += events
    return {
        relative(workspace.root, item.source.path): hashlib.sha256(
            item.source.loaded.text.encode("utf-8", "surrogatepass")
        ).hexdigest()
        for item in found
    }


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


LINK_FREE = ("records", "schema", "site_templates", "docs", "lampiran")


def _links(root: Path) -> list[Problem]:
    """Symbolic links where data, schemas, templates and the guide live: what is behind a link
    changes without Git (or the audit) seeing it, so none is allowed there."""
    found = []
    for name in LINK_FREE:
        for folder, dirs, files in os.walk(root / name, followlinks=False):
            for entry in sorted(dirs + files):
                path = Path(folder) / entry
                if path.is_symlink() and not _read_and_refused(root, path):
                    found.append(
                        Problem(
                            printable(relative_link(root, path)),
                            1,
                            1,
                            ERROR,
                            "tautan simbolik tidak diizinkan di sini; isi di baliknya berubah tanpa tercatat di Git",
                            "ganti tautan dengan berkas atau folder biasa di dalam repositori",
                            "tautan-simbolik",
                        )
                    )
    return found


def _read_and_refused(root: Path, path: Path) -> bool:
    """A record the loader reads and itself refuses as leading out of the repository: said once."""
    if path.suffix not in (".yaml", ".yml") or not (root / "records" in path.parents or root / SOP_DIR in path.parents):
        return False
    try:
        return not path.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def relative_link(root: Path, path: Path) -> str:
    """A link's own path inside the repository (not where it points)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _stray_files(root: Path) -> list[Problem]:
    """Files under records/ that look like records but that Jejak would never read: a `.yml`,
    a record outside records/<tahun>/ (four ASCII digits), or a folder or pipe named `*.yaml`."""
    records = root / "records"
    found = sorted(p for p in records.rglob("*") if p.suffix.lower() in (".yaml", ".yml"))
    problems = []
    for path in found:
        why = _stray(records, path)
        if why:
            problems.append(Problem(printable(relative(root, path)), 1, 1, ERROR, why[0], why[1], "berkas-tersasar"))
    return problems


def _stray(records: Path, path: Path) -> tuple[str, str] | None:
    where = "catatan kegiatan disimpan sebagai records/<tahun>/<kode>.yaml, misalnya records/2024/2024-menjahit-1.yaml"
    if path.suffix != ".yaml":
        return f"berkas berakhiran {path.suffix} tidak dibaca Jejak", "ganti akhiran nama berkas menjadi .yaml"
    if path.parent == records:
        return None if path.name == OFFICE_FILE.name else ("berkas ini tidak dibaca Jejak", where)
    if path.parent.parent != records:
        return "berkas ini tidak dibaca Jejak (terlalu dalam di folder records/)", where
    if not YEAR.fullmatch(path.parent.name):
        return (
            f"folder records/{printable(path.parent.name)}/ bukan tahun; berkas di dalamnya tidak dibaca",
            "nama folder catatan adalah tahun kegiatan dengan empat angka 0-9, misalnya records/2024/",
        )
    return None


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(
    root: Path,
    path: Path,
    schema: Schema | Callable[[Any], Schema | None],
    problems: list[Problem],
    people: Mapping[str, str] | None = None,
    *,
    own: Own | Callable[[Any], Own] = NOBODY,
    sources: dict[str, Loaded] | None = None,
) -> Loaded | None:
    """Load one file, look for personal data in it (whatever its shape), and check it against its
    schema; None when it cannot be used. `own` is the office's own addresses, or for the office
    record itself how to read them from its data (its telephone is then allowed too)."""
    loaded = _read_unchecked(root, path, problems, own=own, sources=sources)
    if loaded is None:
        return None
    chosen = schema(loaded.data) if callable(schema) else schema
    found = schema_problems(loaded, chosen, rel=relative(root, path), people=people) if chosen else []
    problems += found
    return None if found else loaded


def _read_unchecked(
    root: Path,
    path: Path,
    problems: list[Problem],
    *,
    own: Own | Callable[[Any], Own] = NOBODY,
    sources: dict[str, Loaded] | None = None,
    real_root: Path | None = None,
) -> Loaded | None:
    """Load one file and look for personal data in it; None when it is not a mapping. `real_root`:
    root.resolve(), when already known."""
    rel = relative(root, path)
    refused = _refused_path(root, rel, path, real_root) or not_regular(rel, path) or name_problem(rel)
    if refused:
        problems.append(refused)
        return None
    try:
        loaded = load_file(path)
    except LoadError as exc:
        problems.append(Problem(rel, *exc.where, ERROR, exc.message, exc.hint, "yaml"))
        return None
    problems += [Problem(rel, *at, ERROR, say, fix, "karakter-tempelan") for say, at, fix in loaded.pasted]
    if sources is not None:
        sources[rel] = loaded
    if callable(own):
        problems += check_personal_data(loaded, rel, own(loaded.data), allowed=OFFICE_OWN)
    else:
        problems += check_personal_data(loaded, rel, own)
    problems += check_lookalikes(loaded, rel)
    if not isinstance(loaded.data, dict):
        what = "kosong" if loaded.data is None else "bukan kumpulan isian (kunci: nilai)"
        problems.append(
            Problem(
                rel,
                1,
                1,
                ERROR,
                f"berkas {what}",
                "mulailah dari `jejak new` atau salin contoh di records/",
                "berkas-kosong",
            )
        )
        return None
    return loaded


def printable(rel: str) -> str:
    """A path as it can be printed (and put in a CI annotation): hidden characters made visible."""
    if rel.isprintable() and not INVISIBLE.search(rel):
        return rel
    return "".join(ch if ch.isprintable() and not INVISIBLE.match(ch) else f"<U+{ord(ch):04X}>" for ch in rel)


def _real(root: Path) -> Path | None:
    try:
        return root.resolve()
    except (OSError, RuntimeError):
        return None  # each file's check tries again, and says why


def _refused_path(root: Path, rel: str, path: Path, real_root: Path | None = None) -> Problem | None:
    """A file name that cannot be printed safely, or a symbolic link leading out of the repository."""
    if printable(rel) != rel:
        return Problem(
            printable(rel),
            1,
            1,
            ERROR,
            "nama berkas memuat karakter kendali atau tak terlihat",
            "ganti nama berkas: huruf kecil, angka dan '-' saja, misalnya 2024-menjahit-1.yaml",
            "nama-berkas",
        )
    try:
        inside = path.resolve(strict=True).is_relative_to(real_root or root.resolve())
    except (OSError, RuntimeError):
        inside = True  # unreadable: load_file says so with its own message
    if inside:
        return None
    return Problem(
        rel,
        1,
        1,
        ERROR,
        "berkas ini tautan simbolik ke luar repositori; tidak dibaca",
        "simpan catatan sebagai berkas biasa di dalam repositori",
        "di-luar-repositori",
    )


def _load_sops(root: Path, problems: list[Problem], sources: dict[str, Loaded]) -> tuple[dict[str, Sop], set[str]]:
    """The usable SOPs, and the ids (file names) of those that are broken."""
    sops: dict[str, Sop] = {}
    broken: set[str] = set()
    for path in sorted((root / SOP_DIR).glob("*.yaml")):
        loaded = _read(root, path, read_schema(root / SOP_SCHEMA), problems, sources=sources)
        sop = Sop.from_loaded(loaded) if loaded else None
        found = check_sop(sop, relative(root, path)) if sop else []
        problems += found
        if sop and not found:
            sops[sop.id] = sop
        else:
            broken.add(path.stem)
    return sops, broken


def _load_office(root: Path, sops: list[Sop], problems: list[Problem], sources: dict[str, Loaded]) -> Office | None:
    path = root / OFFICE_FILE
    if not path.is_file():
        problems.append(
            Problem(
                OFFICE_FILE.as_posix(),
                1,
                1,
                ERROR,
                "data kantor tidak ditemukan",
                "buat records/kantor.yaml (lihat Panduan)",
                "kantor",
            )
        )
        return None
    loaded = _read(root, path, read_schema(root / OFFICE_SCHEMA), problems, own=Own.of_data, sources=sources)
    if loaded is None:
        return None
    office = Office.from_loaded(loaded)
    problems += check_office(office, sops, relative(root, path))
    logo = office.letterhead.logo
    wrong = logo_problem(logo, root) if logo else None
    if wrong:
        problems.append(Problem(relative(root, path), *loaded.where(("kop", "logo")), ERROR, *wrong, "logo"))
    return office


def _load_event(
    root: Path,
    path: Path,
    sops: Mapping[str, Sop],
    broken_sops: set[str],
    office: Office | None,
    now: datetime,
    schemas: EventSchemas,
    sources: dict[str, Loaded],
    real_root: Path | None = None,
) -> tuple[list[Problem], Event | None, list[Attachment]]:
    problems: list[Problem] = []
    rel = relative(root, path)

    def schema_of(data: Any) -> Schema | None:  # none for a broken SOP: its own problems say what to fix
        return None if isinstance(data, dict) and data.get("sop") in broken_sops else schemas.of(data)

    people = office.names if office else None
    loaded = _read_unchecked(root, path, problems, own=Own.of(office), sources=sources, real_root=real_root)
    chosen = schema_of(loaded.data) if loaded is not None else None
    if loaded is None or chosen is None:
        return problems, None, []
    malformed: list[tuple] = []
    found = schema_problems(loaded, chosen, rel, people, malformed)
    problems += found
    if found:
        part = well_formed_part(loaded, chosen, malformed)
        sop = sops.get(part.loaded.data["sop"]) if part else None
        if part and sop and office is not None:  # the rest of a record that fails its schema
            problems += check_part(part, sop, office, Calendar.of(office), now, rel)
        return problems, None, []
    problems += [Problem(rel, *at, WARNING, say, fix, "komentar-memotong") for say, at, fix in cut_by_comment(loaded)]
    sop = sops.get(loaded.data["sop"])
    if sop is None and loaded.data["sop"] in broken_sops:
        return problems, None, []  # the SOP file's own problems say what to fix
    if sop is None:
        problems.append(
            Problem(
                rel,
                *loaded.where(("sop",)),
                ERROR,
                f"SOP '{loaded.data['sop']}' tidak dikenal",
                did_you_mean(loaded.data["sop"], list(sops)) or f"SOP yang ada: {', '.join(sops)}",
                "sop-tidak-dikenal",
            )
        )
        return problems, None, []
    event = Event.from_loaded(loaded, sop)
    if office is not None:
        problems += check_event(event, sop, office, Calendar.of(office), now, rel)
    found, attached = check_attachments(event, sop, root, rel)
    return problems + found, event, attached


def _check_across(
    root: Path, events: list[Event], sops: Mapping[str, Sop], selected: set[Path] | None
) -> list[Problem]:
    """Codes and letter numbers are unique across all records."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], tuple[str, Callable[[], Where]]] = {}
    for event in events:
        rel = relative(root, event.source.path)
        reported = selected is None or event.source.path.resolve() in selected
        for kind, value, where in _unique_values(event, sops[event.sop]):
            key = (kind, same_number(value))
            if key in first and reported:
                other, other_where = first[key]
                what = "kode kegiatan" if kind == "kode" else "nomor surat"
                message = f"{what} '{value}' sudah dipakai di {other}:{other_where()[0]}"
                hint = "setiap kode dan nomor surat hanya boleh dipakai sekali; periksa buku agenda atau SRIKANDI"
                problems.append(Problem(rel, *where(), ERROR, message, hint, f"{kind}-ganda"))
            first.setdefault(key, (rel, where))
    return problems


def _unique_values(event: Event, sop: Sop) -> Iterator[tuple[str, str, Callable[[], Where]]]:
    """(kind, value, its position on demand): the code, and the number of every letter of the
    event (a letter sent per addressee has one number each); positions cost a parse."""
    yield "kode", event.code, partial(event.source.where, "kode")
    for value in values(event, sop, LETTER):
        letter, where = value.value, event.source.loaded.where
        if isinstance(letter, Mapping) and NUMBER in letter:
            yield "nomor", letter[NUMBER], partial(where, value.under(NUMBER))
        for i, each in enumerate(letter.get(PER_ADDRESSEE, ()) if isinstance(letter, Mapping) else ()):
            yield "nomor", each[NUMBER], partial(where, value.under(PER_ADDRESSEE, i, NUMBER))
