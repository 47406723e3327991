"""The `jejak` command line: help everywhere, exit codes, the three output formats, `new`, `status`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import fill_placeholders

from generator.cli.main import COMMANDS, main

REPO = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "good_records"
BAD = Path(__file__).parent / "bad_records"


def jejak(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """The real command, in a fresh process, as a clerk would run it."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.mark.parametrize("command", [name for name, _, _ in COMMANDS])
def test_every_command_has_indonesian_help(command: str):
    result = jejak(command, "-h")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"penggunaan: jejak {command}")
    assert "pilihan:" in result.stdout and "tampilkan bantuan ini lalu keluar" in result.stdout


def test_every_command_is_documented():
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, _, _ in COMMANDS:
        assert f"jejak {name}" in docs, f"docs/ tidak menjelaskan `jejak {name}`"
        assert f"jejak {name}" in readme, f"README tidak menyebut `jejak {name}`"


def test_top_level_help_lists_commands():
    result = jejak("-h")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())  # argparse wraps long summaries
    for name, _, summary in COMMANDS:
        assert f"{name} {summary}" in text


def test_validate_clean_repository_exits_zero(project: Path, capsys):
    shutil.copy(GOOD / "2024-dasar.yaml", project / "records" / "2024")
    assert main(["validate", "--repo", str(project), str(project / "records" / "2024" / "2024-dasar.yaml")]) == 0
    assert capsys.readouterr().out == "1 berkas diperiksa: 0 galat, 0 peringatan\n"


def test_an_edited_schema_is_used_by_the_next_check_in_the_same_process(project: Path, capsys):
    """`jejak serve` runs for hours: a schema changed meanwhile is read again, not served from memory."""
    assert main(["validate", "--repo", str(project)]) == 0
    schema = project / "schema" / "kegiatan.schema.json"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace('"maxLength": 80,', '"maxLength": 5,', 1), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["validate", "--repo", str(project)]) == 1
    assert "records/2024/2024-menjahit-1.yaml:" in capsys.readouterr().out


def test_validate_errors_exit_one_and_usage_errors_two(project: Path):
    shutil.copy(BAD / "2024-kunci-asing.yaml", project / "records" / "2024")
    assert jejak("validate", "--repo", str(project)).returncode == 1
    assert jejak("validate", "--repo", str(project), "--tidak-ada").returncode == 2
    missing = jejak("validate", "--repo", str(project), "records/2024/tidak-ada.yaml", cwd=project)
    assert missing.returncode == 2 and "'records/2024/tidak-ada.yaml' tidak ditemukan" in missing.stderr


def test_strict_makes_warnings_fatal(project: Path):
    shutil.copy(BAD / "2024-waktu-antarlangkah.yaml", project / "records" / "2024")
    record = project / "records" / "2024" / "2024-waktu-antarlangkah.yaml"
    # Keep only the warning: move step 3 after step 2's end.
    record.write_text(record.read_text().replace("mulai: 2024-04-02 08:30", "mulai: 2024-04-02 10:30"))
    assert jejak("validate", "--repo", str(project), str(record)).returncode == 0
    assert jejak("validate", "--repo", str(project), "--strict", str(record)).returncode == 1


def test_json_and_github_formats(project: Path):
    shutil.copy(BAD / "2024-orang-tak-dikenal.yaml", project / "records" / "2024")
    record = "records/2024/2024-orang-tak-dikenal.yaml"
    data = json.loads(jejak("validate", "--format", "json", record, cwd=project).stdout)
    assert data == [
        {
            "path": record,
            "line": 17,
            "column": 11,
            "severity": "galat",
            "message": "'rina-wulandar' tidak ada di data kantor (records/kantor.yaml)",
            "hint": "mungkin maksud Anda 'rina-wulandari' (Rina Wulandari, S.E.)?",
            "code": "orang-tidak-dikenal",
            "field": "Langkah 1 › Dikerjakan oleh",
            "keypath": ["langkah", 0, "oleh"],
        }
    ]
    github = jejak("validate", "--format", "github", record, cwd=project).stdout
    assert github == (
        f"::error file={record},line=17,col=11,title=jejak orang-tidak-dikenal (Langkah 1 › Dikerjakan oleh)::'rina-wulandar' tidak "
        "ada di data kantor (records/kantor.yaml) — saran: mungkin maksud Anda 'rina-wulandari' (Rina Wulandari, S.E.)?\n"
    )


def test_outside_a_repository(tmp_path: Path):
    result = jejak("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "bukan (bagian dari) repositori Jejak" in result.stderr and "Traceback" not in result.stderr


def test_new_creates_a_skeleton_in_the_year_of_its_schedule_and_never_overwrites(project: Path):
    result = jejak(
        "new", "Pelatihan Las Listrik Angkatan I", "--mulai", "2027-03-01", "--selesai", "2027-03-05", cwd=project
    )
    assert result.returncode == 0, result.stderr
    created = project / "records" / "2027" / "2027-las-listrik-angkatan-i.yaml"
    assert result.stdout.startswith("dibuat: records/2027/2027-las-listrik-angkatan-i.yaml")
    text = created.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/kegiatan.schema.json\n")
    assert text.count("status: belum") == 11
    assert "jadwal: {mulai: 2027-03-01, selesai: 2027-03-05}\n" in text
    unfilled = jejak("validate", str(created), cwd=project)
    assert unfilled.returncode == 1
    errors = [line for line in unfilled.stdout.splitlines() if ": galat: " in line]
    assert [line.split(": galat: ")[1].split(" belum diisi")[0] for line in errors] == [
        "'kejuruan'",
        "'tempat'",
        "'kuota'",
    ]
    fill_placeholders(created)
    check = jejak("validate", str(created), cwd=project)
    assert check.returncode == 0, check.stdout
    text = created.read_text()
    again = jejak("new", "Pelatihan Las Listrik Angkatan I", "--tahun", "2027", cwd=project)
    assert again.returncode == 2 and "sudah ada; berkas tidak ditimpa" in again.stderr
    assert created.read_text() == text


def test_new_warns_when_the_training_is_already_over(project: Path):
    """A year typed wrong (2020 for 2027) makes every step late from the start: said at once."""
    past = jejak("new", "Pelatihan Las Lewat", "--mulai", "2020-03-02", "--selesai", "2020-03-06", cwd=project)
    assert past.returncode == 0, past.stderr
    assert "peringatan: jadwal pelatihan ini sudah lewat (selesai 6 Maret 2020, hari ini " in past.stdout
    assert "bila tahunnya salah, hapus berkas ini lalu buat lagi dengan --mulai yang benar" in past.stdout
    ahead = jejak("new", "Pelatihan Las Depan", "--mulai", "2099-03-02", cwd=project)
    assert ahead.returncode == 0 and "peringatan" not in ahead.stdout, ahead.stdout


@pytest.mark.parametrize("name", ['Pelatihan "Kue" <b>Basah</b>: Angkatan #1', "Tata Boga — Ñandú"])
def test_new_quotes_awkward_names(project: Path, name: str):
    result = jejak("new", name, "--mulai", "2027-03-01", cwd=project)
    assert result.returncode == 0, result.stderr
    created = project / result.stdout.split()[1]
    fill_placeholders(created)
    assert jejak("validate", str(created), cwd=project).returncode == 0


def test_new_placeholder_schedule_is_an_error(project: Path):
    result = jejak("new", "Pelatihan Las", "--tahun", "2027", cwd=project)
    created = project / result.stdout.split()[1]
    fill_placeholders(created)
    check = jejak("validate", str(created), cwd=project)
    assert check.returncode == 1
    assert check.stdout.splitlines()[:3] == [
        f"{created.relative_to(project)}:7:17: galat: 'jadwal.mulai' belum diisi: masih berisi contoh dari "
        "`jejak new` ('TTTT-BB-HH')",
        "  isian: Jadwal pelatihan › Mulai",
        "  saran: tulis tanggalnya dengan format TTTT-BB-HH (tahun-bulan-tanggal), misalnya 2026-11-25",
    ]


def test_new_word_punctuation_in_the_name_is_typed_plainly(project: Path):
    result = jejak("new", "Pelatihan \u201cLas\u201d \u2013 Dasar\u2026", "--mulai", "2027-03-01", cwd=project)
    created = project / result.stdout.split()[1]
    assert 'nama: "Pelatihan \\"Las\\" - Dasar..."\n' in created.read_text(encoding="utf-8")


def test_new_year_and_schedule_must_agree(project: Path):
    result = jejak("new", "Las", "--tahun", "2026", "--mulai", "2027-01-04", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("jejak: galat: --tahun 2026 berbeda dengan tahun --mulai (2027)")


def test_new_refuses_a_bad_code(project: Path):
    result = jejak("new", "Pelatihan Las", "--kode", "Las Listrik!", cwd=project)
    assert result.returncode == 2 and "kode 'Las Listrik!' tidak sah" in result.stderr


def test_status_shows_current_step_and_lateness(project: Path):
    shutil.copy(GOOD / "2024-dasar.yaml", project / "records" / "2024")
    result = jejak("status", "--pada", "2024-04-05T08:35", cwd=project)
    assert result.returncode == 0, result.stderr
    block = result.stdout.split("2024-dasar  ")[1].split("\n\n")[0].splitlines()
    assert block[:4] == [
        "Pelatihan Menjahit Angkatan II",
        "  langkah 4/11: Membuat konsep undangan, konsep surat pengantar dan konsep Keputusan Panitia",
        "  giliran: Staf/JFU",
        "  status: terlambat 1 hari kerja 6 jam (waktu baku 2 jam)",
    ]
    assert (
        "2024-menjahit-1  Pelatihan Menjahit Pakaian Angkatan I\n  selesai: semua langkah SOP telah dikerjakan"
        in result.stdout
    )


def test_build_date_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch):
    from datetime import datetime

    from generator.cli.build import _source_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795600800")  # 2026-11-25 10:00 UTC
    assert _source_date("Asia/Jakarta") == datetime(2026, 11, 25, 17, 0)  # read in office time
    assert _source_date("Asia/Makassar") == datetime(2026, 11, 25, 18, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert _source_date(None) is None
    from generator.portal.site import BuildError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "kemarin")  # malformed: an error, as reproducible-builds.org asks
    with pytest.raises(BuildError):
        _source_date(None)
