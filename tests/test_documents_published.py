"""The portal's copy of a document links the office logo as one shared file (issue 22: smaller
site); the rendered page, its PDF and Word file and `jejak dokumen` keep it inline."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from conftest import NOW

from generator.documents.published import FOLDER, compact, lift_logo, office_logo
from generator.documents.render import render_ready
from generator.records.images import published_bytes
from generator.records.workspace import load_workspace

PAGE = "kegiatan/2024-menjahit-1/dokumen/undangan.html"


def test_the_logo_becomes_one_shared_file_named_by_its_content(project: Path) -> None:
    ws = load_workspace(project, now=NOW)
    logo = office_logo(project, ws.office.letterhead.logo)
    assert logo is not None
    checked = published_bytes(project / ws.office.letterhead.logo, "SVG")
    assert logo.data == checked  # the same checked parse the pages inline, not the file as written
    assert logo.path == f"{FOLDER}/{hashlib.sha256(checked).hexdigest()[:20]}.svg"
    pages = [html for event in ws.events for _, html in render_ready(ws, event)]
    assert pages and all(logo.uri in html for html in pages)  # every rendered page inlines it
    for html in pages:
        published, linked = lift_logo(html, PAGE, logo)
        assert linked and "data:image" not in published
        assert f'src="../../../{logo.path}"' in published
        assert published.replace(f"../../../{logo.path}", logo.uri) == html  # nothing else changed


def test_only_the_checked_logo_is_lifted(project: Path) -> None:
    """Another data: image (a template's own, unchecked) stays in the page: as a file of the
    site an SVG could run a script when opened; inside <img> it never does."""
    ws = load_workspace(project, now=NOW)
    logo = office_logo(project, ws.office.letterhead.logo)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    other = f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}">'
    assert lift_logo(other, PAGE, logo) == (other, False)
    assert lift_logo(other, PAGE, None) == (other, False)


def test_no_logo_no_file(project: Path) -> None:
    assert office_logo(project, None) is None
    assert office_logo(project, "schema/aset/tidak-ada.svg") is None


TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr"}


def _tree(html: str) -> bytes:
    """The page as a browser builds it (HTML's parsing rules: WeasyPrint's parser), less the
    whitespace between a table's rows and cells, which no browser draws."""
    import xml.etree.ElementTree as ET

    import tinyhtml5

    root = tinyhtml5.parse(html, namespace_html_elements=False)
    for element in root.iter():
        if element.tag in TABLE_PARTS:
            if element.text is not None and not element.text.strip():
                element.text = None
            for child in element:
                if child.tail is not None and not child.tail.strip():
                    child.tail = None
    return ET.tostring(root)


def test_the_compact_page_is_the_same_page_for_a_browser(project: Path) -> None:
    ws = load_workspace(project, now=NOW)
    before = after = 0
    for event in ws.events:
        for _, html in render_ready(ws, event):
            small = compact(html)
            assert _tree(small) == _tree(html)
            before, after = before + len(html), after + len(small)
    assert after < before - 400 * 40  # about half a kilobyte less per page


def test_compact_leaves_cell_text_and_other_end_tags_alone() -> None:
    page = "<table><tr><td> a </td>\n<td>b</td></tr>\n</table><p>x</p>\n<div>y</div>"
    assert compact(page) == "<table><tr><td> a <td>b</table><p>x</p>\n<div>y</div>"
