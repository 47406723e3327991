"""The portal in a real browser (Debian's Chromium through Playwright): lists, search,
timeline, flowchart, printing, and not a single request to another host.

These tests FAIL when Chromium cannot start: CI must install it (scripts/ensure-system-packages).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, serve_folder, start_serve, wait_for_page
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    return sample_site


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    yield tab, requests
    context.close()


def _foreign(requests: list[str], server: str) -> list[str]:
    local = urlsplit(server).netloc
    return [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != local]


def _search(tab: Page, query: str) -> None:
    """Type into Material's search box the way a person does."""
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)


def test_dashboard_lists_the_sample_events(page, server, shots):
    tab, requests = page
    tab.goto(server, wait_until="load")
    table = tab.locator("table.jj-all")
    for code in ("2024-menjahit-1", "2025-las-listrik-1", "2026-barista-1", "2027-tata-rias-1"):
        assert table.get_by_text(code).count() == 1
    assert tab.locator("table.jj-all tr.jj-terlambat").count() >= 1  # the late barista event is highlighted
    if path := shots("portal/beranda.png"):
        tab.screenshot(path=str(path), full_page=True)
    assert requests and not _foreign(requests, server)


def test_search_for_a_participant_leads_to_the_event(page, server):
    tab, requests = page
    tab.goto(server, wait_until="load")
    _search(tab, "Yuliana Sari")
    result = tab.locator(".md-search-result__item a").first
    result.wait_for()
    result.click()
    tab.wait_for_url("**/kegiatan/2024-menjahit-1/**")
    assert tab.locator("h1").first.inner_text() == "Pelatihan Menjahit Pakaian Angkatan I"
    assert not _foreign(requests, server)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Barista", "kegiatan/2026-barista-1/"),
        ("Empat Lawang", "kegiatan/"),
        ("500.15.4/021/BLK/2024", "kegiatan/2024-menjahit-1/"),
    ],
)
def test_search_finds_names_places_and_letter_numbers(page, server, query, expected):
    tab, _ = page
    tab.goto(server, wait_until="load")
    _search(tab, query)
    links = tab.locator(".md-search-result__item a")
    links.first.wait_for()
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert any(expected in h for h in hrefs), hrefs


def test_event_page_shows_the_eleven_steps(page, server, shots):
    tab, requests = page
    tab.goto(server + "kegiatan/2026-barista-1/", wait_until="load")
    steps = tab.locator("table.jj-timeline tr.jj-step")
    assert steps.count() == 11
    assert tab.locator("table.jj-timeline tr.jj-step.jj-terlambat").count() >= 1
    edit = tab.get_by_role("link", name="Ubah di Git", exact=True)
    # the office's Forgejo (kantor.yaml penyunting), its web editor's address
    assert edit.get_attribute("href") == (
        "https://git.pagaralam.example/blk-pagaralam/jejak/_edit/main/records/2026/2026-barista-1.yaml"
    )
    form = tab.get_by_role("link", name="Ubah", exact=True)  # the form editor (issue 13)
    assert (
        form.get_attribute("href") == "../../ubah/#/collections/penyelenggaraan-pelatihan/entries/2026/2026-barista-1"
    )
    if path := shots("portal/kegiatan.png"):
        tab.screenshot(path=str(path), full_page=True)
    assert not _foreign(requests, server)


def test_sop_page_shows_the_flowchart(page, server, shots):
    tab, requests = page
    tab.goto(server + "sop/penyelenggaraan-pelatihan/", wait_until="load")
    chart = tab.locator(".jj-flowchart table")
    assert chart.locator("tbody tr").count() == 11
    assert chart.locator("th.jj-fc-actor").all_inner_texts() == ["Kepala Dinas", "Kepala Bidang", "Staf/JFU", "Panitia"]
    box = chart.locator("tr#langkah-2 .jj-fc-keputusan").bounding_box()  # step 2: a diamond drawn on screen
    assert box and box["width"] > 40 and box["height"] > 30
    assert tab.locator("svg.jj-chart").is_visible()
    if path := shots("portal/sop.png"):
        tab.screenshot(path=str(path), full_page=True)
    assert not _foreign(requests, server)


def test_a_letter_page_prints_on_f4_without_portal_chrome(page, server, site, tmp_path):
    from pypdf import PdfReader

    tab, requests = page
    letters = sorted((site / "kegiatan" / "2024-menjahit-1" / "dokumen").glob("undangan*.html"))
    assert letters, "the complete sample has a Surat Undangan"
    tab.goto(server + f"kegiatan/2024-menjahit-1/dokumen/{letters[0].name}", wait_until="load")
    tab.emulate_media(media="print")
    pdf = tmp_path / "surat.pdf"
    tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    width_mm, height_mm = float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72
    assert (round(width_mm), round(height_mm)) in ((215, 330), (210, 297)), (width_mm, height_mm)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "PEMERINTAH KOTA PAGAR ALAM" in text and "500.15.4/021/BLK/2024" in text
    assert "Jejak BLK" not in text and "Cari" not in text  # no portal header, navigation or search
    assert not _foreign(requests, server)


def test_serve_reloads_the_page_when_a_record_changes(browser, tmp_path):
    """`jejak serve` (MkDocs live reload): saving a record refreshes the open page. Stopped with
    SIGTERM (a service manager, a script), it ends as with Ctrl+C: its temporary site is removed."""

    root, temporary, log = tmp_path / "repo", tmp_path / "tmp", tmp_path / "serve.log"
    temporary.mkdir()
    for folder in ("schema", "records", "docs", "site_templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    proc, port = start_serve(root, temporary, log)
    try:
        url = f"http://127.0.0.1:{port}/kegiatan/2027-tata-rias-1/"
        context = browser.new_context()
        tab = context.new_page()
        wait_for_page(tab, url)
        assert tab.locator("h1").first.inner_text() == "Pelatihan Tata Rias Wajah Angkatan I"
        record = root / "records" / "2027" / "2027-tata-rias-1.yaml"
        record.write_text(
            record.read_text(encoding="utf-8").replace(
                "nama: Pelatihan Tata Rias Wajah Angkatan I", "nama: Pelatihan Tata Rias Pengantin Angkatan I"
            ),
            encoding="utf-8",
        )
        tab.wait_for_function("() => document.querySelector('h1').innerText.includes('Pengantin')", timeout=90000)
        context.close()
        assert len(list(temporary.glob("jejak-pratinjau-*"))) == 1  # the preview's site
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    errors = log.read_text(encoding="utf-8")
    assert proc.returncode == 0, errors
    assert "Traceback" not in errors
    assert list(temporary.glob("jejak-pratinjau-*")) == []
