"""Word files for SRIKANDI (issue 11): every ready sample document has one, its text equals
the HTML's where they share content, SRIKANDI's `${…}` parameters are kept, and no konsep
mark is copied."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import NOW
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from generator.cli.main import main
from generator.documents.cache import store
from generator.documents.docx import html_to_docx, write_docx
from generator.documents.render import document_pages
from generator.records.workspace import Workspace, load_workspace

PARAMETER = re.compile(r"\$\{[a-z_]+\}")


def docx_text(data: bytes) -> str:
    """The text of every paragraph in document order (a nested table's once)."""
    document = Document(io.BytesIO(data))
    parts = [
        "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
        for p in document.element.body.iter()
        if p.tag.endswith("}p")
    ]
    return " ".join(" ".join(parts).split())


def html_text(html: str) -> str:
    """What the printed page shows, the way the Word file carries it: parameters for the number,
    date and signature, list labels, and neither the konsep marks nor the paraf table."""
    page = lxml_html.document_fromstring(html)
    for element in list(page.iter()):
        if not isinstance(element.tag, str):
            continue
        if (element.get("data-docx") or "").startswith("-") or element.tag in ("style", "title"):
            element.drop_tree()
        elif element.get("data-srikandi"):
            tail, name = element.tail, element.get("data-srikandi")
            element.clear()
            element.text, element.tail = "${" + name + "}", tail
    for ol in page.iter("ol"):
        letters = "huruf" in (ol.get("class") or "")
        for i, item in enumerate(ol.iter("li")):
            item.text = (f"{chr(97 + i)}." if letters else f"{i + 1}.") + " " + (item.text or "")
    return " ".join(" ".join(page.body.itertext()).split())


def _bare(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def ws(project: Path) -> Workspace:
    return load_workspace(project, now=NOW)


def test_every_document_has_a_word_file_with_the_same_text(ws: Workspace) -> None:
    made = 0
    for event in ws.events:
        for info, html in document_pages(ws, event):
            if html is None:
                continue
            text = docx_text(html_to_docx(html, ws.root))
            # Word and the browser break lines differently: compare the characters, not the spacing.
            assert _bare(text) == _bare(html_text(html)), f"{event.code}/{info.filename}"
            assert "KONSEP" not in text and "Paraf hierarki" not in text
            made += 1
    assert made >= 39


def test_letters_carry_srikandi_parameters_and_tables(ws: Workspace) -> None:
    event = ws.event("2025-las-listrik-1")
    assert event is not None
    pages = {info.filename: html for info, html in document_pages(ws, event)}
    document = Document(io.BytesIO(html_to_docx(pages["undangan-kabupaten-lahat"], ws.root)))
    paragraphs = [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p"))]  # in tables too
    assert "Pagar Alam, ${tanggal_naskah}" in paragraphs and "${ttd_pengirim}" in paragraphs
    heading = [[c.text for c in row.cells] for row in document.tables[1].rows]  # tables[0]: the kop
    assert heading[0] == ["Nomor", ":", "${nomor_naskah}"] and heading[2] == ["Lampiran", ":", "-"]
    assert "a.\tberusia 18 sampai dengan 35 tahun pada tanggal pelatihan dimulai;" in paragraphs  # label, tab, text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (215, 330)
    decree = Document(io.BytesIO(html_to_docx(pages["keputusan"], ws.root)))
    committee = next(t for t in decree.tables if t.rows[0].cells[0].text == "No.")  # the annex's list
    assert [c.text for c in committee.rows[0].cells] == [
        "No.",
        "Nama / NIP",
        "Jabatan dalam Panitia",
        "Jabatan / Instansi",
    ]
    # its last rows and the signature share one row that cannot split (a table of the same grid
    # inside it), so LibreOffice moves them to the next page together, under the repeated header
    closing = committee.rows[-1].cells[0]
    assert "Hendra Saputra" in closing.tables[0].rows[-1].cells[1].text
    assert [p.text for p in closing.tables[1].rows[0].cells[0].paragraphs][-1] == "NIP 19720315 199803 2 004"


def _office_template(path: Path) -> None:
    """A template the way an office downloads it from SRIKANDI: its own kop and parameters."""
    document = Document()
    document.add_paragraph("PEMERINTAH KOTA PAGAR ALAM — KOP SRIKANDI")
    document.add_paragraph("Nomor: ${nomor_naskah}   Tanggal: ${tanggal_naskah}")
    document.add_paragraph("{{isi}}")
    document.add_paragraph("${jabatan_pengirim}")
    document.add_paragraph("${ttd_pengirim}")
    document.add_paragraph("${nama_pengirim}")
    document.add_paragraph("{{lampiran}}")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _use_office_template(project: Path) -> Path:
    template = project / "site_templates" / "docx" / "undangan-srikandi.docx"
    _office_template(template)
    office = project / "records" / "kantor.yaml"
    office.write_text(
        office.read_text(encoding="utf-8").replace(
            "  # templat_docx:", "  templat_docx:\n    undangan: site_templates/docx/undangan-srikandi.docx\n  # x:"
        ),
        encoding="utf-8",
    )
    return template


def test_an_office_template_keeps_its_parameters(project: Path, tmp_path: Path) -> None:
    _use_office_template(project)
    out = tmp_path / "keluar"
    code = main(
        ["dokumen", "2024-menjahit-1", "--docx", "--jenis", "undangan", "--repo", str(project), "--keluar", str(out)]
    )
    assert code == 0
    text = docx_text((out / "undangan.docx").read_bytes())
    assert text.startswith(
        "PEMERINTAH KOTA PAGAR ALAM — KOP SRIKANDI Nomor: ${nomor_naskah} Tanggal: ${tanggal_naskah}"
    )
    assert PARAMETER.findall(text)[-3:] == ["${jabatan_pengirim}", "${ttd_pengirim}", "${nama_pengirim}"] or (
        "${jabatan_pengirim} ${ttd_pengirim} ${nama_pengirim}" in text
    )
    assert "Persyaratan calon peserta:" in text and "DAFTAR TUJUAN SURAT UNDANGAN" in text
    assert "Tembusan" not in text  # the template has no {{tembusan}}: that part is the template's
    assert "DINAS PENANAMAN MODAL" not in text.split("Persyaratan")[0]  # Jejak's kop is not added


def test_a_template_without_the_body_marker_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = project / "site_templates" / "docx" / "kosong.docx"
    broken.parent.mkdir(parents=True, exist_ok=True)
    Document().save(str(broken))
    office = project / "records" / "kantor.yaml"
    office.write_text(
        office.read_text(encoding="utf-8").replace(
            "  # templat_docx:", "  templat_docx:\n    keputusan: site_templates/docx/kosong.docx\n  # x:"
        ),
        encoding="utf-8",
    )
    code = main(
        [
            "dokumen",
            "2024-menjahit-1",
            "--docx",
            "--jenis",
            "keputusan",
            "--repo",
            str(project),
            "--keluar",
            str(tmp_path),
        ]
    )
    assert code == 1
    assert "templat Word 'site_templates/docx/kosong.docx' tidak memuat penanda {{isi}}" in capsys.readouterr().err


def test_a_misnamed_or_missing_template_is_refused_by_validation(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = project / "records" / "kantor.yaml"
    office.write_text(
        office.read_text(encoding="utf-8").replace(
            "  # templat_docx:",
            "  templat_docx:\n    undagan: site_templates/docx/u.docx\n    keputusan: site_templates/docx/tidak-ada.docx\n  # x:",
        ),
        encoding="utf-8",
    )
    assert main(["validate", "--repo", str(project), str(office)]) == 1
    out = capsys.readouterr().out
    assert "galat: dokumen 'undagan' tidak ada di SOP\n  saran: mungkin maksud Anda 'undangan'?" in out
    assert "galat: templat Word 'site_templates/docx/tidak-ada.docx' tidak ditemukan di repositori" in out


def test_a_word_file_is_taken_from_the_cache_only_for_the_same_page_and_template(project: Path, tmp_path: Path):
    template = _use_office_template(project)
    ws = load_workspace(project, now=NOW)
    event = ws.event("2024-menjahit-1")
    assert event is not None
    html = next(h for info, h in document_pages(ws, event) if info.filename == "undangan")
    assert html is not None
    cache = tmp_path / "cache"
    write_docx([(html, tmp_path / "pertama.docx")], project, cache)
    assert (tmp_path / "pertama.docx").read_bytes() == html_to_docx(html, project)
    [entry] = cache.rglob("*.docx")
    store(cache, entry.stem, ".docx", b"PK\x03\x04 dari cache")  # what the cache holds is what a rebuild writes
    write_docx([(html, tmp_path / "kedua.docx")], project, cache)
    assert (tmp_path / "kedua.docx").read_bytes() == b"PK\x03\x04 dari cache"
    document = Document(str(template))  # the office edits its template; the page names the same file
    document.add_paragraph("Paraf Sekretaris: ${paraf_sekretaris}")
    document.save(str(template))
    write_docx([(html, tmp_path / "ketiga.docx")], project, cache)
    assert "${paraf_sekretaris}" in docx_text((tmp_path / "ketiga.docx").read_bytes())


def test_a_word_file_carries_only_what_it_uses(ws: Workspace) -> None:
    """Issue 22: no application properties, only the default styles, and the logo's PNG (for
    LibreOffice and Word before 2016) the same pixels as Pillow's PNG, smaller and stored as is."""
    import zipfile

    import cairosvg
    from PIL import Image, ImageChops

    from generator.documents.docx_package import LOGO_PIXELS

    event = next(e for e in ws.events if e.code == "2024-menjahit-1")
    html = next(html for _, html in document_pages(ws, event) if html is not None)
    with zipfile.ZipFile(io.BytesIO(html_to_docx(html, ws.root))) as package:
        names = package.namelist()
        styles = package.read("word/styles.xml").decode()
        png, svg = package.read("word/media/gambar1.png"), package.read("word/media/gambar1.svg")
        assert package.getinfo("word/media/gambar1.png").compress_type == zipfile.ZIP_STORED
    assert not [name for name in names if name.startswith("docProps/") and name != "docProps/core.xml"]
    assert re.findall(r'w:styleId="(\w+)"', styles) == ["Normal", "TableNormal"]
    drawn = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg, output_width=LOGO_PIXELS, unsafe=False)))
    pillow = io.BytesIO()
    drawn.convert("RGBA").quantize(32, method=Image.Quantize.FASTOCTREE).save(pillow, "PNG", optimize=True)
    ours = Image.open(io.BytesIO(png)).convert("RGBA")
    assert ImageChops.difference(ours, Image.open(pillow).convert("RGBA")).getbbox() is None
    assert len(png) < len(pillow.getvalue())


def test_a_detailed_logo_goes_into_a_word_file_as_its_picture_only(project: Path) -> None:
    """An office's real emblem is often an SVG of 100 KB and more: copied beside its PNG into every
    Word file (about 13 an event), it would outweigh the documents. Only an SVG no larger than its
    PNG, compressed, goes in (the sample's, above); a detailed one leaves the PNG alone."""
    import random
    import zipfile

    ws = load_workspace(project, now=NOW)
    logo = project / ws.office.letterhead.logo
    pick = random.Random(7).randint
    curves = "".join(
        f'<path d="M{pick(5, 95)} {pick(5, 115)} C{pick(5, 95)} {pick(5, 115)} {pick(5, 95)} {pick(5, 115)} '
        f'{pick(5, 95)} {pick(5, 115)} Z" fill="#{pick(0, 0xFFFFFF):06x}" />\n'
        for _ in range(1500)
    )
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", curves + "</svg>"), encoding="utf-8")
    assert logo.stat().st_size > 60_000
    ws = load_workspace(project, now=NOW)
    event = next(e for e in ws.events if e.code == "2024-menjahit-1")
    html = next(html for _, html in document_pages(ws, event) if html is not None)
    data = html_to_docx(html, project)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        body = package.read("word/document.xml").decode()
        links = package.read("word/_rels/document.xml.rels").decode()
        png = package.read("word/media/gambar1.png")
    assert "word/media/gambar1.svg" not in names and "svgBlip" not in body and ".svg" not in links
    assert png.startswith(b"\x89PNG") and 'r:embed="rIdGambar1"' in body
    assert len(data) < 20_000  # its SVG alone is about 26 KB compressed
