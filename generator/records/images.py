"""Images the portal and the letters publish: the office logo and scanned attachments.

An SVG is accepted only when a whitelist parse finds nothing but drawing elements and
presentation attributes (no script, no event handler, no external reference, no style sheet),
and what is published is that parse written out again, never the bytes as uploaded: a browser
and our parser can then not disagree about what the file says. PNG and JPEG are decoded and
saved again without their metadata (EXIF camera data, GPS position, author, description, XMP,
text chunks), which would otherwise be published verbatim.
"""

from __future__ import annotations

import io
import re
import warnings
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_ELEMENTS = 20_000
# A 300 dpi A3 scan is 17.5 million pixels; decoding is checked against this before any pixel is
# read (a 7000 x 7000 image took 6 s and 766 MB to decode); Pillow's own limit (89 million) is left.
MAX_PIXELS = 20_000_000
# The form's validator in the browser (generator/portal/form_check.py) has no Pillow: there an image
# is not decoded (the form says so, and `jejak validate` in CI decodes it); never set elsewhere.
BROWSER = False

ELEMENTS = frozenset(
    "svg g path rect circle ellipse line polyline polygon text tspan defs linearGradient radialGradient stop "
    "title desc clipPath use symbol".split()
)
PRESENTATION = frozenset(
    "fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin "
    "stroke-miterlimit stroke-dasharray stroke-dashoffset opacity transform stop-color stop-opacity "
    "font-family font-size font-weight font-style text-anchor dominant-baseline letter-spacing "
    "clip-path clip-rule display visibility color".split()
)
ATTRIBUTES = PRESENTATION | frozenset(
    "id class d x y x1 y1 x2 y2 cx cy r rx ry fx fy width height viewBox points offset version "
    "gradientUnits gradientTransform preserveAspectRatio style".split()
)
# A value may name colours, numbers, units, fonts, and point inside the file (`url(#id)`); nothing else.
SAFE_VALUE = re.compile(r"(?:[#A-Za-z0-9 ,.%+\-'\"\n\t]|url\(#[A-Za-z0-9_-]{1,64}\)|rgba?\([0-9 ,.%]{1,40}\))*")
STYLE_RULE = re.compile(r" *([a-z-]{1,40}) *: *([^;]{0,400}?) *")


class ImageRefused(ValueError):
    """The image cannot be published; the message (Indonesian) says why."""


def clean_svg(data: bytes) -> bytes:
    """The SVG written out again from a whitelist parse; ImageRefused when anything is not drawing."""
    head = data[:4096].lower()
    if b"<!doctype" in data.lower() or b"<!entity" in head:
        raise ImageRefused("SVG memuat deklarasi DOCTYPE/ENTITY")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ImageRefused(f"SVG tidak dapat dibaca sebagai XML ({exc})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageRefused("berkas bukan SVG (elemen akarnya bukan <svg> dengan namespace SVG)")
    count = 0
    for element in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise ImageRefused(f"SVG memuat lebih dari {MAX_ELEMENTS} elemen")
        _check_element(element)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)


def _check_element(element: ElementTree.Element) -> None:
    namespace, _, name = element.tag.rpartition("}")
    if namespace != "{" + SVG_NS or name not in ELEMENTS:
        raise ImageRefused(f"SVG memuat elemen <{_shown(name)}> yang tidak diizinkan")
    for attribute, value in element.attrib.items():
        _check_attribute(attribute, value)


def _check_attribute(attribute: str, value: str) -> None:
    if attribute in (f"{{{XLINK_NS}}}href", "href"):
        if not re.fullmatch(r"#[A-Za-z0-9_-]{1,64}", value):
            raise ImageRefused("SVG merujuk ke luar berkas (href yang bukan #id)")
        return
    if attribute == f"{{{XML_NS}}}space":
        return
    if attribute not in ATTRIBUTES:
        raise ImageRefused(f"SVG memuat atribut '{_shown(attribute)}' yang tidak diizinkan")
    if attribute == "style":
        for rule in filter(str.strip, value.split(";")):
            match = STYLE_RULE.fullmatch(rule)
            if not match or match.group(1) not in PRESENTATION or not SAFE_VALUE.fullmatch(match.group(2)):
                raise ImageRefused("SVG memuat gaya (style) yang tidak diizinkan")
    elif not SAFE_VALUE.fullmatch(value):
        raise ImageRefused(f"nilai atribut '{_shown(attribute)}' pada SVG tidak diizinkan")


def _shown(name: str) -> str:
    name = name.rpartition("}")[2]
    return "".join(c if c.isascii() and c.isprintable() else "?" for c in name)[:40]


def strip_metadata(data: bytes, kind: str) -> bytes:
    """A PNG or JPEG decoded and saved again with its pixels only (turned upright first)."""
    if BROWSER:
        _header_size_check(data, kind)
        return data
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            if image.format != kind:
                raise ImageRefused(f"gambar bukan {kind} yang wajar ({image.format}, {image.width}×{image.height})")
            if image.width * image.height > MAX_PIXELS:
                raise _too_large(image.width, image.height)
            upright = ImageOps.exif_transpose(image)
            pixels = Image.new(upright.mode, upright.size)
            pixels.paste(upright)
            if kind == "PNG" and "transparency" in image.info and pixels.mode in ("P", "L", "RGB"):
                pixels.info["transparency"] = image.info["transparency"]
            out = io.BytesIO()
            options = {"quality": 90, "optimize": True} if kind == "JPEG" else {"optimize": True}
            if kind == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
                pixels = pixels.convert("RGB")
            pixels.save(out, kind, **options)
            return out.getvalue()
    except Image.DecompressionBombError:  # over Pillow's own limit: not even its size is read
        raise ImageRefused(
            f"gambar {kind} terlalu besar (jauh di atas {MAX_PIXELS // 1_000_000} juta piksel)"
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        if isinstance(exc, ImageRefused):
            raise
        raise ImageRefused(f"gambar {kind} tidak dapat dibaca ({exc})") from None


PILLOW_BOMB = 2 * 89_478_485  # over this Pillow refuses to read even the size (DecompressionBombError)
JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # SOF markers (not DHT, JPG, DAC)


def _header_size_check(data: bytes, kind: str) -> None:
    """In the browser (no Pillow): the size the header claims, refused as strip_metadata refuses it."""
    size = header_size(data, kind)
    if size is None:
        return  # the decode in CI says what is wrong
    width, height = size
    if width * height > PILLOW_BOMB:
        raise ImageRefused(f"gambar {kind} terlalu besar (jauh di atas {MAX_PIXELS // 1_000_000} juta piksel)")
    if width * height > MAX_PIXELS:
        raise _too_large(width, height)


def header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR or a JPEG's frame header, without decoding; None when not found."""
    if kind == "PNG":
        if len(data) >= 24 and data[12:16] == b"IHDR":
            return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return None
    at = 2
    while at + 9 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in JPEG_FRAMES:
            return int.from_bytes(data[at + 7 : at + 9], "big"), int.from_bytes(data[at + 5 : at + 7], "big")
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return None


def _too_large(width: int, height: int) -> ImageRefused:
    return ImageRefused(
        f"gambar terlalu besar: {width}×{height} piksel ({width * height / 1_000_000:.1f} juta; batas "
        f"{MAX_PIXELS // 1_000_000} juta, cukup untuk pindaian A3 300 dpi); perkecil resolusinya (150–300 dpi)"
    )


@lru_cache(maxsize=64)
def _published(path_text: str, kind: str, mtime_ns: int, size: int) -> bytes:
    data = Path(path_text).read_bytes()
    if kind == "PDF":
        from generator.records.pdfs import clean_pdf

        return clean_pdf(data)
    return clean_svg(data) if kind == "SVG" else strip_metadata(data, kind)


def published_bytes(path: Path, kind: str) -> bytes:
    """What is published for an attached or logo file: the cleaned SVG, the image without metadata,
    the PDF without metadata and refused with active content (pdfs.py). Remembered per version of
    the file (validation and the build ask twice)."""
    stamp = path.stat()
    return _published(str(path), kind, stamp.st_mtime_ns, stamp.st_size)
