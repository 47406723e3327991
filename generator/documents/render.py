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
from generator.records.model import Event
from generator.records.workspace import Workspace

PAPERS = {"F4": ("215mm", "330mm"), "A4": ("210mm", "297mm")}
TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
MONEY_STYLE: dict[str, Any] = {}  # money() defaults: `Rp1.500.000,00`

Builder = Callable[[Sources, "str | None", bool], dict[str, Any]]


@dataclass(frozen=True)
class DocumentInfo:
    kind: str  # stable id: rencana-kerja, undangan, pengantar, keputusan, tanda-terima, ...
    title: str  # Indonesian title shown in the portal
    step: int  # SOP step that produces it
    ready: bool  # all data present
    reason: str | None  # when not ready: Indonesian, names the step and field
    draft: bool  # still KONSEP
    filename: str  # base name without extension, unique within the event


@dataclass(frozen=True)
class Kind:
    id: str
    title: str
    step: int
    approval: int | None  # the step whose completion ends the konsep; None: never a konsep
    template: str
    build: Builder
    per_addressee: bool = False  # one document per addressee of the Surat Undangan


def _plan(src: Sources, key: str | None, draft: bool) -> dict[str, Any]:
    return reports.rencana_kerja(src, key, draft, money_style=MONEY_STYLE)


KINDS: tuple[Kind, ...] = (
    Kind("rencana-kerja", "Rencana Kerja Kegiatan", 1, 2, "rencana-kerja.html", _plan),
    Kind("undangan", "Surat Undangan", 4, 5, "undangan.html", letters.undangan, per_addressee=True),
    Kind("pengantar", "Surat Pengantar", 4, 5, "pengantar.html", letters.pengantar, per_addressee=True),
    Kind("keputusan", "Keputusan Pembentukan Panitia", 4, 5, "keputusan.html", letters.keputusan),
    Kind("tanda-terima", "Tanda Terima dan Daftar Pengiriman", 6, None, "tanda-terima.html", reports.tanda_terima),
    Kind("rekap-calon", "Rekapitulasi Calon Peserta", 7, None, "rekap-calon.html", reports.rekap_calon),
    Kind("notulen", "Notulen Rapat Internal Persiapan", 8, None, "notulen.html", reports.notulen),
    Kind("daftar-hadir", "Daftar Hadir Peserta", 9, None, "daftar-hadir.html", reports.daftar_hadir),
    Kind("laporan", "Laporan Pelaksanaan Pelatihan", 10, 10, "laporan.html", reports.laporan),
)
KIND_BY_ID = {k.id: k for k in KINDS}


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
    src = sources(workspace, event)
    found: list[DocumentInfo] = []
    for kind in KINDS:
        draft = kind.approval is not None and not src.done(kind.approval)
        for key, suffix in _variants(src, kind):
            found.append(_info(src, kind, key, suffix, draft))
    return found


def _variants(src: Sources, kind: Kind) -> list[tuple[str | None, str | None]]:
    """(key, title suffix) per document of a kind: one per addressee where the record says so."""
    if not kind.per_addressee:
        return [(None, None)]
    try:
        targets = letters.addressee_slugs(src)
        per_target = kind.id == "pengantar" or src.need(4, "surat.undangan").get("bentuk") == "per_tujuan"
    except Missing:
        return [(None, None)]
    if not per_target:
        return [(None, None)]
    return [(key, item["wilayah"]) for key, item in targets]


def _info(src: Sources, kind: Kind, key: str | None, suffix: str | None, draft: bool) -> DocumentInfo:
    return _built(src, kind, key, suffix, draft)[0]


def _built(
    src: Sources, kind: Kind, key: str | None, suffix: str | None, draft: bool
) -> tuple[DocumentInfo, dict[str, Any] | None]:
    """The document's info and, when ready, the context its builder made (None when not)."""
    title = f"{kind.title} — {suffix}" if suffix else kind.title
    filename = f"{kind.id}-{key}" if key else kind.id
    try:
        body = kind.build(src, key, draft)
    except Missing as missing:
        return DocumentInfo(kind.id, title, kind.step, False, missing.reason, draft, filename), None
    return DocumentInfo(kind.id, title, kind.step, True, None, draft, filename), body


# --- rendering -------------------------------------------------------------------------


def render_html(workspace: Workspace, event: Event, info: DocumentInfo, *, paper: str = "F4") -> str:
    """Self-contained printable HTML of one document; ValueError when it cannot be made."""
    if not info.ready:
        raise ValueError(f"{info.title} belum dapat dibuat: {info.reason}")
    if paper not in PAPERS:
        raise ValueError(f"ukuran kertas '{paper}' tidak dikenal; pilih {' atau '.join(PAPERS)}")
    src = sources(workspace, event)
    kind = KIND_BY_ID[info.kind]
    key = info.filename[len(kind.id) + 1 :] or None
    try:
        body = kind.build(src, key, info.draft)
    except Missing as missing:
        raise ValueError(f"{info.title} belum dapat dibuat: {missing.reason}") from None
    return _render(_environment(workspace.root), src, kind, info, body, paper, kop(src))


def render_ready(workspace: Workspace, event: Event, *, paper: str = "F4") -> list[tuple[DocumentInfo, str]]:
    """Every ready document of the event with its HTML, each built once (the bulk path of
    `jejak build`: list_documents() then render_html() would build every document twice)."""
    return [(info, html) for info, html in document_pages(workspace, event, paper=paper) if html is not None]


def document_pages(
    workspace: Workspace, event: Event, *, render: bool = True, paper: str = "F4"
) -> list[tuple[DocumentInfo, str | None]]:
    """list_documents() with each ready document's HTML (None when not ready or not `render`)."""
    if paper not in PAPERS:
        raise ValueError(f"ukuran kertas '{paper}' tidak dikenal; pilih {' atau '.join(PAPERS)}")
    src = sources(workspace, event)
    environment, letterhead = (_environment(workspace.root), kop(src)) if render else (None, None)
    pages: list[tuple[DocumentInfo, str | None]] = []
    for kind in KINDS:
        draft = kind.approval is not None and not src.done(kind.approval)
        for key, suffix in _variants(src, kind):
            info, body = _built(src, kind, key, suffix, draft)
            html = None
            if body is not None and letterhead is not None:
                html = _render(environment, src, kind, info, body, paper, letterhead)
            pages.append((info, html))
    return pages


def _render(
    environment: Any, src: Sources, kind: Kind, info: DocumentInfo, body: dict[str, Any], paper: str, letterhead: Kop
) -> str:
    context = {**body, **_frame(src, kind, info, paper, letterhead)}
    return environment.get_template(f"dokumen/{kind.template}").render(context)


def _frame(src: Sources, kind: Kind, info: DocumentInfo, paper: str, letterhead: Kop) -> dict[str, Any]:
    """What every page needs besides its own content: kop, paper, konsep marks."""
    width, height = PAPERS[paper]
    day = src.step_date(kind.approval or kind.step) or src.event.start
    drafter = 4 if kind.approval == 5 else kind.step
    return {
        "doc_title": f"{info.title} — {src.event.name}",
        "kop": letterhead,
        "paper_width": width,
        "paper_height": height,
        "draft": info.draft,
        "paraf": paraf_boxes(src, drafter, day) if info.draft else (),
        "draft_note": f"KONSEP — belum disahkan (langkah {kind.approval} belum selesai)" if info.draft else "",
    }


def _environment(root: Path):
    """Jinja2 with autoescape and StrictUndefined; the repository's templates win over ours."""
    folders = [str(f) for f in (root / "site_templates", TEMPLATES) if (f / "dokumen").is_dir()]
    return _cached_environment(tuple(dict.fromkeys(folders)))


_ENVIRONMENTS: dict[tuple[str, ...], Any] = {}


def _cached_environment(folders: tuple[str, ...]):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    if folders not in _ENVIRONMENTS:
        _ENVIRONMENTS[folders] = Environment(
            loader=FileSystemLoader(list(folders)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENVIRONMENTS[folders]


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
) -> list[Path]:
    """Write the event's ready documents as HTML (and PDF); returns the files written."""
    pages = [
        (info, html)
        for info, html in document_pages(workspace, event, paper=paper)
        if kinds is None or info.kind in kinds
    ]
    return write_pages(pages, out_dir, pdf=pdf, cache_dir=cache_dir)


def write_pages(
    documents: Sequence[tuple[DocumentInfo, str | None]],
    out_dir: Path,
    *,
    pdf: bool = False,
    cache_dir: Path | None = None,
) -> list[Path]:
    """Write already built documents (those with HTML) as HTML files, and PDFs when asked."""
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
    return written
