"""The form's copy of the proposed plan (site_templates/editor/plan.js) gives the same dates as the
Python function (derive.proposed_plan) it mirrors, over thousands of days, on the calendar
`jejak build` exports to the form: holidays, cuti bersama, the office's own days off."""

from __future__ import annotations

import json
import random
import subprocess
from datetime import date, time, timedelta
from pathlib import Path

from conftest import NOW, REPO

from generator.derive import Calendar, proposed_plan
from generator.portal.editor import calendar_settings, step_settings
from generator.records.model import Duration, Sop
from generator.records.workspace import load_workspace

PLAN_JS = REPO / "site_templates" / "editor" / "plan.js"
RUNNER = """
import { officeCalendar, proposedPlan } from %s;
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { calendar, sops, cases } = JSON.parse(input);
  const cal = officeCalendar(calendar);
  const out = cases.map(([sop, start, end, today]) => proposedPlan(sops[sop], cal, start, end, today));
  process.stdout.write(JSON.stringify(out));
});
"""


def in_browser_code(calendar: dict, sops: dict[str, list], cases: list[tuple[str, str, str, str]]) -> list:
    script = RUNNER % json.dumps(PLAN_JS.as_uri())
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps({"calendar": calendar, "sops": sops, "cases": cases}),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def calendar_time_sop(sop: Sop) -> Sop:
    """The same SOP with some standard times in calendar time (jenis: kalender)."""
    from dataclasses import replace

    steps = tuple(
        replace(s, duration=Duration(s.duration.value, s.duration.unit, False)) if s.no % 3 == 0 else s
        for s in sop.steps
    )
    return replace(sop, id="kalender", steps=steps)


def test_the_form_plans_exactly_like_python(project: Path):
    """Every schedule from 40 days in the past to 200 days ahead, from 500 different days: the
    training SOP, a copy with calendar-time steps, and an SOP without a step on the schedule."""
    import shutil

    shutil.copytree(Path(__file__).parent / "second_sop", project, dirs_exist_ok=True)
    workspace = load_workspace(project)
    office_days = frozenset({date(2026, 6, 22), date(2027, 1, 4), date(2027, 3, 2)})
    calendar = Calendar(time(7, 30), time(16, 0), office_days)
    sops = {
        "pelatihan": workspace.sops["penyelenggaraan-pelatihan"],
        "kalender": calendar_time_sop(workspace.sops["penyelenggaraan-pelatihan"]),
        "tanpa-jadwal": workspace.sops["pelayanan-izin-lpk"],
    }
    rng = random.Random(19)
    first = date(NOW.year - 1, 1, 1)
    cases = []
    for _ in range(3000):
        today = first + timedelta(days=rng.randrange(0, 500))
        start = today + timedelta(days=rng.randrange(-40, 200))
        end = start + timedelta(days=rng.randrange(0, 10))
        cases.append((rng.choice(list(sops)), start.isoformat(), end.isoformat(), today.isoformat()))
    exported = calendar_settings(calendar, NOW.year)
    steps = {name: [step_settings(s) for s in sop.steps] for name, sop in sops.items()}
    got = in_browser_code(exported, steps, cases)
    differ = []
    for (name, start, end, today), js in zip(cases, got, strict=True):
        py = proposed_plan(
            sops[name], calendar, date.fromisoformat(start), date.fromisoformat(end), date.fromisoformat(today)
        )
        wanted = {str(no): day.isoformat() for no, day in py.items()}
        known = exported["tahun"][0] <= min(py.values()).year and max(py.values()).year <= exported["tahun"][1]
        if js != (wanted if known else None):  # no plan rather than a guess where no holiday is known
            differ.append((name, start, end, today, js, wanted))
    assert differ == []
    assert sum(1 for js in got if js is None) < len(cases) / 50
    assert sum(1 for (_, start, _, today) in cases if start < today) > 100  # plans backwards were tried


def test_outside_the_exported_years_the_form_proposes_nothing():
    calendar = Calendar(time(7, 30), time(16, 0))
    exported = calendar_settings(calendar, 2026)
    sop = load_workspace(REPO).sops["penyelenggaraan-pelatihan"]
    steps = {"pelatihan": [step_settings(s) for s in sop.steps]}
    got = in_browser_code(exported, steps, [("pelatihan", "2031-03-03", "2031-03-05", "2030-11-02")])
    assert got == [None]  # no holidays known for 2030: no plan rather than a wrong one
