"""The Word file as a package: Jejak's own minimal parts (only the styles it uses, properties
rebuilt from nothing), the images, and a zip written byte for byte the same every time.

Everything but `word/document.xml` is the same for every file of a build (the logo too), so it
is made and compressed once per process; a file is one compressed part and a zip directory.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.documents.cache import cached, content_key, store
from generator.documents.docx_blocks import Run, tw
from generator.documents.docx_css import Style
from generator.documents.docx_text import attribute

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EMU = 12700  # per point
LOGO_PIXELS = 165  # 2.1 cm at 200 dpi: sharp on paper, 2-3 KB
MAX_IMAGE = 2 * 1024 * 1024


# --- images ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    png: bytes  # what every Word shows (a PNG made from an SVG)
    svg: bytes  # the vector original, shown by Word 2016+ (empty for a raster logo)
    ratio: float  # height / width


class Images:
    """The pictures of one document: `drawing()` gives the run; `parts()` the files to add.
    `cache`: the cache of rendered files, where a logo drawn from its SVG is kept."""

    def __init__(self, cache: Path | None = None) -> None:
        self.used: list[Picture] = []
        self.cache = cache

    def drawing(self, element: Any, style: Style) -> Run | None:
        picture = picture_of(element.get("src") or "", self.cache)
        if picture is None:
            return None
        if picture not in self.used:
            self.used.append(picture)
        number = self.used.index(picture) + 1
        width = style.width or 60.0
        height = style.height or width * picture.ratio
        return Run("raw", _drawing(number, width, height, bool(picture.svg)), width=width)

    def relationships(self) -> list[tuple[str, str, str]]:
        """(id, type, target) of the pictures' parts."""
        return picture_relationships(tuple(bool(picture.svg) for picture in self.used))

    def parts(self) -> list[tuple[str, bytes]]:
        out = []
        for number, picture in enumerate(self.used, 1):
            out.append((f"word/media/gambar{number}.png", picture.png))
            if picture.svg:
                out.append((f"word/media/gambar{number}.svg", picture.svg))
        return out


def picture_relationships(vectors: tuple[bool, ...]) -> list[tuple[str, str, str]]:
    """(id, type, target) of the parts of pictures numbered from 1, each with an SVG or not."""
    out = []
    for number, vector in enumerate(vectors, 1):
        out.append((f"rIdGambar{number}", "image", f"media/gambar{number}.png"))
        if vector:
            out.append((f"rIdGambar{number}v", "image", f"media/gambar{number}.svg"))
    return out


@lru_cache(maxsize=8)
def picture_of(src: str, cache: Path | None = None) -> Picture | None:
    """A data: URI image as Word wants it; None for anything else (Word files fetch nothing)."""
    found = re.match(r"^data:image/(svg\+xml|png|jpeg);base64,([A-Za-z0-9+/=\s]+)$", src)
    if not found or len(found.group(2)) > MAX_IMAGE * 4 // 3:
        return None
    try:
        data = base64.b64decode(found.group(2), validate=False)
        if found.group(1) == "svg+xml":
            return _drawn(data, cache)
        return _from_raster(data)
    except (ValueError, OSError, binascii.Error, MemoryError):
        return None


DRAWN, DRAWN_START = ".logo", b"jejak-logo "  # a drawn logo in the cache: its ratio, then its PNG


def _drawn(svg: bytes, cache: Path | None) -> Picture | None:
    """The logo drawn from its SVG, taken from the cache when drawn before with the same code and
    libraries: drawing it means importing cairosvg, a fifth of a second in each process."""
    if cache is None:
        return _from_svg(svg)
    key = content_key("logo", _CODE_HASH, drawing_versions(), hashlib.sha256(svg).hexdigest())
    kept = cached(cache, key, DRAWN, DRAWN_START)
    if kept is not None:
        ratio, _, png = kept[len(DRAWN_START) :].partition(b"\n")
        try:
            return _with_vector(png, svg, float(ratio))
        except ValueError:
            pass
    picture = _from_svg(svg)
    if picture is not None:
        store(cache, key, DRAWN, DRAWN_START + repr(picture.ratio).encode() + b"\n" + picture.png)
    return picture


@lru_cache(maxsize=1)
def drawing_versions() -> str:
    """The libraries that draw and pack the logo, for the keys of the cached files holding it."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("cairosvg", "pillow", "zopfli"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # a changed drawing is drawn afresh


def _from_svg(data: bytes) -> Picture | None:
    import cairosvg  # the logo is already a checked, cleaned SVG (generator.records.images)

    # unsafe=False: no entities, no external files; cairosvg then fetches data: URLs only
    png = cairosvg.svg2png(bytestring=data, output_width=LOGO_PIXELS, unsafe=False)
    picture = _from_raster(png)
    return _with_vector(picture.png, data, picture.ratio) if picture else None


def _with_vector(png: bytes, svg: bytes, ratio: float) -> Picture:
    """The SVG goes into a Word file beside its PNG only when, compressed, it is no larger than
    the PNG: an office's detailed emblem (such SVGs run to 100 KB and more) would otherwise be
    copied into every Word file of every event, about 13 each. The PNG alone prints it sharply."""
    return Picture(png, svg if len(_deflated(svg)[1]) <= len(png) else b"", ratio)


def _from_raster(data: bytes) -> Picture | None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > 40_000_000:
            return None
        ratio = image.height / image.width
        image.thumbnail((LOGO_PIXELS, round(LOGO_PIXELS * ratio) or 1))
        small = image.convert("RGBA").quantize(32, method=Image.Quantize.FASTOCTREE)
        return Picture(palette_png(small), b"", ratio)


def palette_png(image: Any) -> bytes:
    """A palette image as the smallest PNG made quickly: unfiltered rows (a palette image's best)
    deflated by Zopfli when there (a fifth smaller than zlib's best, ~30 ms once per process),
    and the transparency of only the colours up to the last one that has any."""
    colours = image.getpalette("RGBA")[: 4 * _used(image)]
    width, height = image.size
    pixels = image.tobytes()
    rows = b"".join(b"\0" + pixels[y * width : (y + 1) * width] for y in range(height))
    alpha = bytes(colours[3::4])
    opaque_from = len(alpha.rstrip(b"\xff"))
    chunks = [
        (b"IHDR", struct.pack(">2I5B", width, height, 8, 3, 0, 0, 0)),
        (b"PLTE", bytes(c for i, c in enumerate(colours) if i % 4 != 3)),
        *([(b"tRNS", alpha[:opaque_from])] if opaque_from else []),
        (b"IDAT", _zopfli(rows)),
        (b"IEND", b""),
    ]
    out = [b"\x89PNG\r\n\x1a\n"]
    for kind, data in chunks:
        out.append(struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data)))
    return b"".join(out)


def _used(image: Any) -> int:
    """How many palette entries the pixels use (up to the highest index)."""
    counts = image.histogram()[:256]
    return max(i for i, n in enumerate(counts) if n) + 1


def _zopfli(data: bytes) -> bytes:
    try:
        from zopfli.zlib import compress  # WeasyPrint's fonttools[woff] brings it
    except ImportError:
        return zlib.compress(data, 9)
    return compress(data, numiterations=1, blocksplitting=False)


def _drawing(number: int, width: float, height: float, vector: bool) -> str:
    cx, cy = round(width * EMU), round(height * EMU)
    svg = (
        '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
        '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
        f'r:embed="rIdGambar{number}v"/></a:ext></a:extLst>'
        if vector
        else ""
    )
    return (
        f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{number}" name="Gambar {number}" descr="Lambang"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="Gambar {number}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="rIdGambar{number}">{svg}</a:blip><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing>"
    )


# --- Jejak's own parts -----------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    width: float  # points
    height: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left

    @property
    def text_width(self) -> float:
        return self.width - self.margins[1] - self.margins[3]


def section_xml(page: Page, header: bool = True) -> str:
    """The page: paper and margins of the HTML's @page, the page number "- 2 -" from page 2 on."""
    top, right, bottom, left = (tw(m) for m in page.margins)
    head = '<w:headerReference w:type="default" r:id="rIdKepala"/>' if header else ""
    return (
        f'<w:sectPr>{head}<w:pgSz w:w="{tw(page.width)}" w:h="{tw(page.height)}"/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        f'w:header="{min(567, top // 2)}" w:footer="{min(567, bottom // 2)}" w:gutter="0"/>'
        f"{'<w:titlePg/>' if header else ''}</w:sectPr>"
    )


def document_xml(body: str, page: Page) -> str:
    return f"{XML_HEAD}<w:document {NAMESPACES}><w:body>{body}{section_xml(page)}</w:body></w:document>"


# Pair kerning from 1 pt up, as the PDF's text is set (HarfBuzz kerns by default): without it a
# line of capitals ("PEMBENTUKAN PANITIA … PERKANTORAN") is a word longer in Word and wraps elsewhere.
STYLES = (
    f'{XML_HEAD}<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:kern w:val="2"/>'
    '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="id-ID" w:eastAsia="id-ID" w:bidi="ar-SA"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style></w:styles>"
)
# Word justifies a line ended by a manual line break unless told not to; the print does not.
COMPAT = "<w:doNotExpandShiftReturn/>"
SETTINGS = (
    f'{XML_HEAD}<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="720"/>'
    f'<w:compat>{COMPAT}<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat></w:settings>'
)
# The page number as one simple field: "- 2 -" in 11 pt, centred (the print's @top-center).
_HEADER_RUN = '<w:r><w:rPr><w:sz w:val="22"/></w:rPr>'
HEADER = (
    f'{XML_HEAD}<w:hdr xmlns:w="{W}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    f'{_HEADER_RUN}<w:t xml:space="preserve">- </w:t></w:r><w:fldSimple w:instr=" PAGE ">'
    f'{_HEADER_RUN}<w:t>2</w:t></w:r></w:fldSimple>{_HEADER_RUN}<w:t xml:space="preserve"> -</w:t></w:r></w:p></w:hdr>'
)
# No docProps/app.xml: Word and LibreOffice need none, and core.xml already says "Jejak".
PACKAGE_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/></Relationships>'
)


def core_properties(title: str) -> str:
    """Rebuilt from nothing for every file: a title and "Jejak", no person, no time."""
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{attribute(title)}</dc:title><dc:creator>Jejak</dc:creator></cp:coreProperties>"
    )


def content_types(overrides: dict[str, str], defaults: dict[str, str]) -> str:
    items = [f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in sorted(defaults.items())]
    items += [f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in sorted(overrides.items())]
    return f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{"".join(items)}</Types>'


def relationships_xml(items: list[tuple[str, str, str]]) -> str:
    rels = "".join(f'<Relationship Id="{i}" Type="{R}/{kind}" Target="{target}"/>' for i, kind, target in items)
    return f'{XML_HEAD}<Relationships xmlns="{RELS}">{rels}</Relationships>'


OFFICE = "application/vnd.openxmlformats-officedocument"
OWN_TYPES = {
    "/word/document.xml": MAIN_TYPE,
    "/word/styles.xml": f"{OFFICE}.wordprocessingml.styles+xml",
    "/word/settings.xml": f"{OFFICE}.wordprocessingml.settings+xml",
    "/word/header1.xml": f"{OFFICE}.wordprocessingml.header+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
}
DEFAULT_TYPES = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def own_package(body: str, page: Page, images: Images, title: str) -> bytes:
    """A Word file of Jejak's own: the body, its page, its pictures and nothing else."""
    vectors = tuple(bool(picture.svg) for picture in images.used)
    return write_zip(
        [
            *_fixed_parts()[:2],
            ("docProps/core.xml", core_properties(title).encode("utf-8")),
            ("word/document.xml", document_xml(body, page).encode("utf-8")),
            ("word/_rels/document.xml.rels", _relationships(vectors)),
            *_fixed_parts()[2:],
            *images.parts(),
        ]
    )


@lru_cache(maxsize=1)
def _fixed_parts() -> tuple[tuple[str, bytes], ...]:
    """The parts every file of Jejak's own has, made once (their bytes are then the same objects,
    so `_deflated` finds them without hashing them again)."""
    return (
        ("[Content_Types].xml", content_types(OWN_TYPES, DEFAULT_TYPES).encode()),
        ("_rels/.rels", PACKAGE_RELS.encode()),
        ("word/styles.xml", STYLES.encode()),
        ("word/settings.xml", SETTINGS.encode()),
        ("word/header1.xml", HEADER.encode()),
    )


@lru_cache(maxsize=16)
def _relationships(vectors: tuple[bool, ...]) -> bytes:
    """word/_rels/document.xml.rels: the fixed parts and the pictures (by whether each has an SVG)."""
    rels = [
        ("rIdGaya", "styles", "styles.xml"),
        ("rIdPengaturan", "settings", "settings.xml"),
        ("rIdKepala", "header", "header1.xml"),
        *picture_relationships(vectors),
    ]
    return relationships_xml(rels).encode()


# --- the zip ---------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _deflated(data: bytes) -> tuple[int, bytes, int]:
    """Compressed once per process for the parts every file shares (styles, the logo)."""
    return _packed(data)


def _packed(data: bytes) -> tuple[int, bytes, int]:
    """(zip method, bytes, CRC): deflated, or stored when deflating does not make it smaller (a PNG)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY)
    packed = packer.compress(data) + packer.flush()
    if len(packed) >= len(data):
        return STORED, data, zlib.crc32(data)
    return DEFLATED, packed, zlib.crc32(data)


STORED, DEFLATED = 0, 8
UNIQUE = frozenset(("word/document.xml", "docProps/core.xml"))  # the rest repeats: compressed once
DOS_DATE = (1 << 5) | 1  # 1980-01-01: no build time in the file


def write_zip(parts: list[tuple[str, bytes]]) -> bytes:
    """A zip of `parts` in this order, deflated, with a fixed date: the same input gives the same bytes."""
    out = io.BytesIO()
    directory = []
    for name, data in parts:
        method, packed, crc = _deflated(data) if name not in UNIQUE else _packed(data)
        encoded = name.encode("utf-8")
        offset = out.tell()
        sizes = (crc, len(packed), len(data), len(encoded))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, DOS_DATE, *sizes, 0))
        out.write(encoded)
        out.write(packed)
        directory.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                0x0314,  # made by: Unix, zip 2.0 (the permissions below are Unix ones)
                20,
                0,
                method,
                0,
                DOS_DATE,
                crc,
                len(packed),
                len(data),
                len(encoded),
                0,
                0,
                0,
                0,
                0o100644 << 16,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for item in directory:
        out.write(item)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), size, start, 0))
    return out.getvalue()
