"""Word files of the printable documents, for SRIKANDI: the same HTML that prints the PDF,
written as WordprocessingML with the layout its CSS gives it (docx_body), in a package of
Jejak's own (docx_package) or poured into the office's own template (docx_template).

A template is any .docx holding marker paragraphs `{{kop}}`, `{{kepala}}`, `{{isi}}`, `{{ttd}}`,
`{{tembusan}}` and `{{lampiran}}`; each is replaced by that section of the document (the HTML
marks them with `data-docx`). Everything else in the template stays as it is, SRIKANDI's
`${…}` parameters included; a section the template has no marker for is left to the template.
Without a template (`naskah.templat_docx`), the whole page is written in order. Number, date
and signature become SRIKANDI's parameters (`data-srikandi` in the HTML, nowhere else: see
docx_text.Guard); the konsep marks are never copied.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Any

from generator.documents.cache import cached, content_key, store, usable_cache, write_atomic
from generator.documents.docx_body import Converter, Flow
from generator.documents.docx_css import sheet, to_pt
from generator.documents.docx_package import Images, Page, drawing_versions, own_package
from generator.documents.docx_table import laid_out
from generator.documents.docx_text import Guard
from generator.documents.workers import run_all

SECTIONS = ("kop", "kepala", "isi", "ttd", "tembusan", "lampiran")
DEFAULT_PAGE = Page(215 * 72 / 25.4, 330 * 72 / 25.4, (20 * 72 / 25.4, 20 * 72 / 25.4, 25 * 72 / 25.4, 30 * 72 / 25.4))
SUFFIX, ZIP_START = ".docx", b"PK\x03\x04"
Template = tuple[str, bytes]  # the name the office gave, and the file's bytes
TEMPLATE_META = re.compile(r'<meta name="jejak-templat-docx" content="([^"]*)"')
CODE_HASH = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("docx*.py")))
).hexdigest()  # part of every cache key: a changed writer never serves an old file


def html_to_docx(html: str, root: Path) -> bytes:
    """The Word file of one document page; ValueError (Indonesian) when the template is unusable."""
    return _docx(html, _template_file(html, root))


def _docx(html: str, template: Template | None, cache: Path | None = None) -> bytes:
    page = _parse(html)
    head = page.find("head")
    found = [e for e in head.iterchildren() if e.tag in ("style", "title")] if head is not None else []
    css = sheet("\n".join(e.text or "" for e in found if e.tag == "style"))
    title = "".join(e.text or "" for e in found if e.tag == "title").strip()
    if template is not None:
        from generator.documents.docx_template import fill_template

        return fill_template(template, _sections(page), css, title, cache)
    images, flow = Images(cache), Flow()
    Converter(css, images, Guard()).convert(_visible(page.find("body")), flow)
    size = _page(css.page)
    body = "".join(laid_out(flow.blocks, size.text_width))
    return own_package(body, size, images, title)


def _parse(html: str) -> Any:
    """The page as plain lxml elements (lxml.html's element classes cost a lookup per element)."""
    from lxml import etree

    root = etree.fromstring(html, _html_parser())
    if root is None or root.find("body") is None:
        raise ValueError("halaman dokumen tidak memuat <body>")
    return root


@lru_cache(maxsize=1)
def _html_parser() -> Any:
    from lxml import etree

    return etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def _visible(body: Any) -> list[Any]:
    return [e for e in body.iterchildren() if isinstance(e.tag, str) and not (e.get("data-docx") or "").startswith("-")]


def _sections(page: Any) -> dict[str, list[Any]]:
    """The body's top-level elements by section; unmarked ones belong to `isi`."""
    sections: dict[str, list[Any]] = {}
    for element in _visible(page.find("body")):
        sections.setdefault(element.get("data-docx") or "isi", []).append(element)
    return sections


def _page(rule: dict[str, str]) -> Page:
    """Paper and margins of the HTML's @page rule (F4 and Tata Naskah Dinas margins if absent)."""
    size = [to_pt(v, 12.0) for v in rule.get("size", "").split()]
    if len(size) != 2 or None in size:
        return DEFAULT_PAGE
    margins = tuple(to_pt(rule.get(f"margin-{side}", ""), 12.0) for side in ("top", "right", "bottom", "left"))
    if None in margins:
        margins = DEFAULT_PAGE.margins
    return Page(size[0], size[1], margins)  # type: ignore[arg-type]


def write_docx(
    pages: list[tuple[str, Path]], root: Path, cache_dir: Path | None = None, workers: int | None = None
) -> list[Path]:
    """Write each (html, target .docx), taking unchanged ones from the cache of rendered files and
    making the rest (on every core when there are many); returns the files written."""
    cache_dir = usable_cache(cache_dir)
    todo = []
    templates: dict[str, Template | None] = {}
    folders: set[Path] = set()
    for html, target in pages:
        if target.parent not in folders:  # an event's files share one
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        named = _template_name(html)
        if named not in templates:
            templates[named] = _template_file(html, root)
        template = templates[named]
        key = _cache_key(html, template)
        data = cached(cache_dir, key, SUFFIX, ZIP_START) if cache_dir else None
        if data is None:
            todo.append((html, template, target, cache_dir, key))
        else:
            write_atomic(target, data)
    run_all(_write_one, todo, workers, cheap=True)
    return [target for _, target in pages]


def _write_one(html: str, template: Template | None, target: Path, cache_dir: Path | None, key: str) -> None:
    data = _docx(html, template, cache_dir)
    write_atomic(target, data)
    if cache_dir is not None:
        store(cache_dir, key, SUFFIX, data)


def _cache_key(html: str, template: Template | None) -> str:
    """Everything a Word file is made from: the HTML, the office's template, this writer's code
    and the libraries that draw and pack the logo."""
    template_hash = hashlib.sha256(template[1]).hexdigest() if template is not None else "bawaan"
    return content_key("docx", CODE_HASH, drawing_versions(), template_hash, html)


# --- template --------------------------------------------------------------------------


def _template_name(html: str) -> str:
    found = TEMPLATE_META.search(html, 0, 4096)
    return unescape(found.group(1)).strip() if found else ""


def _template_file(html: str, root: Path) -> Template | None:
    """The office's own Word template named by the page (its name and bytes), or None for Jejak's own."""
    named = _template_name(html)
    if not named:
        return None
    from generator.records.word_templates import read_template

    return named, read_template(root, named)
