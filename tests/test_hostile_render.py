"""Nothing a record says can run in a reader's browser or in the build: HTML, `javascript:`
links, Markdown, Jinja syntax and attribute lists in every kind of text (event, participant,
committee, letters, meeting, report, office record, SOP) come out of the real portal build
and the documents as plain text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import NOW, serve_folder

from generator.documents.render import list_documents, render_html
from generator.portal.site import build_site
from generator.records.workspace import load_workspace

ATTACK = '<script>alert(1)</script> <img src=x onerror=alert(2)> [klik](javascript:alert(3)) {{ 7*7 }} {% if 1 %}ya{% endif %} **tebal** {: onclick="alert(4)" } </title><b>'
EVENT = Path("records/2024/2024-menjahit-1.yaml")
# (file, text in the file, replacement): the attack goes into each kind of value.
PLACES = [
    (EVENT, "nama: Pelatihan Menjahit Pakaian Angkatan I", "nama: {a}"),
    (EVENT, "tempat: Workshop Garmen UPTD Balai Latihan Kerja Kota Pagar Alam", "tempat: {a}"),
    (EVENT, "{nama: Siti Aminah, asal: Kabupaten Lahat,", "{{nama: {a}, asal: Kabupaten Lahat,"),
    (
        EVENT,
        "{nama: Marlina, jabatan: Instruktur, instansi: Penjahit Marlina Collection}",
        "{{nama: {a}, jabatan: Instruktur, instansi: {a}}}",
    ),
    (EVENT, "catatan: Disetujui tanpa perubahan.", "catatan: {a}"),
    (EVENT, "hal: Undangan Pengiriman Calon Peserta Pelatihan Menjahit Pakaian Angkatan I", "hal: {a}"),
    (EVENT, "- Kesiapan bahan praktik dan mesin jahit", "- {a}"),
    (EVENT, "simpulan: Pelatihan berjalan sesuai rencana kerja dan anggaran.", "simpulan: {a}"),
    (Path("records/kantor.yaml"), "nama: Bidang Balai Latihan Kerja", "nama: {a}"),
    (Path("schema/sop/penyelenggaraan-pelatihan.yaml"), "  nama: Penyelenggaraan Pelatihan", "  nama: {a}"),
]
ALLOWED_SCRIPT_SOURCES = ("assets/javascripts/", "search/main.js", "https://unpkg.com")
# The form editor's page (ubah/index.html): the generated config and our start module (which
# imports our bundle of Decap, decap/decap-<backend>.js, and editor.js).
ALLOWED_SCRIPT_SOURCES += ("config.js", "start.js")


class Collector(HTMLParser):
    """Every element, attribute and script of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def assert_inert(html: str, where: str) -> Collector:
    page = Collector()
    page.feed(html)
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (where, tag, attrs)
        assert tag != "img" or attrs.get("src") != "x", (where, attrs)
        if tag == "script" and attrs.get("src"):
            assert any(s in attrs["src"] for s in ALLOWED_SCRIPT_SOURCES), (where, attrs)
    for script in page.scripts:
        assert "alert(" not in script, (where, script[:200])
    return page


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture
def attacked(project: Path) -> Path:
    for path, old, new in PLACES:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, old
        file.write_text(text.replace(old, new.format(a=quoted(ATTACK)), 1), encoding="utf-8")
    workspace = load_workspace(project, now=NOW)
    assert [p for p in workspace.problems if p.is_error] == []
    return project


def test_documents_show_record_text_as_plain_text(attacked: Path):
    workspace = load_workspace(attacked, now=NOW)
    event = workspace.event("2024-menjahit-1")
    rendered = 0
    for info in list_documents(workspace, event):
        if not info.ready:
            continue
        html = render_html(workspace, event, info)
        page = assert_inert(html, info.filename)
        text = " ".join(page.text)
        assert "49" not in text.replace("2024", "").replace("1949", "") or "{{ 7*7 }}" in text
        rendered += 1
        if "{{ 7*7 }}" in text:
            assert "<script>alert(1)</script>" in text  # shown, as text
    assert rendered >= 5


def test_the_portal_shows_record_text_as_plain_text(attacked: Path):
    site = build_site(attacked, attacked / "site", pdf=False, now=NOW).site_dir
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        assert_inert(path.read_text(encoding="utf-8"), path.relative_to(site).as_posix())
    event = Collector()
    event.feed((site / "kegiatan" / "2024-menjahit-1" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(event.text)
    for literal in (
        "<script>alert(1)</script>",
        "[klik](javascript:alert(3))",
        "{{ 7*7 }}",
        "**tebal**",
        '{: onclick="alert(4)" }',
        "{% if 1 %}ya{% endif %}",
    ):
        assert literal in text, literal
    titles = [attrs for tag, attrs in event.tags if tag == "title"]
    assert len(titles) == 1  # the name cannot close <title> and open elements of its own
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "<script>" not in doc["title"] + doc["text"], doc["location"]


@pytest.mark.browser
def test_in_chromium_nothing_runs_and_the_name_reads_as_written(attacked: Path, browser):
    """The event page, the SOP page and a letter, opened in a real browser: no dialog opens,
    no script of the record runs, and the heading shows the name exactly as typed."""
    site = build_site(attacked, attacked / "site", pdf=False, now=NOW).site_dir
    letter = sorted((site / "kegiatan" / "2024-menjahit-1" / "dokumen").glob("*.html"))[0]
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serve_folder(site) as url:
            for path in (
                "kegiatan/2024-menjahit-1/",
                "sop/penyelenggaraan-pelatihan/",
                letter.relative_to(site).as_posix(),
            ):
                page.goto(url + path)
                page.wait_for_load_state("load")
                for link in page.locator("a").all():  # a javascript: link would open a dialog
                    if (link.get_attribute("href") or "").lower().startswith("javascript"):
                        link.click()
                assert page.evaluate("document.querySelectorAll('img[src=\"x\"], [onerror], [onclick]').length") == 0
            page.goto(url + "kegiatan/2024-menjahit-1/")
            heading = page.locator("article h1").first.inner_text()
            assert heading == " ".join(ATTACK.split())
            assert page.title() == f"{' '.join(ATTACK.split())} - Jejak BLK Kota Pagar Alam"
    finally:
        page.close()
    assert dialogs == []


# --- round 2: every page, the logo, search results and Git texts on the audit page -------------


def _git(repo: Path, *args: str, name: str, email: str) -> None:
    import subprocess

    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "PATH": "/usr/bin:/bin",
        "HOME": str(repo.parent),
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def attacked_history(attacked: Path) -> Path:
    """The attacked records in a Git repository whose commit subjects, author names and merger
    addresses carry the attack too, plus a logo SVG that passes the whitelist."""
    office = "rina.wulandari@pagaralam.example"
    _git(attacked, "init", "-q", "-b", "main", name="Rina", email=office)
    _git(attacked, "add", "-A", name="Rina", email=office)
    _git(attacked, "commit", "-q", "-m", ATTACK, name=ATTACK, email=office)
    _git(attacked, "checkout", "-q", "-b", "usulan", name="Rina", email=office)
    record = attacked / EVENT
    record.write_text(record.read_text(encoding="utf-8") + "# ubah\n", encoding="utf-8")
    _git(
        attacked,
        "commit",
        "-q",
        "-am",
        ATTACK + " 0812-3456-7890",
        name=ATTACK,
        email='"><svg onload=alert(5)>@x.example',
    )
    _git(attacked, "checkout", "-q", "main", name="Rina", email=office)
    _git(attacked, "merge", "-q", "--no-ff", "usulan", "-m", ATTACK, name=ATTACK, email="orang<script>@luar.example")
    return attacked


@pytest.mark.browser
def test_in_chromium_no_page_letter_logo_or_search_result_runs_anything(attacked_history: Path, browser):
    """Every page of the portal, every letter, the logo opened on its own and the search results
    for the attack: no dialog opens, no element carries a handler, no image points at x."""
    site = build_site(attacked_history, attacked_history / "site", pdf=False, now=NOW).site_dir
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "panduan" not in p.parts)
    paths.append("assets/logo-kota.svg")
    assert any("/dokumen/" in p for p in paths) and "audit/index.html" in paths
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serve_folder(site) as url:
            for path in paths:
                page.goto(url + path)
                page.wait_for_load_state("load")
                handlers = (
                    "document.querySelectorAll('img[src=\"x\"], [onerror], [onclick], [onload], [onmouseover]').length"
                )
                assert page.evaluate(handlers) == 0, path
                assert page.evaluate("window.__jejak_pwned === undefined"), path
            page.goto(url)
            for query in ("script", "alert", "onerror", "javascript"):
                box = page.locator("input.md-search__input")
                box.click()
                box.fill("")
                box.press_sequentially(query, delay=10)
                page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
                assert (
                    page.evaluate(
                        "document.querySelectorAll('.md-search-result [onerror], .md-search-result img[src=\"x\"], .md-search-result script').length"
                    )
                    == 0
                )
                page.keyboard.press("Escape")
            audit = (site / "audit" / "index.html").read_text(encoding="utf-8")
            assert "0812-3456-7890" not in audit and "orang<script>" not in audit
    finally:
        page.close()
    assert dialogs == []
