"""Word files of the printable documents, for SRIKANDI: the HTML's sections poured into a
Word template.

A template is any .docx holding marker paragraphs `{{kop}}`, `{{kepala}}`, `{{isi}}`, `{{ttd}}`,
`{{tembusan}}` and `{{lampiran}}`; each is replaced by that section of the document (the HTML
marks them with `data-docx`). Everything else in the template stays as it is, SRIKANDI's
`${…}` parameters included; a section the template has no marker for is left to the template.
Jejak's own template (used when the office names none in `naskah.templat_docx`) has every
marker and nothing else. Number, date and signature become SRIKANDI's parameters
(`data-srikandi` in the HTML); the konsep marks are never copied.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.documents.cache import cached, content_key, store, usable_cache, write_atomic
from generator.documents.workers import run_all

SECTIONS = ("kop", "kepala", "isi", "ttd", "tembusan", "lampiran")
BLOCKS = {"div", "p", "table", "ol", "ul", "section", "h1", "h2", "h3"}
PAGE_SIZE = re.compile(r"size:\s*([\d.]+)mm\s+([\d.]+)mm")
MARGINS_MM = (20, 20, 25, 30)  # top, right, bottom, left: Tata Naskah Dinas
FIXED_TIME = datetime(2000, 1, 1)  # core properties of every file Jejak writes: no build time
SUFFIX, ZIP_START = ".docx", b"PK\x03\x04"
Template = tuple[str, bytes]  # the name the office gave, and the file's bytes
CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # part of every cache key


def html_to_docx(html: str, root: Path) -> bytes:
    """The Word file of one document page; ValueError (Indonesian) when the template is unusable."""
    page = _parse(html)
    return _docx(page, _template_file(page, root))


def _parse(html: str) -> Any:
    from lxml import html as lxml_html

    return lxml_html.document_fromstring(html)


def _docx(page: Any, template: Template | None) -> bytes:
    document = _open_template(*template) if template is not None else _default_template(page)
    markers = _markers(document)
    if "isi" not in markers:
        raise ValueError("templat Word tidak memuat penanda {{isi}}; tambahkan paragraf berisi {{isi}} saja")
    sections = _sections(page)
    for name, paragraph in markers.items():
        writer = _Writer(document, paragraph)
        if name == "lampiran" and sections.get(name):
            writer.page_break()
        for element in sections.get(name, ()):
            writer.block(element)
        paragraph._p.getparent().remove(paragraph._p)
    return _reproducible(document)


def _reproducible(document: Any) -> bytes:
    """The same document gives the same bytes: no save time in the properties or the zip entries
    (a rebuilt portal must be byte-identical, and the build time is no fact of the letter)."""
    import zipfile

    properties = document.core_properties
    properties.created = properties.modified = FIXED_TIME
    properties.last_printed = FIXED_TIME
    properties.revision = 1
    properties.author, properties.comments = "Jejak", ""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(fixed, source.read(item.filename))
    return out.getvalue()


def write_docx(
    pages: list[tuple[str, Path]], root: Path, cache_dir: Path | None = None, workers: int | None = None
) -> list[Path]:
    """Write each (html, target .docx), taking unchanged ones from the cache of rendered files and
    making the rest on every core; returns the files written."""
    cache_dir = usable_cache(cache_dir)
    todo = []
    for html, target in pages:
        target.parent.mkdir(parents=True, exist_ok=True)
        template = _template_file(_parse(html), root)
        key = _cache_key(html, template)
        data = cached(cache_dir, key, SUFFIX, ZIP_START) if cache_dir else None
        if data is None:
            todo.append((html, template, target, cache_dir, key))
        else:
            write_atomic(target, data)
    run_all(_write_one, todo, workers)
    return [target for _, target in pages]


def _write_one(html: str, template: Template | None, target: Path, cache_dir: Path | None, key: str) -> None:
    data = _docx(_parse(html), template)
    write_atomic(target, data)
    if cache_dir is not None:
        store(cache_dir, key, SUFFIX, data)


def _cache_key(html: str, template: Template | None) -> str:
    """Everything a Word file is made from: the HTML, the office's template, python-docx and
    this module's own code (a changed converter never serves an old file)."""
    import docx

    template_hash = hashlib.sha256(template[1]).hexdigest() if template is not None else "bawaan"
    return content_key("docx", docx.__version__, CODE_HASH, template_hash, html)


# --- template --------------------------------------------------------------------------


def _template_file(page: Any, root: Path) -> Template | None:
    """The office's own Word template named by the page (its name and bytes), or None for Jejak's own."""
    named = _meta(page, "jejak-templat-docx")
    if not named:
        return None
    path = (root / named).resolve()
    if not path.is_relative_to(root.resolve()) or path.suffix.lower() != ".docx":
        raise ValueError(f"templat Word '{named}' harus berkas .docx di dalam folder repositori")
    try:
        return named, path.read_bytes()
    except OSError as exc:
        raise ValueError(f"templat Word '{named}' tidak dapat dibuka: {exc.strerror or exc}") from None


def _open_template(named: str, data: bytes) -> Any:
    from docx import Document

    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise ValueError(f"templat Word '{named}' tidak dapat dibuka: {exc}") from None


def _default_template(page: Any) -> Any:
    """Jejak's own template: the paper of the HTML, Arial 12, and every marker."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(12)
    style.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    found = PAGE_SIZE.search(" ".join(page.xpath("//style/text()")))
    width, height = (float(found.group(1)), float(found.group(2))) if found else (215.0, 330.0)
    section.page_width, section.page_height = Mm(width), Mm(height)
    top, right, bottom, left = MARGINS_MM
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
        Mm(top),
        Mm(right),
        Mm(bottom),
        Mm(left),
    )
    for name in SECTIONS:
        document.add_paragraph("{{" + name + "}}")
    return document


def _markers(document: Any) -> dict[str, Any]:
    found = {}
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if text.startswith("{{") and text.endswith("}}") and text[2:-2].strip() in SECTIONS:
            found[text[2:-2].strip()] = paragraph
    return found


def _meta(page: Any, name: str) -> str:
    values = page.xpath(f"//meta[@name='{name}']/@content")
    return str(values[0]).strip() if values else ""


def _sections(page: Any) -> dict[str, list[Any]]:
    """The body's top-level elements by section; unmarked ones belong to `isi`."""
    sections: dict[str, list[Any]] = {}
    for element in page.body.iterchildren():
        if not isinstance(element.tag, str):
            continue
        name = element.get("data-docx") or "isi"
        if name.startswith("-"):
            continue
        sections.setdefault(name, []).append(element)
    return sections


# --- HTML to Word ----------------------------------------------------------------------


class _Writer:
    """Writes blocks just before the marker paragraph they replace."""

    def __init__(self, document: Any, marker: Any):
        self.document, self.marker = document, marker

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.marker.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)

    def block(self, element: Any) -> None:
        if _skipped(element):
            return
        tag = element.tag
        if tag == "table" and "kop" in _classes(element):
            self._kop(element)
        elif tag == "table":
            self._table(element)
        elif tag in ("ol", "ul"):
            for label, item in _items(element):
                self.paragraph(item, prefix=label, indent=True)
        elif any(isinstance(c.tag, str) and c.tag in BLOCKS for c in element.iterchildren()):
            self._mixed(element)
        else:
            self.paragraph(element)

    def _mixed(self, element: Any) -> None:
        """A block holding blocks: loose text between them becomes its own paragraph."""
        if (element.text or "").strip():
            self.marker.insert_paragraph_before(element.text.strip())
        for child in element.iterchildren():
            if isinstance(child.tag, str) and child.tag in BLOCKS:
                self.block(child)
            elif isinstance(child.tag, str):
                self.paragraph(child)
            if (child.tail or "").strip():
                self.marker.insert_paragraph_before(child.tail.strip())

    def paragraph(self, element: Any, *, prefix: str = "", indent: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        paragraph = self.marker.insert_paragraph_before()
        if prefix:
            paragraph.add_run(prefix + " ")
        _inline(paragraph, element, bold=_bold(element))
        classes = _classes(element) | _classes(element.getparent())
        if classes & {"judul", "tengah"}:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif classes & {"kanan", "tanggal-surat"}:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if _inside(element, "ttd") and not _inside(element, "ttd-kiri") and not _inside(element, "dua-ttd"):
            paragraph.paragraph_format.left_indent = Cm(8.5)
        if indent:
            paragraph.paragraph_format.left_indent = Cm(0.6)

    def _kop(self, element: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        for line in element.xpath(".//td[contains(@class, 'baris')]/div"):
            paragraph = self.marker.insert_paragraph_before()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            contact = "kontak" in _classes(line)
            for i, text in enumerate(line.text_content().strip().split("\n")):
                run = paragraph.add_run(("\n" if i else "") + text)
                run.bold = not contact and "pertama" not in _classes(line)
                run.font.size = Pt(9 if contact else 12)

    def _table(self, element: Any) -> None:
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")  # not a nested table's rows
        width = max((sum(int(c.get("colspan", 1)) for c in _cells(r)) for r in rows), default=1)
        table = self.document.add_table(rows=0, cols=width)
        if "tabel" in _classes(element) or "paraf" in _classes(element):
            table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            column = 0
            for cell in _cells(row):
                span = int(cell.get("colspan", 1))
                target = cells[column].merge(cells[column + span - 1]) if span > 1 else cells[column]
                _inline(target.paragraphs[0], cell, bold=cell.tag == "th" or "tebal" in _classes(cell))
                column += span
        self.marker._p.addprevious(table._tbl)


def _cells(row: Any) -> list[Any]:
    return [c for c in row.iterchildren() if c.tag in ("td", "th")]


def _items(element: Any) -> Iterator[tuple[str, Any]]:
    """List items with the label the print shows (a./b. or 1./2.)."""
    letters = "huruf" in _classes(element)
    for i, item in enumerate((c for c in element.iterchildren() if c.tag == "li"), 1):
        yield (f"{chr(ord('a') + i - 1)}." if letters else f"{i}."), item


def _inline(paragraph: Any, element: Any, *, bold: bool = False) -> None:
    """The element's text as runs: a SRIKANDI parameter as `${name}`, <br> and nested blocks as line breaks."""
    for text, strong in _runs(element):
        run = paragraph.add_run(text)
        run.bold = bold or strong


def _runs(element: Any, strong: bool = False) -> Iterator[tuple[str, bool]]:
    parameter = element.get("data-srikandi")
    if parameter:
        yield "${" + parameter + "}", strong
        return
    strong = strong or element.tag in ("strong", "b", "th") or "nama" in _classes(element)
    if element.text:
        yield _squash(element.text), strong
    first = True
    for child in element.iterchildren():
        if not isinstance(child.tag, str) or _skipped(child):
            pass
        elif child.tag == "br":
            yield "\n", strong
        else:
            if child.tag in BLOCKS and not (first and not (element.text or "").strip()):
                yield "\n", strong
            yield from _runs(child, strong)
            first = False
        if child.tail:
            yield _squash(child.tail), strong


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _text(element: Any) -> str:
    return "".join(text for text, _ in _runs(element)).strip()


def _skipped(element: Any) -> bool:
    return (element.get("data-docx") or "").startswith("-") or element.tag in ("img", "style", "script")


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _inside(element: Any, css_class: str) -> bool:
    return any(css_class in _classes(e) for e in element.iterancestors()) or css_class in _classes(element)


def _bold(element: Any) -> bool:
    return element.tag in ("h1", "h2", "h3", "th") or _inside(element, "judul")
