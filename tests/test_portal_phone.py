"""Every portal page is readable on a phone (issue 19.8): at 390 px nothing needs a sideways
swipe, neither the page nor a table inside it, and every event row shows its status and whose
turn it is, whole. Screenshots at 1280 and 390 px (`pytest --test-output`) go to
test-output/portal/ for a reviewer to look at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import NOW, serve_folder

from generator.portal.site import build_site

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
SHOWN = {
    "beranda": "",
    "kegiatan": "kegiatan/2026-barista-1/",
    "sop": "sop/penyelenggaraan-pelatihan/",
    "audit": "audit/",
    "rekap": "rekap/2026/",
}
# Elements inside the article that scroll sideways (a table in a box of its own is a swipe too).
SIDEWAYS = """() => [...document.querySelectorAll('article *')].filter(e => {
    const x = getComputedStyle(e).overflowX;
    return (x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


BEYOND = """() => { const edge = document.querySelector('article').getBoundingClientRect().right + 1;
    return [...document.querySelectorAll('article table')].filter(t => t.getBoundingClientRect().right > edge)
        .map(t => t.className); }"""


def git(root: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "Dedi", "GIT_AUTHOR_EMAIL": "dedi.kurniawan@pagaralam.example", "PATH": "/usr/bin:/bin"}
    env |= {"GIT_COMMITTER_NAME": "Dedi", "GIT_COMMITTER_EMAIL": "dedi.kurniawan@pagaralam.example"}
    subprocess.run(["git", *args], cwd=root, env={**env, "HOME": str(root.parent)}, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal with a Git history, so the audit page and the event histories have tables."""
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("ponsel") / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Mulai repositori Jejak")
    git(root, "checkout", "-q", "-b", "usulan")
    record = root / "records" / "2026" / "2026-barista-1.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# dicek\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "Barista: langkah 7 diperiksa")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "usulan", "-m", "Gabungkan usulan barista")
    return build_site(root, root / "site", pdf=False, now=NOW).site_dir


def _pages(site: Path) -> list[str]:
    found = sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html"))
    return ["" if p == "./" else p for p in found if not p.startswith(("ubah", "search"))]


@pytest.mark.browser
def test_no_page_needs_a_sideways_swipe_on_a_phone(site: Path, browser):
    pages = _pages(site)
    assert {"", "audit/", "kegiatan/2026-barista-1/", "panduan/perintah/"} <= set(pages)
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    wide = {}
    with serve_folder(site) as url:
        for path in pages:
            tab.goto(url + path, wait_until="load")
            page_width = tab.evaluate("() => document.documentElement.scrollWidth")
            inner = tab.evaluate(SIDEWAYS)
            if page_width > PHONE["width"] or inner:
                wide[path] = (page_width, inner)
    context.close()
    assert wide == {}


@pytest.mark.browser
def test_every_event_row_shows_its_status_and_whose_turn_on_a_phone(site: Path, browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    with serve_folder(site) as url:
        tab.goto(url, wait_until="load")
        rows = tab.locator("table.jj-all tbody tr")
        assert rows.count() == 4
        for i in range(rows.count()):
            row = rows.nth(i)
            state = row.locator("td[data-label='Keadaan'] .jj-badge")
            box = state.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], row.inner_text()
            assert state.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # the whole text, not a red "T"
            assert state.inner_text() in ("Selesai", "Berjalan", "Direncanakan") or state.inner_text().startswith(
                "Terlambat "
            )
            turn = row.locator("td[data-label='Giliran']:not([data-kosong])")
            if turn.count():  # a finished event has nobody's turn ("-", left out)
                assert turn.is_visible() and turn.inner_text().strip()
                assert _heading_shown(turn) == "Giliran: "
        late = tab.locator("table.jj-all tr.jj-terlambat td[data-label='Giliran']").first
        assert late.inner_text() == "Rina Wulandari, S.E."
        tab.goto(url + "kegiatan/2026-barista-1/", wait_until="load")
        step = tab.locator("table.jj-timeline tr#langkah-7")
        state = step.locator("td[data-label='Keadaan']")
        assert state.inner_text() == "Terlambat 12 hari kerja 8 jam" and _heading_shown(state) == "Keadaan: "
        assert step.locator("td[data-label='Pelaksana']").is_visible()
    context.close()


def _heading_shown(cell) -> str:
    """The heading a phone shows before a cell (its ::before box, attr() resolved by Chromium)."""
    return cell.evaluate(
        """e => { const b = getComputedStyle(e, '::before');
                  return b.display === 'none' || !b.content.startsWith('"') ? '' : JSON.parse(b.content); }"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["1280", "390"])
def test_screenshots_of_the_main_pages(site: Path, browser, shots, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    with serve_folder(site) as url:
        for name, path in SHOWN.items():
            tab.goto(url + path, wait_until="load")
            assert tab.locator("article h1").first.is_visible()
            assert tab.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
            assert tab.evaluate(BEYOND) == [], (name, viewport)  # no table runs past the text column
            if target := shots(f"portal/{name}-{viewport['width']}.png"):
                tab.screenshot(path=str(target), full_page=True)
    context.close()


def test_each_cell_gets_the_heading_of_its_column_spans_included():
    from generator.portal.narrow import stack_tables

    table = (
        '<table class="x"><thead><tr><th rowspan="2">No</th><th colspan="2">Pelaksana</th><th rowspan="2">Ket</th>'
        "</tr><tr><th>Staf</th><th>Kepala &amp; Wakil</th></tr></thead><tbody><tr><td>1</td><td>-</td>"
        '<td><b>x</b></td><td>"k"</td></tr><tr><th>Jumlah</th><td colspan="2">z</td><td></td></tr></tbody></table>'
    )
    assert stack_tables(table) == (
        '<table data-tumpuk class="x"><thead><tr><th rowspan="2">No</th><th colspan="2">Pelaksana</th>'
        '<th rowspan="2">Ket</th></tr><tr><th>Staf</th><th>Kepala &amp; Wakil</th></tr></thead><tbody><tr>'
        '<td data-label="No">1</td><td data-label="Staf" data-kosong>-</td><td data-label="Kepala &amp; Wakil">'
        '<b>x</b></td><td data-label="Ket">"k"</td></tr><tr><th>Jumlah</th><td data-label="Staf" colspan="2">z</td>'
        '<td data-label="Ket" data-kosong></td></tr></tbody></table>'
    )
    assert stack_tables("<table><tbody><tr><th>a</th><td>b</td></tr></tbody></table>").startswith("<table><tbody>")
