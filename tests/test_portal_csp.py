"""No script runs on the portal from any guide, record, commit subject or template value
(issue 21). Two layers: values are escaped and guides may not carry HTML or links that run
(guides.py), and every page carries a Content-Security-Policy without inline script
(policy.py), so a template that prints a value unescaped still runs nothing."""

from __future__ import annotations

import html as html_text
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, put, serve_folder
from test_hostile_render import PLACES

from generator.portal import policy
from generator.portal.site import BuildError, build_site

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[klik](javascript:alert(3))",
    "<svg onload=alert(4)><circle r=9 /></svg>",
    '<a href="javascript:alert(5)">tautan</a>',
    '{: onclick="alert(6)" }',
    '<iframe srcdoc="<script>alert(7)</script>"></iframe>',
    '"><script>alert(8)</script>',
    "</title><script>alert(9)</script>",
    "<details open ontoggle=alert(10)>x</details>",
    "![x](javascript:alert(11))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
]


def groups(limit: int = 190) -> list[str]:
    """The payloads packed into texts a record field accepts (200 characters at most)."""
    out = [""]
    for payload in PAYLOADS:
        if len(out[-1]) + len(payload) + 1 > limit:
            out.append("")
        out[-1] = f"{out[-1]} {payload}".strip()
    return out


def git(root: Path, *args: str, name: str = "Rina") -> None:
    import subprocess

    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": "rina.wulandari@pagaralam.example", "PATH": "/usr/bin:/bin"}
    env |= {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": env["GIT_AUTHOR_EMAIL"], "HOME": str(root.parent)}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def attacked(project: Path) -> Path:
    """Every payload in every kind of record text (event, participant, committee, letters, report,
    office, SOP) and in the commit subjects and author names the audit pages show."""
    texts = groups()
    for number, (path, old, new) in enumerate(PLACES):
        put(project, str(path), old, new.format(a=json.dumps(texts[number % len(texts)], ensure_ascii=False)))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    for text in texts:
        git(project, "commit", "-q", "--allow-empty", "-m", text, name=text[:60])
    return project


def _console(page: Any) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


# Every policy violation of a document, as its own event, from a script Playwright runs before the
# page's own (outside the page's policy): a second witness beside Chromium's console message.
WITNESS = (
    "document.addEventListener('securitypolicyviolation', e =>"
    " (window.__jejakViolations = window.__jejakViolations || []).push('Content Security Policy: '"
    " + e.violatedDirective + ' ' + e.blockedURI))"
)
JAVASCRIPT_LINKS = """() => [...document.querySelectorAll('article a, body > a')].map((a, i) => [a, i])
    .filter(([a]) => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript')
        && a.getClientRects().length > 0)
    .map(([, i]) => i)"""


def visit_all(browser: Any, site: Path, paths: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Open every page and click each visible javascript: link on it; (the dialogs any script
    opened, the policy violations per page). The violations of a page are read back from it once
    its links are clicked: that round trip also brings every console message it sent before."""
    dialogs: list[str] = []
    violations: dict[str, list[str]] = {}
    context = browser.new_context()
    context.add_init_script(WITNESS)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    messages = _console(page)
    try:
        with serve_folder(site) as url:
            for path in paths:
                messages.clear()
                page.goto(url + path, wait_until="load")
                links = page.locator("article a, body > a")
                for number in page.evaluate(JAVASCRIPT_LINKS):  # a javascript: link would run
                    links.nth(number).click()
                seen = page.evaluate("window.__jejakViolations || []")
                found = [m for m in messages if "Content Security Policy" in m] + seen
                if found:
                    violations[path] = found
    finally:
        context.close()
    return dialogs, violations


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "ubah" not in p.parts)


# --- the policy is on every page ------------------------------------------------------------


def test_every_page_and_letter_carries_the_policy_and_no_inline_script(sample_site: Path):
    pages = _pages(sample_site)
    assert len(pages) > 40 and "404.html" in pages
    for path in pages:
        html = (sample_site / path).read_text(encoding="utf-8")
        assert policy.inline_scripts(html) == [], path
        head = html[: html.index("</head>")]
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert len(policies) == 1, path
        if "/dokumen/" in path:  # a letter: no script at all, its own print style by hash
            assert "script-src 'none'" in policies[0] and "'unsafe-inline'" not in policies[0]
            assert "style-src 'self'" in policies[0]  # the shared print sheet (document_styles.py)
            styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
            assert all(f"'sha256-{policy._sha256(s)}'" in policies[0] for s in styles)
            sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', head)
            assert styles or sheets, path
            assert all((sample_site / path).parent.joinpath(s).resolve().is_file() for s in sheets), path
        else:
            assert policies[0] == policy.PORTAL, path
        assert head.index("Content-Security-Policy") < head.find("<script") or "<script" not in head
    # The editor (ubah/) lives on an origin of its own with its own, stricter-where-it-matters policy
    # (editor.py content_policy): exactly one, no inline script, no eval, and never the portal's.
    editors = sorted((sample_site / "ubah").rglob("*.html"))
    assert editors
    for page in editors:
        html = page.read_text(encoding="utf-8")
        assert policy.inline_scripts(html) == [], page
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert len(policies) == 1 and policies[0] != policy.PORTAL, page
        rules = dict(rule.strip().split(" ", 1) for rule in html_text.unescape(policies[0]).split(";"))
        assert rules["script-src"] == "'self'" and "'unsafe-eval'" not in str(rules), page
        assert rules["object-src"] == "'none'" and rules["default-src"] == "'self'", page


@pytest.mark.browser
def test_the_portal_works_under_its_policy(sample_site: Path, browser):
    """Material runs with its scripts from files: no violation on any page, search answers."""
    dialogs, violations = visit_all(browser, sample_site, _pages(sample_site))
    assert dialogs == [] and violations == {}
    with serve_folder(sample_site) as url:
        page = browser.new_page()
        messages = _console(page)
        page.goto(url, wait_until="load")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Siti", delay=10)
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        page.close()
    assert [m for m in messages if "Content Security Policy" in m] == []


# --- values: records, commit subjects, a careless template ----------------------------------


@pytest.mark.browser
def test_no_payload_in_a_record_or_a_commit_subject_runs_or_even_reaches_the_page(attacked: Path, browser):
    site = build_site(attacked, attacked / "site", pdf=False, now=NOW).site_dir
    audit = (site / "audit" / "index.html").read_text(encoding="utf-8")
    assert "alert(1)" in audit  # the subjects are there, as text
    dialogs, violations = visit_all(browser, site, _pages(site))
    assert dialogs == []
    assert violations == {}  # escaped: no element of a payload was even attempted


@pytest.mark.browser
def test_a_template_printing_a_value_unescaped_still_runs_nothing(project: Path, browser):
    """A repository's own template with `| safe` (templates are code, but written by the office):
    the handlers and javascript: links reach the page, and the policy blocks every one."""
    put(
        project,
        "site_templates/portal/event.md.j2",
        "<tr><th>{{ label }}</th><td>{{ value }}</td></tr>",
        "<tr><th>{{ label }}</th><td>{{ value | safe }}</td></tr>",
    )
    put(
        project,
        "records/2024/2024-menjahit-1.yaml",
        "tempat: Workshop Garmen UPTD Balai Latihan Kerja Kota Pagar Alam",
        'tempat: "<img src=x onerror=alert(2)> <a href=\\"javascript:alert(5)\\">tautan</a> '
        '<svg><a href=\\"javascript:alert(4)\\"><text y=\\"9\\">t</text></a></svg>"',
    )
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    page = "kegiatan/2024-menjahit-1/index.html"
    assert "onerror=alert(2)" in (site / page).read_text(encoding="utf-8")  # unescaped, as the template said
    dialogs, violations = visit_all(browser, site, [page])
    assert dialogs == []
    assert violations[page]  # blocked by the policy, and Chromium says so


def test_a_template_adding_an_inline_script_is_refused_at_build_time(project: Path):
    put(
        project,
        "site_templates/portal/event.md.j2",
        "# {{ heading }}\n",
        "# {{ heading }}\n\n<script>hitung()</script>\n",
    )
    with pytest.raises(BuildError) as refused:
        build_site(project, project / "site", pdf=False, now=NOW)
    message = str(refused.value)
    assert "kegiatan/2024-menjahit-1.md: templat menyisipkan skrip langsung di halaman" in message
    assert "pindahkan skripnya ke berkas .js" in message
    assert not (project / "site").exists()


# --- guides: raw HTML and links that run are refused, with file and line -------------------

GUIDE = "docs/panduan/memulai.md"
REFUSED = {
    "script block": ("<script>alert(1)</script>", "HTML mentah tidak diizinkan di panduan: <script>"),
    "inline handler": ("Teks <img src=x onerror=alert(2)> teks.", "HTML mentah tidak diizinkan di panduan: <img"),
    "svg": ("<svg onload=alert(4)><circle r=9 /></svg>", "HTML mentah tidak diizinkan di panduan: <svg"),
    "raw javascript link": ('Buka <a href="javascript:alert(5)">ini</a>.', "HTML mentah tidak diizinkan"),
    "iframe of the editor": ('<iframe src="../../ubah/"></iframe>', "HTML mentah tidak diizinkan di panduan: <iframe"),
    "style": ("<style>body { display: none }</style>", "HTML mentah tidak diizinkan di panduan: <style>"),
    "allowed tag with a handler": ('Tekan <kbd onclick="alert(6)">Ctrl</kbd>.', "HTML mentah tidak diizinkan"),
    "markdown javascript link": ("[klik](javascript:alert(3))", "tautan 'javascript:alert(3)' tidak diizinkan"),
    "mixed case and spaces": ("[klik](JaVa\tScRiPt:alert(3))", "tidak diizinkan di panduan"),
    "entity-encoded scheme": ("[klik](&#106;avascript:alert(3))", "tautan 'javascript:alert(3)' tidak diizinkan"),
    "data url": ("[klik](data:text/html,<b>x</b>)", "tidak diizinkan di panduan"),
    "markdown image": ("![x](javascript:alert(11))", "tautan 'javascript:alert(11)' tidak diizinkan"),
    "attribute list on a paragraph": ('Paragraf.\n{: onclick="alert(6)" }', "atribut 'onclick' pada <p>"),
    "attribute list on a link": ('[a](perintah.md){: onmouseover="alert(6)" }', "atribut 'onmouseover' pada <a>"),
    "attribute list with a style": ('Teks.\n{: style="position:fixed" }', "atribut 'style' pada <p>"),
}


def _guide_with(project: Path, text: str) -> int:
    """The guide with `text` as a paragraph of its own; returns the line it starts on."""
    path = project / GUIDE
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[6:6] = ["", *text.split("\n"), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return 8


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_guide_with_html_or_a_link_that_runs_is_refused_naming_file_and_line(project: Path, name: str):
    text, expected = REFUSED[name]
    line = _guide_with(project, text)
    with pytest.raises(BuildError) as refused:
        build_site(project, project / "site", pdf=False, now=NOW)
    message = str(refused.value)
    assert message.startswith("panduan (docs/) memuat HTML atau tautan yang dapat menjalankan kode:")
    assert f"{GUIDE}:{line}:1: galat: " in message or f"{GUIDE}:{line + 1}:1: galat: " in message, message
    assert expected in message, message
    assert "saran: " in message
    assert not (project / "site").exists()


def test_harmless_html_and_code_about_html_are_published(project: Path):
    _guide_with(
        project,
        "Tekan <kbd>Ctrl</kbd>+<kbd>S</kbd>, baris<br>baru, H<sub>2</sub>O &nbsp; <!-- catatan penulis -->\n"
        "Kode `<script>alert(1)</script>` ditampilkan apa adanya, juga <https://kantor.example/> dan "
        "[perintah](perintah.md) dan [surel](mailto:blk@pagaralam.example).\n{: #catatan .penting }\n\n"
        "    <iframe src=x></iframe>",
    )
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    html = (site / "panduan" / "memulai" / "index.html").read_text(encoding="utf-8")
    assert "<kbd>Ctrl</kbd>" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'id="catatan"' in html and "&lt;iframe src=x&gt;&lt;/iframe&gt;" in html


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bantuan.html", "<script>alert(1)</script>", "jenis .html dapat menjalankan kode"),
        ("assets/tambahan.js", "alert(1)", "jenis .js dapat menjalankan kode"),
        ("assets/data.xml", "<x/>", "jenis .xml dapat menjalankan kode"),
        ("assets/gambar.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    ],
)
def test_a_file_beside_the_guides_that_could_run_is_refused(project: Path, name: str, content: str, expected: str):
    (project / "docs" / name).write_text(content, encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        build_site(project, project / "site", pdf=False, now=NOW)
    assert f"docs/{name}:1:1: galat: " in str(refused.value) and expected in str(refused.value)


def test_a_clean_svg_beside_the_guides_is_published_as_its_checked_parse(project: Path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><!-- x --><rect width="5" height="5"/></svg>'
    (project / "docs" / "assets" / "kotak.svg").write_text(svg, encoding="utf-8")
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    published = (site / "assets" / "kotak.svg").read_text(encoding="utf-8")
    assert "<rect" in published and "<!--" not in published
