"""Every sample document printed on F4 and A4: no page holds only a signature block, a
"Ditetapkan" block, a konsep paraf table or a heading; a signature keeps at least two lines
of the text before it; no word (a kop line, a date column) leaves the margins. Page images of
one document of each kind go to test-output/ for a reviewer (issue 11). The same for the event
the developers had not seen (issue 23: tests/kegiatan_baru/, 13 days of attendance)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import NOW, REPO, copy_project, one_worker_at_a_time
from lxml import html as lxml_html
from new_event import CODE, with_new_event
from pypdf import PdfReader

from generator.documents.pdf import render_pdfs
from generator.documents.render import document_pages
from generator.records.workspace import load_workspace

CLOSING = ("ttd", "ditetapkan", "dua-ttd", "penerimaan", "tembusan", "paraf", "tanda-konsep", "catatan-konsep")
HEADINGS = ("judul",)
PAGE_NUMBER = re.compile(r"^- \d+ -$")
MARGINS_PT = (3 / 2.54 * 72, 2 / 2.54 * 72)  # left 3 cm, right 2 cm (the @page rule of _dasar.html)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
LIST_LABEL = re.compile(r"^(\d+|[a-z])\.\s+")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _texts(page, classes: tuple[str, ...], tags: tuple[str, ...] = ()) -> list[str]:
    """The text of every element with one of `classes` (and of every `tags` element)."""
    found = [e for e in page.iter() if isinstance(e.tag, str) and (set((e.get("class") or "").split()) & set(classes))]
    found += [e for tag in tags for e in page.iter(tag)]
    parts = [e for found_one in found for e in found_one.iter() if isinstance(e.tag, str)]
    return [_norm(" ".join(e.itertext())) for e in parts]


def _pages_lines(pdf: Path) -> list[list[list[str]]]:
    """Each page's lines as layout chunks (pdftotext separates pages with a form feed)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = out.split("\f")[: len(PdfReader(pdf).pages)]
    return [
        [
            chunks
            for line in page.splitlines()
            if (chunks := [c.strip() for c in re.split(r"\s{2,}", line) if c.strip()])
        ]
        for page in pages
    ]


def _kind_of(chunk: str, closing: list[str], headings: list[str]) -> str:
    if PAGE_NUMBER.match(chunk) or set(chunk.replace(" ", "")) <= set("KONSEP"):
        return "frame"  # the page number, the letters of the rotated KONSEP mark
    chunk = LIST_LABEL.sub("", chunk)  # "1. Wali Kota …": the label is drawn by the list, not in the text
    if len(chunk) <= 3:
        return "neutral"
    if any(chunk in text for text in closing):
        return "closing"
    if any(chunk in text for text in headings):
        return "heading"
    return "content"


def page_problems(html: str, pdf: Path) -> list[str]:
    page = lxml_html.document_fromstring(html)
    closing, headings = _texts(page, CLOSING), _texts(page, HEADINGS, ("h2",))
    problems = []
    pages = _pages_lines(pdf)
    count = len(pages)
    for number, page_lines in enumerate(pages, start=1):
        kinds = [[_kind_of(c, closing, headings) for c in chunks] for chunks in page_lines]
        lines = [k for k in kinds if set(k) - {"frame", "neutral"}]
        content = [k for k in lines if "content" in k]
        if lines and len(content) < 2:
            problems.append(f"halaman {number}: hanya tanda tangan/judul ({len(content)} baris isi)")
        if number < count and lines and set(lines[-1]) <= {"heading", "neutral"}:
            problems.append(f"halaman {number}: judul tertinggal di kaki halaman")
    return problems


def beyond_margins(pdf: Path) -> list[str]:
    """Words printed outside the left or right margin (a kop line too long, a table too wide)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    problems = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for left, right, word in WORD.findall(page):
            past = max(MARGINS_PT[0] - float(left), float(right) - (width - MARGINS_PT[1]))
            if past > 72 / 25.4:  # 1 mm: a justified line's last glyph may reach half a millimetre past
                problems.append(f"halaman {number}: '{word}' {past * 25.4 / 72:.1f} mm melewati margin")
    return problems


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, rendered_cache: Path) -> list[tuple[str, str, str, Path]]:
    """(paper, event code, html, pdf) of every ready sample document (through the run's cache:
    other tests print the same F4 letters)."""
    workspace = load_workspace(REPO, now=NOW)
    out = tmp_path_factory.mktemp("cetak")
    pages, found = [], []
    for paper in ("F4", "A4"):
        for event in workspace.events:
            for info, html in document_pages(workspace, event, paper=paper):
                if html is not None:
                    target = out / paper / event.code / f"{info.filename}.pdf"
                    pages.append((html, target))
                    found.append((paper, event.code, html, target))
    with one_worker_at_a_time(rendered_cache, "sample-pdfs"):
        render_pdfs(pages, rendered_cache)
    return found


def test_every_sample_document_paginates_cleanly(printed: list[tuple[str, str, str, Path]]) -> None:
    assert len(printed) >= 70  # 39 documents of the samples on two papers
    problems = [
        f"{paper} {code}/{pdf.name} {problem}"
        for paper, code, html, pdf in printed
        for problem in page_problems(html, pdf) + beyond_margins(pdf)
    ]
    assert problems == []


@pytest.fixture(scope="module")
def printed_new(tmp_path_factory: pytest.TempPathFactory, rendered_cache: Path) -> list[tuple[str, str, Path]]:
    """(paper, html, pdf) of every document of the new event: six regions, letters per addressee."""
    root = with_new_event(copy_project(tmp_path_factory.mktemp("baru") / "repo"))
    workspace = load_workspace(root, now=NOW)
    event = workspace.event(CODE)
    assert event is not None and workspace.ok
    out = tmp_path_factory.mktemp("cetak-baru")
    found = [
        (paper, html, out / paper / f"{info.filename}.pdf")
        for paper in ("F4", "A4")
        for info, html in document_pages(workspace, event, paper=paper)
        if html is not None
    ]
    render_pdfs([(html, pdf) for _, html, pdf in found], rendered_cache)
    return found


def test_the_new_events_documents_paginate_within_the_margins(printed_new: list[tuple[str, str, Path]]) -> None:
    """Its 13-day attendance sheet keeps every date column on F4 and A4 (one sheet a week)."""
    assert len(printed_new) == 2 * 20  # 6 invitations and 6 cover letters, one per region
    problems = [
        f"{paper} {pdf.name} {problem}"
        for paper, html, pdf in printed_new
        for problem in page_problems(html, pdf) + beyond_margins(pdf)
    ]
    assert problems == []
    attendance = {paper: pdf for paper, _, pdf in printed_new if pdf.stem == "daftar-hadir"}
    for paper, pdf in attendance.items():
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert all(f"{day}/8" in text for day in (10, 14, 18, 21, 24, 26, 28)), paper
        assert len(PdfReader(pdf).pages) <= 9, paper  # 40 rows and the signatures: at most 3 pages a week


def test_the_margin_check_sees_a_word_outside(tmp_path: Path) -> None:
    """The check itself: a line that cannot wrap runs past the right margin and is reported."""
    html = (
        "<html><head><style>@page { size: 210mm 297mm; margin: 2cm 2cm 2.5cm 3cm }</style></head><body>"
        "<p style='white-space: nowrap'>DINAS PENANAMAN MODAL, PELAYANAN TERPADU SATU PINTU DAN TENAGA KERJA</p>"
        "</body></html>"
    )
    pdf = tmp_path / "lebar.pdf"
    render_pdfs([(html, pdf)], None)
    found = beyond_margins(pdf)
    assert "halaman 1: 'TENAGA' 21.8 mm melewati margin" in found  # what runs past the page is not even printed


def test_page_images_of_the_new_event(printed_new: list[tuple[str, str, Path]], shots, tmp_path: Path) -> None:
    """PNG pages of one document of each kind of the new event on F4 and A4, for a reviewer:
    under test-output/dokumen-baru/ with `pytest --test-output`."""
    seen: set[tuple[str, str]] = set()
    for paper, _, pdf in printed_new:
        kind = re.sub(r"-(kabupaten|kota)-.*$", "", pdf.stem)
        if (paper, kind) in seen:
            continue
        seen.add((paper, kind))
        prefix = shots(f"dokumen-baru/{paper}/{kind}") or tmp_path / paper / kind
        prefix.parent.mkdir(parents=True, exist_ok=True)
        for old in prefix.parent.glob(f"{prefix.name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True)
        assert list(prefix.parent.glob(f"{prefix.name}-*.png")), (paper, kind)
    assert len(seen) == 2 * 10


def test_the_checker_sees_a_lone_signature(tmp_path: Path) -> None:
    """The page check itself: a signature pushed alone onto page 2 is reported."""
    filler = "".join(f"<p>Baris isi nomor {i} yang cukup panjang untuk satu baris.</p>" for i in range(20))
    html = (
        "<html><head><style>@page { size: 215mm 330mm; margin: 2cm }</style></head><body>"
        f"{filler}<div style='break-before: page' class='ttd'><div>KEPALA DINAS,</div>"
        "<div>Nama Pejabat Penanda</div><div>NIP 19690512 199403 1 003</div></div></body></html>"
    )
    pdf = tmp_path / "sendiri.pdf"
    render_pdfs([(html, pdf)], None)
    assert page_problems(html, pdf) == ["halaman 2: hanya tanda tangan/judul (0 baris isi)"]


def test_page_images_of_one_document_of_each_kind(
    printed: list[tuple[str, str, str, Path]], shots, tmp_path: Path
) -> None:
    """PNG pages of the first ready document of each kind on F4, for a reviewer: under
    test-output/dokumen/ with `pytest --test-output`, else in a temporary folder."""
    seen: dict[str, Path] = {}
    for paper, code, _, pdf in printed:
        kind = re.sub(r"-(kabupaten|kota)-.*$", "", pdf.stem)
        if paper != "F4" or kind in seen or code == "2027-tata-rias-1":
            continue
        prefix = shots(f"dokumen/{kind}-{code}") or tmp_path / f"{kind}-{code}"
        for old in prefix.parent.glob(f"{prefix.name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True)
        seen[kind] = prefix
    assert len(seen) == 10  # the nine documents of the SOP and the SALINAN of the Keputusan
    for kind, prefix in seen.items():
        pages = sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
        assert pages and all(page.stat().st_size > 1000 for page in pages), kind
