"""`jejak dokumen`: the messages a user sees and the exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import COMMANDS, main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["dokumen", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_is_registered_with_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert any(name == "dokumen" for name, _, _ in COMMANDS)
    with pytest.raises(SystemExit) as exit_info:
        main(["dokumen", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "penggunaan: jejak dokumen" in out and "--pdf" in out and "--keluar" in out and "--kertas" in out


def test_complete_event_writes_everything(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("JEJAK_CACHE_DIR")  # the user's cache folder is the default
    out_dir = tmp_path / "keluar"
    code, out, _ = run(
        capsys,
        "2024-menjahit-1",
        "--repo",
        str(project),
        "--keluar",
        str(out_dir),
        "--jenis",
        "undangan",
        "--jenis",
        "keputusan",
        "--pdf",
    )
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "keputusan.html",
        "keputusan.pdf",
        "undangan.html",
        "undangan.pdf",
    ]
    assert f"ditulis: {out_dir / 'undangan.pdf'}" in out
    assert "2 dokumen dibuat (0 masih KONSEP), 0 belum dapat dibuat" in out
    assert any((tmp_path / "cache" / "jejak" / "pdf").rglob("*.pdf"))


def test_missing_data_gives_reasons_and_exit_1(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "2027-tata-rias-1", "--repo", str(project), "--keluar", str(tmp_path / "k"))
    assert code == 1
    assert "belum dapat dibuat: Surat Undangan — langkah 4: 'surat.undangan' belum diisi" in out
    assert "1 dokumen dibuat (1 masih KONSEP), 9 belum dapat dibuat" in out  # the SALINAN too
    assert "belum dapat dibuat: Salinan Keputusan Pembentukan Panitia — langkah 5: salinan dibuat setelah" in out
    assert [p.name for p in (tmp_path / "k").iterdir()] == ["rencana-kerja.html"]


def test_unknown_code_is_a_usage_error_with_a_suggestion(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "2024-menjahit", "--repo", str(project))
    assert code == 2
    assert "jejak: galat: kegiatan '2024-menjahit' tidak ditemukan di records/" in err
    assert "mungkin maksud Anda '2024-menjahit-1'?" in err


def test_unknown_kind_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "2024-menjahit-1", "--repo", str(project), "--jenis", "undangn")
    assert code == 2 and "jenis dokumen 'undangn' tidak dikenal" in err and "'undangan'" in err


def test_unreadable_record_is_reported_not_a_traceback(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "records/2024/2024-menjahit-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kuota: 12", "kuota: 12\nkuota: 13"), encoding="utf-8")
    code, _, err = run(capsys, "2024-menjahit-1", "--repo", str(project))
    assert code == 1
    assert "records/2024/2024-menjahit-1.yaml" in err and "tidak dapat dibuat karena catatan di atas" in err


def test_bad_paper_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["dokumen", "2024-menjahit-1", "--repo", str(project), "--kertas", "B5"])
    assert exit_info.value.code == 2
    assert "pilihan tidak sah" in capsys.readouterr().err
