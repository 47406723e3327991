"""Letters follow the record exactly (issue 23, point 2), on the event the developers had not seen
(tests/kegiatan_baru/: three weeks over two holidays, 40 participants from 6 regions, a Plh.
Kepala Dinas signing, a Plh. Kepala Bidang knowing the report)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import NOW
from new_event import CODE, RECORD, with_new_event
from test_documents import text_of

from generator.cli.main import main
from generator.records.workspace import Workspace, load_workspace


@pytest.fixture
def ws(project: Path) -> Workspace:
    return load_workspace(with_new_event(project), now=NOW)


def test_the_new_event_is_a_valid_record(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with_new_event(project)
    assert main(["validate", "--repo", str(project), str(project / RECORD)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "1 berkas diperiksa: 0 galat, 2 peringatan"  # steps 7 and 9 take their time
    assert "langkah 9 memakan waktu 12 hari kerja 8 jam" in out


def test_the_plan_row_of_the_training_is_the_events_own_dates(ws: Workspace) -> None:
    """Not the SOP's standard three days from the planned start (`10 s.d. 12 Agustus 2026`)."""
    text = text_of(ws, CODE, "rencana-kerja")
    assert "9. Melaksanakan kegiatan pelatihan Panitia 3 hari kerja 10 s.d. 28 Agustus 2026" in text
    assert "12 Agustus 2026 Hasil" not in text
    assert "7. Menerima surat jawaban dari Kabupaten/Kota" in text and "16 s.d. 22 Juli 2026" in text


def test_the_attendance_sheet_has_one_signed_sheet_per_week_and_every_instructor(ws: Workspace) -> None:
    text = text_of(ws, CODE, "daftar-hadir")
    weeks = re.findall(r"Minggu ke-\d: [^T]*?Agustus 2026", text)
    assert weeks == [
        "Minggu ke-1: 10 s.d. 14 Agustus 2026",
        "Minggu ke-2: 18 s.d. 21 Agustus 2026",
        "Minggu ke-3: 24 s.d. 28 Agustus 2026",
    ]
    days = re.findall(r"\b(\d{1,2})/8\b", text)
    assert len(days) == 13 and "17" not in days and "25" not in days  # two national holidays
    assert text.count("40. Maya Sari P Kabupaten Musi Rawas") == 3
    signed = (
        "Instruktur, Instruktur, Ketua Panitia, Hendri Gunawan, S.Kom. Fitriani, S.Kom., M.Kom. Rina Wulandari, S.E."
    )
    assert text.count(signed) == 3  # each week's sheet is signed on its own, on its last day
    assert re.findall(r"Pagar Alam, (\d+ Agustus 2026) " + re.escape(signed), text) == [
        "14 Agustus 2026",
        "21 Agustus 2026",
        "28 Agustus 2026",
    ]


def test_letters_signed_by_the_plh_say_so(ws: Workspace) -> None:
    for name in ("undangan-kabupaten-lahat", "pengantar-kota-pagar-alam", "keputusan"):
        text = text_of(ws, CODE, name)
        assert "Plh. KEPALA DINAS PENANAMAN MODAL, PELAYANAN TERPADU SATU PINTU DAN TENAGA KERJA" in text, name
        assert "Hj. Nurhayati, S.H., M.M." in text and "a.n." not in text, name


def test_the_report_is_known_by_the_plh_kepala_bidang(ws: Workspace) -> None:
    text = text_of(ws, CODE, "laporan")
    assert "Mengetahui, Plh. KEPALA BIDANG BALAI LATIHAN KERJA," in text
    assert "Sri Lestari, S.Pd." in text and "Yusuf Hidayat" not in text


def test_the_keputusan_annex_spaces_each_nip(ws: Workspace) -> None:
    text = text_of(ws, CODE, "keputusan")
    lampiran = text[text.index("SUSUNAN PANITIA") :]
    assert "Ir. Bambang Setiawan, M.T. NIP 19700820 199601 1 001 Pengarah" in lampiran
    assert not re.search(r"NIP \d{18}", lampiran)


def test_the_receipt_names_everything_sent_with_the_invitation(ws: Workspace) -> None:
    text = text_of(ws, CODE, "tanda-terima")
    slip = text[text.index("Untuk : Kabupaten Musi Rawas") :]
    assert slip.startswith(
        "Untuk : Kabupaten Musi Rawas Berupa : 1. Surat Pengantar Nomor 500.15.4/161/BLK/2026 2. Surat Undangan "
        "Pengiriman Calon Peserta Pelatihan Operator Komputer Perkantoran Angkatan II Nomor 500.15.4/154/BLK/2026 "
        "tanggal 14 Juli 2026 (1 (satu) berkas) 3. Salinan Keputusan Kepala Dinas tentang Pembentukan Panitia "
        "Pelatihan Operator Komputer Perkantoran Angkatan II Nomor 500.15.4/157/KPTS/BLK/2026 tanggal 14 Juli 2026 "
        "(1 (satu) berkas) 4. Formulir pendaftaran calon peserta (7 (tujuh) lembar)"
    )


def test_one_melalui_a_sentence_when_following_the_schemas_example(ws: Workspace) -> None:
    """`cara_jawaban: surat jawaban melalui SRIKANDI` (the schema's own example)."""
    text = text_of(ws, CODE, "undangan-kota-lubuklinggau")
    assert "mohon disampaikan dengan surat jawaban melalui SRIKANDI paling lambat tanggal 31 Juli 2026." in text
    assert "melalui surat jawaban melalui" not in text
