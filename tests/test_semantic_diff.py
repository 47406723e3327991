"""The semantic diff's exact words, on real record text; any text gives sentences, never a traceback."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import NOW
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.history.semantic_diff import describe
from generator.records.workspace import Workspace, load_workspace

REPO = Path(__file__).resolve().parent.parent
PATH = "records/2024/2024-menjahit-1.yaml"
TEXT = (REPO / PATH).read_text(encoding="utf-8")


@functools.cache
def sample() -> Workspace:
    """The repository's own records, loaded by the first test that needs them (never at import)."""
    return load_workspace(REPO, now=NOW)


def meaning(old: str | None, new: str | None, path: str = PATH, **kw):
    return describe(old, new, path, sops=sample().sops, office=sample().office, **kw)


def test_step_marked_done_names_the_moment_and_the_person() -> None:
    old = TEXT.replace("  - no: 2\n    status: selesai", "  - no: 2\n    status: belum")
    result = meaning(old, TEXT)
    assert result.lines == (
        "langkah 2 'Memeriksa dan menyetujui rencana kerja kegiatan': belum → selesai "
        "(30 Januari 2024 10.15 WIB, oleh Drs. H. Ahmad Fauzi, M.Si.)",
    )
    assert result.completed == (2,)
    assert result.sop == "penyelenggaraan-pelatihan"


def test_times_are_named_in_the_office_zone() -> None:
    """A record's times are office time: an office in Makassar reads them as WITA, never WIB."""
    old = TEXT.replace("  - no: 2\n    status: selesai", "  - no: 2\n    status: belum")
    office = replace(sample().office, zone="Asia/Makassar")
    (line,) = describe(old, TEXT, PATH, sops=sample().sops, office=office).lines
    assert "(30 Januari 2024 10.15 WITA, oleh" in line and "WIB" not in line


def test_participants_counted_per_origin() -> None:
    lahat = [line for line in TEXT.splitlines(keepends=True) if "asal: Kabupaten Lahat" in line]
    old = TEXT
    for line in lahat:
        old = old.replace(line, "")
    assert meaning(old, TEXT).lines == ("peserta: +3 dari Kabupaten Lahat",)
    assert meaning(TEXT, old).lines == ("peserta: -3 dari Kabupaten Lahat",)


def test_letter_number_filled_changed_removed() -> None:
    numbered = TEXT.replace("500.15.4/021/BLK/2024", "500.15.4/12/BLK/2024")
    without = numbered.replace("      undangan: {nomor: 500.15.4/12/BLK/2024, tanggal: 2024-02-01}\n", "")
    assert meaning(without, numbered).lines == (
        "nomor Surat Undangan diisi: 500.15.4/12/BLK/2024",
        "tanggal Surat Undangan diisi: 1 Februari 2024",
    )
    assert meaning(numbered, TEXT).lines == (
        "nomor Surat Undangan diubah: 500.15.4/12/BLK/2024 → 500.15.4/021/BLK/2024",
    )
    assert meaning(numbered, without).lines[0] == "nomor Surat Undangan dihapus (sebelumnya 500.15.4/12/BLK/2024)"


def test_other_fields_are_named_by_their_path() -> None:
    old = TEXT.replace("jumlah: 48500000", "jumlah: 40000000").replace("kuota: 12", "kuota: 10")
    assert meaning(old, TEXT).lines == (
        "kuota: 10 → 12",
        "langkah 1: anggaran.jumlah: Rp40.000.000,00 → Rp48.500.000,00",
    )


def test_new_record_summarises_progress() -> None:
    lines = meaning(None, TEXT).lines
    assert lines[0] == "catatan kegiatan baru: Pelatihan Menjahit Pakaian Angkatan I (2024-menjahit-1)"
    assert (
        "langkah 11 'Menerima laporan pelaksanaan pelatihan': belum → selesai "
        "(8 Maret 2024 09.05 WIB, oleh Drs. H. Ahmad Fauzi, M.Si.)" in lines
    )
    assert meaning(None, TEXT).completed == tuple(range(1, 12))


def test_deleted_and_renamed() -> None:
    assert meaning(TEXT, None).lines == ("catatan dihapus: Pelatihan Menjahit Pakaian Angkatan I (2024-menjahit-1)",)
    moved = meaning(TEXT, TEXT, "records/2024/baru.yaml", renamed_from=PATH)
    assert moved.lines == (f"berkas dipindah dari {PATH}",)


def test_layout_only_change() -> None:
    assert meaning(TEXT, TEXT + "\n# komentar\n").lines == (
        "tidak ada perubahan isi (hanya tata letak, komentar atau spasi)",
    )


def test_unreadable_version_gets_a_note_not_a_traceback() -> None:
    broken = TEXT.replace("kuota: 12", "kuota: 12\nkuota: 13")
    after = meaning(TEXT, broken)
    assert after.lines == (
        "versi sesudah perubahan tidak dapat dibaca (baris 11: kunci 'kuota' ditulis dua kali "
        "(pertama di baris 10)); isinya tidak dapat diuraikan",
    )
    assert after.completed == () and not after.readable
    repaired = meaning(broken, TEXT)
    assert repaired.lines[0].startswith("versi sebelum perubahan tidak dapat dibaca (baris 11")
    assert 2 in repaired.completed  # unknown before: every step done now is checked


def test_office_record_changes() -> None:
    path = "records/kantor.yaml"
    text = (REPO / path).read_text(encoding="utf-8")
    old = text.replace("    menyetujui_perubahan: true\n", "")
    assert meaning(old, text, path).lines == ("jabatan[kepala_bidang].menyetujui_perubahan diisi: ya",)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n[]{}'\"#&*!|>0123456789langkahnostatuselesai")), max_size=80))
def test_any_text_gives_sentences(text: str) -> None:
    for old, new in ((text, TEXT), (TEXT, text), (text, text + "x")):
        result = meaning(old, new)
        assert result.lines and all(isinstance(line, str) and line for line in result.lines)


@pytest.mark.parametrize(
    "step",
    [
        "  - no: [1]\n    status: selesai\n",
        "  - 5\n",
        "  - no: 2\n    status: {}\n",
        "  - no: 2\n    status: selesai\n    selesai: 2024-13-45 99:99\n    oleh: [x]\n",
    ],
)
def test_odd_shapes(step: str) -> None:
    base = "kode: x\nsop: penyelenggaraan-pelatihan\nlangkah:\n"
    result = meaning(base + "  - no: 2\n    status: belum\n", base + step)
    assert result.lines


def test_a_new_event_is_described_in_full() -> None:
    lines = describe(None, TEXT, PATH, sops=sample().sops, office=sample().office).lines
    assert lines[:6] == (
        "catatan kegiatan baru: Pelatihan Menjahit Pakaian Angkatan I (2024-menjahit-1)",
        "kejuruan: Garmen Apparel",
        "tempat: Workshop Garmen UPTD Balai Latihan Kerja Kota Pagar Alam",
        "kuota: 12",
        "jadwal: 4 Maret 2024 s.d. 6 Maret 2024",
        "panitia: + Anggota: Sri Lestari, S.Pd.",
    )
    assert "langkah 1: anggaran.jumlah diisi: Rp48.500.000,00" in lines
    assert (
        "langkah 1: anggaran.rincian: butir ditambahkan: uraian: Honorarium instruktur, jumlah: Rp4.500.000,00" in lines
    )
    assert not any("…" in line or "perubahan lain" in line for line in lines)  # nothing is cut


def test_long_text_shows_the_words_added_and_removed() -> None:
    old = TEXT.replace("    catatan: Disetujui tanpa perubahan.", "    catatan: " + "kata " * 30 + "lama")
    new = TEXT.replace("    catatan: Disetujui tanpa perubahan.", "    catatan: " + "kata " * 30 + "baru sekali")
    (line,) = [x for x in describe(old, new, PATH, sops=sample().sops, office=sample().office).lines if "catatan" in x]
    assert line == "langkah 2: catatan diubah: +«baru sekali» −«lama»"
