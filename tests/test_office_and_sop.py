"""The office record and the SOP as data: NIPs, periods in office, the transcription."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import NOW

from generator.cli.main import main
from generator.records.checks_office import nip_problem
from generator.records.workspace import load_workspace

GOOD = Path(__file__).parent / "good_records"


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("196910161995031001", None),  # the SOP's own signatory
        ("199001012015032001", None),
        ("199002302015032001", "tanggal lahir di NIP (30-02-1990) tidak ada di kalender"),
        ("199001012015132001", "bulan pengangkatan di NIP (13) tidak sah"),
        ("199001012001032001", "tahun pengangkatan di NIP (2001) terlalu dekat dengan tahun lahir (1990)"),
        ("199001012015033001", "digit jenis kelamin di NIP (3) harus 1 (laki-laki) atau 2 (perempuan)"),
    ],
)
def test_nip(nip: str, problem: str | None):
    assert nip_problem(nip) == problem


def edit_office(project: Path, old: str, new: str) -> int:
    """Replace text in the office record; returns the line number of the edit."""
    path = project / "records" / "kantor.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def run(project: Path, capsys) -> tuple[int, list[str]]:
    code = main(["validate", "--repo", str(project)])
    return code, capsys.readouterr().out.splitlines()


def test_office_nip_is_checked(project: Path, capsys):
    line = edit_office(project, 'nip: "199207172019021003"', 'nip: "199207172019191003"')
    code, out = run(project, capsys)
    assert code == 1
    at = next(i for i, text in enumerate(out) if text.startswith(f"records/kantor.yaml:{line}:10: galat: NIP "))
    assert out[at] == (
        f"records/kantor.yaml:{line}:10: galat: NIP Dedi Kurniawan, A.Md. tidak sah: bulan pengangkatan di "
        "NIP (19) tidak sah"
    )
    assert out[at + 1] == "  saran: salin ulang NIP dari SK atau kartu pegawai"


def test_unquoted_nip_gets_a_quoting_hint(project: Path, capsys):
    line = edit_office(project, 'nip: "199207172019021003"', "nip: 199207172019021003")
    code, out = run(project, capsys)
    assert code == 1
    assert out[-3:-1] == [
        f"records/kantor.yaml:{line}:10: galat: 'orang' butir 6, 'nip' harus berupa teks, bukan bilangan bulat",
        '  saran: tulis dalam tanda kutip, misalnya "199207172019021003", agar dibaca sebagai teks',
    ]


def test_two_definitive_heads_at_once(project: Path, capsys):
    edit_office(
        project,
        "- {jabatan: kepala_dinas, mulai: 2022-01-03, sampai: 2025-07-31}",
        "- {jabatan: kepala_dinas, mulai: 2022-01-03}",
    )
    code, out = run(project, capsys)
    assert code == 1
    assert any(
        "sama-sama tercatat sebagai Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga "
        "Kerja definitif pada 3 November 2025" in line
        for line in out
    )


def test_unknown_role_in_a_term(project: Path, capsys):
    line = edit_office(project, "- {jabatan: staf, mulai: 2019-02-01}", "- {jabatan: staff, mulai: 2019-02-01}")
    code, out = run(project, capsys)
    at = out.index(f"records/kantor.yaml:{line}:9: galat: jabatan 'staff' tidak ada di daftar 'jabatan'")
    assert out[at + 1] == "  saran: mungkin maksud Anda 'staf'?"


def test_officials_periods_decide_who_may_act(project: Path, capsys):
    """Shortening a term makes a step done by that official on a later date wrong."""
    shutil.copy(GOOD / "2024-dasar.yaml", project / "records" / "2024")
    edit_office(project, "sampai: 2025-07-31}", "sampai: 2024-03-31}")
    code = main(["validate", "--repo", str(project), str(project / "records/2024/2024-dasar.yaml")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[:3] == [
        "records/2024/2024-dasar.yaml:24:11: galat: langkah 2 dikerjakan oleh Drs. H. Ahmad Fauzi, M.Si., padahal "
        "pelaksananya Kepala Dinas (pada 2 April 2024)",
        "  isian: Langkah 2 › Dikerjakan oleh",
        "  saran: tidak ada Kepala Dinas yang menjabat pada tanggal itu; periksa masa jabatan di records/kantor.yaml",
    ]


def test_stray_files_and_wrong_year_folder(project: Path, capsys):
    (project / "records" / "2025").mkdir(exist_ok=True)
    shutil.copy(GOOD / "2024-dasar.yaml", project / "records" / "2025")
    shutil.copy(GOOD / "2024-dasar.yaml", project / "records" / "2024" / "salinan.yml")
    code, out = run(project, capsys)
    assert code == 1
    assert "records/2024/salinan.yml:1:1: galat: berkas berakhiran .yml tidak dibaca Jejak" in out
    assert "records/2025/2024-dasar.yaml:2:7: galat: kegiatan tahun 2024 disimpan di folder records/2025/" in out


def test_sop_transcription(project: Path):
    sop = load_workspace(project, now=NOW).sops["penyelenggaraan-pelatihan"]
    identity = sop.identity
    assert identity["nomor"] == "503/47/SOP.BLK/DISPMPTSPTK/2024"
    assert (identity["tanggal_pembuatan"], identity["tanggal_efektif"], identity["tanggal_revisi"]) == (
        "2024-01-23",
        "2024-01-23",
        None,
    )
    assert identity["disahkan_oleh"]["nip"] == "196910161995031001"
    assert identity["disahkan_oleh"]["pangkat"] == "Pembina Utama Muda / IV.c"
    for key in (
        "dasar_hukum",
        "keterkaitan",
        "peringatan",
        "kualifikasi_pelaksana",
        "peralatan_perlengkapan",
        "pencatatan_pendataan",
    ):
        assert identity[key], key
    assert list(sop.actors) == ["kepala_dinas", "kepala_bidang", "staf", "panitia"]
    assert [s.no for s in sop.steps] == list(range(1, 12))
    assert [s.actors for s in sop.steps] == [
        ("staf",),
        ("kepala_dinas",),
        ("kepala_bidang",),
        ("staf",),
        ("kepala_bidang", "kepala_dinas"),
        ("staf",),
        ("staf",),
        ("panitia",),
        ("panitia",),
        ("panitia",),
        ("kepala_dinas",),
    ]
    assert all(s.actors_inferred for s in sop.steps) and "disimpulkan" in sop.transcription_note
    assert [s.duration.label for s in sop.steps] == [
        "1 hari kerja",
        "30 menit",
        "5 menit",
        "2 jam",
        "5 menit",
        "1 hari kerja",
        "1 minggu kerja",
        "2 jam",
        "3 hari kerja",
        "1 hari kerja",
        "5 menit",
    ]
    assert [s.no for s in sop.steps if s.approval] == [2, 5, 11]
    assert [s.symbol for s in sop.steps][:2] == ["mulai", "keputusan"] and sop.steps[-1].symbol == "selesai"


def test_broken_sop_file_is_reported_not_raised(project: Path, capsys):
    path = project / "schema" / "sop" / "penyelenggaraan-pelatihan.yaml"
    path.write_text(path.read_text().replace("satuan: menit", "satuan: detik", 1))
    code, out = run(project, capsys)
    assert code == 1
    assert len(out) == 3  # the broken SOP is reported once, not once per event using it
    assert out[0] == (
        "schema/sop/penyelenggaraan-pelatihan.yaml:127:32: galat: langkah 2, 'waktu.satuan': nilai 'detik' tidak dikenal"
    )
