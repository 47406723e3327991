"""Portal and terminal agree (issue 19.7): the portal's status is computed as of the build moment
in office time, exactly as `jejak status` computes it. It once used the start of the day: right
after a merge finishing step 1 at 08.00, at 14.00 the portal said "Direncanakan" while the
terminal said "terlambat 5 jam 30 menit"."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path

import pytest
from conftest import REPO, put

RECORD = "records/2027/2027-tata-rias-1.yaml"
MOMENT = "2026-11-30T14:00"  # a Monday; step 1 finished at 08.00 the same day


def jejak(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        timeout=600,
    )


@pytest.fixture
def just_merged(project: Path) -> Path:
    """Step 1 of the tata rias event finished this morning; step 2 (30 minutes) waits since."""
    put(
        project,
        RECORD,
        "    status: berjalan\n    rencana: 2026-11-25\n    mulai: 2026-11-27 08:00\n",
        "    status: selesai\n    rencana: 2026-11-25\n    mulai: 2026-11-27 08:00\n    selesai: 2026-11-30 08:00\n",
    )
    put(project, RECORD, "    status: belum\n    rencana: 2026-12-01\n", "    status: belum\n    rencana: 2026-11-30\n")
    return project


def _terminal(root: Path, moment: str) -> dict[str, str]:
    done = jejak(root, "status", "--pada", moment)
    assert done.returncode == 0, done.stderr
    found = re.findall(r"^(\S+)  .*\n(?:  .*\n)*?  (?:status|selesai): ([^(\n]+)", done.stdout, re.MULTILINE)
    return {code: text.strip() for code, text in found}


def _portal(site: Path) -> dict[str, str]:
    html = (site / "index.html").read_text(encoding="utf-8")
    table = html[html.index('class="jj-table jj-all"') :]
    rows = re.findall(
        r'href="kegiatan/([^/]+)/".*?<span class="jj-badge [^"]+">([^<]+)</span></td>\s*</tr>', table, re.S
    )
    return {code: unescape(text) for code, text in rows}


@pytest.mark.parametrize("how", ["--pada", "SOURCE_DATE_EPOCH", "plain mkdocs build"])
def test_the_portal_says_what_jejak_status_says_at_the_same_moment(just_merged: Path, how: str):
    terminal = _terminal(just_merged, MOMENT)
    assert terminal["2027-tata-rias-1"] == "terlambat 5 jam 30 menit"
    if how == "--pada":
        built = jejak(just_merged, "build", "--tanpa-pdf", "--pada", MOMENT)
    else:  # the CI convention, read as office time whatever the machine's zone
        wib = datetime.fromisoformat(MOMENT).replace(tzinfo=timezone(timedelta(hours=7)))
        env = {"SOURCE_DATE_EPOCH": str(int(wib.timestamp())), "TZ": "America/Los_Angeles"}
        if how == "plain mkdocs build":  # the plugin alone keeps the convention too
            built = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q"],
                cwd=just_merged,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", **env},
                timeout=600,
            )
        else:
            built = jejak(just_merged, "build", "--tanpa-pdf", **env)
    assert built.returncode == 0, built.stderr
    site = just_merged / "site"
    portal = _portal(site)
    assert portal["2027-tata-rias-1"] == "Terlambat 5 jam 30 menit"  # not "Direncanakan"
    for code, text in terminal.items():  # every event, in the same words
        expected = "Selesai" if text.startswith("semua langkah") else text[0].upper() + text[1:]
        assert portal[code] == expected, code
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Keadaan per <strong>30 November 2026 pukul 14.00 WIB</strong>" in home
    event = (site / "kegiatan" / "2027-tata-rias-1" / "index.html").read_text(encoding="utf-8")
    assert "keadaan per <strong>30 November 2026 pukul 14.00 WIB</strong>" in event
    assert '<span class="jj-badge jj-terlambat">Terlambat 5 jam 30 menit</span>' in event


def test_a_source_date_that_is_no_time_is_refused_by_both_builds(project: Path):
    for args in (["-m", "generator.cli", "build", "--tanpa-pdf"], ["-m", "mkdocs", "build", "-q"]):
        done = subprocess.run(
            [sys.executable, *args],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "kemarin"},
            timeout=600,
        )
        assert done.returncode == 1, args
        assert "SOURCE_DATE_EPOCH 'kemarin' bukan waktu yang dapat dipakai" in done.stderr, args
        assert "Traceback" not in done.stderr, args
        assert not (project / "site" / "index.html").exists(), args
