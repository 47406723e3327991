"""Attachments (scans of signed letters, receipts): relative paths inside the repository,
PDF/JPEG/PNG by content, under the size limit; every refusal points at the record's line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import NOW

from generator.cli.main import main
from generator.records.attachments import MAX_BYTES, attachments_of, judge
from generator.records.workspace import load_workspace

RECORD = Path("records/2024/2024-menjahit-1.yaml")


def _pdf(width: int = 595, padding: int = 0) -> bytes:
    """A real one-page PDF (published PDFs are read and written again, without metadata), made
    larger by a stream of `padding` bytes."""
    from io import BytesIO

    from pypdf import PdfWriter
    from pypdf.generic import StreamObject

    writer = PdfWriter()
    writer.add_blank_page(width, 842)
    if padding:
        stream = StreamObject()
        stream.set_data(b" " * padding)
        writer._add_object(stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_of_size(size: int) -> bytes:
    padding = size - len(_pdf())
    for _ in range(4):  # the stream's /Length and the offsets take a few more digits
        data = _pdf(padding=padding)
        if len(data) == size:
            break
        padding -= len(data) - size
    return data


PDF = _pdf()
OTHER_PDF = _pdf(420)


def _image(kind: str) -> bytes:
    """A real (tiny) image: published images are decoded and saved again without metadata."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, kind)
    return out.getvalue()


JPEG = _image("JPEG")
PNG = _image("PNG")
ANCHOR = "    paraf: {oleh: yusuf-hidayat, waktu: 2024-02-01 10:02}\n"


def attach(project: Path, *paths: str) -> list[int]:
    """Add a `lampiran` list to step 5 of the complete sample; return each berkas line."""
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    items = "".join(f"      - {{berkas: {json.dumps(p, ensure_ascii=False)}, keterangan: Pindaian}}\n" for p in paths)
    text = text.replace(ANCHOR, ANCHOR + "    lampiran:\n" + items)
    record.write_text(text, encoding="utf-8")
    first = text[: text.index("    lampiran:\n")].count("\n") + 2
    return [first + i for i in range(len(paths))]


def put(project: Path, rel: str, content: bytes) -> Path:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def problems(project: Path) -> list[tuple[int, str, str | None]]:
    workspace = load_workspace(project, now=NOW)
    return [(p.line, p.message, p.hint) for p in workspace.problems if p.code == "lampiran"]


def test_pdf_jpeg_and_png_inside_the_repository_are_accepted(project: Path):
    put(project, "lampiran/2024-menjahit-1/undangan-bertanda-tangan.pdf", PDF)
    put(project, "lampiran/2024-menjahit-1/foto kegiatan (1).JPG", JPEG)
    put(project, "lampiran/2024-menjahit-1/tanda_terima.png", PNG)
    attach(
        project,
        "lampiran/2024-menjahit-1/undangan-bertanda-tangan.pdf",
        "lampiran/2024-menjahit-1/foto kegiatan (1).JPG",
        "lampiran/2024-menjahit-1/tanda_terima.png",
    )
    workspace = load_workspace(project, now=NOW)
    assert workspace.ok, workspace.problems
    event = workspace.event("2024-menjahit-1")
    found = attachments_of(event, workspace.sops[event.sop], project)
    assert [(a.path, a.step, a.kind) for a in found] == [
        ("lampiran/2024-menjahit-1/undangan-bertanda-tangan.pdf", 5, "PDF"),
        ("lampiran/2024-menjahit-1/foto kegiatan (1).JPG", 5, "JPEG"),
        ("lampiran/2024-menjahit-1/tanda_terima.png", 5, "PNG"),
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("../rahasia.pdf", "jalur lampiran '../rahasia.pdf' tidak boleh memuat '..'"),
        ("lampiran/../../rahasia.pdf", "jalur lampiran 'lampiran/../../rahasia.pdf' tidak boleh memuat '..'"),
        ("/etc/passwd.pdf", "jalur lampiran '/etc/passwd.pdf' harus relatif terhadap akar repositori"),
        ("C:\\Dokumen\\surat.pdf", "jalur lampiran 'C:\\Dokumen\\surat.pdf' harus relatif terhadap akar repositori"),
        (
            "https://contoh.test/surat.pdf",
            "jalur lampiran 'https://contoh.test/surat.pdf' harus relatif terhadap akar repositori",
        ),
        ("javascript:alert(1).pdf", "jalur lampiran 'javascript:alert(1).pdf' harus relatif terhadap akar repositori"),
        ("lampiran/surat.docx", "lampiran 'lampiran/surat.docx' harus berupa PDF, JPEG atau PNG"),
        ("lampiran/tidak-ada.pdf", "berkas lampiran 'lampiran/tidak-ada.pdf' tidak ditemukan"),
        (
            "lampiran/<b>surat</b>.pdf",
            "nama berkas lampiran 'lampiran/<b>surat</b>.pdf' memuat karakter yang tidak diizinkan",
        ),
        ("lampiran//surat.pdf", "nama berkas lampiran 'lampiran//surat.pdf' memuat karakter yang tidak diizinkan"),
        (".git/config.pdf", "nama berkas lampiran '.git/config.pdf' memuat karakter yang tidak diizinkan"),
    ],
)
def test_bad_paths_are_refused_at_their_line(project: Path, written: str, message: str):
    (line,) = attach(project, written)
    found = problems(project)
    assert [(p[0], p[1]) for p in found] == [(line, message)]
    assert found[0][2]  # always a hint


@pytest.mark.parametrize("char", ["\u200b", "\u202e"])
def test_invisible_characters_in_a_path_are_refused_by_the_loader_first(project: Path, char: str):
    (line,) = attach(project, f"lampiran/{char}gpj.pdf")
    found = [p for p in load_workspace(project, now=NOW).problems if p.is_error]
    assert [(p.line, p.message) for p in found] == [(line, f"berkas memuat karakter tak terlihat (U+{ord(char):04X})")]


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\x1b", "\u2028"])
def test_invisible_characters_in_a_path_are_refused_by_the_attachment_check_too(project: Path, char: str):
    put(project, f"lampiran/{char}gpj.pdf", PDF)
    why, hint, kind = judge(f"lampiran/{char}gpj.pdf", project, project.resolve())
    assert why == f"nama berkas lampiran 'lampiran/<U+{ord(char):04X}>gpj.pdf' memuat karakter yang tidak diizinkan"
    assert hint and kind == ""


def test_content_must_match_the_extension(project: Path):
    put(project, "lampiran/palsu.pdf", PNG)
    put(project, "lampiran/teks.png", b"<html><script>alert(1)</script></html>")
    put(project, "lampiran/kosong.jpg", b"")
    lines = attach(project, "lampiran/palsu.pdf", "lampiran/teks.png", "lampiran/kosong.jpg")
    assert [(line, message) for line, message, _ in problems(project)] == [
        (lines[0], "berkas lampiran 'lampiran/palsu.pdf' berakhiran .pdf tetapi isinya PNG"),
        (lines[1], "berkas lampiran 'lampiran/teks.png' berakhiran .png tetapi isinya bukan PDF, JPEG atau PNG"),
        (lines[2], "berkas lampiran 'lampiran/kosong.jpg' berakhiran .jpg tetapi isinya bukan PDF, JPEG atau PNG"),
    ]


def test_size_limit(project: Path):
    big = put(project, "lampiran/besar.pdf", PDF)
    with big.open("r+b") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 10 MiB written to disk
    put(project, "lampiran/pas.pdf", _pdf_of_size(MAX_BYTES))  # exactly at the limit, and still a PDF
    lines = attach(project, "lampiran/besar.pdf", "lampiran/pas.pdf")
    assert problems(project) == [
        (
            lines[0],
            "berkas lampiran 'lampiran/besar.pdf' terlalu besar (10.0 MiB; batas 10 MiB)",
            "pindai ulang dengan resolusi lebih rendah (150–200 dpi cukup untuk surat)",
        ),
    ]


def test_symlinks_are_judged_by_where_they_lead(project: Path, tmp_path: Path):
    outside = tmp_path / "di-luar.pdf"
    outside.write_bytes(PDF)
    folder = project / "lampiran"
    folder.mkdir()
    os.symlink(outside, folder / "bocor.pdf")
    os.symlink(tmp_path, folder / "semua")  # a folder link: the file behind it is outside too
    put(project, "lampiran/asli.pdf", PDF)
    os.symlink("asli.pdf", folder / "salinan.pdf")  # inside: fine
    os.symlink(project / ".git-tidak-ada", folder / "putus.pdf")  # dangling
    lines = attach(
        project, "lampiran/bocor.pdf", "lampiran/semua/di-luar.pdf", "lampiran/salinan.pdf", "lampiran/putus.pdf"
    )
    hint = "simpan salinan berkasnya di dalam repositori, bukan tautan simbolik ke tempat lain"
    assert problems(project) == [
        (lines[0], "berkas lampiran 'lampiran/bocor.pdf' menunjuk ke luar repositori", hint),
        (lines[1], "berkas lampiran 'lampiran/semua/di-luar.pdf' menunjuk ke luar repositori", hint),
        (
            lines[3],
            "berkas lampiran 'lampiran/putus.pdf' tidak ditemukan",
            "unggah berkasnya ke repositori, atau tulis jalur dari akar repositori, "
            "misalnya lampiran/2024-menjahit-1/undangan-bertanda-tangan.pdf",
        ),
    ]


def test_a_link_into_git_internals_is_outside(project: Path):
    put(project, ".git/objects/rahasia", PDF)
    (project / "lampiran").mkdir()
    os.symlink(project / ".git" / "objects" / "rahasia", project / "lampiran" / "objek.pdf")
    (line,) = attach(project, "lampiran/objek.pdf")
    assert [p[:2] for p in problems(project)] == [
        (line, "berkas lampiran 'lampiran/objek.pdf' menunjuk ke luar repositori")
    ]


def test_a_folder_is_not_a_file(project: Path):
    (project / "lampiran" / "map.pdf").mkdir(parents=True)
    (line,) = attach(project, "lampiran/map.pdf")
    assert [p[:2] for p in problems(project)] == [(line, "'lampiran/map.pdf' bukan berkas")]


def test_proof_of_delivery_is_an_attachment_too(project: Path):
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    old = "penerima: Sekretariat Dinas Tenaga Kerja Kabupaten Lahat}"
    text = text.replace(old, old[:-1] + ", bukti: lampiran/resi-lahat.jpg}")
    record.write_text(text, encoding="utf-8")
    line = text[: text.index("resi-lahat")].count("\n") + 1
    assert [p[:2] for p in problems(project)] == [(line, "berkas lampiran 'lampiran/resi-lahat.jpg' tidak ditemukan")]
    put(project, "lampiran/resi-lahat.jpg", JPEG)
    assert problems(project) == []
    workspace = load_workspace(project, now=NOW)
    event = workspace.event("2024-menjahit-1")
    assert event is not None
    assert [(a.path, a.step, a.description) for a in attachments_of(event, workspace.sops[event.sop], project)] == [
        ("lampiran/resi-lahat.jpg", 6, "Bukti kirim ke Kabupaten Lahat")
    ]


def test_jejak_validate_reports_the_attachment(project: Path, capsys: pytest.CaptureFixture[str]):
    (line,) = attach(project, "../../../etc/shadow.png")
    code = main(["validate", "--repo", str(project)])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        f"{RECORD.as_posix()}:{line}:18: galat: jalur lampiran '../../../etc/shadow.png' tidak boleh memuat '..'"
    ) in out
    assert "Traceback" not in out


def test_the_portal_links_and_publishes_attachments(project: Path):
    from generator.portal.site import build_site

    put(project, "lampiran/2024-menjahit-1/undangan bertanda tangan (1).pdf", PDF)
    put(project, "lampiran/lain/undangan bertanda tangan (1).pdf", OTHER_PDF)
    put(project, "lampiran/resi-lahat.jpg", JPEG)
    attach(
        project,
        "lampiran/2024-menjahit-1/undangan bertanda tangan (1).pdf",
        "lampiran/lain/undangan bertanda tangan (1).pdf",
    )
    record = project / RECORD
    old = "penerima: Sekretariat Dinas Tenaga Kerja Kabupaten Lahat}"
    record.write_text(
        record.read_text(encoding="utf-8").replace(old, old[:-1] + ", bukti: lampiran/resi-lahat.jpg}"),
        encoding="utf-8",
    )
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    folder = site / "kegiatan" / "2024-menjahit-1"
    page = (folder / "index.html").read_text(encoding="utf-8")
    links = [
        'href="lampiran/1-undangan%20bertanda%20tangan%20%281%29.pdf"',
        'href="lampiran/2-undangan%20bertanda%20tangan%20%281%29.pdf"',
        'href="lampiran/3-resi-lahat.jpg"',
    ]
    for link in links:
        assert link in page, link
    assert "Bukti kirim ke Kabupaten Lahat" in page
    from generator.records.pdfs import clean_pdf  # published written again, without metadata

    assert (folder / "lampiran" / "1-undangan bertanda tangan (1).pdf").read_bytes() == clean_pdf(PDF)
    assert (folder / "lampiran" / "2-undangan bertanda tangan (1).pdf").read_bytes() == clean_pdf(OTHER_PDF)
    from PIL import Image  # published re-encoded, without metadata (tests/test_hostile_channels.py)

    with Image.open(folder / "lampiran" / "3-resi-lahat.jpg") as published:
        assert (published.format, published.size) == ("JPEG", (8, 8))
    other = (site / "kegiatan" / "2026-barista-1" / "index.html").read_text(encoding="utf-8")
    assert "Lampiran" not in other and not (site / "kegiatan" / "2026-barista-1" / "lampiran").exists()
