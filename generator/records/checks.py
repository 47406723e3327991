"""What the SOP means, checked on records that already have the right shape."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import partial
from typing import Any

from generator.dates import long_date, moment_text, money
from generator.derive import Calendar, step_timing
from generator.problem import ERROR, WARNING, Problem
from generator.records.checks_frame import check_frame, check_step_numbers
from generator.records.checks_letters import check_letters
from generator.records.checks_limits import check_dates_near, check_quota
from generator.records.checks_rules import check_rules
from generator.records.checks_texts import check_texts
from generator.records.kinded_values import values
from generator.records.kinds import AT, BUDGET, LINES, PERSON_FIELD, REGION, TOTAL, occurrences
from generator.records.model import CoverRule, Event, Office, Sop, SopStep, StepRecord, parse_moment
from generator.records.people_hints import suggest_person
from generator.records.regions import check_regions

# 16 digits, also when typed in groups with single spaces ("1671 0123 4567 0001").


Place = tuple[int, int] | Callable[[], tuple[int, int]]


class Report:
    """Collects the problems of one file, placing each at the line of the value concerned."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def add(
        self,
        where: Place,
        message: str,
        hint: str | None = None,
        *,
        code: str,
        severity: str = ERROR,
        missing: tuple[str | int, ...] | None = None,
    ) -> None:
        """`missing`: the key path of an absent value the problem asks for; the form shows the
        problem on that field (field_paths.with_fields), the terminal at `where`."""
        # A position costs a parse of the file, so callers may pass a function giving it.
        line, column = where() if callable(where) else where
        self.problems.append(Problem(self.rel, line, column, severity, message, hint, code, keypath=missing))

    def warn(self, where: Place, message: str, hint: str | None = None, *, code: str) -> None:
        self.add(where, message, hint, code=code, severity=WARNING)


# --- events ----------------------------------------------------------------------------


def check_event(event: Event, sop: Sop, office: Office, calendar: Calendar, now: datetime, rel: str) -> list[Problem]:
    report = Report(rel)
    check_frame(event, report)
    check_quota(event, sop, report)
    steps_follow_sop = check_dates_near(event, report) and check_step_numbers(event, sop, report)
    if steps_follow_sop:
        for step in event.steps:
            check_step(event, step, sop, office, calendar, now, report)
    check_people_refs(event, sop, office, report)
    check_regions(event, office, report, values(event, sop, REGION))
    if not steps_follow_sop:
        return report.problems
    letters = check_letters(event, sop, office, rel)
    return report.problems + letters + check_texts(event, sop, rel) + check_rules(event, sop, office, rel)


def check_step(
    event: Event, step: StepRecord, sop: Sop, office: Office, calendar: Calendar, now: datetime, report: Report
) -> None:
    check_step_times(event, step, report, now)
    check_step_content(event, step, sop, office, calendar, now, report)


def check_step_content(
    event: Event,
    step: StepRecord,
    sop: Sop,
    office: Office,
    calendar: Calendar,
    now: datetime,
    report: Report,
    *,
    plans_known: bool = True,
) -> None:
    """A step's own fields, who did it, its outputs and its duration (`plans_known`: every step's
    planned date was readable, so a missing one is missing)."""
    spec = sop.step(step.no)
    check_step_fields(step, spec, sop, report)
    if step.by:
        check_actor(event, step, spec, sop, office, report)
    for path, role in spec.field_roles.items():
        check_field_role(step, path, role, sop, office, now, report)
    check_budgets(step, spec, report)
    if step.done:
        check_outputs(event, step, spec, sop, report, plans_known=plans_known)
        timing = step_timing(calendar, sop, step)
        if timing.over and step.end and step.end <= now:  # a future end is an error of its own
            report.warn(
                step.source.where("selesai"),
                f"langkah {step.no} memakan waktu {calendar.describe(timing.taken or 0, spec.duration.working)}, "
                f"melebihi waktu baku SOP ({spec.duration.label})",
                f"catatan langkah ini: {step.note}"
                if step.note
                else "bila ada sebabnya, tuliskan di 'catatan' langkah ini",
                code="lewat-waktu-baku",
            )


def check_step_times(
    event: Event, step: StepRecord, report: Report, now: datetime, unread: frozenset[str] = frozenset()
) -> None:
    """Status, times and order against the previous step. `unread`: keys of this step the schema
    refused; then nothing is said missing (a misspelt key is usually the missing one)."""
    where = step.source.where
    if step.status in ("berjalan", "selesai"):
        needed = (("mulai", step.start), ("oleh", step.by)) + ((("selesai", step.end),) if step.done else ())
        for key, value in needed:
            if value is None and not unread:
                report.add(
                    where("status"),
                    f"langkah {step.no} berstatus '{step.status}' tetapi '{key}' belum diisi",
                    f"isi '{key}', atau ubah status menjadi 'belum'",
                    code="status-kurang",
                    missing=(*step.source.prefix, key),
                )
        previous = [s for s in event.steps if s.no < step.no and not s.done]
        if previous:
            report.add(
                where("status"),
                f"langkah {step.no} berstatus '{step.status}' padahal langkah {previous[0].no} belum selesai",
                "langkah SOP dikerjakan berurutan; selesaikan langkah sebelumnya lebih dulu",
                code="urutan-status",
            )
    elif step.end:
        report.add(
            where("selesai"),
            f"langkah {step.no} berstatus 'belum' tetapi sudah punya waktu selesai",
            "ubah status menjadi 'selesai', atau hapus 'selesai'",
            code="status-kurang",
        )
    if step.start and step.end and step.end < step.start:
        report.add(
            where("selesai"),
            f"langkah {step.no} 'selesai' ({moment_text(step.end)}) lebih awal dari "
            f"'mulai' ({moment_text(step.start)})",
            "periksa urutan tanggal; 'selesai' harus sama atau setelah 'mulai'",
            code="waktu-terbalik",
        )
    previous_step = event.step(step.no - 1)
    if previous_step and starts_before(step, previous_step):
        report.add(
            where("mulai"),
            f"langkah {step.no} dimulai ({moment_text(step.start)}) sebelum langkah "
            f"{previous_step.no} selesai ({moment_text(previous_step.end)})",
            "periksa tanggal; langkah SOP dikerjakan berurutan",
            code="waktu-antarlangkah",
        )
    if step.end and step.end > now and (step.timed or step.end.date() > now.date()):
        report.add(
            where("selesai"),
            f"waktu selesai langkah {step.no} ({moment_text(step.end)}) ada di masa depan",
            "isi waktu selesai setelah langkah benar-benar selesai; sampai saat itu tulis 'status: berjalan' "
            "tanpa 'selesai'",
            code="waktu-masa-depan",
        )


def starts_before(step: StepRecord, previous: StepRecord) -> bool:
    """A step starting before the previous one ended; on the same day only when both carry a clock time."""
    if not (step.start and previous.end):
        return False
    if step.start.date() != previous.end.date():
        return step.start.date() < previous.end.date()
    return step.timed and previous.timed and step.start < previous.end


def check_step_fields(step: StepRecord, spec: SopStep, sop: Sop, report: Report) -> None:
    owners = sop.step_fields
    for key in step.data:
        owner = owners.get(key)
        if key in ("lampiran", "dikembalikan"):
            if key == "dikembalikan" and spec.symbol != "keputusan":
                report.add(
                    step.source.where(key, key=True),
                    f"langkah {step.no} bukan langkah keputusan; 'dikembalikan' hanya untuk langkah pemeriksaan",
                    code="isian-salah-langkah",
                )
        elif owner is not None and owner != step.no:
            report.add(
                step.source.where(key, key=True),
                f"isian '{key}' milik langkah {owner}, bukan langkah {step.no}",
                f"pindahkan isian ini ke blok langkah {owner}",
                code="isian-salah-langkah",
            )


def check_actor(event: Event, step: StepRecord, spec: SopStep, sop: Sop, office: Office, report: Report) -> None:
    where = partial(step.source.where, "oleh")
    person = office.people.get(step.by or "")
    if person is None:
        report.add(
            where,
            f"'{step.by}' tidak ada di data kantor (records/kantor.yaml)",
            suggest_person(step.by or "", office.names),
            code="orang-tidak-dikenal",
        )
        return
    day = (step.end or step.start or datetime.combine(event.start, datetime.min.time())).date()
    if any(_acts_as(event, person.id, role, sop, office, day) for role in spec.actors):
        return
    roles = " atau ".join(sop.actors.get(r, r) for r in spec.actors)
    report.add(
        where,
        f"langkah {step.no} dikerjakan oleh {person.name}, padahal pelaksananya {roles} (pada {long_date(day)})",
        _who_may(event, spec.actors, sop, office, day),
        code="pelaksana-salah",
    )


def _acts_as(event: Event, person: str, role: str, sop: Sop, office: Office, day: date) -> bool:
    if role in sop.committee_actors:
        return any(m.person == person for m in event.committee)
    return office.people[person].term(role, day) is not None


def _who_may(event: Event, roles: tuple[str, ...], sop: Sop, office: Office, day: date) -> str:
    names = []
    for role in roles:
        if role in sop.committee_actors:
            names += [m.person for m in event.committee if m.person]
        else:
            names += [p.id for p, _ in office.holders(role, day)]
    if not names:
        return (
            f"tidak ada {' atau '.join(sop.actors.get(r, r) for r in roles)} yang menjabat pada tanggal itu; "
            "periksa masa jabatan di records/kantor.yaml"
        )
    return "yang berwenang pada tanggal itu: " + ", ".join(names)


def check_field_role(
    step: StepRecord, path: str, role: str, sop: Sop, office: Office, now: datetime, report: Report
) -> None:
    value = dig(step.data, path)
    if value is None:
        return
    keys = tuple(path.split("."))
    where = partial(step.source.where, *keys)
    person = office.people.get(value)
    if person is None:
        report.add(
            where,
            f"'{value}' tidak ada di data kantor (records/kantor.yaml)",
            suggest_person(value, office.names),
            code="orang-tidak-dikenal",
        )
        return
    moment = dig(step.data, ".".join(keys[:-1] + (AT,)))
    day = parse_moment(moment).date() if moment else (step.end or step.start or now).date()
    if person.term(role, day) is None:
        report.add(
            where,
            f"'{path}' diisi {person.name}, padahal harus {sop.actors.get(role, role)} "
            f"yang menjabat pada {long_date(day)}",
            _holders_hint(office, role, day),
            code="pelaksana-salah",
        )


def _holders_hint(office: Office, role: str, day: date) -> str:
    """Who held the role that day: the one holder, or every holder of a role held by many (staf)."""
    held = office.holders(role, day)
    if not held:
        return "periksa masa jabatan di records/kantor.yaml"
    many = office.roles.get(role)
    if many is not None and many.many:
        return "yang menjabat pada tanggal itu: " + ", ".join(p.id for p, _ in held)
    return f"yang menjabat: {held[0][0].id}"


def check_budgets(step: StepRecord, spec: SopStep, report: Report) -> None:
    """A money plan prints the total and its breakdown side by side: they must agree."""
    for kinded in (k for k in spec.kinds if k.kind == BUDGET):
        for keys, budget in occurrences(step.data, kinded.path):
            if not isinstance(budget, Mapping) or not budget.get(LINES):
                continue
            parts = sum(item[TOTAL] for item in budget[LINES])
            if parts != budget[TOTAL]:
                report.add(
                    step.source.where(*keys, TOTAL),
                    f"jumlah {keys[-1]} {money(budget[TOTAL])} tidak sama dengan jumlah rinciannya {money(parts)}",
                    f"perbaiki '{TOTAL}' atau rinciannya; {_printed_by(spec)} mencetak keduanya",
                    code="anggaran-jumlah",
                )


def _printed_by(spec: SopStep) -> str:
    """What prints a step's data: its first document (`rencana kerja`), else the record."""
    return spec.documents[0].title.lower() if spec.documents else "catatan kegiatan"


def check_outputs(
    event: Event, step: StepRecord, spec: SopStep, sop: Sop, report: Report, *, plans_known: bool = True
) -> None:
    for path in spec.required:
        if _empty(dig(step.data, path)):
            report.add(
                step.source.where("status"),
                f"langkah {step.no} sudah selesai tetapi '{path}' belum diisi (dibutuhkan untuk output: {spec.output})",
                f"isi '{path}' di blok langkah {step.no}, atau ubah status menjadi 'berjalan'",
                code="output-kurang",
                missing=(*step.source.prefix, *path.split(".")),
            )
    if spec.sets_plan and plans_known:
        unplanned = [s.no for s in event.steps if s.planned is None]
        if unplanned:
            report.add(
                step.source.where("status"),
                f"rencana kerja sudah selesai tetapi langkah "
                f"{', '.join(map(str, unplanned))} belum punya tanggal 'rencana'",
                "isi 'rencana: TTTT-BB-HH' di setiap langkah",
                code="rencana-kurang",
            )
    for rule in spec.covers:
        check_cover(event, step, sop, rule, report)


def check_cover(event: Event, step: StepRecord, sop: Sop, rule: CoverRule, report: Report) -> None:
    """Every value the SOP says this step must cover (e.g. each addressee) appears in it."""
    owner = sop.holding(rule.source)
    record = event.step(owner.no) if owner else None
    wanted = values_at(record.data, rule.source) if record else []
    found = set(values_at(step.data, rule.target))
    field, _, key = rule.target.rpartition(".")
    for value in wanted:
        if value not in found:
            report.add(
                step.source.where(field.split(".")[0]),
                f"{rule.label} ke {value} belum dicatat",
                f"tambahkan butir dengan `{key}: {value}` di '{field}'",
                code="cakupan-kurang",
            )


def check_people_refs(event: Event, sop: Sop, office: Office, report: Report) -> None:
    """Every person field the SOP names (the event's, such as a committee's, and each step's) must
    be a person of the office; those that must hold a role on the day are checked per step."""
    refs: list[tuple[tuple, str]] = [
        (value.keys, value.value)
        for value in values(event, sop, PERSON_FIELD)
        if value.step is None and isinstance(value.value, str)
    ]
    for step in event.steps:
        spec = sop.step(step.no) if step.no <= len(sop.steps) else None
        for field, role in spec.person_fields.items() if spec else ():
            if role is None:
                refs += _person_refs(step, field)
    for path, person in refs:
        if person not in office.people:
            report.add(
                event.source.loaded.where(path),
                f"'{person}' tidak ada di data kantor (records/kantor.yaml)",
                suggest_person(person, office.names),
                code="orang-tidak-dikenal",
            )


def _person_refs(step: StepRecord, path: str) -> list[tuple[tuple, str]]:
    value = dig(step.data, path)
    base = step.source.prefix + tuple(path.split("."))
    if isinstance(value, str):
        return [(base, value)]
    if isinstance(value, tuple):
        return [(base + (i,), v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def values_at(data: Mapping[str, Any], path: str) -> list[Any]:
    """Every value at a dotted path, stepping into lists: `pengiriman.tujuan` of each delivery."""
    nodes: list[Any] = [data]
    for key in path.split("."):
        nodes = [n for node in nodes for n in (node if isinstance(node, tuple) else (node,))]
        nodes = [n[key] for n in nodes if isinstance(n, Mapping) and key in n]
    return [n for node in nodes for n in (node if isinstance(node, tuple) else (node,))]


def dig(data: Mapping[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == {}
