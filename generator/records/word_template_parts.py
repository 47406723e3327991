"""The parts of an office Word template, judged one by one (see word_templates): content
types, relationships, the XML itself (no DTD), active elements, fields and outside addresses,
names of people, and the pictures."""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from generator.records.word_templates import (
    ACTIVE_ELEMENTS,
    FIELDS,
    HINT_ACTIVE,
    MAIN_TYPES,
    MAX_PIXELS,
    OUTSIDE,
    RELATION_KINDS,
    URL_ATTRIBUTES,
    R,
    W,
)

Found = list[tuple[str, str]]
HINT_FIELD = (
    "tampilkan kode kolom di Word (Alt+F9) dan hapus kolom itu; yang boleh hanya PAGE, NUMPAGES, "
    "SECTIONPAGES dan SECTION"
)
HINT_OUTSIDE = "hapus tautan dan gambar atau teks yang diambil dari luar; templat harus lengkap di dalam berkasnya"
HINT_PEOPLE = "terima atau tolak semua perubahan terlacak dan hapus komentar (Tinjau), lalu simpan ulang"
STORY = re.compile(r"^word/(document|header\d+|footer\d+|footnotes|endnotes)\.xml$")
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF"}


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_parts(parts: dict[str, bytes]) -> Found:
    found: Found = []
    trees: dict[str, Any] = {}
    for name, data in parts.items():
        if not name.endswith((".xml", ".rels")):
            continue
        tree, problem = _parse(name, data)
        if problem:
            found.append(problem)
        else:
            trees[name] = tree
    if "word/document.xml" not in parts:
        found.append(("tidak memuat word/document.xml", "simpan ulang templat sebagai dokumen Word (.docx)"))
    found += _content_types(trees.get("[Content_Types].xml"))
    for name, tree in trees.items():
        if name.endswith(".rels"):
            found += _relationships(name, tree, parts)
        elif STORY.match(name) or name == "word/settings.xml":
            found += _story(name, tree)
    found += _pictures(parts)
    return found


def _parse(name: str, data: bytes) -> tuple[Any, tuple[str, str] | None]:
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        return None, (f"memuat deklarasi DTD/ENTITY di {name}", "simpan ulang templat dari Word")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        return None, (f"rusak: {name} bukan XML yang sah", "simpan ulang templat dari Word")
    return root, None


def _content_types(root: Any) -> Found:
    if root is None:
        return [("tidak memuat daftar jenis isi ([Content_Types].xml)", "simpan ulang templat dari Word")]
    found: Found = []
    main = None
    for item in root:
        kind = (item.get("ContentType") or "").strip()
        if item.get("PartName") == "/word/document.xml":
            main = kind
        lowered = kind.lower()
        if any(word in lowered for word in ("macroenabled", "vba", "activex", "oleobject", "binary")):
            found.append((f"memuat jenis isi aktif ({kind})", HINT_ACTIVE))
    if main is not None and main not in MAIN_TYPES:
        found.append(
            (
                f"bukan dokumen Word biasa (jenis isi {main})",
                "simpan sebagai 'Dokumen Word (*.docx)', bukan .docm/.dotm",
            )
        )
    return found


def _relationships(name: str, root: Any, parts: dict[str, bytes]) -> Found:
    found: Found = []
    folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/document.xml.rels -> word
    for item in root:
        kind = (item.get("Type") or "").rsplit("/relationships/", 1)[-1]
        target = item.get("Target") or ""
        if (item.get("TargetMode") or "").lower() == "external" or OUTSIDE.match(target):
            found.append((f"memuat tautan ke luar ({_short(target)})", HINT_OUTSIDE))
        elif kind not in RELATION_KINDS:
            found.append((f"memuat hubungan '{kind.rsplit('/', 1)[-1]}' yang tidak diizinkan", HINT_ACTIVE))
        elif kind == "image":
            path = posixpath.normpath(posixpath.join(folder, target)) if not target.startswith("/") else target[1:]
            if path not in parts:
                found.append((f"menunjuk gambar yang tidak ada di dalamnya ({_short(target)})", HINT_ACTIVE))
    return found


def _story(name: str, root: Any) -> Found:
    """Text parts (and the settings): active elements, fields, outside addresses, people."""
    found: Found = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag.rsplit("}", 1)[-1]
        if local in ACTIVE_ELEMENTS:
            found.append((f"memuat {ACTIVE_ELEMENTS[local]}", HINT_ACTIVE))
        for attribute, value in element.attrib.items():
            key = attribute.rsplit("}", 1)[-1]
            if attribute == f"{R}link":
                found.append(("memuat gambar tertaut ke berkas di luar templat", HINT_OUTSIDE))
            elif key in ("author", "initials"):
                found.append((f"memuat perubahan terlacak atau komentar atas nama '{_short(value)}'", HINT_PEOPLE))
            elif key in URL_ATTRIBUTES and OUTSIDE.match(value or ""):
                found.append((f"memuat alamat luar ({_short(value)})", HINT_OUTSIDE))
        if tag == f"{W}fldSimple":
            found += _field(element.get(f"{W}instr") or "")
    for instruction in _field_codes(root):
        found += _field(instruction)
    return found


def _field_codes(root: Any) -> Iterator[str]:
    """The instruction of every complex field (fldChar begin … separate/end), nested ones too."""
    stack: list[list[str] | None] = []  # None: past its `separate`, showing its result
    for element in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}delInstrText"):
        if element.tag != f"{W}fldChar":
            if stack and stack[-1] is not None:
                stack[-1].append(element.text or "")
            else:
                yield element.text or ""  # an instruction outside any field still counts
            continue
        kind = element.get(f"{W}fldCharType")
        if kind == "begin":
            stack.append([])
        elif stack:
            top = stack[-1]
            if top is not None:
                yield "".join(top)
            if kind == "separate":
                stack[-1] = None
            else:
                stack.pop()


def _field(instruction: str) -> Found:
    word = instruction.strip().split(None, 1)[0].upper() if instruction.strip() else ""
    if not word or word in FIELDS:
        return []
    return [(f"memuat kolom (field) {_short(word)}", HINT_FIELD)]


def _pictures(parts: dict[str, bytes]) -> Found:
    from PIL import Image, UnidentifiedImageError

    found: Found = []
    for name, data in parts.items():
        if not name.startswith("word/media/"):
            continue
        wanted = IMAGE_FORMATS.get(name.rsplit(".", 1)[-1].lower())
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind, pixels = image.format, image.width * image.height
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            kind, pixels = None, 0
        if kind != wanted:
            found.append((f"memuat gambar {name} yang bukan {wanted}", "simpan gambar itu ulang sebagai PNG atau JPEG"))
        elif pixels > MAX_PIXELS:
            found.append((f"memuat gambar {name} yang terlalu besar ({pixels} piksel)", "perkecil gambar itu"))
    return found


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:57] + "…"
