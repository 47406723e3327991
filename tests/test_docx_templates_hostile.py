"""The office Word template is active content (issue 21): a template with a remote attached
template, fields that fetch (INCLUDEPICTURE, INCLUDETEXT, HYPERLINK, DDE), altChunk, external
relationships, OLE/ActiveX objects, macros, a DTD, a zip bomb, or people's names is refused by
`jejak validate` (Indonesian message at kantor.yaml's line, `saran:`, exit 1) and by the writer;
document properties are made harmless (the writer writes its own)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from generator.cli.main import main
from generator.records.word_templates import MAX_UNPACKED

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TEMPLATE = "site_templates/docx/undangan-srikandi.docx"
Mutation = Callable[[dict[str, bytes]], None]


def base_template() -> dict[str, bytes]:
    """A template as an office downloads it: its own text, SRIKANDI parameters, Jejak's markers."""
    document = Document()
    document.add_paragraph("PEMERINTAH KOTA PAGAR ALAM")
    document.add_paragraph("Nomor: ${nomor_naskah}")
    document.add_paragraph("{{isi}}")
    document.add_paragraph("${ttd_pengirim}")
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(raw) as package:
        return {name: package.read(name) for name in package.namelist()}


def packed(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _edit(name: str, old: str, new: str) -> Mutation:
    def change(parts: dict[str, bytes]) -> None:
        text = parts[name].decode("utf-8")
        assert old in text, (name, old)
        parts[name] = text.replace(old, new, 1).encode("utf-8")

    return change


def _body(xml: str) -> Mutation:
    """Add `xml` to the body just before the {{isi}} paragraph."""
    return _edit("word/document.xml", "<w:p><w:r><w:t>{{isi}}", xml + "<w:p><w:r><w:t>{{isi}}")


def _rel(rel_id: str, kind: str, target: str, external: bool = True, name: str = "word/_rels/document.xml.rels"):
    mode = ' TargetMode="External"' if external else ""
    item = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/>'
    return _edit(name, "</Relationships>", item + "</Relationships>")


def _part(name: str, data: bytes) -> Mutation:
    def add(parts: dict[str, bytes]) -> None:
        parts[name] = data

    return add


def _all(*changes: Mutation) -> Mutation:
    def apply(parts: dict[str, bytes]) -> None:
        for change in changes:
            change(parts)

    return apply


def _field(code: str) -> str:
    """A complex field whose instruction is split over three runs, as Word writes it."""
    a, b, c = code[:3], code[3:9], code[9:]
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{t}</w:instrText></w:r>' for t in (a, b, c))
    return (
        f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


SETTINGS_RELS = "word/_rels/settings.xml.rels"
HEADER_FIELD = _field(' INCLUDEPICTURE "http://x.example/a" ')
ATTACHED = _all(
    _edit("word/settings.xml", "<w:zoom", f'<w:attachedTemplate {R_NS} r:id="rIdT"/><w:zoom'),
    _part(
        SETTINGS_RELS,
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
    ),
)
HOSTILE: dict[str, tuple[Mutation, str]] = {
    # a document template fetched from elsewhere when the letter opens
    "attached template https": (
        _all(ATTACHED, _rel("rIdT", f"{REL}/attachedTemplate", "https://contoh.example/t.dotm", name=SETTINGS_RELS)),
        "tautan ke luar",
    ),
    "attached template UNC": (
        _all(ATTACHED, _rel("rIdT", f"{REL}/attachedTemplate", "\\\\server\\share\\t.dotm", name=SETTINGS_RELS)),
        "tautan ke luar",
    ),
    "attached template, local name": (
        _all(ATTACHED, _rel("rIdT", f"{REL}/attachedTemplate", "t.dotm", False, name=SETTINGS_RELS)),
        "attachedTemplate",
    ),
    # fields that fetch or run
    "INCLUDEPICTURE simple": (
        _body("<w:p><w:fldSimple w:instr=' INCLUDEPICTURE \"http://contoh.example/p.png\" \\d '/></w:p>"),
        "INCLUDEPICTURE",
    ),
    "INCLUDEPICTURE split over runs": (
        _body(_field(' INCLUDEPICTURE "https://contoh.example/x.png" \\d')),
        "INCLUDEPICTURE",
    ),
    "includetext lower case": (_body(_field(' includetext "file:///etc/passwd" ')), "INCLUDETEXT"),
    "HYPERLINK field": (_body(_field(' HYPERLINK "https://contoh.example/" ')), "HYPERLINK"),
    "DDEAUTO": (_body(_field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ')), "DDEAUTO"),
    "nested field": (
        _body(
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            + _field(' INCLUDETEXT "https://contoh.example/t" ')[5:-6]
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        ),
        "INCLUDETEXT",
    ),
    "field in a header": (
        _all(
            _part("word/header1.xml", f"<w:hdr {W_NS}>{HEADER_FIELD}</w:hdr>".encode()),
            _rel("rIdH", f"{REL}/header", "header1.xml", False),
        ),
        "INCLUDEPICTURE",
    ),
    # whole other documents poured in
    "altChunk element and part": (
        _all(
            _body(f'<w:altChunk {R_NS} r:id="rIdA"/>'),
            _part("word/afchunk.mht", b"MIME-Version: 1.0\r\n\r\n<p>dari luar</p>"),
            _rel("rIdA", f"{REL}/aFChunk", "afchunk.mht", False),
        ),
        "altChunk",
    ),
    "altChunk relationship only": (_rel("rIdA", f"{REL}/aFChunk", "../x.html", False), "aFChunk"),
    "subDoc": (_body(f'<w:p><w:subDoc {R_NS} r:id="rIdS"/></w:p>'), "subdokumen"),
    # external relationships
    "external hyperlink": (_rel("rIdL", f"{REL}/hyperlink", "https://contoh.example/"), "tautan ke luar"),
    "external image": (_rel("rIdI", f"{REL}/image", "http://contoh.example/pixel.png"), "tautan ke luar"),
    "file target": (_rel("rIdF", f"{REL}/image", "file:///C:/Users/budi/foto.png", False), "tautan ke luar"),
    "linked blip": (
        _body(
            '<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            f'{R_NS} r:link="rIdX"/></w:drawing></w:r></w:p>'
        ),
        "tertaut",
    ),
    "VML image from a URL": (
        _body(
            '<w:p><w:r><w:pict><v:imagedata xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" o:href="http://contoh.example/a.png"/></w:pict></w:r></w:p>'
        ),
        "alamat luar",
    ),
    # OLE, ActiveX
    "OLE object": (
        _all(
            _body(
                '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office"/></w:object></w:r></w:p>'
            ),
            _part("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0 ole"),
        ),
        "OLE",
    ),
    "ActiveX": (_part("word/activeX/activeX1.xml", b"<ax/>"), "ActiveX"),
    "control element": (_body(f'<w:p><w:r><w:control {R_NS} r:id="rIdC"/></w:r></w:p>'), "ActiveX"),
    # macros
    "vbaProject": (_part("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro"), "makro"),
    "docm content type": (
        _edit("[Content_Types].xml", "wordprocessingml.document.main+xml", "../ms-word.document.macroEnabled.main+xml"),
        "jenis isi aktif",
    ),
    "vbaData": (_part("word/vbaData.xml", b"<wne:vbaSuppData/>"), "makro"),
    # XML tricks
    "DTD with entities": (
        _edit(
            "word/document.xml",
            "<w:document",
            '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><w:document',
        ),
        "DTD",
    ),
    "mail merge source": (
        _edit(
            "word/settings.xml",
            "<w:zoom",
            '<w:mailMerge><w:mainDocumentType w:val="formLetters"/></w:mailMerge><w:zoom',
        ),
        "surat massal",
    ),
    # people's names carried into every letter
    "tracked change": (
        _body(
            '<w:p><w:ins w:id="1" w:author="Budi Santoso" w:date="2024-01-01T00:00:00Z"><w:r><w:t>x</w:t></w:r></w:ins></w:p>'
        ),
        "Budi Santoso",
    ),
    "comments part": (_part("word/comments.xml", b'<w:comments xmlns:w="x"/>'), "komentar"),
    # broken or oversized
    "not a zip": (lambda parts: parts.clear(), "bukan berkas Word"),
    "no document part": (lambda parts: parts.pop("word/document.xml"), "word/document.xml"),
    "no body marker": (_edit("word/document.xml", "{{isi}}", "{{isian}}"), "{{isi}}"),
    "picture that is not one": (
        _all(
            _part("word/media/image9.png", b"GIF89a not a png"), _rel("rIdP", f"{REL}/image", "media/image9.png", False)
        ),
        "bukan PNG",
    ),
}


def _bomb(parts: dict[str, bytes]) -> bytes:
    """A zip of ~100 KiB whose one part unpacks to 100 MiB of zeros."""
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
        package.writestr("word/media/image1.png", b"\0" * (100 * 1024 * 1024))
    return big.getvalue()


def _lying_bomb(parts: dict[str, bytes]) -> bytes:
    """The same, with the sizes in the zip's directory lying (1 KiB declared)."""
    data = bytearray(_bomb(parts))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for found in re.finditer(re.escape(signature), bytes(data)):
            start = found.start()
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(data[name_at : name_at + length]) == b"word/media/image1.png":
                struct.pack_into("<L", data, start + offset, 1024)
    return bytes(data)


def _many(parts: dict[str, bytes]) -> bytes:
    parts = dict(parts)
    for i in range(300):
        parts[f"word/media/gambar{i}.png"] = b"\x89PNG"
    return packed(parts)


def _too_big(parts: dict[str, bytes]) -> bytes:
    parts = dict(parts)
    parts["word/media/besar.png"] = zlib.compress(bytes(range(256)) * 20000)  # does not compress much again
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
        package.writestr("word/media/acak.png", bytes((i * 7919) % 251 for i in range(5 * 1024 * 1024)))
    return out.getvalue()


WHOLE: dict[str, tuple[Callable[[dict[str, bytes]], bytes], str]] = {
    "zip bomb": (_bomb, "mengembang"),
    "zip bomb with a lying directory": (_lying_bomb, "rusak"),
    "too many parts": (_many, "terlalu banyak bagian"),
    "file over 4 MiB": (_too_big, "terlalu besar"),
}


def _install(project: Path, data: bytes) -> int:
    """Put `data` as the undangan's template; returns the line of its entry in kantor.yaml."""
    target = project / TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    office = project / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    text = text.replace("  # templat_docx:", f"  templat_docx:\n    undangan: {TEMPLATE}\n  # x:")
    office.write_text(text, encoding="utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(f"    undangan: {TEMPLATE}"))


def _refused(project: Path, data: bytes, expected: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = _install(project, data)
    office = project / "records" / "kantor.yaml"
    assert main(["validate", "--repo", str(project), str(office)]) == 1
    out = capsys.readouterr().out
    found = [block for block in out.split("records/kantor.yaml:")[1:] if f"templat Word '{TEMPLATE}'" in block]
    assert found, out
    assert found[0].startswith(f"{line}:"), out  # at the template's own line
    assert expected in out and "\n  saran: " in found[0], out
    assert "Traceback" not in out
    # the writer refuses it too (a build never copies it), with no traceback
    code = main(
        [
            "dokumen",
            "2024-menjahit-1",
            "--docx",
            "--jenis",
            "undangan",
            "--repo",
            str(project),
            "--keluar",
            str(tmp_path / "k"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "templat Word" in err


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_is_refused(case, project: Path, capsys, tmp_path: Path) -> None:
    change, expected = case
    parts = base_template()
    change(parts)
    data = packed(parts) if parts else b"bukan berkas zip, hanya teks"
    _refused(project, data, expected, capsys, tmp_path)


@pytest.mark.parametrize("case", WHOLE.values(), ids=WHOLE.keys())
def test_an_oversized_template_is_refused_quickly(case, project: Path, capsys, tmp_path: Path) -> None:
    make, expected = case
    data = make(base_template())
    assert len(data) < 6 * 1024 * 1024
    _refused(project, data, expected, capsys, tmp_path)


def test_the_bomb_bound_is_far_below_the_bomb() -> None:
    assert MAX_UNPACKED <= 16 * 1024 * 1024


def test_document_properties_never_reach_a_letter(project: Path, tmp_path: Path) -> None:
    """Author, last modified by, title, company, custom properties: dropped; Jejak writes its own."""
    document = Document()
    for text in ("KOP SRIKANDI", "{{isi}}", "${ttd_pengirim}"):
        document.add_paragraph(text)
    properties = document.core_properties
    properties.author, properties.last_modified_by = "Budi Santoso", "Siti NIK 1671010101010001"
    properties.title, properties.comments, properties.keywords = "Rahasia Budi", "catatan pribadi", "0812-3456-7890"
    raw = io.BytesIO()
    document.save(raw)
    parts = {n: zipfile.ZipFile(raw).read(n) for n in zipfile.ZipFile(raw).namelist()}
    parts["docProps/custom.xml"] = (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
        b"<property name='Pemilik'><vt:lpwstr xmlns:vt='x'>Budi Santoso</vt:lpwstr></property></Properties>"
    )
    parts["customXml/item1.xml"] = b"<data>Budi Santoso 1671010101010001</data>"
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>", b"<Company>Budi Corp</Company></Properties>"
    )
    _install(project, packed(parts))
    assert main(["validate", "--repo", str(project), str(project / "records" / "kantor.yaml")]) == 0
    out = tmp_path / "keluar"
    code = main(
        ["dokumen", "2024-menjahit-1", "--docx", "--jenis", "undangan", "--repo", str(project), "--keluar", str(out)]
    )
    assert code == 0
    letter = (out / "undangan.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(letter)) as package:
        everything = b"".join(package.read(name) for name in package.namelist())
        names = package.namelist()
    for secret in (b"Budi", b"1671010101010001", b"Rahasia", b"0812", b"catatan pribadi", b"Siti NIK"):
        assert secret not in everything
    assert not [n for n in names if n.startswith(("customXml/", "docProps/custom"))]
    assert b"<dc:creator>Jejak</dc:creator>" in zipfile.ZipFile(io.BytesIO(letter)).read("docProps/core.xml")
    assert "KOP SRIKANDI" in Document(io.BytesIO(letter)).paragraphs[0].text  # the template itself still works
