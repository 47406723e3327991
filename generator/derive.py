"""Pure derivations: working time, lateness, event status, who held an office.

Everything here is a plain function of its inputs, `now` included, so it is tested with
tables of cases rather than a frozen clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from generator.records.model import Duration, Event, Office, Person, Sop, SopStep, StepRecord, Term

DELEGATION_DEPTH = 2  # a.n. one level down, a.n. ... u.b. two levels down

WORK_WEEK_DAYS = 5
MAX_SEARCH_DAYS = 3660  # a calendar with no working day in ten years is a broken office record


@lru_cache(maxsize=64)
def national_days_off(year: int) -> frozenset[date]:
    """Indonesian national holidays and cuti bersama of one year (the tables are imported on first
    use: commands that never count working days do not pay for them)."""
    return frozenset(national_holidays(year))


def national_holidays(year: int, language: str | None = None) -> Mapping[date, str]:
    """What `holidays.country_holidays("ID", years=year, categories=("public", "government"),
    language=language)` gives: national holidays and cuti bersama, with their names."""
    return _indonesia()(years=year, categories=("public", "government"), language=language)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _indonesia() -> Any:
    """holidays' Indonesia class. Finding it by country code imports holidays/countries/__init__.py,
    which imports all ~250 countries (0.08 s, a tenth of `jejak validate`'s start-up); so its module
    is loaded with a bare package standing in for that __init__ while it loads (the form's
    validator ships a holidays whose __init__ imports Indonesia alone: the same class either way)."""
    import importlib
    import importlib.util
    import sys

    import holidays  # the base classes, calendars and translations Indonesia builds on

    package = "holidays.countries"
    if package in sys.modules:
        return importlib.import_module(f"{package}.indonesia").Indonesia
    spec = importlib.util.find_spec(package)
    if spec is None or spec.submodule_search_locations is None:  # pragma: no cover - another layout
        return holidays.ID  # the lazy loader, called the same way
    sys.modules[package] = importlib.util.module_from_spec(spec)  # not run: only its __path__ is used
    try:
        return importlib.import_module(f"{package}.indonesia").Indonesia
    finally:
        del sys.modules[package]  # a later `import holidays.countries` runs the real __init__


@dataclass(frozen=True)
class Calendar:
    """Office hours and days off: turns SOP standard times into measurable minutes."""

    opens: time
    closes: time
    office_days_off: frozenset[date] = frozenset()

    @classmethod
    def of(cls, office: Office) -> Calendar:
        return cls(office.hours[0], office.hours[1], frozenset(office.days_off))

    @property
    def day_minutes(self) -> int:
        return _minutes(self.closes) - _minutes(self.opens)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.office_days_off and day not in national_days_off(day.year)

    def working_minutes(self, start: datetime, end: datetime) -> int:
        """Minutes of office hours on working days between two moments."""
        total, day = 0, start.date()
        while day <= end.date():
            if self.is_working_day(day):
                lo = max(start, datetime.combine(day, self.opens))
                hi = min(end, datetime.combine(day, self.closes))
                total += max(0, int((hi - lo).total_seconds() // 60))
            day += timedelta(days=1)
        return total

    def standard_minutes(self, duration: Duration) -> int:
        """The SOP's standard time in minutes of the clock it is measured on."""
        per_day = self.day_minutes if duration.working else 24 * 60
        per_unit = {
            "menit": 1,
            "jam": 60,
            "hari": per_day,
            "minggu": per_day * (WORK_WEEK_DAYS if duration.working else 7),
        }
        return duration.value * per_unit[duration.unit]

    def elapsed(self, duration: Duration, start: datetime, end: datetime) -> int:
        """Minutes between two moments, on the clock the standard time uses."""
        if duration.working:
            return self.working_minutes(start, end)
        return max(0, int((end - start).total_seconds() // 60))

    # --- moving through working time (the proposed plan) ----------------------------

    def next_open(self, moment: datetime) -> datetime:
        """The first moment at or after `moment` inside office hours on a working day."""
        day = moment.date()
        if self.is_working_day(day) and moment.time() < self.closes:
            return max(moment, datetime.combine(day, self.opens))
        for _ in range(MAX_SEARCH_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return datetime.combine(day, self.opens)
        raise ValueError("no working day within ten years")

    def previous_close(self, moment: datetime) -> datetime:
        """The last moment at or before `moment` inside office hours on a working day."""
        day = moment.date()
        if self.is_working_day(day) and moment.time() > self.opens:
            return min(moment, datetime.combine(day, self.closes))
        for _ in range(MAX_SEARCH_DAYS):
            day -= timedelta(days=1)
            if self.is_working_day(day):
                return datetime.combine(day, self.closes)
        raise ValueError("no working day within ten years")

    def after(self, start: datetime, duration: Duration) -> datetime:
        """When a step that starts at `start` and takes its standard time ends."""
        minutes = self.standard_minutes(duration)
        if not duration.working:
            return start + timedelta(minutes=minutes)
        moment = self.next_open(start)
        while True:
            left_today = _minutes(self.closes) - _minutes(moment.time())
            if minutes <= left_today:
                return moment + timedelta(minutes=minutes)
            minutes -= left_today
            moment = self.next_open(datetime.combine(moment.date(), self.closes))

    def before(self, end: datetime, duration: Duration) -> datetime:
        """When a step must start to end at `end` after its standard time."""
        minutes = self.standard_minutes(duration)
        if not duration.working:
            return end - timedelta(minutes=minutes)
        moment = self.previous_close(end)
        while True:
            used_today = _minutes(moment.time()) - _minutes(self.opens)
            if minutes <= used_today:
                return moment - timedelta(minutes=minutes)
            minutes -= used_today
            moment = self.previous_close(datetime.combine(moment.date(), self.opens))

    def days_off(self, years: range) -> list[date]:
        """Every weekday that is not a working day in `years` (the form's copy of this calendar)."""
        found = set(self.office_days_off)
        for year in years:
            found |= national_days_off(year)
        return sorted(d for d in found if d.year in years and d.weekday() < WORK_WEEK_DAYS)

    def describe(self, minutes: int, working: bool = True) -> str:
        """`3 hari kerja`, `2 jam 15 menit` ... for a person reading a status."""
        per_day = self.day_minutes if working else 24 * 60
        days, rest = divmod(minutes, per_day)
        hours, mins = divmod(rest, 60)
        suffix = " kerja" if working else ""
        if days:
            return f"{days} hari{suffix}" + (f" {hours} jam" if hours else "")
        if hours:
            return f"{hours} jam" + (f" {mins} menit" if mins else "")
        return f"{mins} menit"


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


# --- the proposed plan ------------------------------------------------------------------


def proposed_plan(sop: Sop, calendar: Calendar, start: date, end: date, today: date) -> dict[int, date]:
    """`rencana` of every step of a new event, by the SOP's standard times and the office's
    working days. The step held on the event's own dates (`menjalankan_jadwal`) is planned on its first
    day; the steps before it follow each other from `today`, or, when they would not end before
    the event begins, backwards from its first day; the steps after it follow from the working
    day after it ends. The form mirrors this in plan.js (tests/test_plan_parity.py)."""
    anchor = next((s for s in sop.steps if s.runs_schedule), None)
    before = sop.steps[: anchor.no - 1] if anchor else sop.steps
    plan, moment = _forward(calendar, before, datetime.combine(today, calendar.opens))
    begins = datetime.combine(start, calendar.opens)
    if anchor is None:
        return plan
    if moment > begins:  # not enough time before the event: as late as the event allows
        moment = begins
        for step in reversed(before):
            moment = calendar.before(moment, step.duration)
            plan[step.no] = moment.date()
    plan[anchor.no] = start
    later, _ = _forward(calendar, sop.steps[anchor.no :], datetime.combine(end, calendar.closes))
    return plan | later


def _forward(calendar: Calendar, steps: tuple[SopStep, ...], moment: datetime) -> tuple[dict[int, date], datetime]:
    """Steps one after the other from `moment`: their planned days, and when the last one ends."""
    plan = {}
    for step in steps:
        moment = calendar.next_open(moment)
        plan[step.no] = moment.date()
        moment = calendar.after(moment, step.duration)
    return plan, moment


# --- steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepTiming:
    no: int
    standard: int  # minutes
    taken: int | None  # minutes, for a finished step
    over: int  # minutes beyond the standard (0 when on time)


def step_timing(calendar: Calendar, sop: Sop, step: StepRecord) -> StepTiming:
    duration = sop.step(step.no).duration
    standard = calendar.standard_minutes(duration)
    if not (step.done and step.start and step.end):
        return StepTiming(step.no, standard, None, 0)
    taken = calendar.elapsed(duration, step.start, step.end)
    return StepTiming(step.no, standard, taken, max(0, taken - standard))


# --- events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """Where an event stands today."""

    state: str  # selesai | berjalan | terlambat | direncanakan
    current: int | None  # first step not yet selesai
    done: int  # number of finished steps
    waiting_since: datetime | None
    late: int  # minutes beyond the current step's standard time, on its clock
    working: bool = True  # that clock is working time (else calendar time)

    @property
    def label(self) -> str:
        return {"selesai": "Selesai", "berjalan": "Berjalan", "terlambat": "Terlambat", "direncanakan": "Direncanakan"}[
            self.state
        ]


def event_status(event: Event, sop: Sop, calendar: Calendar, now: datetime) -> Status:
    done = sum(1 for s in event.steps if s.done)
    current = next((s for s in event.steps if not s.done), None)
    if current is None:
        return Status("selesai", None, done, None, 0)
    since = waiting_since(event, current)
    if since is None or since > now:
        return Status("direncanakan", current.no, done, since, 0)
    duration = sop.step(current.no).duration
    late = max(0, calendar.elapsed(duration, since, now) - calendar.standard_minutes(duration))
    return Status("terlambat" if late else "berjalan", current.no, done, since, late, duration.working)


def waiting_since(event: Event, step: StepRecord) -> datetime | None:
    """When the clock of a step started: its own start, else the end of the previous step,
    but never before its planned date. A step nothing comes before (the first, or one after a
    step not finished) waits from its planned date: a plan that has passed with nothing done is
    late like any other step."""
    previous = event.step(step.no - 1)
    since = step.start or (previous.end if previous and previous.done else None)
    if step.start:
        return since
    planned = datetime.combine(step.planned, time(0, 0)) if step.planned else None
    if since is None or planned is None:
        return since or planned
    return max(since, planned)


# --- people ----------------------------------------------------------------------------


def delegation_chain(office: Office, lower: str, upper: str) -> list[str] | None:
    """Roles from `lower` up to (excluding) `upper`, when `upper` is at most two levels above."""
    chain, role = [lower], office.roles.get(lower)
    while role is not None and role.superior and len(chain) <= DELEGATION_DEPTH:
        if role.superior == upper:
            return chain
        chain.append(role.superior)
        role = office.roles.get(role.superior)
    return None


def signing_capacity(office: Office, person: Person, role: str, day: date) -> tuple[Term, list[str]] | None:
    """How `person` may sign for `role` on `day`: holding it (empty chain) or a.n./u.b. through
    the roles of the chain; None when they may not sign for it at all."""
    if term := person.term(role, day):
        return term, []
    for term in person.terms:
        chain = delegation_chain(office, term.role, role) if term.covers(day) else None
        if chain and may_sign(office, term.role):
            return term, chain
    return None


def may_sign(office: Office, role_id: str) -> bool:
    """Staff do not sign for an official: a role signs a.n./u.b. when it heads someone, or sits
    directly under the head of the office (a Sekretaris, a Kepala Bidang)."""
    role = office.roles.get(role_id)
    if role is None:
        return False
    superior = office.roles.get(role.superior) if role.superior else None
    heads = any(other.superior == role_id for other in office.roles.values())
    return superior is None or superior.superior is None or heads


def holder_on(office: Office, role: str, day: date) -> tuple[Person, Term] | None:
    """Who held `role` on `day` (the definitive holder before an acting one)."""
    found = office.holders(role, day)
    return found[0] if found else None


def _many(office: Office, role: str) -> bool:
    found = office.roles.get(role)
    return found is not None and found.many


def next_actors(event: Event, sop: Sop, office: Office, step_no: int, day: date) -> list[str]:
    """Names of the people expected to act on a step, for a status line."""
    step = event.step(step_no)
    if step and step.status == "berjalan" and step.by is not None and step.by in office.people:
        return [office.people[step.by].name]
    roles = sop.step(step_no).actors
    names: list[str] = []
    for role in roles:
        if role in sop.committee_actors:
            names += [
                office.people[m.person].name
                for m in event.committee
                if m.person is not None and m.person in office.people and m.position.lower() in ("ketua", "sekretaris")
            ]
        elif (held := holder_on(office, role, day)) and not _many(office, role):
            person, term = held
            names.append(f"{person.name} ({(term.acting + ' ') if term.acting else ''}{sop.actors.get(role, role)})")
    return names or [sop.actors.get(r, r) for r in roles]
