"""Two SOPs side by side: a small second SOP (tests/second_sop/: its file, its own document
template and one event) proves that validation, status, documents, the portal pages and the
review summary follow the SOP file, and that the training SOP behaves exactly as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import NOW, REPO

from generator.cli.main import main
from generator.documents.render import document_pages
from generator.history.semantic_diff import describe
from generator.portal.site import build_site
from generator.records.workspace import load_workspace

SECOND = Path(__file__).parent / "second_sop"
UJI = "records/2026/2026-uji-menjahit-1.yaml"
TRAINING_EVENTS = ("2024-menjahit-1", "2025-las-listrik-1", "2026-barista-1", "2027-tata-rias-1")


@pytest.fixture
def two(project: Path) -> Path:
    shutil.copytree(SECOND, project, dirs_exist_ok=True)
    return project


def finish_step_3(root: Path) -> None:
    record = root / UJI
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace(
            "    status: berjalan\n    rencana: 2026-10-20\n    mulai: 2026-10-20 08:00\n",
            "    status: selesai\n    rencana: 2026-10-20\n    mulai: 2026-10-20 08:00\n    selesai: 2026-10-20 15:00\n"
            "    pelaksanaan: {uraian: Uji praktik menjahit kemeja oleh asesor LSP, hadir: 12, lulus: 11}\n",
        ),
        encoding="utf-8",
    )


def test_both_sops_validate(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--repo", str(two)]) == 0
    assert "8 berkas diperiksa: 0 galat" in capsys.readouterr().out


def test_meaning_checks_follow_the_second_sop(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = two / UJI
    text = record.read_text(encoding="utf-8").replace("pimpinan: yusuf-hidayat", "pimpinan: yusuf-hidayaat")
    record.write_text(text.replace("    status: berjalan\n", "    status: selesai\n    selesai: 2026-10-20 15:00\n"))
    assert main(["validate", "--repo", str(two), str(record)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == [
        f"{UJI}:32:17: galat: 'yusuf-hidayaat' tidak ada di data kantor (records/kantor.yaml)",
        "  saran: mungkin maksud Anda 'yusuf-hidayat' (Yusuf Hidayat, S.T., M.M.)?",
        f"{UJI}:38:13: galat: langkah 3 sudah selesai tetapi 'pelaksanaan' belum diisi "
        "(dibutuhkan untuk output: Berita acara uji kompetensi)",
        "  saran: isi 'pelaksanaan' di blok langkah 3, atau ubah status menjadi 'berjalan'",
    ]


def test_status_names_the_second_sops_step(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--repo", str(two), "--pada", "2026-10-20T10:00"]) == 0
    out = capsys.readouterr().out
    block = out[out.index("2026-uji-menjahit-1") :].split("\n\n")[0]
    assert "langkah 3/3: Melaksanakan uji kompetensi" in block
    assert "giliran: Yusuf Hidayat, S.T., M.M." in block


def test_documents_are_the_ones_the_sop_names(two: Path) -> None:
    finish_step_3(two)
    ws = load_workspace(two, now=NOW)
    pages = document_pages(ws, ws.event("2026-uji-menjahit-1"))
    assert [(info.kind, info.title, info.ready, info.draft) for info, _ in pages] == [
        ("notulen", "Notulen Rapat Persiapan Uji", True, False),
        ("berita-acara-uji", "Berita Acara Uji Kompetensi", True, False),
    ]
    notulen, berita = (html for _, html in pages)
    assert notulen and "Ruang Rapat UPTD Balai Latihan Kerja" in notulen  # the builder found step 2's meeting
    assert berita and "Uji praktik menjahit kemeja oleh asesor LSP" in berita  # the office's own template
    assert "dinyatakan kompeten 11 orang" in berita and "KEPALA BIDANG BALAI LATIHAN KERJA," in berita


def test_the_training_sop_is_unchanged(project: Path, two: Path, tmp_path: Path) -> None:
    """The same training documents, byte for byte, with and without the second SOP beside it."""
    alone = tmp_path / "sendiri"
    shutil.copytree(REPO / "schema", alone / "schema")
    shutil.copytree(REPO / "records", alone / "records")
    shutil.copytree(REPO / "site_templates", alone / "site_templates")
    before, after = load_workspace(alone, now=NOW), load_workspace(two, now=NOW)
    for code in TRAINING_EVENTS:
        assert document_pages(before, before.event(code)) == document_pages(after, after.event(code))
    assert len(after.sops["penyelenggaraan-pelatihan"].documents) == 10  # nine and the SALINAN Keputusan


def test_portal_has_a_page_per_sop(two: Path) -> None:
    finish_step_3(two)
    site = build_site(two, two / "site", pdf=False, now=NOW).site_dir
    listing = (site / "sop" / "index.html").read_text(encoding="utf-8")
    assert "Pelaksanaan Uji Kompetensi" in listing and "Penyelenggaraan Pelatihan" in listing
    second = (site / "sop" / "uji-kompetensi" / "index.html").read_text(encoding="utf-8")
    assert "Rapat persiapan uji kompetensi" in second and "503/99/SOP.BLK/DISPMPTSPTK/2026" in second
    training = (site / "sop" / "penyelenggaraan-pelatihan" / "index.html").read_text(encoding="utf-8")
    assert "Menerima laporan pelaksanaan pelatihan" in training
    assert 'href="../uji-kompetensi/"' in training  # both in the navigation of every page
    event = (site / "kegiatan" / "2026-uji-menjahit-1" / "index.html").read_text(encoding="utf-8")
    assert "Melaksanakan uji kompetensi" in event and "Membuat rencana kerja" not in event
    assert (site / "kegiatan" / "2026-uji-menjahit-1" / "dokumen" / "berita-acara-uji.html").is_file()
    assert not (site / "kegiatan" / "2026-uji-menjahit-1" / "dokumen" / "undangan.html").exists()


def test_review_summary_names_the_second_sops_steps(two: Path) -> None:
    ws = load_workspace(two, now=NOW)
    new = (two / UJI).read_text(encoding="utf-8")
    old = new.replace("  - no: 2\n    status: selesai\n", "  - no: 2\n    status: berjalan\n")
    result = describe(old, new, UJI, sops=ws.sops, office=ws.office)
    assert result.sop == "uji-kompetensi"
    assert result.lines[0].startswith("langkah 2 'Rapat persiapan uji kompetensi': berjalan → selesai")


def test_new_asks_which_sop(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Uji Kompetensi Las", "--tahun", "2027", "--repo", str(two)]) == 2
    err = capsys.readouterr().err
    assert "ada 2 SOP; pilih salah satu dengan --sop" in err
    assert "SOP yang ada: penyelenggaraan-pelatihan, uji-kompetensi" in err
    assert main(["new", "Uji Kompetensi Las", "--tahun", "2027", "--sop", "uji-kompetensi", "--repo", str(two)]) == 0
    created = (two / "records" / "2027" / "2027-uji-kompetensi-las.yaml").read_text(encoding="utf-8")
    assert "sop: uji-kompetensi" in created and created.count("status: belum") == 3
