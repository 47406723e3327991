"""The proposed plan of a new event (derive.proposed_plan): SOP standard times on the office's
working days, around the event's own dates. Tables of cases; properties over many dates."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import REPO, fill_placeholders
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clock import office_now
from generator.derive import Calendar, proposed_plan
from generator.records.model import Duration
from generator.records.workspace import load_workspace

CAL = Calendar(time(7, 30), time(16, 0), frozenset({date(2024, 6, 21)}))
WORKSPACE = load_workspace(REPO)
SOP = WORKSPACE.sops["penyelenggaraan-pelatihan"]
DAY = Duration(1, "hari", True)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        ("2024-01-29 07:30", DAY, "2024-01-29 16:00"),  # one working day, opening to closing
        ("2024-01-29 10:10", DAY, "2024-01-30 10:10"),  # a working day later
        ("2024-02-02 15:00", Duration(2, "jam", True), "2024-02-05 08:30"),  # Friday: Monday morning
        ("2024-02-07 15:00", Duration(2, "jam", True), "2024-02-12 08:30"),  # Isra Mi'raj, cuti bersama Imlek
        ("2024-06-20 15:00", Duration(2, "jam", True), "2024-06-24 08:30"),  # the office's own day off
        ("2024-01-31 10:10", Duration(1, "minggu", True), "2024-02-07 10:10"),  # five working days
        ("2024-01-27 09:00", Duration(30, "menit", True), "2024-01-29 08:00"),  # a Saturday: Monday's opening
        ("2024-01-29 18:00", Duration(5, "menit", True), "2024-01-30 07:35"),  # after hours: next morning
        ("2024-02-02 15:00", Duration(3, "hari", False), "2024-02-05 15:00"),  # calendar days count weekends
    ],
)
def test_after_and_before_move_through_working_time(start: str, duration: Duration, end: str):
    assert CAL.after(at(start), duration) == at(end)
    if at(start) == CAL.next_open(at(start)):  # from a working moment, going back returns there
        assert CAL.before(at(end), duration) == at(start)


def plan_of(today: str, start: str, end: str) -> dict[int, str]:
    plan = proposed_plan(
        SOP, WORKSPACE.calendar, date.fromisoformat(start), date.fromisoformat(end), date.fromisoformat(today)
    )
    return {no: day.isoformat() for no, day in plan.items()}


def test_a_plan_with_time_to_spare_follows_the_sop_from_today():
    """1 Maret 2024 training, planned on 29 January: steps 1-8 one after another by their standard
    times (step 7 waits a working week, past Isra Mi'raj is not reached), the training on its
    first day, the report on the working day after it ends."""
    assert plan_of("2024-01-29", "2024-03-04", "2024-03-06") == {
        1: "2024-01-29",  # 1 hari: all of Monday
        2: "2024-01-30",  # 30 menit from Tuesday's opening
        3: "2024-01-30",
        4: "2024-01-30",
        5: "2024-01-30",
        6: "2024-01-30",  # 1 hari from 10.10, to Wednesday 10.10
        7: "2024-01-31",  # 1 minggu: five working days, to 7 February
        8: "2024-02-07",
        9: "2024-03-04",  # on the schedule
        10: "2024-03-07",  # the working day after the training ends
        11: "2024-03-08",
    }


def test_without_enough_time_the_steps_before_are_planned_back_from_the_training():
    """Eight days before the training there is no room for the standard times from today: the
    steps before it are planned as late as the training allows (some fall before today)."""
    plan = plan_of("2026-11-30", "2026-12-08", "2026-12-10")
    assert plan[8] == "2026-12-07" and plan[7] == "2026-11-30" and plan[1] == "2026-11-26"
    assert plan[9] == "2026-12-08" and plan[10] == "2026-12-11" and plan[11] == "2026-12-14"


def test_a_saturday_start_and_holidays_move_to_working_days():
    plan = plan_of("2024-04-06", "2024-05-20", "2024-05-22")  # a Saturday in the Idul Fitri week
    assert plan[1] == "2024-04-16"  # 8-15 April: Idul Fitri and its cuti bersama


def test_an_sop_without_a_step_on_the_schedule_plans_everything_from_today(project: Path):
    import shutil

    shutil.copytree(Path(__file__).parent / "second_sop", project, dirs_exist_ok=True)
    workspace = load_workspace(project)
    sop = workspace.sops["pelayanan-izin-lpk"]
    assert not any(s.runs_schedule for s in sop.steps)
    plan = proposed_plan(sop, workspace.calendar, date(2027, 3, 1), date(2027, 3, 5), date(2026, 11, 30))
    assert sorted(plan) == [s.no for s in sop.steps] and plan[sop.steps[0].no] == date(2026, 11, 30)
    assert list(plan.values()) == sorted(plan.values())


@settings(max_examples=300, deadline=None)
@given(
    today=st.dates(date(2025, 1, 1), date(2027, 12, 31)),
    lead=st.integers(-20, 200),
    length=st.integers(0, 12),
)
def test_every_plan_is_in_order_on_working_days_around_the_schedule(today: date, lead: int, length: int):
    start = today + timedelta(days=lead)
    end = start + timedelta(days=length)
    plan = proposed_plan(SOP, WORKSPACE.calendar, start, end, today)
    days = [plan[s.no] for s in SOP.steps]
    assert days == sorted(days), "steps follow the SOP's order"
    anchor = next(s.no for s in SOP.steps if s.runs_schedule)
    assert plan[anchor] == start
    others = [plan[s.no] for s in SOP.steps if s.no != anchor]
    assert all(WORKSPACE.calendar.is_working_day(d) for d in others)
    assert all(plan[s.no] > end for s in SOP.steps if s.no > anchor)
    assert all(plan[s.no] <= start for s in SOP.steps if s.no < anchor)
    if plan[1] != WORKSPACE.calendar.next_open(datetime.combine(today, time(7, 30))).date():
        assert plan[anchor - 1] <= start  # planned backwards: it still ends before the training


def jejak(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(REPO / ".venv" / "bin" / "jejak"), *args], cwd=cwd, capture_output=True, text=True)


def test_jejak_new_writes_the_proposed_plan_and_the_record_validates(project: Path):
    """A new event from the terminal gets the same plan as from the form: `rencana` on every step,
    so finishing step 1 (which sets the plan) needs no date typed by hand."""
    for _ in range(2):  # a run across office midnight plans from another day: once more
        today = office_now().date()
        result = jejak(
            "new", "Pelatihan Las Listrik Angkatan I", "--mulai", "2027-03-01", "--selesai", "2027-03-05", cwd=project
        )
        if office_now().date() == today:
            break
        (project / "records" / "2027" / "2027-las-listrik-angkatan-i.yaml").unlink()
    assert result.returncode == 0, result.stderr
    assert "rencana: diusulkan untuk setiap langkah dari jadwal dan waktu baku SOP" in result.stdout
    created = project / "records" / "2027" / "2027-las-listrik-angkatan-i.yaml"
    planned = [
        line.strip().removeprefix("rencana: ") for line in created.read_text().splitlines() if "rencana:" in line
    ]
    expected = proposed_plan(SOP, WORKSPACE.calendar, date(2027, 3, 1), date(2027, 3, 5), today)
    assert planned == [expected[s.no].isoformat() for s in SOP.steps]
    fill_placeholders(created)
    text = created.read_text()
    done = "    mulai: 2026-11-02 08:00\n    selesai: 2026-11-02 15:00\n    oleh: dedi-kurniawan\n"
    budget = "    anggaran: {sumber: DPA 2027, jumlah: 3000000, rincian: [{uraian: Honor, jumlah: 3000000}]}\n"
    step1 = f"    status: belum\n    rencana: {expected[1].isoformat()}\n"
    assert text.count(step1) >= 1
    created.write_text(text.replace(step1, step1.replace("belum", "selesai") + done + budget, 1))
    checked = jejak("validate", str(created), cwd=project)
    assert checked.returncode == 0, checked.stdout


def test_jejak_new_refuses_a_schedule_that_ends_before_it_starts(project: Path):
    result = jejak("new", "Pelatihan Las", "--mulai", "2027-03-05", "--selesai", "2027-03-01", cwd=project)
    assert result.returncode == 2 and "--selesai 2027-03-01 lebih awal dari --mulai 2027-03-05" in result.stderr
    assert "saran:" in result.stderr and not (project / "records" / "2027" / "2027-las.yaml").exists()


def test_without_a_schedule_jejak_new_proposes_no_plan(project: Path):
    result = jejak("new", "Pelatihan Las", "--tahun", "2027", cwd=project)
    assert result.returncode == 0 and "rencana:" not in (project / "records" / "2027" / "2027-las.yaml").read_text()
