"""Word files are checked like the PDFs (issue 23): every document's Word file, of the samples
and of the event the developers had not seen (tests/kegiatan_baru/: 13 days of attendance, 40
participants, six regions), turned into a PDF by LibreOffice (headless, as a clerk's or
SRIKANDI's converter would), passes the same pagination checker as the printed PDF on F4 and
A4, has within one page as many pages, and sets its text at the sizes the PDF's CSS gives it.
Page images of one Word file of each kind go to test-output/dokumen-word/ (samples, F4) and
test-output/dokumen-word-baru/ (the new event, F4 and A4) beside the PDFs' for a reviewer."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import NOW, REPO, copy_project, one_worker_at_a_time
from lxml import html as lxml_html
from new_event import CODE, with_new_event
from pypdf import PdfReader
from test_pagination import beyond_margins, page_problems

from generator.documents.docx import write_docx
from generator.documents.pdf import render_pdfs
from generator.documents.render import document_pages
from generator.records.workspace import load_workspace

Printed = list[tuple[str, str, str, Path, Path]]  # paper, event, html, PDF, PDF of the Word file
FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)pt")
RUN_SIZE = re.compile(r'<w:sz w:val="(\d+)"/>')
NIP = re.compile(r"NIP \d{8} \d{6} \d \d{3}")


def word_html(html: str) -> str:
    """The page as the Word file shows it: SRIKANDI's parameters where the number, the date and
    the signature stand (so the checker knows `${ttd_pengirim}` belongs to the signature)."""
    page = lxml_html.document_fromstring(html)
    for element in page.xpath("//*[@data-srikandi]"):
        tail = element.tail
        for child in list(element):
            element.remove(child)
        element.text, element.tail = "${" + element.get("data-srikandi") + "}", tail
    return lxml_html.tostring(page, encoding="unicode")


def convert(files: list[Path], out: Path, profile: Path) -> None:
    """Word files to PDFs with LibreOffice, all in one run (its start costs seconds)."""
    out.mkdir(parents=True, exist_ok=True)
    command = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=900)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, rendered_cache: Path) -> Printed:
    """Every ready document of the samples and of the new event, on F4 and A4: its PDF, its Word
    file and that file as LibreOffice prints it (one LibreOffice run: its start costs seconds)."""
    work = tmp_path_factory.mktemp("word-cetak")
    new = with_new_event(copy_project(work / "repo-baru"))
    pdfs, words, found = [], [], []
    for root, only in ((REPO, None), (new, CODE)):
        workspace = load_workspace(root, now=NOW)
        assert workspace.ok
        for paper in ("F4", "A4"):
            for event in workspace.events:
                if only is not None and event.code != only:
                    continue
                for info, html in document_pages(workspace, event, paper=paper):
                    if html is None:
                        continue
                    stem = f"{paper}--{event.code}--{info.filename}"
                    pdfs.append((html, work / "pdf" / f"{stem}.pdf"))
                    words.append((html, work / "word" / f"{stem}.docx"))
                    found.append((paper, event.code, html, work / "pdf" / f"{stem}.pdf", work / "lo" / f"{stem}.pdf"))
    with one_worker_at_a_time(rendered_cache, "sample-pdfs"):
        render_pdfs(pdfs, rendered_cache)
    write_docx(words, REPO, rendered_cache)
    convert([target for _, target in words], work / "lo", work / "profil-libreoffice")
    return found


def _paginates_like_its_pdf(printed: Printed) -> None:
    problems, counts = [], []
    for paper, code, html, pdf, word in printed:
        problems += [f"{paper} {code}/{word.stem}: {p}" for p in page_problems(word_html(html), word)]
        problems += [f"{paper} {code}/{word.stem}: {p}" for p in beyond_margins(word)]
        counts.append((word.stem, len(PdfReader(pdf).pages), len(PdfReader(word).pages)))
    assert problems == []
    assert [c for c in counts if abs(c[1] - c[2]) > 1] == []


def test_every_word_file_paginates_like_its_pdf(printed: Printed) -> None:
    samples = [p for p in printed if p[1] != CODE]
    assert len(samples) >= 70  # 39 documents of the samples on two papers
    _paginates_like_its_pdf(samples)


def test_the_new_events_word_files_paginate_like_its_pdfs(printed: Printed) -> None:
    """Three weekly attendance sheets of 40 rows, six receipt slips, a two-page annex: every kind
    on F4 and A4."""
    new = [p for p in printed if p[1] == CODE]
    assert len(new) == 2 * 20  # 6 invitations and 6 cover letters, one per region
    _paginates_like_its_pdf(new)


def test_each_weeks_signature_keeps_its_last_rows_and_the_header(printed: Printed) -> None:
    """LibreOffice keeps no table row with what follows: the last rows of a week's sheet and its
    signatures share one unsplittable row, so they move to the next page together, under the
    sheet's repeated header (as the PDF's do), and the signatures never stand alone."""
    for paper, code, _, _, word in printed:
        if code != CODE or word.stem.split("--")[-1] != "daftar-hadir":
            continue
        pages = _page_texts(word)
        signed = [page for page in pages if "Ketua Panitia," in page]
        assert len(signed) == 3, paper
        for page in signed:
            assert "Jumlah hadir" in page and "40. Maya Sari" in page and "Asal Kabupaten/Kota" in page, paper


def test_word_text_has_the_pdfs_sizes(printed: Printed) -> None:
    """No run of a Word file is set at a size the print's CSS does not give (a line that must not
    wrap once shrank to 7 pt: "Ditetapkan di" in the SALINAN), and every NIP stays on one line in
    the Word file as in the PDF (the Keputusan's annex)."""
    for paper, code, html, pdf, word in printed:
        css = html[: html.index("</style>")]
        sizes = {str(int(float(pt) * 2)) for pt in FONT_SIZE.findall(css)} | {"24", "2"}  # default, spacers
        with zipfile.ZipFile(word.parent.parent / "word" / f"{word.stem}.docx") as package:
            used = set(RUN_SIZE.findall(package.read("word/document.xml").decode()))
        assert used <= sizes, (paper, code, word.stem, used - sizes)
        nips = len(NIP.findall(" ".join(lxml_html.document_fromstring(html).body.itertext())))
        for printed_pdf in (pdf, word):
            text = subprocess.run(["pdftotext", str(printed_pdf), "-"], capture_output=True, text=True).stdout
            assert len(NIP.findall(text.replace("\u00a0", " "))) == nips, (paper, code, printed_pdf)


def _page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    return [" ".join(page.split()) for page in out.stdout.split("\f")[: len(PdfReader(pdf).pages)]]


def test_page_images_of_one_word_file_of_each_kind(printed: Printed, shots, tmp_path: Path) -> None:
    """PNG pages of the first ready Word file of each kind on F4, beside the PDF's own images."""
    seen: dict[str, Path] = {}
    for paper, code, _, _, word in printed:
        kind = re.sub(r"-(kabupaten|kota)-.*$", "", word.stem.split("--")[-1])
        if paper != "F4" or kind in seen or code in ("2027-tata-rias-1", CODE):
            continue
        prefix = shots(f"dokumen-word/{kind}-{code}") or tmp_path / f"{kind}-{code}"
        for old in prefix.parent.glob(f"{prefix.name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(word), str(prefix)], check=True)
        seen[kind] = prefix
    assert len(seen) == 10  # the nine documents of the SOP and the SALINAN of the Keputusan
    for kind, prefix in seen.items():
        pages = sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
        assert pages and all(page.stat().st_size > 1000 for page in pages), kind


def test_page_images_of_the_new_events_word_files(printed: Printed, shots, tmp_path: Path) -> None:
    """PNG pages of one Word file of each kind of the new event on F4 and A4, under
    test-output/dokumen-word-baru/ beside the PDF's own (test-output/dokumen-baru/, test_pagination)."""
    seen: set[tuple[str, str]] = set()
    for paper, code, _, _, word in printed:
        kind = re.sub(r"-(kabupaten|kota)-.*$", "", word.stem.split("--")[-1])
        if code != CODE or (paper, kind) in seen:
            continue
        seen.add((paper, kind))
        prefix = shots(f"dokumen-word-baru/{paper}/{kind}") or tmp_path / paper / kind
        prefix.parent.mkdir(parents=True, exist_ok=True)
        for old in prefix.parent.glob(f"{prefix.name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(word), str(prefix)], check=True)
        assert all(page.stat().st_size > 1000 for page in prefix.parent.glob(f"{prefix.name}-*.png")), (paper, kind)
    assert len(seen) == 2 * 10
