"""Facts in a letter must agree with the record (issue 11, point 3): one bad record per
inconsistency, and the exact lines `jejak validate` shows for it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.main import main

BAD = Path(__file__).parent / "bad_records" / "surat"

EXPECTED = {
    "2024-undangan-sebelum-konsep": [
        "112:57: galat: Surat Undangan bertanggal 30 Januari 2024, sebelum ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
        "112:57: galat: Surat Undangan bertanggal 30 Januari 2024, sebelum konsepnya disusun "
        "(langkah 4 dimulai 31 Januari 2024)",
        "  saran: tanggal surat adalah hari penandatanganannya; periksa 'penomoran.undangan.tanggal'",
    ],
    "2024-undangan-sebelum-ttd": [
        "112:57: galat: Surat Undangan bertanggal 31 Januari 2024, sebelum ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
    ],
    "2024-nomor-tahun-lain": [
        "112:25: galat: nomor Surat Undangan '500.15.4/021/BLK/2023' berakhir dengan tahun 2023, "
        "padahal surat bertanggal 1 Februari 2024",
        "  saran: nomor naskah memuat tahun penandatanganannya: ganti akhir nomor menjadi '/2024'",
    ],
    "2024-keputusan-sesudah-pelatihan": [  # one wrong date, four contradictions (issue 23 added three)
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah Surat Pengantar yang melampirkannya "
        "(1 Februari 2024)",
        "  saran: naskah yang dilampirkan sudah ditandatangani sebelum surat yang melampirkannya; periksa "
        "'penomoran.keputusan.tanggal' dan 'penomoran.pengantar.tanggal'",
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah panitia mulai bekerja (langkah 8 dimulai "
        "26 Februari 2024)",
        "  saran: panitia bekerja berdasarkan Keputusan yang membentuknya: Keputusan ditandatangani paling lambat "
        "hari itu; periksa 'penomoran.keputusan.tanggal'",
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah pelatihan dimulai (4 Maret 2024)",
        "  saran: Keputusan disusun dan ditandatangani sebelum pelatihan; periksa 'penomoran.keputusan.tanggal' "
        "dan 'jadwal'",
    ],
    "2024-laporan-nomor-lama": [
        "217:11: galat: laporan mengutip Keputusan Nomor 500.15.4/019/KPTS/BLK/2024, padahal nomor Keputusan "
        "di langkah 5 adalah 500.15.4/023/KPTS/BLK/2024",
        "  saran: hapus butir ini: Jejak mengutip Keputusan dari langkah 5 beserta tanggalnya",
    ],
    "2025-penanda-tangan-lama": [
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala "
        "Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar "
        "dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
        *(
            f"{place}: galat: {label} bertanggal 4 September 2025 ditandatangani Drs. H. Ahmad Fauzi, M.Si., yang "
            "tidak menjabat Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja pada "
            "tanggal itu\n  saran: yang menjabat pada tanggal itu: nurhayati; Jejak tidak mengganti penanda "
            f"tangan diam-diam\n{place}: galat: {label} bertanggal 4 September 2025, sesudah ditandatangani "
            "(31 Juli 2025 pukul 15.00)\n  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan "
            "'tanda_tangan.waktu'"
            for place, label in (("156:18", "Surat Undangan"), ("164:18", "Surat Pengantar"), ("171:63", "Keputusan"))
        ),
    ],
    "2026-paraf-saat-plh": [
        "106:19: galat: 'paraf.oleh' diisi Yusuf Hidayat, S.T., M.M., padahal pada 15 September 2026 Kepala Bidang "
        "Balai Latihan Kerja dijabat Plh. Rina Wulandari, S.E.",
        "  saran: isi 'paraf.oleh: rina-wulandari'; selama ada Plh. pejabat definitif berhalangan",
    ],
    "2024-ub-staf": [
        "110:26: galat: 'tanda_tangan.oleh' diisi Dedi Kurniawan, A.Md., padahal harus Kepala Dinas yang menjabat "
        "pada 1 Februari 2024",
        "  saran: yang menjabat: ahmad-fauzi",
        "110:26: galat: Dedi Kurniawan, A.Md. (Staf Bidang Balai Latihan Kerja) tidak berwenang menandatangani surat "
        "atas nama Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja",
        "  saran: a.n. dan u.b. hanya untuk pejabat; staf tidak menandatangani surat atas nama pimpinan",
    ],
    "2024-nomor-satu-untuk-semua": [
        "113:26: galat: Surat Pengantar dikirim ke 4 tujuan tetapi hanya dicatat satu nomor (500.15.4/022/BLK/2024); "
        "satu naskah satu nomor",
        "  saran: catat nomor setiap surat di 'penomoran.pengantar.per_tujuan' (- {tujuan: …, nomor: …})",
    ],
}


def test_corpus_is_complete() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_letter_inconsistency_message(name: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    year = project / "records" / name[:4]
    for sample in year.glob("*.yaml"):  # the sample it was made from would hold the same numbers
        sample.unlink()
    target = year / f"{name}.yaml"
    shutil.copy(BAD / f"{name}.yaml", target)
    code = main(["validate", "--repo", str(project), str(target)])
    out = capsys.readouterr().out
    prefix = f"records/{name[:4]}/{name}.yaml:"
    lines = [line for line in out.splitlines()[:-1] if not line.startswith("  isian: ")]  # fields: corpus test
    shown = "\n".join(line.removeprefix(prefix) for line in lines)
    assert shown == "\n".join(EXPECTED[name])
    assert code == 1


@pytest.mark.parametrize("name", ["2024-ub-staf", "2025-penanda-tangan-lama"])
def test_a_refused_signer_is_never_replaced_in_the_letter(name: str, project: Path) -> None:
    """The letter is not made (with the reason) rather than signed by someone else."""
    from generator.documents.render import list_documents
    from generator.records.workspace import load_workspace

    shutil.copy(BAD / f"{name}.yaml", project / "records" / name[:4] / f"{name}.yaml")
    workspace = load_workspace(project)
    event = workspace.event(name)
    assert event is not None
    letters = [d for d in list_documents(workspace, event) if d.kind in ("undangan", "pengantar", "keputusan")]
    assert letters and not any(d.ready for d in letters)
    assert all("penanda tangan tidak diganti diam-diam" in (d.reason or "") for d in letters)


def test_letters_the_head_signs_carry_the_dinas_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With `naskah.kode_dinas` set, a number the Kepala Dinas signs without it is refused."""
    office = project / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    office.write_text(text.replace("  # kode_dinas: DPMPTSPTK", "  kode_dinas: DPMPTSPTK"), encoding="utf-8")
    target = project / "records" / "2024" / "2024-menjahit-1.yaml"
    assert main(["validate", "--repo", str(project), str(target)]) == 1
    out = "\n".join(line for line in capsys.readouterr().out.splitlines() if not line.startswith("  isian: "))
    assert (
        "records/2024/2024-menjahit-1.yaml:112:25: galat: nomor Surat Undangan '500.15.4/021/BLK/2024' tidak memuat "
        "kode dinas 'DPMPTSPTK', padahal ditandatangani Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu "
        "dan Tenaga Kerja\n  saran: surat yang ditandatangani Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu "
        "Pintu dan Tenaga Kerja memakai kode dinas, misalnya '500.15.4/021/DPMPTSPTK/2024'"
    ) in out
