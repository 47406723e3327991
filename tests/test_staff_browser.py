"""What office staff do with the portal, in a real browser (Chromium): find a participant by
name and a letter by its number, read every page on a phone, and see what is wrong with a
record while `jejak serve` runs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, serve_folder, start_serve, wait_for_page
from playwright.sync_api import Browser, Page

from generator.records.workspace import Workspace

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    with serve_folder(sample_site) as url:
        yield url


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    yield context.new_page()
    context.close()


def search(tab: Page, query: str, expected: str) -> list[str]:
    """The result links once the results hold `expected` (a page address); fails after the
    browser's patience (conftest.PATIENCE_MS)."""
    box = tab.locator("input.md-search__input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")  # empties the results: what appears next answers this query
    tab.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(query[:-1])
    box.press_sequentially(query[-1])  # Material searches on a key press, not on a filled value
    # The links are read in the same instant the condition holds: Material re-renders the list.
    found = tab.wait_for_function(
        """([query, expected]) => {
            const box = document.querySelector('input.md-search__input');
            const links = [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href);
            return box.value === query && links.some(h => h.includes(expected)) && links;
        }""",
        arg=[query, expected],
    )
    return found.json_value()


def participants(workspace: Workspace) -> list[tuple[str, str]]:
    return [(p.name, e.code) for e in workspace.events for p in e.participants]


def letter_numbers(workspace: Workspace) -> list[tuple[str, str]]:
    found = []
    for event in workspace.events:
        for step in event.steps:
            for letter in step.data.get("penomoran", {}).values():  # one number, or one per addressee
                numbers = [letter["nomor"]] if "nomor" in letter else []
                found += [(n, event.code) for n in numbers + [e["nomor"] for e in letter.get("per_tujuan", ())]]
            if "nomor" in step.data.get("laporan", {}):
                found.append((step.data["laporan"]["nomor"], event.code))
    return found


def test_the_samples_have_participants_and_letter_numbers_to_search_for(sample_workspace: Workspace):
    assert len(participants(sample_workspace)) >= 25 and len(letter_numbers(sample_workspace)) >= 6


def test_every_participant_is_found_by_full_name_first_and_by_first_name(
    tab: Page, server: str, sample_workspace: Workspace
):
    tab.goto(server, wait_until="load")
    for name, code in participants(sample_workspace):
        hrefs = search(tab, name, f"kegiatan/{code}/")
        assert f"kegiatan/{code}/" in hrefs[0], (name, hrefs)
        first = name.split()[0]
        search(tab, first, f"kegiatan/{code}/")  # waits until the event is among the results


def test_a_letter_number_finds_its_event_first(tab: Page, server: str, sample_workspace: Workspace):
    tab.goto(server, wait_until="load")
    for number, code in letter_numbers(sample_workspace):
        hrefs = search(tab, number, f"kegiatan/{code}/")
        assert f"kegiatan/{code}/" in hrefs[0], (number, hrefs)


PHONE_PAGES = ["", "sop/", "rekap/", "panduan/isian/", "panduan/menulis/"]
# From the file names (collection must not load the workspace): every SOP, event and year.
PHONE_PAGES += (
    [f"sop/{p.stem}/" for p in sorted((REPO / "schema" / "sop").glob("*.yaml"))]
    + [f"kegiatan/{p.stem}/" for p in sorted((REPO / "records").glob("[0-9]*/*.yaml"))]
    + [f"rekap/{p.name}/" for p in sorted((REPO / "records").glob("[0-9]*")) if p.is_dir()]
)


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_horizontal_scroll_on_a_phone(browser: Browser, server: str, path: str, shots):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    tab = context.new_page()
    tab.goto(server + path, wait_until="load")
    width = tab.evaluate("document.documentElement.scrollWidth")
    wide = tab.evaluate(
        """() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => !e.closest('.jj-table, .jj-flowchart'))
            .map(e => e.tagName + '.' + e.className)"""
    )
    picture = shots(f"staff/390-{path.strip('/').replace('/', '-') or 'beranda'}.png")
    if picture:
        tab.screenshot(path=str(picture), full_page=True)
    context.close()
    assert width <= PHONE["width"], (path, width)
    assert wide == [], "only tables may be wider than the screen, and they scroll inside their own box"


@pytest.mark.parametrize("path", ["", "kegiatan/2024-menjahit-1/", "rekap/2025/"])
def test_words_are_never_broken_in_the_middle_on_a_phone(browser: Browser, server: str, path: str):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="id-ID")
    tab = context.new_page()
    tab.goto(server + path, wait_until="load")
    # A word split over two lines has two boxes on screen.
    broken = tab.evaluate(
        """() => [...document.querySelectorAll('.md-content td a, .md-content td')].flatMap(el => {
            const text = el.firstChild;
            if (!text || text.nodeType !== Node.TEXT_NODE) return [];
            const found = [];
            for (const m of text.textContent.matchAll(/[^\\s\\/-]+/g)) {
                const range = document.createRange();
                range.setStart(text, m.index);
                range.setEnd(text, m.index + m[0].length);
                if (range.getClientRects().length > 1) found.push(m[0]);
            }
            return found;
        })"""
    )
    context.close()
    assert broken == []


def test_keadaan_per_and_sample_badges_are_shown(tab: Page, server: str, sample_workspace: Workspace):
    tab.goto(server, wait_until="load")
    assert tab.locator(".jj-asof").inner_text() == "Keadaan per 28 November 2026 pukul 10.00 WIB"
    assert tab.locator(".jj-asof").bounding_box()["y"] < 300  # at the top, not under the tables
    samples = [e for e in sample_workspace.events if e.example]
    assert samples
    rows = tab.locator("table.jj-all tbody tr")
    for i in range(rows.count()):
        assert rows.nth(i).locator(".jj-contoh").inner_text() == "Contoh"
    tab.goto(server + f"kegiatan/{samples[0].code}/", wait_until="load")
    assert tab.locator(".jj-event-head .jj-contoh").is_visible()
    assert "keadaan per 28 November 2026 pukul 10.00 WIB" in tab.locator(".jj-event-head").inner_text()


def test_the_404_page_is_indonesian(tab: Page, server: str):
    tab.goto(server + "404.html", wait_until="load")
    assert tab.locator("article h1").inner_text() == "Halaman tidak ditemukan"
    assert tab.title().startswith("Halaman tidak ditemukan")
    assert "Not found" not in tab.content()


def test_serve_shows_the_errors_of_a_broken_record_and_recovers(browser: Browser, tmp_path: Path, shots):
    root = tmp_path / "repo"
    for folder in ("schema", "records", "docs", "site_templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (tmp_path / "tmp").mkdir()
    proc, port = start_serve(root, tmp_path / "tmp", tmp_path / "serve.log")
    record = root / "records" / "2027" / "2027-tata-rias-1.yaml"
    good = record.read_text(encoding="utf-8")
    try:
        context = browser.new_context()
        tab = context.new_page()
        url = f"http://127.0.0.1:{port}/kegiatan/2027-tata-rias-1/"
        wait_for_page(tab, url)
        assert tab.locator("h1").first.inner_text() == "Pelatihan Tata Rias Wajah Angkatan I"
        record.write_text(good.replace("kuota: 16", "kuota: enam belas"), encoding="utf-8")
        tab.wait_for_function("() => document.querySelector('h1')?.innerText === 'Catatan berisi galat'", timeout=90000)
        rows = tab.locator(".jj-serve-error tbody tr")
        assert rows.count() == 1
        cells = rows.first.locator("td").all_inner_texts()
        assert cells[0].startswith("records/2027/2027-tata-rias-1.yaml:")
        assert cells[1] == "'kuota' harus berupa bilangan bulat, bukan teks"
        if picture := shots("staff/serve-galat.png"):
            tab.screenshot(path=str(picture), full_page=True)
        record.write_text(good, encoding="utf-8")
        tab.wait_for_function("() => document.querySelector('h1')?.innerText.includes('Tata Rias')", timeout=90000)
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    shown = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Membangun portal..." in shown and "Building documentation" not in shown
