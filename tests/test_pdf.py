"""Real PDFs from the sample events: paper size, extractable text, parallel rendering and the cache."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from conftest import NOW
from pypdf import PdfReader

from generator.documents.pdf import PdfStats, content_key, render_pdfs
from generator.documents.render import list_documents, render_html, write_documents
from generator.records.workspace import Workspace, load_workspace

MM = 72 / 25.4  # PDF points per millimetre


def page_size_mm(path: Path) -> tuple[float, float]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def first_line(path: Path, page: int) -> str:
    """The first printed line of a page, in reading order (poppler's pdftotext)."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return next(line.strip() for line in out.splitlines() if line.strip())


@pytest.fixture
def ws(project: Path) -> Workspace:
    return load_workspace(project, now=NOW)


def test_pdfs_of_a_sample_event_are_f4_with_extractable_text(
    ws: Workspace, tmp_path: Path, rendered_cache: Path
) -> None:
    event = ws.event("2024-menjahit-1")
    assert event is not None
    # Through the run's cache: other tests print the same letters (the cache has tests of its own).
    written = write_documents(ws, event, tmp_path / "out", pdf=True, cache_dir=rendered_cache)
    pdfs = {p.stem: p for p in written if p.suffix == ".pdf"}
    assert set(pdfs) == {d.filename for d in list_documents(ws, event)}
    assert {page_size_mm(p) for p in pdfs.values()} == {(215, 330)}
    undangan = pdf_text(pdfs["undangan"])
    assert "500.15.4/021/BLK/2024" in undangan and "Pagar Alam, 1 Februari 2024" in undangan
    assert "Drs. H. Ahmad Fauzi, M.Si." in undangan
    keputusan = PdfReader(pdfs["keputusan"])
    assert len(keputusan.pages) >= 2
    assert "Marlina" in pdf_text(pdfs["keputusan"])
    # Page numbers from the second page on, centred at the top (Tata Naskah Dinas).
    assert first_line(pdfs["keputusan"], 2).replace(" ", "") == "-2-"  # printed "- 2 -"
    assert first_line(pdfs["keputusan"], 1) == "PEMERINTAH KOTA PAGAR ALAM"


def test_a4_is_one_setting_away(ws: Workspace, tmp_path: Path) -> None:
    event = ws.event("2025-las-listrik-1")
    assert event is not None
    info = next(d for d in list_documents(ws, event) if d.filename == "undangan-kabupaten-lahat")
    target = tmp_path / "a4.pdf"
    stats = render_pdfs([(render_html(ws, event, info, paper="A4"), target)], None)
    assert stats == PdfStats(rendered=1, cached=0)
    assert page_size_mm(target) == (210, 297)
    text = pdf_text(target)
    assert "Plt. KEPALA DINAS" in text and "Hj. Nurhayati, S.H., M.M." in text


def test_konsep_pdf_is_marked(ws: Workspace, tmp_path: Path) -> None:
    event = ws.event("2027-tata-rias-1")
    assert event is not None
    info = next(d for d in list_documents(ws, event) if d.kind == "rencana-kerja")
    assert info.draft
    target = tmp_path / "konsep.pdf"
    render_pdfs([(render_html(ws, event, info), target)], None)
    assert "KONSEP" in pdf_text(target) and "Paraf hierarki" in pdf_text(target)


def test_cache_renders_only_the_changed_record(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"

    def build() -> PdfStats:
        ws = load_workspace(project, now=NOW)
        pages = []
        for event in ws.events:
            for info in list_documents(ws, event):
                if info.ready:
                    pages.append((render_html(ws, event, info), tmp_path / "out" / event.code / f"{info.filename}.pdf"))
        return render_pdfs(pages, cache, workers=2)

    first = build()
    assert first.rendered > 20 and first.cached == 0
    again = build()
    assert again == PdfStats(rendered=0, cached=first.rendered)
    record = project / "records/2025/2025-las-listrik-1.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("Hendra Saputra", "Hendra Saputra Jaya"), encoding="utf-8"
    )
    changed = build()
    las = load_workspace(project, now=NOW)
    las_event = las.event("2025-las-listrik-1")
    assert las_event is not None
    affected = {d.kind for d in list_documents(las, las_event) if d.ready}
    assert changed.rendered > 0 and changed.rendered + changed.cached == first.rendered
    # Only the changed event's documents naming the instructor were rendered again.
    assert changed.rendered <= len([d for d in list_documents(las, las_event) if d.ready])
    assert {"keputusan", "notulen"} <= affected
    assert "Hendra Saputra Jaya" in pdf_text(tmp_path / "out" / "2025-las-listrik-1" / "keputusan.pdf")


def test_cache_key_follows_content() -> None:
    assert content_key("<p>a</p>") == content_key("<p>a</p>")
    assert content_key("<p>a</p>") != content_key("<p>b</p>")


def test_no_request_leaves_the_document(tmp_path: Path) -> None:
    html = (
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="http://192.0.2.1/x.css"></head>'
        '<body><p>Teks</p><img src="http://192.0.2.1/logo.png"><img src="file:///etc/hostname"></body></html>'
    )
    target = tmp_path / "luar.pdf"
    render_pdfs([(html, target)], None)
    assert "Teks" in pdf_text(target)
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages[0].images) == 0
