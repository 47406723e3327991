"""Letters and reports filled in from the sample records: their text, signers and konsep marks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import NOW

from generator.documents.render import DocumentInfo, list_documents, render_html, write_documents
from generator.records.workspace import Workspace, load_workspace


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self._skip -= tag in ("style", "title")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def workspace_of(root: Path) -> Workspace:
    return load_workspace(root, now=NOW)


def docs(ws: Workspace, code: str) -> dict[str, DocumentInfo]:
    event = ws.event(code)
    assert event is not None, code
    return {d.filename: d for d in list_documents(ws, event)}


def text_of(ws: Workspace, code: str, filename: str, **options) -> str:  # type: ignore[no-untyped-def]
    event = ws.event(code)
    assert event is not None
    return visible_text(render_html(ws, event, docs(ws, code)[filename], **options))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


MENJAHIT = "2024-menjahit-1"
LAS = "2025-las-listrik-1"
KANTOR = Path("records/kantor.yaml")
MENJAHIT_FILE = Path("records/2024/2024-menjahit-1.yaml")


@pytest.fixture
def ws(project: Path) -> Workspace:
    return workspace_of(project)


# --- the catalogue ---------------------------------------------------------------------


def test_complete_event_has_every_document_ready_and_final(ws: Workspace) -> None:
    found = docs(ws, MENJAHIT)
    assert {d.kind for d in found.values()} == {
        "rencana-kerja",
        "undangan",
        "pengantar",
        "keputusan",
        "keputusan-salinan",
        "tanda-terima",
        "rekap-calon",
        "notulen",
        "daftar-hadir",
        "laporan",
    }
    assert all(d.ready and not d.draft and d.reason is None for d in found.values())
    assert "undangan" in found  # bentuk: daftar -> one letter with the list in a lampiran
    assert "pengantar-kabupaten-lahat" in found


def test_filenames_are_unique_within_each_event(ws: Workspace) -> None:
    for event in ws.events:
        names = [d.filename for d in list_documents(ws, event)]
        assert len(names) == len(set(names)), event.code


def test_per_addressee_letters_follow_the_record(ws: Workspace) -> None:
    found = docs(ws, LAS)
    letters = sorted(name for name in found if name.startswith("undangan-"))
    assert letters == [
        "undangan-kabupaten-empat-lawang",
        "undangan-kabupaten-lahat",
        "undangan-kabupaten-muara-enim",
        "undangan-kota-lubuklinggau",
        "undangan-kota-pagar-alam",
    ]
    assert found["undangan-kabupaten-lahat"].title == "Surat Undangan — Kabupaten Lahat"


def test_planned_event_lists_what_is_missing(ws: Workspace) -> None:
    found = docs(ws, "2027-tata-rias-1")
    assert found["rencana-kerja"].ready and found["rencana-kerja"].draft
    assert found["undangan"].reason == "langkah 4: 'surat.undangan' belum diisi"
    assert found["tanda-terima"].reason == "langkah 6: 'pengiriman' belum diisi"
    assert found["daftar-hadir"].reason == "data kegiatan: 'peserta' belum diisi"
    assert found["laporan"].reason == "langkah 10: 'laporan' belum diisi"


# --- letters ---------------------------------------------------------------------------


def test_undangan_with_addressee_list(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "undangan")
    assert "Pagar Alam, 1 Februari 2024" in text
    assert "Nomor : 500.15.4/021/BLK/2024" in text
    assert "Hal : Undangan Pengiriman Calon Peserta Pelatihan Menjahit Pakaian Angkatan I" in text
    assert "Yth. Daftar Terlampir" in text
    for addressee in ("Kepala Dinas Tenaga Kerja Kabupaten Lahat", "Lurah se-Kota Pagar Alam"):
        assert addressee in text
    assert "4 (empat) orang" in text and "4 s.d. 6 Maret 2024" in text
    assert (
        "KEPALA DINAS PENANAMAN MODAL, PELAYANAN TERPADU SATU PINTU DAN TENAGA KERJA, "
        "Drs. H. Ahmad Fauzi, M.Si. Pembina Utama Muda (IV/c) NIP 19690512 199403 1 003"
    ) in text
    assert "Plt." not in text and "KONSEP" not in text
    assert "Tembusan: Wali Kota Pagar Alam (sebagai laporan)" in text


def test_undangan_per_addressee_signed_by_the_acting_head(ws: Workspace) -> None:
    text = text_of(ws, LAS, "undangan-kabupaten-lahat")
    assert "Yth. Kepala Dinas Tenaga Kerja Kabupaten Lahat" in text
    assert "Kabupaten Muara Enim" not in text
    assert "Nomor : 500.15.4/087/BLK/2025" in text and "Pagar Alam, 4 September 2025" in text
    assert "Plt. KEPALA DINAS PENANAMAN MODAL" in text
    assert "Hj. Nurhayati, S.H., M.M. Pembina Tingkat I (IV/b) NIP 19720315 199803 2 004" in text


def test_pengantar_has_number_addressee_items_and_receipt(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "pengantar-kabupaten-empat-lawang")
    assert "SURAT PENGANTAR NOMOR 500.15.4/024/BLK/2024" in text
    assert "Yth. Kepala Dinas Tenaga Kerja dan Transmigrasi Kabupaten Empat Lawang di Tebing Tinggi" in text
    assert "Salinan Keputusan Kepala Dinas tentang Pembentukan Panitia" in text
    assert "Diterima tanggal" in text and "Penerima," in text
    assert "Drs. H. Ahmad Fauzi, M.Si." in text


def test_keputusan_with_committee_in_lampiran(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "keputusan")
    assert (
        "KEPUTUSAN KEPALA DINAS PENANAMAN MODAL, PELAYANAN TERPADU SATU PINTU DAN TENAGA KERJA KOTA PAGAR ALAM "
        "NOMOR 500.15.4/023/KPTS/BLK/2024"
    ) in text
    assert "TENTANG PEMBENTUKAN PANITIA PELATIHAN MENJAHIT PAKAIAN ANGKATAN I TAHUN ANGGARAN 2024" in text
    assert "Menimbang : a. bahwa dalam rangka" in text
    assert "Mengingat : 1. Undang-Undang Nomor 13 Tahun 2003" in text
    assert "MEMUTUSKAN:" in text and "KESATU : Membentuk Panitia" in text and "KEEMPAT :" in text
    assert "Ditetapkan di : Pagar Alam pada tanggal : 1 Februari 2024" in text
    lampiran = text[text.index("SUSUNAN PANITIA") :]
    for name, position in (
        ("Yusuf Hidayat, S.T., M.M.", "Penanggung Jawab"),
        ("Rina Wulandari, S.E.", "Ketua"),
        ("Marlina", "Instruktur"),
    ):
        assert name in lampiran and position in lampiran
    assert "Penjahit Marlina Collection" in lampiran


def test_keputusan_drafting_and_its_salinan(ws: Workspace) -> None:
    text = text_of(ws, LAS, "keputusan")
    assert (
        "c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan "
        "Keputusan Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja Kota Pagar Alam "
        "tentang Pembentukan Panitia Pelatihan Las Listrik (SMAW) Angkatan I Tahun Anggaran 2025;"
    ) in text
    assert "Salinan Keputusan ini disampaikan kepada: Wali Kota Pagar Alam;" in text
    copy = text_of(ws, LAS, "keputusan-salinan")
    assert "SALINAN KEPUTUSAN KEPALA DINAS" in copy and "NOMOR 500.15.4/089/KPTS/BLK/2025" in copy
    assert "ttd. Hj. Nurhayati, S.H., M.M." in copy
    assert "Salinan sesuai dengan aslinya SEKRETARIS DINAS PENANAMAN MODAL" in copy


def test_keputusan_issuer_is_a_setting(project: Path) -> None:
    edit(project / MENJAHIT_FILE, "penetap: kepala_dinas", "penetap: sekretaris")
    edit(project / MENJAHIT_FILE, "tanda_tangan: {oleh: ahmad-fauzi", "tanda_tangan: {oleh: nurhayati")
    text = text_of(workspace_of(project), MENJAHIT, "keputusan")
    assert text.startswith("PEMERINTAH KOTA PAGAR ALAM") and "KEPUTUSAN SEKRETARIS DINAS PENANAMAN MODAL" in text
    assert "Hj. Nurhayati, S.H., M.M." in text and "Ahmad Fauzi" not in text


# --- signers and their periods ---------------------------------------------------------


def test_a_signer_out_of_office_is_refused_never_replaced(project: Path) -> None:
    before = text_of(workspace_of(project), MENJAHIT, "undangan")
    assert "Drs. H. Ahmad Fauzi, M.Si." in before
    edit(
        project / KANTOR,
        "{jabatan: kepala_dinas, mulai: 2022-01-03, sampai: 2025-07-31}",
        "{jabatan: kepala_dinas, mulai: 2022-01-03, sampai: 2024-01-31}",
    )
    edit(
        project / KANTOR,
        "- {jabatan: sekretaris, mulai: 2020-02-03}",
        "- {jabatan: sekretaris, mulai: 2020-02-03}\n      - {jabatan: kepala_dinas, sebagai: Plh., "
        "mulai: 2024-02-01, sampai: 2024-02-29}",
    )
    found = docs(workspace_of(project), MENJAHIT)
    assert not found["undangan"].ready  # the record names Ahmad Fauzi: the Plh. does not silently sign
    assert "penanda tangan tidak diganti diam-diam" in (found["undangan"].reason or "")
    edit(project / MENJAHIT_FILE, "tanda_tangan: {oleh: ahmad-fauzi", "tanda_tangan: {oleh: nurhayati")
    after = text_of(workspace_of(project), MENJAHIT, "undangan")
    assert "Plh. KEPALA DINAS PENANAMAN MODAL" in after
    assert "Hj. Nurhayati, S.H., M.M. Pembina Tingkat I (IV/b)" in after
    assert "Ahmad Fauzi" not in after


def test_signing_for_the_head_one_level_down_says_an(project: Path) -> None:
    edit(project / MENJAHIT_FILE, "tanda_tangan: {oleh: ahmad-fauzi", "tanda_tangan: {oleh: nurhayati")
    text = text_of(workspace_of(project), MENJAHIT, "pengantar-kota-pagar-alam")
    assert (
        "a.n. KEPALA DINAS PENANAMAN MODAL, PELAYANAN TERPADU SATU PINTU DAN TENAGA KERJA, "
        "SEKRETARIS DINAS PENANAMAN MODAL, PELAYANAN TERPADU SATU PINTU DAN TENAGA KERJA, "
        "Hj. Nurhayati, S.H., M.M."
    ) in text


def test_staff_never_sign_ub(project: Path) -> None:
    """A staff member two levels down would print `u.b. STAF …`: the letter is refused instead."""
    edit(project / MENJAHIT_FILE, "tanda_tangan: {oleh: ahmad-fauzi", "tanda_tangan: {oleh: rina-wulandari")
    found = docs(workspace_of(project), MENJAHIT)["pengantar-kota-pagar-alam"]
    assert not found.ready and "Rina Wulandari, S.E. tidak menjabat Kepala Dinas" in (found.reason or "")


def test_nobody_in_office_is_a_reason_not_a_letter(project: Path) -> None:
    edit(
        project / KANTOR,
        "{jabatan: kepala_dinas, mulai: 2022-01-03, sampai: 2025-07-31}",
        "{jabatan: kepala_dinas, mulai: 2024-06-01, sampai: 2025-07-31}",
    )
    found = docs(workspace_of(project), MENJAHIT)
    assert not found["undangan"].ready
    assert found["undangan"].reason == (
        "Drs. H. Ahmad Fauzi, M.Si. tidak menjabat Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu "
        "dan Tenaga Kerja pada 1 Februari 2024; penanda tangan tidak diganti diam-diam (periksa langkah 5 "
        "'tanda_tangan.oleh')"
    )


# --- konsep ----------------------------------------------------------------------------


def test_letters_are_konsep_until_step_5_is_done(project: Path) -> None:
    edit(project / MENJAHIT_FILE, "  - no: 5\n    status: selesai", "  - no: 5\n    status: berjalan")
    ws = workspace_of(project)
    found = docs(ws, MENJAHIT)
    assert found["undangan"].draft and found["keputusan"].draft and found["pengantar-kabupaten-lahat"].draft
    assert not found["rencana-kerja"].draft
    text = text_of(ws, MENJAHIT, "undangan")
    assert "KONSEP — belum disahkan (langkah 5 belum selesai)" in text
    assert "500.15.4/021/BLK/2024" not in text
    assert "Pagar Alam, Februari 2024" in text
    assert "Paraf hierarki" in text and "Pengonsep Rina Wulandari, S.E." in text
    assert "Kepala Bidang Balai Latihan Kerja Yusuf Hidayat, S.T., M.M." in text
    final = text_of(ws, MENJAHIT, "rencana-kerja")
    assert "KONSEP" not in final and "Paraf hierarki" not in final


def test_done_step_without_number_is_not_produced(project: Path) -> None:
    edit(project / MENJAHIT_FILE, "      undangan: {nomor: 500.15.4/021/BLK/2024, tanggal: 2024-02-01}\n", "")
    ws = workspace_of(project)
    info = docs(ws, MENJAHIT)["undangan"]
    assert not info.ready and info.reason == "langkah 5: 'penomoran.undangan' belum diisi"
    event = ws.event(MENJAHIT)
    assert event is not None
    with pytest.raises(ValueError, match="belum dapat dibuat: langkah 5: 'penomoran.undangan' belum diisi"):
        render_html(ws, event, info)
    written = write_documents(ws, event, project / "out")
    assert project / "out" / "keputusan.html" in written
    assert not (project / "out" / "undangan.html").exists()


# --- reports and forms -----------------------------------------------------------------


def test_rencana_kerja_has_plan_dates_and_budget(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "rencana-kerja")
    assert "RENCANA KERJA KEGIATAN PELATIHAN MENJAHIT PAKAIAN ANGKATAN I" in text
    assert "1. Membuat rencana kerja Staf/JFU 1 hari kerja 29 Januari 2024" in text
    assert "11. Menerima laporan pelaksanaan pelatihan" in text and "8 Maret 2024" in text
    assert "DPA/A.1/2.07.0.00.0.00.01.0000/001/2024" in text
    assert "Bahan praktik menjahit Rp24.000.000,00" in text
    assert "Jumlah Rp48.500.000,00" in text
    assert "Terbilang: Empat puluh delapan juta lima ratus ribu rupiah" in text


def test_money_format_is_configurable(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.documents.builders as documents

    monkeypatch.setattr(documents, "MONEY_STYLE", {"cents": False, "space": True})
    assert "Jumlah Rp 48.500.000" in text_of(ws, MENJAHIT, "rencana-kerja")


def test_tanda_terima(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "tanda-terima")
    assert "Nomor 500.15.4/021/BLK/2024" in text
    # every naskah sent with the invitation, a numbered list (ol): the pengantar (its own number per addressee)
    # and its enclosures
    assert (
        "Naskah yang dikirim ke setiap tujuan: Surat Pengantar, bernomor sendiri untuk setiap tujuan Surat Undangan"
        in text
    )
    assert (
        "Untuk : Kabupaten Empat Lawang Berupa : 1. Surat Pengantar Nomor 500.15.4/024/BLK/2024 2. Surat Undangan "
        "Pengiriman Calon Peserta Pelatihan Menjahit Pakaian Angkatan I Nomor 500.15.4/021/BLK/2024 tanggal "
        "1 Februari 2024 (1 (satu) berkas) 3. Salinan Keputusan Kepala Dinas tentang Pembentukan Panitia Nomor "
        "500.15.4/023/KPTS/BLK/2024 tanggal 1 Februari 2024 (1 (satu) berkas)"
    ) in text
    assert "3. Kabupaten Muara Enim 2 Februari 2024 SRIKANDI Sekretariat Dinas Tenaga Kerja dan Transmigrasi" in text
    assert "Petugas Pengirim, Dedi Kurniawan, A.Md." in text


def test_rekap_calon(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "rekap-calon")
    assert "1. Kabupaten Lahat 560/045/Disnaker/2024, 6 Februari 2024 1 2 3" in text
    assert "Jumlah 2 10 12" in text
    assert "Belum menjawab" not in text
    assert "Rini Oktaviani Perempuan" in text


def test_notulen_with_attendance(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "notulen")
    assert "Hari/tanggal : Senin, 26 Februari 2024" in text
    assert "Waktu : 09.00 s.d. 11.00 WIB" in text
    assert "Peserta rapat : 4 (empat) orang" in text
    assert "Bahan praktik diterima paling lambat 1 Maret 2024." in text
    assert "Pimpinan Rapat, Notulis, Yusuf Hidayat, S.T., M.M. Penata Tingkat I (III/d)" in text
    assert "Dedi Kurniawan, A.Md." in text
    assert "I. Pembukaan Rapat dibuka oleh Yusuf Hidayat, S.T., M.M. selaku pimpinan rapat pukul 09.00 WIB." in text
    assert "DAFTAR HADIR RAPAT" in text and "4. Sri Lestari, S.Pd. Anggota Panitia" in text


def test_daftar_hadir_peserta(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "daftar-hadir")
    assert "DAFTAR HADIR PESERTA PELATIHAN MENJAHIT PAKAIAN ANGKATAN I" in text
    assert "4/3 5/3 6/3" in text
    assert "12. Susanti P Kabupaten Muara Enim" in text
    assert "Instruktur, Ketua Panitia, Marlina Rina Wulandari, S.E." in text
    assert "Jumlah hadir" in text


def test_laporan_sections_and_participants(ws: Workspace) -> None:
    text = text_of(ws, MENJAHIT, "laporan")
    assert "LAPORAN TENTANG PELAKSANAAN PELATIHAN MENJAHIT PAKAIAN ANGKATAN I" in text
    for heading in (
        "A. Pendahuluan",
        "1. Umum",
        "2. Maksud dan Tujuan",
        "3. Ruang Lingkup",
        "4. Dasar",
        "B. Kegiatan yang Dilaksanakan",
        "C. Hasil yang Dicapai",
        "D. Simpulan dan Saran",
        "E. Penutup",
    ):
        assert heading in text
    assert "Peserta yang dinyatakan lulus/kompeten: 11 (sebelas) orang." in text
    assert (
        "Pagar Alam, 7 Maret 2024 Mengetahui, KEPALA BIDANG BALAI LATIHAN KERJA," in text and "Ketua Panitia," in text
    )
    assert "Yusuf Hidayat, S.T., M.M." in text and "Rina Wulandari, S.E." in text
    lampiran = text[text.index("DAFTAR PESERTA PER KABUPATEN/KOTA") :]
    assert "Kabupaten Empat Lawang (3 orang)" in lampiran and "Kota Pagar Alam (4 orang)" in lampiran
    assert "KONSEP" not in text


# --- the page itself -------------------------------------------------------------------


def test_page_is_self_contained_and_print_ready(ws: Workspace) -> None:
    event = ws.event(MENJAHIT)
    assert event is not None
    html = render_html(ws, event, docs(ws, MENJAHIT)["keputusan"])
    assert "size: 215mm 330mm;" in html and "margin: 2cm 2cm 2.5cm 3cm;" in html
    assert "counter(page)" in html and "@page :first" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'Arial, "Liberation Sans", Helvetica, sans-serif' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import""", html)
    a4 = render_html(ws, event, docs(ws, MENJAHIT)["keputusan"], paper="A4")
    assert "size: 210mm 297mm;" in a4
    with pytest.raises(ValueError, match="ukuran kertas 'B5' tidak dikenal"):
        render_html(ws, event, docs(ws, MENJAHIT)["keputusan"], paper="B5")


def test_markup_in_a_record_prints_as_text(project: Path) -> None:
    edit(
        project / MENJAHIT_FILE,
        "{nama: Marlina, jabatan: Instruktur",
        '{nama: "<script>alert(1)</script> {{ 7*7 }}", jabatan: Instruktur',
    )
    edit(project / MENJAHIT_FILE, "{nama: Susanti, asal", '{nama: "Susanti {% if true %}X{% endif %} <b>", asal')
    ws = workspace_of(project)
    event = ws.event(MENJAHIT)
    assert event is not None
    html = render_html(ws, event, docs(ws, MENJAHIT)["keputusan"])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert "<script>alert(1)</script> {{ 7*7 }}" in visible_text(html)
    hadir = render_html(ws, event, docs(ws, MENJAHIT)["daftar-hadir"])
    assert "Susanti {% if true %}X{% endif %} &lt;b&gt;" in hadir


def test_write_documents_writes_html_of_ready_documents(ws: Workspace, tmp_path: Path) -> None:
    event = ws.event(MENJAHIT)
    assert event is not None
    written = write_documents(ws, event, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(f"{d.filename}.html" for d in list_documents(ws, event))
    assert all(p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") for p in written)


# --- every sample ----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["2024-menjahit-1", "2025-las-listrik-1", "2026-barista-1", "2027-tata-rias-1"])
def test_every_ready_document_of_every_sample_renders(ws: Workspace, code: str) -> None:
    event = ws.event(code)
    assert event is not None
    found = list_documents(ws, event)
    assert any(d.ready for d in found)
    for info in found:
        if info.ready:
            text = visible_text(render_html(ws, event, info))
            assert text.startswith("KONSEP" if info.draft else "PEMERINTAH KOTA PAGAR ALAM"), info.filename
            assert event.name.upper() in text.upper(), info.filename
        else:
            assert info.reason and ("langkah" in info.reason or "data kegiatan" in info.reason)


def test_running_event_signed_by_the_new_head_and_recap_is_provisional(ws: Workspace) -> None:
    text = text_of(ws, "2026-barista-1", "undangan")
    assert "Nomor : 500.15.4/214/BLK/2026" in text and "Pagar Alam, 29 Oktober 2026" in text
    assert "Ir. Bambang Setiawan, M.T. Pembina Utama Muda (IV/c) NIP 19700820 199601 1 001" in text
    assert "Plt." not in text
    recap = text_of(ws, "2026-barista-1", "rekap-calon")
    assert "Rekapitulasi sementara, keadaan sampai dengan 12 November 2026: langkah 7 masih berjalan." in recap
    assert "Belum menjawab: Kabupaten Empat Lawang, Kabupaten Muara Enim." in recap
    assert "Jumlah 4 3 7" in recap
    assert "sementara" not in text_of(ws, MENJAHIT, "rekap-calon")
