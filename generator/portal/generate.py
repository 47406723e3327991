"""Every generated page of one build, in memory: the records' pages (pages.py), the documents
they link to (issue 3), the change history and the audit (issue 5), the field reference."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.documents.render import document_pages
from generator.history.objects import tip
from generator.portal.audit_pages import AuditPages
from generator.portal.field_reference import field_reference
from generator.portal.pages import Extras, Pages, document_path, sop_page_path
from generator.portal.policy import document_page
from generator.portal.portal_build import PortalBuild
from generator.portal.site_setup import SOP_INDEX
from generator.records.model import Event
from generator.records.workspace import Workspace, relative

FIELD_REFERENCE = "panduan/isian.md"  # the Panduan's field reference, made from the schema and the SOP


def generate(build: PortalBuild, audit: AuditExtra | None = None) -> tuple[list[tuple[str, str]], PortalDocuments]:
    """Every generated page as (site path, Markdown), and the event documents they link to; the
    audit as given (the preview's, while Git's history is unchanged) or read now.
    bench/build.py writes the same pages as plain files for its bare MkDocs build."""
    documents = PortalDocuments(build.checked, pdf=build.pdf, word=build.word, render=build.render_documents)
    build.audit, build.timings = audit or audit_extra(build), {}
    build.audit.use(build.checked)
    pages = list(_pages(build, documents).render_all())
    return [*pages, (FIELD_REFERENCE, field_reference(build.checked))], documents


Later = tuple[str, str]  # a page made after the reload: ("beranda", ""), ("sop", id or ""), ("rekap", year or "")
DASHBOARD: Later = ("beranda", "")


def later_url(item: Later) -> str:
    """The site address of a later page: "" (the dashboard), sop/, sop/<id>/, rekap/, rekap/<year>/."""
    kind, name = item
    return "" if item == DASHBOARD else f"{kind}/{name}/" if name else f"{kind}/"


class Regenerated:
    """The pages a change of some events' records changes (the preview): first what a reader is
    looking at (the events' own pages, and those of the others that are open in a browser:
    `shown`, the site addresses of the open pages; None, not known: the dashboard), then, one by
    one, the rest (`later`: the dashboard, the SOP pages and the recaps, made by `page`; the
    preview may ask a later save's Regenerated for a page an earlier save had no time to make).
    All are made as of one moment. The history and the audit are the last full build's (a save
    does not change Git); letters are linked, not made."""

    def __init__(
        self, build: PortalBuild, events: list[Event], due: Iterable[Later] = (), shown: Collection[str] | None = None
    ):
        self.build, self.events = build, events
        build.audit.use(build.checked)
        documents = PortalDocuments(build.checked, pdf=build.pdf, word=build.word, render=False)
        self.pages = _pages(build, documents)
        known = {e.year for e in build.checked.events}
        wanted = [
            DASHBOARD,
            ("sop", ""),
            *(("sop", e.sop) for e in events),
            ("rekap", ""),
            *(("rekap", str(e.year)) for e in events),
        ]
        pages = [
            item
            for item in dict.fromkeys([*wanted, *due])
            if item[0] != "rekap" or not item[1] or int(item[1]) in known
        ]
        self.shown = [i for i in pages if (i == DASHBOARD if shown is None else later_url(i) in shown)]
        self.later = [item for item in pages if item not in self.shown]

    def first(self) -> list[tuple[str, str]]:
        own = [(f"kegiatan/{e.code}.md", self.pages.event_page(e)) for e in self.events]
        return own + [self.page(item) for item in self.shown]

    def page(self, item: Later) -> tuple[str, str]:
        """One later page: ("beranda", "") the dashboard, ("sop", "") the SOP index, ("sop", id),
        ("rekap", ""), ("rekap", year)."""
        kind, name = item
        if item == DASHBOARD:
            return "index.md", self.pages.dashboard()
        if kind == "sop":
            sops = self.build.checked.sops
            return (
                (sop_page_path(name), self.pages.sop_page(sops[name])) if name else (SOP_INDEX, self.pages.sop_index())
            )
        return (
            (f"rekap/{name}.md", self.pages.recap(int(name))) if name else ("rekap/index.md", self.pages.recap_index())
        )


def _pages(build: PortalBuild, documents: PortalDocuments) -> Pages:
    extras = Extras(documents=documents.links, history=build.audit.history, audit=build.audit.audit)
    return Pages(build.checked, build.clock, build.settings, extras, timings=build.timings)


class PortalDocuments:
    """Each event's documents (issue 3) at kegiatan/<kode>/dokumen/<nama>.html.

    With `render` False only the links are made: `jejak build` renders the pages in a second
    process meanwhile (site.py), so both processor cores work."""

    def __init__(self, workspace: Workspace, *, pdf: bool, word: bool, render: bool = True):
        self.workspace, self.pdf, self.word, self.render = workspace, pdf, word, render
        self.html: dict[str, str] = {}  # site path -> HTML, when rendered here
        self.paths: list[str] = []

    @property
    def count(self) -> int:
        return len(self.paths)

    def links(self, event: Any) -> list[dict[str, Any]]:
        rows = []
        for info, html in document_pages(self.workspace, event, render=self.render):
            rows.append(
                {
                    "title": info.title,
                    "step": info.step,
                    "draft": info.draft,
                    "ready": info.ready,
                    "reason": info.reason or "",
                    "html": f"dokumen/{info.filename}.html",
                    "pdf": f"dokumen/{info.filename}.pdf" if self.pdf else None,
                    "docx": f"dokumen/{info.filename}.docx" if self.word else None,
                }
            )
            if info.ready:
                path = document_path(event, info)
                if html is not None:
                    self.html[path] = html
                self.paths.append(path)
        return rows

    def files(self) -> list[tuple[str, dict[str, Any]]]:
        return [(path, {"content": document_page(html)}) for path, html in self.html.items()]


def audit_key(build: PortalBuild) -> tuple[str, str, str] | None:
    """What the audit of a build depends on: Git's tip, the office record and the SOPs as written
    (who may approve, whose data is masked), the commit links. None outside a Git repository."""
    commit = tip(build.root)
    if commit is None:
        return None
    digest = hashlib.sha256()
    for path in [build.root / "records" / "kantor.yaml", *sorted((build.root / "schema" / "sop").glob("*.yaml"))]:
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return commit, digest.hexdigest(), build.settings.commit_pattern or ""


def audit_extra(build: PortalBuild) -> AuditExtra:
    """The change history of each record and the audit page (issue 5), from one pass over git."""
    pages = AuditPages.build(build.root, build.checked, build.settings.commit_pattern, build.published)
    if pages.refuse_reason and not build.preview:
        build.failure = pages.refuse_reason
        raise PluginError(pages.refuse_reason)
    return AuditExtra(pages, build.root)


@dataclass
class AuditExtra:
    pages: Any
    root: Path

    def use(self, workspace: Workspace) -> None:
        """The records as they are now (the history pages name events by their current name)."""
        self.pages.workspace = workspace
        self.pages.__dict__.pop("_record_names", None)

    def history(self, event: Any) -> str | None:
        return self.pages.riwayat(relative(self.root, event.source.path))

    def audit(self) -> str | None:
        text = self.pages.audit()
        if self.pages.refuse_reason:
            text += f'\n\n!!! warning "Riwayat tidak lengkap"\n    {self.pages.refuse_reason}\n'
        return text
