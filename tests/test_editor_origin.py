"""The form editor's own origin (issue 21) and its first screen (issue 22), in Chromium.

Decap keeps each user's Git token in the localStorage of the editor page's origin. The editor runs
only on an origin of its own (site/ubah/ served alone, `penyunting.alamat_formulir`), so a script
in any portal page, a guide with a <script> say, cannot read it: tried here with every way a page
has (its own storage, frames, a window it opens, IndexedDB) and, as the control, the same script
placed beside the editor, where it does read it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOW, REPO, serve_folder, wait_for_page
from playwright.sync_api import Browser, Page, Route, expect
from test_editor_browser import Editor, log_in, running_editor, use_local_server

from generator.portal.site import build_site

pytestmark = pytest.mark.browser

LISTED = "Pelatihan Barista Kopi Pagar Alam Angkatan I"


@pytest.fixture
def editor(project: Path, tmp_path: Path) -> Iterator[Editor]:
    with running_editor(project, tmp_path) as running:
        yield running


TOKEN_KEY = "decap-cms-user"

# A hostile page's script: reads every place the editor's credentials could be reached from its
# page, and writes what it found into the page. `data-editor` names the editor's address.
THIEF = r"""
(async () => {
  const found = [];
  const keys = ["decap-cms-user", "netlify-cms-user"];
  const look = (where, read) => {
    try {
      const value = read();
      if (value) found.push(`${where}: ${value}`);
    } catch (refused) {
      // a cross-origin read throws: nothing found
    }
  };
  const storage = (w, kind) => keys.map((k) => w[kind].getItem(k)).filter(Boolean).join(" ");
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const editor = document.documentElement.dataset.editor;
  look("localStorage", () => storage(window, "localStorage"));
  look("sessionStorage", () => storage(window, "sessionStorage"));
  const frames = [editor, "/ubah/", editor + "#/collections"].map((src) => {
    const frame = document.createElement("iframe");
    frame.src = src;
    document.body.append(frame);
    return frame;
  });
  const opened = window.open(editor, "_blank");
  await sleep(2500);
  for (const frame of frames) {
    look(`frame ${frame.src} localStorage`, () => storage(frame.contentWindow, "localStorage"));
    look(`frame ${frame.src} sessionStorage`, () => storage(frame.contentWindow, "sessionStorage"));
    look(`frame ${frame.src} page`, () => frame.contentDocument.documentElement.outerHTML.match(/RAHASIA-\w+/)[0]);
  }
  look("window localStorage", () => storage(opened, "localStorage"));
  look("window page", () => opened.document.documentElement.outerHTML.match(/RAHASIA-\w+/)[0]);
  if (opened) opened.close();
  const databases = indexedDB.databases ? await indexedDB.databases() : [];
  look("indexedDB", () => databases.map((d) => d.name).join(" "));
  const out = document.createElement("pre");
  out.id = "hasil";
  out.textContent = JSON.stringify(found);
  document.body.append(out);
})();
"""


def plant_thief(folder: Path, editor_url: str) -> str:
    """A page with the thief's script in `folder`; its site path from the folder's root."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "curi.js").write_text(THIEF, encoding="utf-8")
    page = f'<!doctype html><html data-editor="{editor_url}"><body><h1>Panduan</h1><script src="curi.js"></script>'
    (folder / "index.html").write_text(page, encoding="utf-8")
    return "index.html"


def stolen(page: Page, url: str) -> list[str]:
    """What the thief's page at `url` found; the page is closed then, with the editors it opened in
    frames: one still starting would store its user again, over the token of the next look."""
    page.goto(url)
    expect(page.locator("#hasil")).to_be_attached(timeout=20000)
    found = json.loads(page.locator("#hasil").inner_text())
    page.close()
    return found


def keep_token(page: Page, token: str) -> None:
    """Keep a Git token where Decap's Git backends keep it, in the editor's page (the local
    backend has none of its own; every editor that starts, in a frame too, stores its user again)."""
    page.evaluate(
        "([key, token]) => localStorage.setItem(key, JSON.stringify({...JSON.parse(localStorage.getItem(key)), token}))",
        [TOKEN_KEY, token],
    )
    assert token in page.evaluate(f"localStorage.getItem('{TOKEN_KEY}')")


def test_a_portal_pages_script_cannot_read_the_editors_credentials(browser: Browser, editor: Editor, tmp_path: Path):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, editor)
    expect(page.get_by_text(LISTED)).to_be_visible(timeout=30000)
    token = f"RAHASIA-{secrets.token_hex(8)}"
    keep_token(page, token)
    site = tmp_path / "site"
    # A guide page of the portal with a script, the attack of issue 21, and the portal's copy of /ubah/.
    plant_thief(site / "panduan" / "jahat", editor.url)
    found = stolen(context.new_page(), editor.portal + "panduan/jahat/")
    assert not any(token in item for item in found), found
    assert found == [], found  # not even the name of a database of the editor
    # The control: the same script beside the editor (its own origin) reads the token, so the
    # script above could see it if it were reachable. Nothing of the portal is published there.
    keep_token(page, token)
    plant_thief(site / "ubah" / "jahat", editor.url)
    found = stolen(context.new_page(), editor.url + "jahat/")
    assert any(token in item for item in found), found
    context.close()


def test_the_portals_copy_sends_the_browser_to_the_editors_own_address_and_forgets_old_tokens(
    browser: Browser, editor: Editor
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(editor.portal)  # an older Jejak ran the editor here and left a token behind
    page.evaluate(f"localStorage.setItem('{TOKEN_KEY}', JSON.stringify({{token: 'RAHASIA-lama'}}))")
    page.goto(editor.portal + "ubah/#/collections/penyelenggaraan-pelatihan/new")
    expect(page).to_have_url(editor.url + "#/collections/penyelenggaraan-pelatihan/new", timeout=20000)
    page.goto(editor.portal)
    assert page.evaluate(f"localStorage.getItem('{TOKEN_KEY}')") is None
    context.close()


def test_without_an_address_of_its_own_the_editor_does_not_start(
    browser: Browser, project: Path, tmp_path: Path, shots
):
    use_local_server(project, 8081)  # no alamat_formulir
    site = build_site(project, tmp_path / "site", pdf=False, now=NOW).site_dir
    with serve_folder(site) as portal:
        page = browser.new_page()
        page.goto(portal + "ubah/")
        expect(page.get_by_text("Formulir belum dapat dipakai di sini")).to_be_visible()
        expect(page.get_by_text(re.compile("alamat_formulir"))).to_be_visible()
        expect(page.get_by_role("button", name="Masuk")).to_have_count(0)
        assert page.evaluate("typeof window.CMS") == "undefined"
        if (target := shots("editor/tanpa-alamat.png")) is not None:
            page.screenshot(path=str(target))
        page.close()


def test_the_editor_served_with_the_whole_site_refuses_to_start(browser: Browser, project: Path, tmp_path: Path):
    """An administrator who gives the editor its own host name but serves all of site/ there."""
    with serve_folder(tmp_path / "site") as both:
        use_local_server(project, 8081, both)
        build_site(project, tmp_path / "site", pdf=False, now=NOW)
        page = browser.new_page()
        page.goto(both + "ubah/")
        expect(page.get_by_text("Formulir dibuka dari alamat yang salah")).to_be_visible()
        assert page.evaluate("typeof window.CMS") == "undefined"
        page.close()


def test_something_indonesian_shows_before_decap_and_a_failed_load_says_so(browser: Browser, editor: Editor, shots):
    context = browser.new_context()
    page = context.new_page()
    held: list[Route] = []
    page.route(re.compile(r"/decap/decap-\w+\.js$"), lambda route: held.append(route))  # not yet arrived
    page.goto(editor.url)
    expect(page.get_by_text("Memuat formulir…")).to_be_visible()
    if (target := shots("editor/memuat.png")) is not None:
        page.screenshot(path=str(target))
    assert held, "the page asked for Decap's bundle"
    for route in held:
        route.continue_()
    expect(page.get_by_text(LISTED)).to_be_visible(timeout=30000)
    failing = context.new_page()
    failing.route(re.compile(r"/decap/decap-\w+\.js$"), lambda route: route.fulfill(status=404, body="hilang"))
    failing.goto(editor.url)
    expect(failing.get_by_text("Formulir gagal dimuat")).to_be_visible(timeout=20000)
    expect(failing.get_by_text(re.compile("Muat ulang halaman ini"))).to_be_visible()
    if (target := shots("editor/gagal.png")) is not None:
        failing.screenshot(path=str(target))
    context.close()


def test_jejak_serve_gives_the_editor_the_next_port(browser: Browser, tmp_path: Path, shots):
    """The preview serves the editor apart too; on every interface (0.0.0.0) the portal's links go
    through its copy of /ubah/, which sends the browser on to the host name it used, next port."""
    root = tmp_path / "repo"
    for folder in ("schema", "records", "docs", "site_templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--alamat", f"0.0.0.0:{port}"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        said = proc.stdout.readline() if proc.stdout else ""
        found = re.search(r"formulir di http://0\.0\.0\.0:(\d+)/", said)
        assert found, said
        own = f"http://127.0.0.1:{found[1]}/"
        context = browser.new_context()
        tab = context.new_page()
        wait_for_page(tab, f"http://127.0.0.1:{port}/kegiatan/2026-barista-1/")
        entry = "#/collections/penyelenggaraan-pelatihan/entries/2026/2026-barista-1"
        link = tab.locator(f'a[href="../../ubah/{entry}"]')
        expect(link).to_have_count(1)
        went: list[str] = []  # every address the tab's page had: Decap, not signed in, leaves this one soon
        tab.on("framenavigated", lambda frame: went.append(frame.url) if frame == tab.main_frame else None)
        link.click()
        deadline = time.monotonic() + 90  # 30 s timed out once at load 3-5
        while own + entry not in went and time.monotonic() < deadline:
            tab.wait_for_timeout(100)
        assert own + entry in went, went
        ready = "() => !document.querySelector('.jj-memuat') && typeof window.CMS === 'object'"
        tab.wait_for_function(ready, timeout=90000)  # Decap took the page over
        assert tab.url.startswith(own), tab.url
        if (target := shots("editor/pratinjau-formulir.png")) is not None:
            tab.screenshot(path=str(target))
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
