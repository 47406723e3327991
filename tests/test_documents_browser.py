"""A letter prints from a real browser (Debian's Chromium): paper size from @page, no request
leaves the page. Fails, never skips, when Chromium cannot start."""

from __future__ import annotations

from pathlib import Path

from conftest import NOW
from playwright.sync_api import Browser
from pypdf import PdfReader

from generator.documents.render import write_documents
from generator.records.workspace import load_workspace

MM = 72 / 25.4


def test_letter_prints_from_chromium_on_f4(project: Path, tmp_path: Path, browser: Browser) -> None:
    ws = load_workspace(project, now=NOW)
    event = ws.event("2025-las-listrik-1")
    assert event is not None
    written = {p.name: p for p in write_documents(ws, event, tmp_path / "out")}
    page_file = written["undangan-kabupaten-lahat.html"]
    requests: list[str] = []
    page = browser.new_page()
    try:
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        assert page.title() == "Surat Undangan — Kabupaten Lahat — Pelatihan Las Listrik (SMAW) Angkatan I"
        assert "Plt. KEPALA DINAS" in page.inner_text("body")
        assert page.locator("nav, header, footer").count() == 0
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    target = tmp_path / "chromium.pdf"
    target.write_bytes(pdf)
    box = PdfReader(target).pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (215, 330)
    assert "500.15.4/087/BLK/2025" in (PdfReader(target).pages[0].extract_text() or "")
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
