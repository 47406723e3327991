"""The documents an event produces: which ones, whether they can be made yet, and their
printable HTML (and PDF through pdf.py).

Python builds every value (letters.py, reports.py); the Jinja2 templates in
site_templates/dokumen/ only place them. A document whose data is missing is never
rendered: it is listed with `ready=False` and the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.documents import letters, reports
from generator.documents.common import Kop, Missing, Sources, kop, paraf_boxes
from generator.records.model import Event, SopDocument
from generator.records.workspace import Workspace
from generator.templates import environment

PAPERS = {"F4": ("215mm", "330mm"), "A4": ("210mm", "297mm")}
MONEY_STYLE: dict[str, Any] = {}  # money() defaults: `Rp1.500.000,00`

Builder = Callable[[Sources, SopDocument, "str | None", bool], dict[str, Any]]


@dataclass(frozen=True)
class DocumentInfo:
    kind: str  # the document id in the SOP: rencana-kerja, undangan, pengantar, keputusan, ...
    title: str  # Indonesian title shown in the portal
    step: int  # SOP step that produces it
    ready: bool  # all data present
    reason: str | None  # when not ready: Indonesian, names the step and field
    draft: bool  # still KONSEP
    filename: str  # base name without extension, unique within the event


def _plan(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    return reports.rencana_kerja(src, doc, key, draft, money_style=MONEY_STYLE)


# Builders of the documents the SOP files name, by document id. An id without a builder of
# its own gets `generic`: its template reads the event, its steps and the office directly.
BUILDERS: dict[str, Builder] = {
    "rencana-kerja": _plan,
    "undangan": letters.undangan,
    "pengantar": letters.pengantar,
    "keputusan": letters.keputusan,
    "keputusan-salinan": letters.salinan,
    "tanda-terima": reports.tanda_terima,
    "rekap-calon": reports.rekap_calon,
    "notulen": reports.notulen,
    "daftar-hadir": reports.daftar_hadir,
    "laporan": reports.laporan,
}


def builder(doc: SopDocument) -> Builder:
    return BUILDERS.get(doc.id, reports.generic)


# --- catalogue -------------------------------------------------------------------------


def sources(workspace: Workspace, event: Event) -> Sources:
    if workspace.office is None:
        raise ValueError("data kantor (records/kantor.yaml) tidak dapat dibaca")
    sop = workspace.sops.get(event.sop)
    if sop is None:
        raise ValueError(f"SOP '{event.sop}' tidak dikenal")
    return Sources(workspace.root, event, sop, workspace.office)


def list_documents(workspace: Workspace, event: Event) -> list[DocumentInfo]:
    """Every document of the event, ready or with the reason it cannot be made yet."""
    return [info for info, _ in document_pages(workspace, event, render=False)]


def _variants(src: Sources, doc: SopDocument) -> list[tuple[str | None, str | None]]:
    """(key, title suffix) per document: one per addressee where the SOP and the record say so."""
    if not doc.addressees:
        return [(None, None)]
    try:
        targets = letters.addressee_slugs(src, doc.addressees)
        split = doc.per_addressee_when is None or src.need(doc.per_addressee_when) == "per_tujuan"
    except Missing:
        return [(None, None)]
    if not split:
        return [(None, None)]
    return [(key, item["wilayah"]) for key, item in targets]


def _built(
    src: Sources, doc: SopDocument, key: str | None, suffix: str | None, draft: bool
) -> tuple[DocumentInfo, dict[str, Any] | None]:
    """The document's info and, when ready, the context its builder made (None when not)."""
    title = f"{doc.title} — {suffix}" if suffix else doc.title
    filename = f"{doc.id}-{key}" if key else doc.id
    try:
        body = builder(doc)(src, doc, key, draft)
    except Missing as missing:
        return DocumentInfo(doc.id, title, doc.step, False, missing.reason, draft, filename), None
    return DocumentInfo(doc.id, title, doc.step, True, None, draft, filename), body


# --- rendering -------------------------------------------------------------------------


def render_html(workspace: Workspace, event: Event, info: DocumentInfo, *, paper: str = "F4") -> str:
    """Self-contained printable HTML of one document; ValueError when it cannot be made."""
    if not info.ready:
        raise ValueError(f"{info.title} belum dapat dibuat: {info.reason}")
    for found, html in document_pages(workspace, event, paper=paper, only=info.filename):
        if html is not None:
            return html
        raise ValueError(f"{found.title} belum dapat dibuat: {found.reason}")
    raise ValueError(f"{info.title} tidak ada lagi di SOP '{event.sop}'")


def render_ready(workspace: Workspace, event: Event, *, paper: str = "F4") -> list[tuple[DocumentInfo, str]]:
    """Every ready document of the event with its HTML, each built once (`jejak build`)."""
    return [(info, html) for info, html in document_pages(workspace, event, paper=paper) if html is not None]


def document_pages(
    workspace: Workspace, event: Event, *, render: bool = True, paper: str = "F4", only: str | None = None
) -> list[tuple[DocumentInfo, str | None]]:
    """Every document of the event with its HTML (None when not ready or not `render`)."""
    if paper not in PAPERS:
        raise ValueError(f"ukuran kertas '{paper}' tidak dikenal; pilih {' atau '.join(PAPERS)}")
    src = sources(workspace, event)
    env, letterhead = (environment(workspace.root), kop(src)) if render else (None, None)
    pages: list[tuple[DocumentInfo, str | None]] = []
    for doc in src.sop.documents:
        draft = doc.approval is not None and not src.done(doc.approval)
        for key, suffix in _variants(src, doc):
            if only is not None and only != (f"{doc.id}-{key}" if key else doc.id):
                continue
            info, body = _built(src, doc, key, suffix, draft)
            html = None
            if body is not None and letterhead is not None:
                html = _render(env, src, doc, info, body, paper, letterhead)
            pages.append((info, html))
    return pages


def _render(
    environment: Any,
    src: Sources,
    doc: SopDocument,
    info: DocumentInfo,
    body: dict[str, Any],
    paper: str,
    letterhead: Kop,
) -> str:
    context = {**body, **_frame(src, doc, info, paper, letterhead)}
    return environment.get_template(f"dokumen/{doc.template}").render(context)


def _frame(src: Sources, doc: SopDocument, info: DocumentInfo, paper: str, letterhead: Kop) -> dict[str, Any]:
    """What every page needs besides its own content: kop, paper, konsep marks."""
    width, height = PAPERS[paper]
    day = src.step_date(doc.approval or doc.step) or src.event.start
    return {
        "doc_title": f"{info.title} — {src.event.name}",
        "kop": letterhead,
        "paper_width": width,
        "paper_height": height,
        "draft": info.draft,
        "paraf": paraf_boxes(src, doc, day) if info.draft else (),
        "draft_note": f"KONSEP — belum disahkan (langkah {doc.approval} belum selesai)" if info.draft else "",
        "kind_id": doc.id,
        "docx_template": docx_template_name(src, doc.id),
    }


def docx_template_name(src: Sources, doc_id: str) -> str:
    """The office's Word template of a document (`naskah.templat_docx`), or '' for Jejak's own."""
    return str(src.office.letters.get("templat_docx", {}).get(doc_id, ""))


# --- writing ---------------------------------------------------------------------------


def write_documents(
    workspace: Workspace,
    event: Event,
    out_dir: Path,
    *,
    pdf: bool = False,
    cache_dir: Path | None = None,
    paper: str = "F4",
    kinds: Collection[str] | None = None,
    docx: bool = False,
) -> list[Path]:
    """Write the event's ready documents as HTML (and PDF, and Word); returns the files written."""
    pages = [
        (info, html)
        for info, html in document_pages(workspace, event, paper=paper)
        if kinds is None or info.kind in kinds
    ]
    return write_pages(pages, out_dir, pdf=pdf, cache_dir=cache_dir, docx_root=workspace.root if docx else None)


def write_pages(
    documents: Sequence[tuple[DocumentInfo, str | None]],
    out_dir: Path,
    *,
    pdf: bool = False,
    cache_dir: Path | None = None,
    docx_root: Path | None = None,
) -> list[Path]:
    """Write already built documents (those with HTML) as HTML files, PDFs when asked, and
    Word files for SRIKANDI when given the repository root (its Word templates)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pages: list[tuple[str, Path]] = []
    for info, html in documents:
        if html is None:
            continue
        target = out_dir / f"{info.filename}.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
        pages.append((html, out_dir / f"{info.filename}.pdf"))
    if pdf and pages:
        from generator.documents.pdf import render_pdfs

        render_pdfs(pages, cache_dir)
        written += [target for _, target in pages]
    if docx_root is not None and pages:
        from generator.documents.docx import write_docx

        written += write_docx([(html, target.with_suffix(".docx")) for html, target in pages], docx_root, cache_dir)
    return written
