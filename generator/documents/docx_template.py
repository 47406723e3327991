"""A Word file poured into the office's own template (SRIKANDI's download): Jejak's sections
replace the marker paragraphs `{{isi}}`, `{{ttd}}` …; everything else of the template stays,
its `${…}` parameters included. The template is checked first (records/word_templates: nothing
active passes), and what is copied is rebuilt: Jejak's own document properties, no custom
properties, no revision ids or document variables, no link to an attached template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.documents.docx_body import Converter, Flow
from generator.documents.docx_css import Sheet
from generator.documents.docx_package import (
    COMPAT,
    NAMESPACES,
    OWN_TYPES,
    PACKAGE_RELS,
    RELS,
    Images,
    Page,
    core_properties,
    write_zip,
)
from generator.documents.docx_table import laid_out
from generator.documents.docx_text import BREAK, Guard, escape

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SECTIONS = ("kop", "kepala", "isi", "ttd", "tembusan", "lampiran")
OWN_PARTS = ("_rels/.rels", "docProps/core.xml")


def fill_template(
    template: tuple[str, bytes], sections: dict[str, list[Any]], css: Sheet, title: str, cache: Path | None = None
) -> bytes:
    from lxml import etree

    from generator.records.word_templates import usable_template

    named, data = template
    parts = dict(usable_template(named, data))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    document = etree.fromstring(parts["word/document.xml"], parser)
    markers = _markers(document)
    if "isi" not in markers:
        raise ValueError("templat Word tidak memuat penanda {{isi}}; tambahkan paragraf berisi {{isi}} saja")
    page, images = _page(document), Images(cache)
    for name, marker in markers.items():
        _replace(marker, sections.get(name, []), css, images, _width_at(marker, page))
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/_rels/document.xml.rels"] = _with_images(parts.get("word/_rels/document.xml.rels"), images, parser)
    if "word/settings.xml" in parts:
        parts["word/settings.xml"] = _clean_settings(parts["word/settings.xml"], parser)
    parts.pop("word/_rels/settings.xml.rels", None)
    parts["[Content_Types].xml"] = _content_types(parts["[Content_Types].xml"], parser)
    parts["_rels/.rels"] = PACKAGE_RELS.encode()
    parts["docProps/core.xml"] = core_properties(title).encode("utf-8")
    for name, content in images.parts():
        parts[name] = content
    for name in [n for n in parts if n.endswith(".rels") and n != "_rels/.rels"]:
        parts[name] = _without_dangling(name, parts[name], parts, parser)
    order = ["[Content_Types].xml", *OWN_PARTS, *(n for n in parts if n not in ("[Content_Types].xml", *OWN_PARTS))]
    return write_zip([(name, parts[name]) for name in order])


def _markers(document: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for paragraph in document.iter(f"{W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip()
        if text.startswith("{{") and text.endswith("}}") and text[2:-2].strip() in SECTIONS:
            found.setdefault(text[2:-2].strip(), paragraph)
    return found


def _replace(marker: Any, elements: list[Any], css: Sheet, images: Images, width: float) -> None:
    from lxml import etree

    flow, guard = Flow(), Guard()
    Converter(css, images, guard).convert(elements, flow)
    xml = _in_arial("".join(laid_out(flow.blocks, width)))
    if guard.end():  # the section ended on a dollar sign and the template's own text follows
        xml += f'<w:p><w:r><w:t xml:space="preserve">{escape(BREAK)}</w:t></w:r></w:p>'
    fragment = etree.fromstring(f"<w:body {NAMESPACES}>{xml}</w:body>")
    for child in list(fragment):
        marker.addprevious(child)
    marker.getparent().remove(marker)


FONT = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'


def _in_arial(xml: str) -> str:
    """Jejak's runs in Arial, as the print (the layout was measured in it), whatever the
    template's own default font; the template's own text keeps its font."""
    xml = xml.replace("<w:r><w:rPr>", "\x00")  # text never holds U+0000 (docx_text.escape drops it)
    xml = xml.replace("<w:r>", f"<w:r><w:rPr>{FONT}</w:rPr>")
    return xml.replace("\x00", f"<w:r><w:rPr>{FONT}")


def _page(document: Any) -> Page:
    """The template's own paper and margins (its last section), in points."""
    sections = list(document.iter(f"{W}sectPr"))
    size = sections[-1].find(f"{W}pgSz") if sections else None
    margins = sections[-1].find(f"{W}pgMar") if sections else None

    def twips(element: Any, name: str, default: float) -> float:
        try:
            return int(element.get(f"{W}{name}")) / 20 if element is not None else default
        except (TypeError, ValueError):
            return default

    return Page(
        twips(size, "w", 609.4),
        twips(size, "h", 935.4),
        tuple(
            twips(margins, side, d) for side, d in (("top", 56.7), ("right", 56.7), ("bottom", 70.9), ("left", 85.0))
        ),  # type: ignore[arg-type]
    )


def _width_at(marker: Any, page: Page) -> float:
    """The width a section has where its marker stands: the page's text, or a table cell's."""
    for ancestor in marker.iterancestors(f"{W}tc"):
        width = ancestor.find(f"{W}tcPr/{W}tcW")
        if width is not None and width.get(f"{W}type") == "dxa" and (width.get(f"{W}w") or "").isdigit():
            return max(int(width.get(f"{W}w")) / 20 - 10.8, 36.0)
        break
    return page.text_width


def _with_images(rels: bytes | None, images: Images, parser: Any) -> bytes:
    from lxml import etree

    root = etree.fromstring(rels, parser) if rels else etree.Element(f"{{{RELS}}}Relationships")
    taken = {item.get("Id") for item in root}
    for rel_id, kind, target in images.relationships():
        if rel_id in taken:
            raise ValueError(f"templat Word sudah memakai Id hubungan '{rel_id}' yang dipakai Jejak untuk gambar")
        etree.SubElement(
            root,
            f"{{{RELS}}}Relationship",
            Id=rel_id,
            Type=f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}",
            Target=target,
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clean_settings(settings: bytes, parser: Any) -> bytes:
    """No revision ids, document variables or attached template; lines ended by a line break
    are not stretched in justified text (as in the print)."""
    from lxml import etree

    root = etree.fromstring(settings, parser)
    for name in ("rsids", "docVars", "attachedTemplate", "mailMerge", "documentProtection"):
        for element in root.findall(f"{W}{name}"):
            root.remove(element)
    compat = root.find(f"{W}compat")
    if compat is None:
        compat = etree.SubElement(root, f"{W}compat")
    if compat.find(f"{W}doNotExpandShiftReturn") is None:
        compat.insert(0, etree.fromstring(f"<w:x {NAMESPACES}>{COMPAT}</w:x>")[0])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_types(types: bytes, parser: Any) -> bytes:
    """The template's content types, less the parts dropped, plus Jejak's properties and pictures."""
    from lxml import etree

    root = etree.fromstring(types, parser)
    for item in list(root):
        part = item.get("PartName") or ""
        if part.startswith(("/docProps/", "/customXml/", "/word/glossary/")) or part == "/word/people.xml":
            root.remove(item)
    defaults = {(item.get("Extension") or "").lower() for item in root if item.tag == f"{CT}Default"}
    for extension, kind in (("png", "image/png"), ("svg", "image/svg+xml")):
        if extension not in defaults:
            etree.SubElement(root, f"{CT}Default", Extension=extension, ContentType=kind)
    core = "/docProps/core.xml"
    etree.SubElement(root, f"{CT}Override", PartName=core, ContentType=OWN_TYPES[core])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_dangling(name: str, rels: bytes, parts: dict[str, bytes], parser: Any) -> bytes:
    """Relationships to parts not copied (custom XML, glossary, properties) are left out."""
    import posixpath

    from lxml import etree

    root = etree.fromstring(rels, parser)
    folder = posixpath.dirname(posixpath.dirname(name))
    for item in list(root):
        target = item.get("Target") or ""
        path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if path not in parts:
            root.remove(item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
