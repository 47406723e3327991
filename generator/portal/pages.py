"""Markdown pages of the portal, made in memory from a loaded workspace.

Python decides everything a page says (labels, dates, CSS classes, links); the Jinja2
templates in site_templates/portal/ only lay it out.
"""

from __future__ import annotations

import posixpath
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from babel.dates import format_date

from generator.clock import zone
from generator.dates import date_range, long_date
from generator.derive import Calendar, Status, StepTiming, event_status, next_actors, step_timing
from generator.portal.editor_links import form_link, new_event_links
from generator.portal.flowchart import flowchart_html, timing_chart_svg
from generator.records.attachments import Attachment, site_path
from generator.records.kinds import (
    ADDRESSEE,
    COMMITTEE,
    DATE,
    DOCUMENT,
    LETTER,
    NUMBER,
    PEOPLE,
    PER_ADDRESSEE,
    QUOTA,
    REGION,
    REPLY,
    Kinded,
    item_properties,
    occurrences,
)
from generator.records.labels import label, short_label
from generator.records.model import Event, Office, Sop, StepRecord
from generator.records.workspace import Workspace, relative
from generator.templates import environment

STATE_CLASS = {
    "selesai": "jj-selesai",
    "berjalan": "jj-berjalan",
    "terlambat": "jj-terlambat",
    "direncanakan": "jj-rencana",
    "belum": "jj-belum",
}
SEX = {"L": "Laki-laki", "P": "Perempuan"}


@dataclass(frozen=True)
class Settings:
    """Portal settings from mkdocs.yml (`repo_url`, `extra.jejak`)."""

    repo_url: str | None = None
    branch: str = "main"
    edit_url: str = "{repo_url}/edit/{branch}/{path}"
    commit_url: str = "{repo_url}/commit/{sha}"

    def edit_link(self, path: str) -> str | None:
        if not self.repo_url:
            return None
        # Material prints the edit link into an href unescaped: every character of the path is quoted.
        return self.edit_url.format(
            repo_url=self.repo_url.rstrip("/"), branch=quote(self.branch, safe="/"), path=quote(path, safe="/")
        )

    @property
    def commit_pattern(self) -> str | None:
        """`.../commit/{sha}` with the repository filled in, for the history pages."""
        if not self.repo_url:
            return None
        return self.commit_url.replace("{repo_url}", self.repo_url.rstrip("/"))


@dataclass(frozen=True)
class Extras:
    """What other stages add to an event page: its documents and its change history."""

    documents: Callable[[Event], list[dict[str, Any]]] = lambda event: []
    history: Callable[[Event], str | None] = lambda event: None
    audit: Callable[[], str | None] = lambda: None


# Python-Markdown's escapable characters (with the tables extension; '>' only matters at the start
# of a line): a backslash before any other character would be shown as written.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(text: str) -> str:
    """Record text that Markdown shows as written, for a Markdown heading (no `[x](javascript:…)`
    link, no attribute list); HTML is escaped afterwards by the template's autoescaping."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def event_url(code: str) -> str:
    return f"kegiatan/{code}/"


def document_path(event: Any, info: Any) -> str:
    """The site path of an event's document page (issue 3): kegiatan/<kode>/dokumen/<nama>.html."""
    return f"{event_url(event.code)}dokumen/{info.filename}.html"


def sop_url(sop_id: str) -> str:
    return f"sop/{sop_id}/"


def sop_page_path(sop_id: str) -> str:
    return f"sop/{sop_id}.md"


@lru_cache(maxsize=65536)
def href(page_url: str, target: str) -> str:
    """A link from a page (directory URL like `rekap/2024/`) to another site URL (the dashboard and
    the recaps ask for a thousand; posixpath.relpath is slow, and the preview asks again at every save)."""
    rel = posixpath.relpath(target or ".", page_url or ".")
    return rel + ("/" if target.endswith("/") and not rel.endswith("/") else "")


class Pages:
    """Makes every generated page of one workspace; `render_all()` yields (path, Markdown)."""

    def __init__(
        self,
        workspace: Workspace,
        now: datetime,
        settings: Settings,
        extras: Extras | None = None,
        timings: dict[tuple[str, int], StepTiming] | None = None,
    ):
        if workspace.office is None:
            raise ValueError("data kantor (records/kantor.yaml) tidak dapat dibaca")
        self.ws = workspace
        self.office: Office = workspace.office
        self.now = now
        self.settings = settings
        self.extras = extras or Extras()
        self.calendar: Calendar = workspace.calendar
        self.events = sorted(workspace.events, key=lambda e: (e.start, e.code))
        # Status as of the build moment, in office time, exactly as `jejak status` computes it (it
        # once used the day's start: right after a merge the portal said "Direncanakan" while the
        # terminal said "terlambat 5 jam"). SOURCE_DATE_EPOCH or --pada fix the moment of a build.
        # Computed when first asked for: the preview's event page needs its own event's only.
        self.status = Statuses(self)
        self.as_of = as_of(now, self.office.zone)
        self._rows: dict[str, dict[str, Any]] = {}
        # A step's timing depends on its record only: the preview keeps them between rebuilds.
        self.timings = {} if timings is None else timings
        self.env = environment(workspace.root)

    def sop(self, event: Event) -> Sop:
        return self.ws.sops[event.sop]

    def timing(self, event: Event, sop: Sop, record: StepRecord) -> StepTiming:
        key = (event.code, record.no)
        found = self.timings.get(key)
        if found is None:
            found = self.timings[key] = step_timing(self.calendar, sop, record)
        return found

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(f"portal/{template}").render(**context)

    def render_all(self) -> Iterator[tuple[str, str]]:
        yield "index.md", self.dashboard()
        yield "sop/index.md", self.sop_index()
        for sop in self.ws.sops.values():
            yield sop_page_path(sop.id), self.sop_page(sop)
        yield "rekap/index.md", self.recap_index()
        for year in self.years():
            yield f"rekap/{year}.md", self.recap(year)
        for event in self.events:
            yield f"kegiatan/{event.code}.md", self.event_page(event)
        yield "audit.md", self.extras.audit() or self.render("audit_pending.md.j2")

    # --- shared pieces ----------------------------------------------------------------

    def years(self) -> list[int]:
        return sorted({e.year for e in self.events})

    def row(self, event: Event, page_url: str) -> dict[str, Any]:
        """One line of an event list: name, dates, current step, who acts, state."""
        if event.code not in self._rows:
            self._rows[event.code] = self._row(event)
        return {**self._rows[event.code], "href": href(page_url, event_url(event.code))}

    def _row(self, event: Event) -> dict[str, Any]:
        status, sop = self.status[event.code], self.sop(event)
        step = sop.step(status.current) if status.current else None
        who = ", ".join(next_actors(event, sop, self.office, step.no, self.now.date())) if step else "-"
        return {
            "code": event.code,
            "name": event.name,
            "dates": date_range(event.start, event.end),
            "step": f"{step.no}. {step.activity}" if step else "Semua langkah selesai",
            "who": who,
            "state": state_text(status, self.calendar),
            "css": STATE_CLASS[status.state],
            "example": event.example,
            "sop": self.sop(event).identity.get("nama") or event.sop,
        }

    # --- dashboard --------------------------------------------------------------------

    def dashboard(self) -> str:
        rows = [self.row(e, "") for e in self.events]
        late = [r for r, e in zip(rows, self.events, strict=True) if self.status[e.code].state == "terlambat"]
        upcoming = [self.row(e, "") for e in self.events if e.start >= self.now.date()]
        by_state = Counter(self.status[e.code].state for e in self.events)
        per_year = [
            {
                "year": y,
                "href": href("", f"rekap/{y}/"),
                "counts": [
                    sum(1 for e in self.events if e.year == y and self.status[e.code].state == s) for s in STATE_ORDER
                ],
                "total": sum(1 for e in self.events if e.year == y),
            }
            for y in self.years()
        ]
        states = [(STATE_LABEL[s], by_state[s], STATE_CLASS[s]) for s in STATE_ORDER]
        return self.render(
            "dashboard.md.j2",
            today=self.as_of,
            rows=rows,
            late=late,
            upcoming=upcoming,
            states=states,
            per_year=per_year,
            new_event=new_event_links(self.ws),
            state_labels=[STATE_LABEL[s] for s in STATE_ORDER],
            schedule=self.schedule_title(self.events),
        )

    def schedule_title(self, events: list[Event]) -> str:
        """The schedule column's heading: the SOPs' own word when the events listed share one."""
        titles = {self.sop(e).schedule_title for e in events}
        return titles.pop() if len(titles) == 1 else "Jadwal"

    # --- one event --------------------------------------------------------------------

    def event_page(self, event: Event) -> str:
        sop, status = self.sop(event), self.status[event.code]
        page = event_url(event.code)
        rel = relative(self.ws.root, event.source.path)
        steps = [self.step_row(event, sop, status, s.no) for s in sop.steps]
        return self.render(
            "event.md.j2",
            e=event,
            heading=markdown_text(event.name),
            row=self.row(event, page),
            edit=self.settings.edit_link(rel),
            form=form_link(event, rel, self.ws),
            record=rel,
            identity=self.identity(event),
            steps=steps,
            done=status.done,
            total=len(sop.steps),
            documents=self.extras.documents(event),
            regions=participants_by_region(event),
            participants=label(*field_of(sop, PEOPLE)) if sop.event_field(PEOPLE) else None,
            attachments=attachment_rows(event, self.ws.attachments.get(event.code, ())),
            committee=self.committee(event),
            committee_label=label(*field_of(sop, COMMITTEE)) if sop.event_field(COMMITTEE) else None,
            history=self.extras.history(event),
            letters=letter_numbers(event, sop) if sop.of_kind(LETTER, REPLY) else None,
            today=self.as_of,
        )

    def identity(self, event: Event) -> list[tuple[str, str]]:
        """Kode, then the SOP's own event fields in its order (a committee has a table of its own)."""
        items = [("Kode", event.code)]
        for key, node in self.sop(event).event_fields.items():
            if node.get("jenis") != COMMITTEE:
                items.append((short_label(key, node), event_fact(event, key, node)))
        return items

    def committee(self, event: Event) -> list[tuple[str, str]]:
        people = self.office.people
        return [
            (
                m.position,
                people[m.person].name
                if m.person is not None and m.person in people
                else (m.name or "-") + (f" ({m.institution})" if m.institution else ""),
            )
            for m in event.committee
        ]

    def step_row(self, event: Event, sop: Sop, status: Status, no: int) -> dict[str, Any]:
        spec, record = sop.step(no), event.step(no)
        state, css, taken = self.step_state(event, sop, status, record)
        who = self.office.people[record.by].name if record and record.by and record.by in self.office.people else "-"
        return {
            "no": no,
            "activity": spec.activity,
            "actors": ", ".join(sop.actors.get(a, a) for a in spec.actors),
            "planned": short_date(record.planned) if record and record.planned else "-",
            "start": short_moment(record.start) if record and record.start else "-",
            "end": short_moment(record.end) if record and record.end and record.done else "-",
            "standard": spec.duration.label,
            "taken": taken,
            "state": state,
            "css": css,
            "who": who,
            "note": record.note if record and record.note else "",
        }

    def step_state(self, event: Event, sop: Sop, status: Status, record: StepRecord | None) -> tuple[str, str, str]:
        """(label, css class, time taken) of one step on the event page."""
        if record is None:
            return "Belum", STATE_CLASS["belum"], "-"
        working = sop.step(record.no).duration.working
        if record.done:
            timing = self.timing(event, sop, record)
            if timing.taken is None:
                return "Selesai", STATE_CLASS["selesai"], "-"
            taken = self.calendar.describe(timing.taken, working)
            if timing.over:
                return f"Selesai, terlambat {self.calendar.describe(timing.over, working)}", "jj-terlambat", taken
            return "Selesai tepat waktu", STATE_CLASS["selesai"], taken
        if record.no == status.current:
            return state_text(status, self.calendar), STATE_CLASS[status.state], "-"
        return "Belum", STATE_CLASS["belum"], "-"

    # --- SOP --------------------------------------------------------------------------

    def sop_index(self) -> str:
        """Every SOP the office runs, with how many events follow it and their state."""
        sops = []
        for sop in self.ws.sops.values():
            events = [e for e in self.events if e.sop == sop.id]
            sops.append(
                {
                    "name": sop.identity.get("nama") or sop.id,
                    "number": sop.identity.get("nomor") or "-",
                    "steps": len(sop.steps),
                    "documents": ", ".join(d.title for d in sop.documents) or "-",
                    "events": len(events),
                    "running": sum(1 for e in events if self.status[e.code].state != "selesai"),
                    "href": href("sop/", sop_url(sop.id)),
                }
            )
        return self.render("sop_index.md.j2", sops=sops)

    def sop_page(self, sop: Sop) -> str:
        stats = self.step_stats(sop)
        return self.render(
            "sop.md.j2",
            sop=sop,
            heading=markdown_text(sop.identity.get("nama") or ""),
            identity=sop_identity(sop),
            flowchart=flowchart_html(sop),
            chart=timing_chart_svg(stats),
            stats=stats,
            note=sop.transcription_note or "",
        )

    def step_stats(self, sop: Sop) -> list[dict[str, Any]]:
        """Per SOP step: how long it really took across events (median, worst) against the standard."""
        taken: dict[int, list[int]] = defaultdict(list)
        for event in self.events:
            if event.sop != sop.id:
                continue
            for record in event.steps:
                timing = self.timing(event, sop, record)
                if timing.taken is not None:
                    taken[record.no].append(timing.taken)
        stats = []
        for spec in sop.steps:
            values, working = taken.get(spec.no, []), spec.duration.working
            standard = self.calendar.standard_minutes(spec.duration)
            median = int(statistics.median(values)) if values else None
            worst = max(values) if values else None
            stats.append(
                {
                    "no": spec.no,
                    "activity": spec.activity,
                    "standard": standard,
                    "standard_label": spec.duration.label,
                    "count": len(values),
                    "median": median,
                    "worst": worst,
                    "median_label": "-" if median is None else self.calendar.describe(median, working),
                    "worst_label": "-" if worst is None else self.calendar.describe(worst, working),
                    "late": sum(1 for v in values if v > standard),
                }
            )
        return stats

    # --- recap ------------------------------------------------------------------------

    def recap_index(self) -> str:
        years = [
            {
                "year": y,
                "href": href("rekap/", f"rekap/{y}/"),
                "events": sum(1 for e in self.events if e.year == y),
                "participants": sum(len(e.participants) for e in self.events if e.year == y),
            }
            for y in self.years()
        ]
        return self.render("recap_index.md.j2", years=years)

    def recap(self, year: int) -> str:
        page = f"rekap/{year}/"
        events = [e for e in self.events if e.year == year]
        regions: dict[str, Counter[str]] = defaultdict(Counter)
        for event in events:
            for p in event.participants:
                regions[p.region][p.sex] += 1
        table = [{"region": r, "L": c["L"], "P": c["P"], "total": c["L"] + c["P"]} for r, c in sorted(regions.items())]
        totals = {"L": sum(c["L"] for c in regions.values()), "P": sum(c["P"] for c in regions.values())}
        return self.render(
            "recap.md.j2",
            year=year,
            rows=[self.row(e, page) for e in events],
            regions=table,
            totals=totals,
            late=self.late_steps(events),
            schedule=self.schedule_title(events),
        )

    def late_steps(self, events: list[Event]) -> list[dict[str, Any]]:
        """SOP steps ordered by how many events finished them late (or are late on them now)."""
        late: Counter[tuple[str, int]] = Counter()
        for event in events:
            sop, status = self.sop(event), self.status[event.code]
            for record in event.steps:
                if record.done and self.timing(event, sop, record).over:
                    late[(sop.id, record.no)] += 1
            if status.state == "terlambat" and status.current:
                late[(sop.id, status.current)] += 1
        return [
            {
                "no": no,
                "sop": self.ws.sops[sop_id].identity.get("nama") or sop_id,
                "activity": self.ws.sops[sop_id].step(no).activity,
                "count": n,
                "standard": self.ws.sops[sop_id].step(no).duration.label,
            }
            for (sop_id, no), n in late.most_common()
        ]


STATE_ORDER = ("terlambat", "berjalan", "direncanakan", "selesai")
STATE_LABEL = {"terlambat": "Terlambat", "berjalan": "Berjalan", "direncanakan": "Direncanakan", "selesai": "Selesai"}


class Statuses(dict[str, Status]):
    """Each event's status at the pages' moment, by code, computed the first time it is asked for."""

    def __init__(self, pages: Pages):
        super().__init__()
        self.pages = pages
        self.events = {e.code: e for e in pages.events}

    def __missing__(self, code: str) -> Status:
        event, pages = self.events[code], self.pages
        status = self[code] = event_status(event, pages.sop(event), pages.calendar, pages.now)
        return status


def state_text(status: Status, calendar: Calendar) -> str:
    if status.state == "terlambat":
        return f"Terlambat {calendar.describe(status.late, status.working)}"
    return status.label


def as_of(now: datetime, zone_name: str) -> str:
    """`28 November 2026 pukul 10.00 WIB`: the moment the portal's status was computed for."""
    return f"{long_date(now.date())} pukul {now:%H.%M} {zone(zone_name).tzname(None)}"


@lru_cache(maxsize=8192)
def short_date(day: date) -> str:
    """`26 Okt 2026`: compact enough for a timeline column."""
    return format_date(day, "d MMM y", locale="id")


def short_moment(moment: datetime) -> str:
    """`26 Okt 2026, 08.00`, or the bare date when the record gave no clock time."""
    if moment.time() in (time(0, 0), time(23, 59)):
        return short_date(moment.date())
    return f"{short_date(moment.date())}, {moment:%H.%M}"


def letter_numbers(event: Event, sop: Sop) -> list[dict[str, str]]:
    """Every letter number an event holds (its own letters and the replies it received), in the
    SOP's order, so that search finds it."""
    out = []
    for kinded in sop.of_kind(LETTER, REPLY):
        step = event.step(kinded.step) if kinded.step is not None else None
        data = step.data if step else event.data if kinded.step is None else {}
        for _, letter in occurrences(data, kinded.path):
            if isinstance(letter, Mapping):
                out += _numbered(kinded, letter, sop)
    return out


def _numbered(kinded: Kinded, letter: Mapping[str, Any], sop: Sop) -> list[dict[str, str]]:
    when = long_date(date.fromisoformat(letter[DATE])) if letter.get(DATE) else "-"
    if kinded.kind == REPLY:
        region = next((v for k, v in letter.items() if item_kind(kinded, k) == REGION), "")
        return [{"what": f"Surat jawaban {region}".strip(), "number": letter[NUMBER], "date": when}]
    document = sop.document(kinded.param(DOCUMENT))
    title = document.title if document else kinded.path
    numbered = [(None, letter[NUMBER])] if NUMBER in letter else []
    numbered += [(each[ADDRESSEE], each[NUMBER]) for each in letter.get(PER_ADDRESSEE, ())]
    # a letter sent per addressee has one number each
    return [{"what": title + (f" — {target}" if target else ""), "number": n, "date": when} for target, n in numbered]


def item_kind(kinded: Kinded, key: str) -> str | None:
    node = item_properties(kinded.node).get(key)
    return node.get("jenis") if isinstance(node, Mapping) else None


def field_of(sop: Sop, kind: str) -> tuple[str, Mapping[str, Any]]:
    """The key and schema of the event's field of a kind (which must exist)."""
    key = sop.event_field(kind) or kind
    return key, sop.event_fields.get(key, {})


def event_fact(event: Event, key: str, node: Mapping[str, Any]) -> str:
    """One event field as the identity table shows it."""
    if key == "jadwal":
        return date_range(event.start, event.end)
    value = event.data.get(key)
    if node.get("jenis") == PEOPLE:
        return f"{len(event.participants)} orang"
    if value is None or value == "":
        return "-"
    if node.get("jenis") == QUOTA:
        return f"{value} orang"
    if isinstance(value, (tuple, Mapping)):
        return f"{len(value)} butir"
    return str(value)


def attachment_rows(event: Event, attachments: Sequence[Attachment]) -> list[dict[str, Any]]:
    """The event's attachments, each linked to its copy beside the event page."""
    page = event_url(event.code)
    return [
        {
            "name": PurePosixPath(a.path).name,
            "href": quote(href(page, site_path(event.code, i, a))),
            "step": a.step,
            "description": a.description or "-",
            "kind": a.kind,
        }
        for i, a in enumerate(attachments, 1)
    ]


def participants_by_region(event: Event) -> list[dict[str, Any]]:
    groups: dict[str, list[str]] = defaultdict(list)
    sexes: dict[str, Counter[str]] = defaultdict(Counter)
    for p in event.participants:
        groups[p.region].append(p.name)
        sexes[p.region][p.sex] += 1
    return [{"region": r, "names": groups[r], "L": sexes[r]["L"], "P": sexes[r]["P"]} for r in sorted(groups)]


IDENTITY_LABELS = (
    ("unit", "Unit kerja"),
    ("nomor", "Nomor SOP"),
    ("tanggal_pembuatan", "Tanggal pembuatan"),
    ("tanggal_revisi", "Tanggal revisi"),
    ("tanggal_efektif", "Tanggal efektif"),
    ("disahkan_oleh", "Disahkan oleh"),
    ("nama", "Nama SOP"),
    ("dasar_hukum", "Dasar hukum"),
    ("keterkaitan", "Keterkaitan"),
    ("peringatan", "Peringatan"),
    ("kualifikasi_pelaksana", "Kualifikasi pelaksana"),
    ("peralatan_perlengkapan", "Peralatan/perlengkapan"),
    ("pencatatan_pendataan", "Pencatatan dan pendataan"),
)


SIGNER_LABELS = {"jabatan": "Jabatan", "nama": "Nama", "pangkat": "Pangkat/golongan", "nip": "NIP"}


def sop_identity(sop: Sop) -> list[tuple[str, list[str], bool]]:
    """The 13 identity fields as (label, lines of text, whether the lines are a numbered list)."""
    out = []
    for key, title in IDENTITY_LABELS:
        value = sop.identity.get(key)
        if isinstance(value, str) and key.startswith("tanggal_"):
            lines = [long_date(datetime.fromisoformat(value).date())]
        elif isinstance(value, (list, tuple)):
            lines = [str(v) for v in value]
        elif isinstance(value, Mapping):
            lines = [f"{SIGNER_LABELS.get(k, k)}: {v or '(tidak terbaca pada pindaian)'}" for k, v in value.items()]
        else:
            lines = [str(value) if value else "-"]
        out.append((title, lines, isinstance(value, (list, tuple)) and len(lines) > 1))
    return out
