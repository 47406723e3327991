"""Hostile input, round 2 — entrances that are not values: folder and file names, files that
are not files, the environment, CI annotations, .gitignore. Each is refused with an Indonesian
message and exit 1 (never a hang, a skip or a traceback), or made harmless."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import NOW, REPO

from generator.cli.main import main
from generator.portal.pages import Settings
from generator.problem import Problem, format_github
from generator.records.workspace import load_workspace

GOOD = Path(__file__).parent / "good_records"
SAMPLE = "records/2024/2024-menjahit-1.yaml"


def validate(project: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["validate", "--repo", str(project), *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def copy_sample(project: Path, folder: str, name: str = "2024-menjahit-1.yaml") -> Path:
    target = project / "records" / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / SAMPLE, target)
    return target


# --- record folders: records/<four ASCII digits>/ only ----------------------------------------

FOLDERS = [
    'x"><img src=x onerror=alert(1)>',  # reached Material's edit link raw: stored XSS
    "\u0662\u0660\u0662\u0664",  # Arabic-Indic 2024
    "\uff12\uff10\uff12\uff14",  # fullwidth 2024
    "\u0968\u0966\u0968\u096a",  # Devanagari 2024
    "24",
    "20244",
    "2024 ",
    "tahun-2024",
    "2024\u200b",
]


@pytest.mark.parametrize("folder", FOLDERS, ids=range(len(FOLDERS)))
def test_a_record_outside_a_four_digit_year_folder_is_an_error(project: Path, capsys, folder: str):
    copy_sample(project, folder)
    (project / SAMPLE).unlink()
    code, out = validate(project, capsys)
    assert code == 1
    assert "bukan tahun; berkas di dalamnya tidak dibaca" in out or "nama berkas memuat karakter" in out
    assert "saran:" in out
    assert all(e.source.path.parent.name.isascii() for e in load_workspace(project, now=NOW).events)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("2024/salinan.yml", "berkas berakhiran .yml tidak dibaca Jejak"),
        ("2024/SALINAN.YML", "berkas berakhiran .YML tidak dibaca Jejak"),
        ("salinan.yaml", "berkas ini tidak dibaca Jejak"),
        ("2024/arsip/2024-lama.yaml", "berkas ini tidak dibaca Jejak (terlalu dalam di folder records/)"),
    ],
)
def test_record_files_jejak_would_not_read_are_errors(project: Path, capsys, where: str, message: str):
    target = project / "records" / where
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(GOOD / "2024-dasar.yaml", target)
    code, out = validate(project, capsys)
    assert code == 1
    assert f"records/{where}:1:1: galat: {message}" in out


def test_edit_links_quote_every_character_of_the_path():
    settings = Settings(repo_url="https://git.example/blk/jejak")
    link = settings.edit_link('records/x"><img src=x onerror=alert(1)>/a b.yaml')
    assert (
        link
        == "https://git.example/blk/jejak/edit/main/records/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/a%20b.yaml"
    )


# --- things named *.yaml that are not regular files ------------------------------------------


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _finishes(target, *args) -> object:
    """Run in a thread and give it 60 s: a FIFO opened for reading would block forever."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(target(*args)), daemon=True)
    thread.start()
    thread.join(60)
    assert result, "hung"
    return result[0]


@pytest.mark.parametrize(
    "where",
    ["records/2024/2024-pipa.yaml", "schema/sop/pipa.yaml", "records/2025/2025-pipa.yaml"],
)
def test_a_fifo_named_like_a_record_or_sop_is_an_error_not_a_hang(project: Path, where: str):
    _fifo(project / where)
    workspace = _finishes(load_workspace, project, None, NOW)
    found = [p for p in workspace.problems if p.path == where]
    assert [(p.severity, p.message) for p in found] == [
        ("galat", f"'{where}' adalah pipa (FIFO), bukan berkas biasa; tidak dibaca")
    ]


def test_a_fifo_given_to_validate_does_not_validate(project: Path, capsys):
    fifo = _fifo(project / "records" / "2024" / "2024-pipa.yaml")
    code = _finishes(main, ["validate", "--repo", str(project), str(fifo)])
    assert code == 1
    assert "adalah pipa (FIFO), bukan berkas biasa" in capsys.readouterr().out


@pytest.mark.parametrize("where", ["records/2024/2024-folder.yaml", "schema/sop/folder.yaml"])
def test_a_folder_named_like_a_record_is_an_error(project: Path, capsys, where: str):
    (project / where).mkdir(parents=True)
    code, out = validate(project, capsys)
    assert code == 1
    assert f"{where}:1:1: galat: '{where}' adalah folder, bukan berkas biasa; tidak dibaca" in out


# --- the environment --------------------------------------------------------------------------


def run_cli(project: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(project.parent), **env},
        timeout=300,
    )


@pytest.mark.parametrize(
    "epoch", ["99999999999999999999", "-1", "1e9", "\u0661\u0667\u0660\u0660", "253402300800", "12x"]
)
def test_source_date_epoch_out_of_range_is_an_indonesian_error(project: Path, epoch: str):
    done = run_cli(project, "build", "--tanpa-pdf", env={"SOURCE_DATE_EPOCH": epoch})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "jejak: galat: SOURCE_DATE_EPOCH" in done.stderr and "bukan waktu yang dapat dipakai" in done.stderr
    assert not (project / "site").exists()


# --- GitHub annotations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "records/2024/a,line=1,title=palsu.yaml",
        "records/2024/a::error file=x::y.yaml",
        "records/2024/a%0Atitle.yaml",
        "records/2024/a\nb.yaml",
    ],
)
def test_github_annotation_properties_cannot_be_injected(path: str):
    line = format_github([Problem(path, 3, 4, "galat", "pesan, dengan: titik dua", "saran", "yaml")])
    assert line.count("\n") == 0
    head, _, message = line.partition("::")[2].partition("::")
    properties = head.removeprefix("error ").split(",")
    assert [p.split("=", 1)[0] for p in properties] == ["file", "line", "col", "title"]
    assert properties[1:3] == ["line=3", "col=4"]
    assert message == "pesan, dengan: titik dua — saran: saran"


# --- .gitignore -------------------------------------------------------------------------------


def test_documented_pdf_attachments_are_not_ignored_by_git():
    for path in ("lampiran/2024-menjahit-1/undangan-bertanda-tangan.pdf", "records/2024/scan.pdf"):
        done = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO, check=False)
        assert done.returncode == 1, f"{path} is ignored"
    for generated in ("site/a.pdf", "dokumen/2024-x/undangan.pdf", "test-output/a.pdf"):
        assert subprocess.run(["git", "check-ignore", "-q", generated], cwd=REPO, check=False).returncode == 0
