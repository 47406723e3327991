"""Generated pages' HTML blocks skip Python-Markdown (html_stash.stash_html) for speed: the portal
must come out exactly as Markdown would have made it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from conftest import NOW

import generator.portal.plugin as plugin
from generator.portal import html_stash
from generator.portal.site import build_site

EXTENSIONS = ["attr_list", "admonition", "tables", "toc"]
TOKEN = "jjhtmltestx"

CASES = {
    "tables and headings": '# Judul\n\n<table class="a">\n<tr><td>x</td></tr>\n</table>\n\n## Dua\n\n'
    '<p class="b">teks</p>\n\n<div class="c">\n<span>s</span>\n</div>\n',
    "a blank line inside a cell": "<table>\n<tr><td>catatan\n\nbaris kedua</td></tr>\n</table>\n\nsesudah\n",
    "nested divs": '<div class="luar">\n<div class="dalam">isi</div>\n</div>\n\nteks *miring*\n',
    "block at the end without newline": "teks\n\n<p>akhir</p>",
    "not after a blank line": "teks\n<table>\n<tr><td>x</td></tr>\n</table>\n\nlagi\n",
    "text right after the block": "<p>satu</p>\nlanjut **tebal**\n\nakhir\n",
    "markdown only": '- butir\n- **tebal**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n!!! note "Catatan"\n    isi\n',
    "pre is not p": "<pre>\nkode\n</pre>\n\n<p>ya</p>\n",
    "unclosed": "<div>\nterbuka\n\nteks\n",
}


def _through_stash(text: str) -> str:
    stashed, blocks = html_stash.stash_html(text, TOKEN)
    html = markdown.markdown(stashed, extensions=EXTENSIONS)
    for number, block in enumerate(blocks):
        html = html.replace(f"<p>{TOKEN}{number}</p>", block + "\n")
    return html.strip()


@pytest.mark.parametrize("name", list(CASES))
def test_stashing_gives_what_markdown_gives(name: str):
    text = CASES[name]
    assert _through_stash(text) == markdown.markdown(text, extensions=EXTENSIONS)


def test_only_whole_top_level_blocks_are_stashed():
    stashed, blocks = html_stash.stash_html(CASES["tables and headings"], TOKEN)
    assert blocks[0].startswith("<table") and blocks[0].endswith("</table>")
    assert [b.split(">")[0] for b in blocks] == ['<table class="a"', '<p class="b"', '<div class="c"']
    assert "# Judul" in stashed and "## Dua" in stashed
    assert html_stash.stash_html(CASES["not after a blank line"], TOKEN)[1] == []
    assert html_stash.stash_html(CASES["unclosed"], TOKEN)[1] == []


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_the_portal_is_the_same_as_with_markdown(project: Path, monkeypatch: pytest.MonkeyPatch):
    fast = _pages(build_site(project, project / "site-cepat", pdf=False, now=NOW).site_dir)
    monkeypatch.setattr(plugin, "stash_html", lambda text, token: (text, []))
    plain = _pages(build_site(project, project / "site-biasa", pdf=False, now=NOW).site_dir)
    assert fast.keys() == plain.keys()
    assert any("kegiatan/" in name for name in fast)
    different = [name for name in fast if fast[name] != plain[name]]
    assert different == []
