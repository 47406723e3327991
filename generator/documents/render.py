"""The documents an event produces: which ones, whether they can be made yet, and their
printable HTML (and PDF through pdf.py).

Python builds every value (letters.py, reports.py); the Jinja2 templates in
site_templates/dokumen/ only place them. A document whose data is missing is never
rendered: it is listed with `ready=False` and the reason.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from generator.documents.builders import BUILDERS, Builder
from generator.documents.common import Kop, Missing, Sources, addressee_slugs, kop, paraf_boxes
from generator.documents.office import office_document
from generator.problem import ERROR, Problem
from generator.records.kinds import REGION
from generator.records.model import Event, SopDocument
from generator.records.workspace import Workspace
from generator.templates import environment

PAPERS = {"F4": ("215mm", "330mm"), "A4": ("210mm", "297mm")}


@dataclass(frozen=True)
class DocumentInfo:
    kind: str  # the document id in the SOP: rencana-kerja, undangan, pengantar, keputusan, ...
    title: str  # Indonesian title shown in the portal
    step: int  # SOP step that produces it
    ready: bool  # all data present
    reason: str | None  # when not ready: Indonesian, names the step and field
    draft: bool  # still KONSEP
    filename: str  # base name without extension, unique within the event


def builder(doc: SopDocument) -> Builder:
    """The document's own builder (documents/builders.py), else the office's template reads
    the whole event (documents/office.py)."""
    return BUILDERS.get(doc.id, office_document)


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
        targets = addressee_slugs(src, doc.addressees)
        split = doc.per_addressee_when is None or src.need(doc.per_addressee_when) == "per_tujuan"
    except Missing:
        return [(None, None)]
    if not split:
        return [(None, None)]
    found = [k.path.rpartition(".") for k in src.sop.of_kind(REGION)]
    region = next((key for head, _, key in found if head == doc.addressees), "")
    return [(key, str(item.get(region) or key)) for key, item in targets]


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
    name = f"dokumen/{doc.template}"
    try:
        return environment.get_template(name).render(context)
    except TemplateError as exc:
        raise TemplateFailed(template_problem(src.root, name, exc)) from None


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


class TemplateFailed(ValueError):
    """A document template that cannot be rendered: its problem names the file and line."""

    def __init__(self, problem: Problem):
        super().__init__(f"{problem.path}:{problem.line}: {problem.message}")
        self.problem = problem


def template_problem(root: Path, name: str, exc: TemplateError) -> Problem:
    """`site_templates/dokumen/x.html:12: galat: …` for a template's error, never a traceback."""
    line = getattr(exc, "lineno", None)
    for frame in traceback.extract_tb(exc.__traceback__):  # Jinja maps its frames to the template
        if frame.filename.endswith(name):
            line = frame.lineno or line
    where = root / "site_templates" / name
    rel = f"site_templates/{name}" if where.is_file() else name
    return Problem(
        rel,
        line or 1,
        1,
        ERROR,
        f"templat dokumen tidak dapat dibuat: {_reason(exc)}",
        "periksa nama isian di templat; yang tersedia: isian (semua isian kegiatan menurut namanya), "
        "langkah, nomor, tanggal, judul, kegiatan, dated, ttd (lihat Panduan, dokumen kantor)",
        "templat-dokumen",
    )


def _reason(exc: TemplateError) -> str:
    text = " ".join(str(exc.message or exc).split())[:200]
    if found := re.search(r"has no attribute '([^']+)'", text):
        return f"isian '{found.group(1)}' tidak ada"
    if found := re.search(r"'([^']+)' is undefined", text):
        return f"'{found.group(1)}' tidak dikenal"
    return text


def template_problems(workspace: Workspace, events: Collection[Event] | None = None) -> list[Problem]:
    """Problems of the templates the office wrote (documents without a builder of their own),
    found by rendering each ready one: `jejak validate` and the build say them like any other."""
    found: dict[tuple[str, int, str], Problem] = {}
    for event in events if events is not None else workspace.events:
        sop = workspace.sops.get(event.sop)
        if sop is None or workspace.office is None or all(d.id in BUILDERS for d in sop.documents):
            continue
        for doc in (d for d in sop.documents if d.id not in BUILDERS):
            try:
                document_pages(workspace, event, only=doc.id)
            except TemplateFailed as failed:
                found.setdefault((failed.problem.path, failed.problem.line, failed.problem.message), failed.problem)
    return list(found.values())


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
