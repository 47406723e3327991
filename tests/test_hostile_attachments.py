"""Hostile input, round 3 — attachments (issue 21): a PDF that runs something when opened
(JavaScript, Launch, OpenAction, additional actions, links out, form submission, embedded files,
however its names are spelt) is refused at its record line; a clean PDF is published as a copy
without document information, XMP or custom keys, the record's own file untouched; an image too
large to decode cheaply is refused before any pixel is read."""

from __future__ import annotations

import hashlib
import io
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NOW
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from generator.cli.main import main
from generator.records.images import published_bytes
from generator.records.workspace import load_workspace

RECORD = "records/2024/2024-menjahit-1.yaml"
ANCHOR = "    paraf: {oleh: yusuf-hidayat, waktu: 2024-02-01 10:02}\n"


def pdf(change: Callable[[PdfWriter], None] = lambda w: None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(kind: str, **entries: object) -> DictionaryObject:
    made = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        made[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return made


def on_catalog(key: str, value: object) -> Callable[[PdfWriter], None]:
    return lambda w: w._root_object.__setitem__(NameObject(key), value)


def on_page(key: str, value: object) -> Callable[[PdfWriter], None]:
    return lambda w: w.pages[0].__setitem__(NameObject(key), value)


def link(target: DictionaryObject) -> Callable[[PdfWriter], None]:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(9), NumberObject(9)]),
            NameObject("/A"): target,
        }
    )
    return on_page("/Annots", ArrayObject([annotation]))


def embedded(w: PdfWriter) -> None:
    w.add_attachment("ktp.txt", b"1671012304850001")


JS = TextStringObject("app.launchURL('http://contoh.example')")
ACTIVE = {
    "open-action-javascript": (pdf(on_catalog("/OpenAction", action("/JavaScript", JS=JS))), "(OpenAction)"),
    "javascript-link": (pdf(link(action("/JavaScript", JS=JS))), "JavaScript"),
    "page-additional-actions": (pdf(on_page("/AA", DictionaryObject({NameObject("/O"): action("/Launch")}))), "(AA)"),
    "launch-link": (pdf(link(action("/Launch", F=TextStringObject("cmd.exe")))), "(Launch)"),
    "uri-link": (pdf(link(action("/URI", URI=TextStringObject("http://contoh.example")))), "(URI)"),
    "submit-form": (pdf(link(action("/SubmitForm", F=TextStringObject("http://contoh.example")))), "(SubmitForm)"),
    "remote-goto": (pdf(link(action("/GoToR", F=TextStringObject("lain.pdf")))), "(GoToR)"),
    "embedded-file": (pdf(embedded), "berkas sisipan"),
    "open-action-launch": (pdf(on_catalog("/OpenAction", action("/Launch"))), "(OpenAction)"),
    "rich-media": (pdf(on_page("/RichMedia", DictionaryObject())), "(RichMedia)"),
    "xfa-form": (pdf(on_catalog("/AcroForm", DictionaryObject({NameObject("/XFA"): ArrayObject()}))), "XFA"),
}
# The same JavaScript with its names spelt in #-escapes: what a byte search would miss.
ACTIVE["escaped-names"] = (
    ACTIVE["javascript-link"][0].replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 "),
    "JavaScript",
)


def encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attach(project: Path, name: str, data: bytes) -> int:
    path = project / "lampiran" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    text = text.replace(ANCHOR, ANCHOR + f"    lampiran:\n      - {{berkas: lampiran/{name}, keterangan: Pindaian}}\n")
    record.write_text(text, encoding="utf-8")
    return text[: text.index("    lampiran:\n")].count("\n") + 2


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_pdfs_with_active_content_are_refused_at_their_line(project: Path, capsys, case: str):
    data, said = ACTIVE[case]
    line = attach(project, "surat.pdf", data)
    assert main(["validate", "--repo", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"{RECORD}:{line}:" in out and "galat: berkas lampiran 'lampiran/surat.pdf' ditolak: PDF memuat" in out
    assert said in out and "isi aktif tidak diterbitkan" in out and "saran:" in out and "Traceback" not in out


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (encrypted(), "PDF terkunci dengan kata sandi atau enkripsi"),
        (b"%PDF-1.7\n" + b"\x00" * 64, "PDF tidak dapat dibaca"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n", "PDF tidak dapat dibaca"),
    ],
)
def test_locked_or_broken_pdfs_are_refused(project: Path, data: bytes, said: str):
    line = attach(project, "surat.pdf", data)
    found = [(p.line, p.message) for p in load_workspace(project, now=NOW).problems if p.code == "lampiran"]
    assert len(found) == 1 and found[0][0] == line and said in found[0][1], found


def with_metadata(w: PdfWriter) -> None:
    w.add_metadata(
        {
            "/Author": "Siti Aminah",
            "/Subject": "NIK 1671012304850001, HP 081234567890",
            "/Creator": "Pemindai Kantor X-1000 (Rina)",
            "/Producer": "Aplikasi Pindai 3.1",
            "/Telepon": "081234567890",
        }
    )
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Siti Aminah 081234567890</dc:creator></x:xmpmeta>'
    stream = w._add_object(_stream(xmp))
    w._root_object[NameObject("/Metadata")] = stream
    w.pages[0][NameObject("/Metadata")] = stream
    w.pages[0][NameObject("/PieceInfo")] = DictionaryObject({NameObject("/Pindai"): TextStringObject("Rina")})


def _stream(data: bytes):
    from pypdf.generic import StreamObject

    made = StreamObject()
    made[NameObject("/Type")] = NameObject("/Metadata")
    made[NameObject("/Subtype")] = NameObject("/XML")
    made.set_data(data)
    return made


def test_a_clean_pdf_is_published_without_any_metadata_and_the_record_file_is_untouched(project: Path):
    data = pdf(with_metadata)
    for secret in (b"Siti Aminah", b"081234567890", b"Pemindai", b"/Telepon", b"Rina"):
        assert secret in data
    attach(project, "surat.pdf", data)
    workspace = load_workspace(project, now=NOW)
    assert workspace.ok, workspace.problems
    source = project / "lampiran" / "surat.pdf"
    published = published_bytes(source, "PDF")
    for secret in (b"Siti Aminah", b"081234567890", b"Pemindai", b"/Telepon", b"Rina", b"/Metadata", b"/PieceInfo"):
        assert secret not in published, secret
    reader = PdfReader(io.BytesIO(published))
    assert len(reader.pages) == 1 and not reader.metadata and reader.xmp_metadata is None
    assert source.read_bytes() == data  # the record's own file is never changed
    assert hashlib.sha256(published_bytes(source, "PDF")).digest() == hashlib.sha256(published).digest()


def png_header(width: int, height: int) -> bytes:
    """A small PNG whose header claims `width` x `height`: what a decoder would allocate for."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    return bytes(data)


@pytest.mark.parametrize(
    ("size", "said"),
    [
        ((7000, 7000), "terlalu besar: 7000×7000 piksel (49.0 juta; batas 20 juta"),
        ((4473, 4473), "terlalu besar: 4473×4473 piksel (20.0 juta; batas 20 juta"),
        ((20000, 1001), "terlalu besar: 20000×1001 piksel (20.0 juta"),
        ((100000, 100000), "terlalu besar (jauh di atas 20 juta piksel)"),
    ],
)
def test_an_image_too_large_to_decode_is_refused_before_decoding(project: Path, size, said: str):
    line = attach(project, "foto.png", png_header(*size))
    started = time.process_time()
    found = [(p.line, p.message) for p in load_workspace(project, now=NOW).problems if p.code == "lampiran"]
    assert time.process_time() - started < 5  # no decode: the 7000 x 7000 image took 6 s alone
    assert len(found) == 1 and found[0][0] == line and said in found[0][1], found
