"""Word files are checked like the PDFs (issue 23): every sample document's Word file, turned
into a PDF by LibreOffice (headless, as a clerk's or SRIKANDI's converter would), passes the
same pagination checker as the printed PDF on F4 and A4, and has within one page as many pages.
Page images of one Word file of each kind go to test-output/dokumen-word/ beside the PDFs'
(test-output/dokumen/) for a reviewer."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import NOW, REPO, one_worker_at_a_time
from lxml import html as lxml_html
from pypdf import PdfReader
from test_pagination import page_problems

from generator.documents.docx import write_docx
from generator.documents.pdf import render_pdfs
from generator.documents.render import document_pages
from generator.records.workspace import load_workspace

Printed = list[tuple[str, str, str, Path, Path]]  # paper, event, html, PDF, PDF of the Word file


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
    workspace = load_workspace(REPO, now=NOW)
    work = tmp_path_factory.mktemp("word-cetak")
    pdfs, words, found = [], [], []
    for paper in ("F4", "A4"):
        for event in workspace.events:
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


def test_every_word_file_paginates_like_its_pdf(printed: Printed) -> None:
    assert len(printed) >= 70  # 39 documents of the samples on two papers
    problems, counts = [], []
    for paper, code, html, pdf, word in printed:
        problems += [f"{paper} {code}/{word.stem}: {p}" for p in page_problems(word_html(html), word)]
        pages, word_pages = len(PdfReader(pdf).pages), len(PdfReader(word).pages)
        counts.append((word.stem, pages, word_pages))
    assert problems == []
    assert [c for c in counts if abs(c[1] - c[2]) > 1] == []


def test_page_images_of_one_word_file_of_each_kind(printed: Printed, shots, tmp_path: Path) -> None:
    """PNG pages of the first ready Word file of each kind on F4, beside the PDF's own images."""
    seen: dict[str, Path] = {}
    for paper, code, _, _, word in printed:
        kind = re.sub(r"-(kabupaten|kota)-.*$", "", word.stem.split("--")[-1])
        if paper != "F4" or kind in seen or code == "2027-tata-rias-1":
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
