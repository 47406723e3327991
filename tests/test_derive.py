"""Working time, lateness, status and officials in office: tables of cases, clock passed in."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest
from conftest import NOW

from generator.derive import Calendar, event_status, holder_on, next_actors
from generator.records.model import Duration
from generator.records.workspace import load_workspace

GOOD = Path(__file__).parent / "good_records"
CAL = Calendar(time(7, 30), time(16, 0), frozenset({date(2024, 6, 21)}))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2024-01-29 08:00", "2024-01-29 14:30", 390),  # within one day
        ("2024-01-29 06:00", "2024-01-29 18:00", 510),  # outside office hours does not count
        ("2024-02-02 15:00", "2024-02-05 08:30", 120),  # Friday to Monday: the weekend does not count
        ("2024-02-07 15:00", "2024-02-12 08:30", 120),  # Isra Mi'raj and cuti bersama Imlek
        ("2024-06-20 15:00", "2024-06-24 08:30", 120),  # the office's own day off (Hari Jadi Kota)
        ("2024-04-05 15:00", "2024-04-16 08:30", 60 + 60),  # Idul Fitri with its cuti bersama
        ("2024-01-29 10:00", "2024-01-29 09:00", 0),  # reversed: nothing
    ],
)
def test_working_minutes(start: str, end: str, minutes: int):
    assert CAL.working_minutes(at(start), at(end)) == minutes


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [
        (Duration(30, "menit", True), 30),
        (Duration(2, "jam", True), 120),
        (Duration(1, "hari", True), 510),
        (Duration(1, "minggu", True), 5 * 510),
        (Duration(3, "hari", False), 3 * 1440),
        (Duration(1, "minggu", False), 7 * 1440),
    ],
)
def test_standard_minutes(duration: Duration, minutes: int):
    assert CAL.standard_minutes(duration) == minutes


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (45, "45 menit"),
        (120, "2 jam"),
        (135, "2 jam 15 menit"),
        (510, "1 hari kerja"),
        (5 * 510 + 120, "5 hari kerja 2 jam"),
    ],
)
def test_describe(minutes: int, text: str):
    assert CAL.describe(minutes) == text


@pytest.fixture
def workspace(project: Path):
    shutil.copy(GOOD / "2024-dasar.yaml", project / "records" / "2024")
    return load_workspace(project, now=NOW)


@pytest.mark.parametrize(
    ("now", "state", "current", "late"),
    [
        # step 3 ended 2024-04-03 08:35; step 4 (2 jam kerja) waits from then
        ("2024-04-03 08:00", "direncanakan", 4, 0),  # its clock has not started yet
        ("2024-04-03 10:00", "berjalan", 4, 0),
        ("2024-04-03 11:00", "terlambat", 4, 25),
        ("2024-04-05 08:35", "terlambat", 4, 445 + 510 + 65 - 120),  # Wed rest + Thu + Fri morning
    ],
)
def test_event_status(workspace, now: str, state: str, current: int, late: int):
    event = workspace.event("2024-dasar")
    sop = workspace.sops[event.sop]
    status = event_status(event, sop, workspace.calendar, at(now))
    assert (status.state, status.current, status.late) == (state, current, late)


def test_finished_event_status(workspace):
    event = workspace.event("2024-menjahit-1")
    status = event_status(event, workspace.sops[event.sop], workspace.calendar, at("2026-11-28 10:00"))
    assert (status.state, status.current, status.done, status.late) == ("selesai", None, 11, 0)


@pytest.mark.parametrize(
    ("now", "state", "late"),
    [
        ("2026-03-01 10:00", "direncanakan", 0),  # before step 1's plan (Monday 2 March)
        ("2026-03-02 15:00", "berjalan", 0),  # within its standard working day
        ("2026-03-04 10:00", "terlambat", 510 + 150),  # a working day and a half past its one day
        ("2026-12-08 10:00", "terlambat", None),  # the guide's example, months later: far behind
    ],
)
def test_a_new_event_whose_first_plan_has_passed_is_late(project: Path, capsys, now: str, state: str, late) -> None:
    """An event made by `jejak new` (every step `belum`, plans proposed): nothing has started, so
    nothing but the plan can start step 1's clock. A plan long past, with nothing done, shows as
    late on the dashboard, not as planned."""
    from generator.cli.main import main

    assert (
        main(
            [
                "new",
                "Pelatihan Menjahit Pakaian Angkatan II",
                "--mulai",
                "2026-03-16",
                "--selesai",
                "2026-03-20",
                "--kode",
                "2026-menjahit-ii",
                "--repo",
                str(project),
            ]
        )
        == 0
    )
    capsys.readouterr()
    path = project / "records" / "2026" / "2026-menjahit-ii.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"rencana: \S+", "rencana: 2026-03-02", text, count=1)  # step 1's plan: Monday 2 March
    for key, value in (("kejuruan", "Menjahit"), ("tempat", "Workshop BLK"), ("kuota", "16")):
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)  # the clerk's ISI: filled in
    path.write_text(text, encoding="utf-8")
    workspace = load_workspace(project, now=at(now))
    event = workspace.event("2026-menjahit-ii")
    status = event_status(event, workspace.sops[event.sop], workspace.calendar, at(now))
    assert (status.state, status.current, status.done) == (state, 1, 0)
    assert status.late == late if late is not None else status.late > 150 * 510


@pytest.mark.parametrize(
    ("day", "holder", "acting"),
    [
        ("2025-07-31", "ahmad-fauzi", None),
        ("2025-08-01", "nurhayati", "Plt."),
        ("2025-10-31", "nurhayati", "Plt."),
        ("2025-11-01", None, None),  # a gap between terms: nobody, never a guess
        ("2025-11-03", "bambang-setiawan", None),
    ],
)
def test_holder_on(workspace, day: str, holder: str | None, acting: str | None):
    found = holder_on(workspace.office, "kepala_dinas", date.fromisoformat(day))
    assert ((found[0].id, found[1].acting) if found else (None, None)) == (holder, acting)


def test_next_actors_names_the_acting_official(workspace):
    event = workspace.event("2024-dasar")
    sop = workspace.sops[event.sop]
    names = next_actors(event, sop, workspace.office, 5, date(2025, 9, 1))
    assert names == ["Yusuf Hidayat, S.T., M.M. (Kepala Bidang)", "Hj. Nurhayati, S.H., M.M. (Plt. Kepala Dinas)"]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
@pytest.mark.parametrize("language", [None, "id"])
def test_indonesias_holidays_loaded_alone_are_the_librarys_own(year: int, language: str | None) -> None:
    # derive.py loads holidays' Indonesia module by itself (start-up): the days and names must be
    # exactly what the library's own entry point gives, or an upgrade of holidays broke the shortcut
    import holidays

    from generator.derive import national_days_off, national_holidays

    own = holidays.country_holidays("ID", years=year, categories=("public", "government"), language=language)
    assert dict(national_holidays(year, language=language)) == dict(own)
    assert national_days_off(year) == frozenset(own)
