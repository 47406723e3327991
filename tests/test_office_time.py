"""Office time: every "now" is the office's (`zona_waktu`), whatever zone the machine or CI runs in."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from conftest import put

from generator.clock import office_moment, office_now, zone

REPO = Path(__file__).resolve().parent.parent
RECORD = "records/2026/2026-barista-1.yaml"


def validate(root: Path, tz: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--format", "json", RECORD],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "TZ": tz},
        timeout=120,
    )


def test_a_step_finished_half_an_hour_ago_validates_alike_in_every_machine_zone(project: Path):
    finished = datetime.now(timezone(timedelta(hours=7))) - timedelta(minutes=30)
    put(project, RECORD, "  - no: 7\n    status: berjalan\n", "  - no: 7\n    status: selesai\n")
    put(
        project,
        RECORD,
        "    mulai: 2026-11-04 08:00\n",
        f"    mulai: 2026-11-04 08:00\n    selesai: {finished:%Y-%m-%d %H:%M}\n",
    )
    results = {tz: validate(project, tz) for tz in ("UTC", "Asia/Jakarta", "America/Los_Angeles")}
    problems = {tz: json.loads(r.stdout) for tz, r in results.items()}
    assert problems["UTC"] == problems["Asia/Jakarta"] == problems["America/Los_Angeles"]
    assert not [p for p in problems["UTC"] if p["code"] == "waktu-masa-depan"], problems["UTC"]


def test_office_zones_are_fixed_offsets_without_a_tz_database():
    assert zone("Asia/Jakarta").utcoffset(None) == timedelta(hours=7)
    assert zone("WITA").utcoffset(None) == timedelta(hours=8) and zone("Asia/Jayapura").tzname(None) == "WIT"
    assert office_moment(0, "Asia/Jakarta") == datetime(1970, 1, 1, 7, 0)
    wib = datetime.now(UTC) + timedelta(hours=7)
    assert abs(office_now("Asia/Jakarta") - wib.replace(tzinfo=None)) < timedelta(seconds=5)
