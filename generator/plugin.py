"""MkDocs hooks that turn the records into portal pages, in memory.

Registered in mkdocs.yml through site_templates/portal/hooks.py, so plain `mkdocs build`
and `mkdocs serve` at the repository root work as well as `jejak build` / `jejak serve`.
`jejak build` validates first and hands its already-loaded workspace over with `prepared()`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .audit_pages import AuditPages
from .documents import list_documents, render_html
from .pages import Extras, Pages, Settings, event_url
from .problem import format_text
from .workspace import Workspace, load_workspace, relative

WATCHED = ("records", "schema", "site_templates/portal")


@dataclass
class Prepared:
    """What `jejak build` already knows: the checked workspace, the clock, and the options."""

    workspace: Workspace | None = None
    now: datetime | None = None
    pdf: bool = False
    pdf_cache: Path | None = None
    stats: dict[str, int] = field(default_factory=dict)  # filled in by the build: pages, documents
    documents: dict[str, str] = field(default_factory=dict)  # site path of each document page -> its HTML


_prepared: Prepared | None = None
_command: str = "build"
_state: dict[str, Any] = {}


@contextlib.contextmanager
def prepared(value: Prepared) -> Iterator[Prepared]:
    global _prepared
    _prepared = value
    try:
        yield value
    finally:
        _prepared = None


def settings_of(config: MkDocsConfig) -> Settings:
    extra = (config.extra or {}).get("jejak", {}) or {}
    return Settings(repo_url=config.repo_url or None, branch=extra.get("branch", "main"),
                    edit_url=extra.get("edit_url", Settings.edit_url),
                    commit_url=extra.get("commit_url", Settings.commit_url))


def root_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def load_checked(root: Path, now: datetime) -> Workspace:
    """The workspace, or a PluginError listing the problems when a record has an error."""
    workspace = load_workspace(root, now=now)
    if not workspace.ok or workspace.office is None:
        errors = [p for p in workspace.problems if p.is_error]
        raise PluginError("catatan berisi galat; portal tidak dibangun (situs lama tetap dipakai):\n"
                          + format_text(errors))
    return workspace


# --- the MkDocs events ------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    given = _prepared or Prepared()
    now = given.now or datetime.now()
    root = root_of(config)
    workspace = given.workspace or load_checked(root, now)
    settings = settings_of(config)
    _state.clear()
    _state.update(root=root, workspace=workspace, now=now, settings=settings, prepared=given)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root, workspace = _state["root"], _state["workspace"]
    given: Prepared = _state["prepared"]
    documents = documents_extra(workspace, config, given)
    audit = audit_extra(root, workspace, _state["settings"])
    extras = Extras(documents=documents.links, history=audit.history, audit=audit.audit)
    pages = Pages(workspace, _state["now"], _state["settings"], extras)
    count = 0
    for path, markdown in pages.render_all():
        _put(files, File.generated(config, path, content=markdown))
        count += 1
    for path, source in documents.files():
        _put(files, File.generated(config, path, **source))
    logo = workspace.office.letterhead.logo
    if logo and (root / logo).is_file():
        _put(files, File.generated(config, "assets/logo-kota.svg", abs_src_path=str(root / logo)))
    given.stats.update(pages=count, documents=documents.count)
    given.documents = dict(documents.html)
    return files


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """Generated pages have no Markdown source to edit; an event page edits its record instead."""
    if page.file.generated_by is not None:
        workspace, settings = _state["workspace"], _state["settings"]
        code = page.file.src_uri.removeprefix("kegiatan/").removesuffix(".md")
        event = workspace.event(code) if page.file.src_uri.startswith("kegiatan/") else None
        page.edit_url = settings.edit_link(relative(workspace.root, event.source.path)) if event else None
    return context


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = root_of(config)
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    return server


def _put(files: Files, file: File) -> None:
    old = files.get_file_from_path(file.src_uri)
    if old is not None:
        files.remove(old)
    files.append(file)


# --- what other stages add: documents (issue 3) and history (issue 5) -------------------


def documents_extra(workspace: Workspace, config: MkDocsConfig, given: Prepared) -> PortalDocuments:
    return PortalDocuments(workspace, given.pdf)


class PortalDocuments:
    """Each event's documents (issue 3) at kegiatan/<kode>/dokumen/<nama>.html, rendered once."""

    def __init__(self, workspace: Workspace, pdf: bool):
        self.workspace, self.pdf = workspace, pdf
        self.html: dict[str, str] = {}  # site path -> HTML
        self.count = 0

    def links(self, event: Any) -> list[dict[str, Any]]:
        rows = []
        for info in list_documents(self.workspace, event):
            row = {"title": info.title, "step": info.step, "draft": info.draft, "ready": info.ready,
                   "reason": info.reason or "", "html": f"dokumen/{info.filename}.html",
                   "pdf": f"dokumen/{info.filename}.pdf" if self.pdf else None}
            if info.ready:
                try:
                    self.html[f"{event_url(event.code)}dokumen/{info.filename}.html"] = render_html(
                        self.workspace, event, info)
                except ValueError as exc:
                    row.update(ready=False, reason=str(exc))
            rows.append(row)
        self.count = len(self.html)
        return rows

    def files(self) -> list[tuple[str, dict[str, Any]]]:
        return [(path, {"content": html}) for path, html in self.html.items()]


def audit_extra(root: Path, workspace: Workspace, settings: Settings) -> _Audit:
    """The change history of each record and the audit page (issue 5), from one pass over git."""
    pages = AuditPages.build(root, workspace, settings.commit_pattern)
    if pages.refuse_reason and _command != "serve":
        raise PluginError(pages.refuse_reason)
    return _Audit(pages, root)


@dataclass
class _Audit:
    pages: Any
    root: Path

    def history(self, event: Any) -> str | None:
        return self.pages.riwayat(relative(self.root, event.source.path))

    def audit(self) -> str | None:
        text = self.pages.audit()
        if self.pages.refuse_reason:
            text += f"\n\n!!! warning \"Riwayat tidak lengkap\"\n    {self.pages.refuse_reason}\n"
        return text


__all__ = ["Prepared", "prepared", "on_startup", "on_config", "on_files", "on_page_context", "on_serve", "event_url"]
