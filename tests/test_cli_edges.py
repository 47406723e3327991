"""Inputs a person could type that once gave a traceback or a wrong answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO

from generator.cli.main import main
from generator.records.workspace import load_workspace

GOOD = Path(__file__).parent / "good_records"


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_identical_terms_of_two_people_are_reported_not_raised(project: Path, capsys):
    edit(
        project / "records/kantor.yaml",
        "- {jabatan: kepala_dinas, mulai: 2025-11-03}",
        "- {jabatan: kepala_dinas, mulai: 2022-01-03, sampai: 2025-07-31}",
    )
    assert main(["validate", "--repo", str(project)]) == 1
    assert "sama-sama tercatat sebagai Kepala Dinas" in capsys.readouterr().out


def test_office_hours_must_make_a_working_day(project: Path, capsys):
    edit(
        project / "records/kantor.yaml",
        'jam_kerja: {mulai: "07.30", selesai: "16.00"}',
        'jam_kerja: {mulai: "07.30", selesai: "07.30"}',
    )
    assert main(["validate", "--repo", str(project)]) == 1
    assert "galat: jam kerja selesai (07.30) tidak setelah jam mulai (07.30)" in capsys.readouterr().out


def test_a_bare_date_finished_today_is_not_in_the_future(project: Path):
    shutil.copy(GOOD / "2024-dasar.yaml", project / "records/2024")
    edit(project / "records/2024/2024-dasar.yaml", "selesai: 2024-04-03 08:35", "selesai: 2024-04-03")

    def future(now: datetime) -> list[str]:
        problems = load_workspace(project, now=now).problems
        return [p.message for p in problems if p.path.endswith("2024-dasar.yaml") and p.code == "waktu-masa-depan"]

    assert future(datetime(2024, 4, 3, 15, 0)) == []  # the same day, before 23.59
    assert future(datetime(2024, 4, 2, 15, 0)) == ["waktu selesai langkah 3 (2024-04-03) ada di masa depan"]


def test_budget_total_must_match_its_breakdown(project: Path, capsys):
    record = project / "records/2024/2024-menjahit-1.yaml"
    edit(record, "jumlah: 48500000", "jumlah: 48000000")
    assert main(["validate", "--repo", str(project), str(record)]) == 1
    out = capsys.readouterr().out
    assert "galat: jumlah anggaran Rp48.000.000,00 tidak sama dengan jumlah rinciannya Rp48.500.000,00" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "--pada", "9999-12-31"), "tahun 9999 di luar rentang 2000–2099"),
        (("serve", "--alamat", "foo"), "'foo' bukan alamat HOST:PORT"),
        (("audit", "--ref=--output=bocor.txt"), "'--output=bocor.txt' bukan nama cabang atau commit"),
        (("dokumen", "2024-menjahit-1", "--keluar", "/dev/null"), "/dev/null: sudah ada dan bukan folder"),
    ],
)
def test_odd_arguments_get_a_message_not_a_traceback(project: Path, args: tuple[str, ...], message: str):
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    result = run(project, *args)
    assert result.returncode in (1, 2)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (project / "bocor.txt").exists()
