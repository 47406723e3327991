"""The demonstration portal's Riwayat and Jejak Audit pages in a real browser (Chromium).

FAILS (never skips) when Chromium cannot start.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import NOW, REPO, serve_folder
from playwright.sync_api import Browser

from generator.history.demo import make_demo
from generator.portal.site import build_site


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("peragaan-browser") / "repo"
    make_demo(REPO, root)
    with serve_folder(build_site(root, root / "site", pdf=False, now=NOW).site_dir) as url:
        yield url


def test_audit_page_tables(server: str, browser: Browser) -> None:
    page = browser.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(server + "audit/")
    assert page.locator("h1").first.inner_text() == "Jejak Audit"
    tables = page.locator("article table")
    assert tables.count() == 3  # counts, findings, every landing
    assert (
        tables.nth(1).locator("tbody tr").count() == 4
    )  # a direct commit, a squash, a merge by a non-approver, a merge in another's name
    assert tables.nth(2).locator("tbody tr").count() == 17
    first = tables.nth(2).locator("tbody tr").first.inner_text()
    assert "27 November 2026 09.00 WIB" in first and "disetujui (surel saja)" in first
    link = tables.nth(2).locator("tbody tr a").first.get_attribute("href") or ""
    # commit links follow kantor.yaml `penyunting` (the office's Forgejo), never a github.com default
    assert link.startswith("https://git.pagaralam.example/blk-pagaralam/jejak/commit/")
    assert len(link.rsplit("/", 1)[1]) == 40
    assert hosts == {urlsplit(server).netloc}  # nothing leaves the server
    page.close()


def test_event_history_list(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server + "kegiatan/2024-menjahit-1/")
    heading = page.get_by_role("heading", name="Riwayat perubahan")
    assert heading.count() == 1
    text = page.locator("article").inner_text()
    section = text[text.index("Riwayat perubahan") :]
    assert "8 perubahan, yang terbaru di atas." in section
    assert "belum terbukti disetujui: masuk ke main lewat squash atau rebase" in section
    assert section.index("8. Laporan diterima Kepala Dinas") < section.index("1. Rencana kerja Pelatihan Menjahit")
    page.close()
