"""One build of the portal: what `jejak build` hands the plugin, what the plugin works out in
on_config for the later MkDocs events, and what it reports back.

The plugin (plugin.py) keeps one PortalBuild per build on itself; nothing is kept on the
MkDocs config or in module globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.portal.pages import Settings
from generator.problem import format_text
from generator.records.workspace import Workspace, load_workspace


@dataclass
class PortalBuild:
    """The options of one build (defaults: a plain `mkdocs build`), its state, and its report."""

    # handed in by `jejak build` (defaults: plain MkDocs)
    workspace: Workspace | None = None
    now: datetime | None = None
    pdf: bool = False
    word: bool = False  # Word files beside the documents: only `jejak build` writes them
    cache: Path | None = None  # of rendered files (PDF, Word): see documents/cache.py
    render_documents: bool = True  # False: another process writes the document pages (jejak build)
    published: Any = None  # issue 14: generator/portal/published.Published, handed in by `jejak build`
    # worked out by on_config
    root: Path = Path(".")
    settings: Settings = field(default_factory=Settings)
    preview: bool = False  # `mkdocs serve` / `jejak serve`: a broken workspace is shown, not refused
    records: dict[str, str] = field(default_factory=dict)  # event code -> record path
    pages: set[str] = field(default_factory=set)  # generated Markdown pages
    stash: dict[str, list[str]] = field(default_factory=dict)  # page -> its HTML blocks
    audit: Any = None  # generate.AuditExtra of this build: the preview keeps it while history is unchanged
    timings: dict[Any, Any] = field(default_factory=dict)  # (code, step) -> StepTiming, kept by the preview
    # reported back
    stats: dict[str, int] = field(default_factory=dict)  # pages, documents
    documents: list[str] = field(default_factory=list)  # site path of each document page
    failure: str | None = None  # why the plugin refused to build (MkDocs only logs a PluginError)

    @property
    def checked(self) -> Workspace:
        assert self.workspace is not None, "on_config loads the workspace"
        return self.workspace

    @property
    def clock(self) -> datetime:
        assert self.now is not None, "on_config sets the clock"
        return self.now


def load_checked(root: Path, now: datetime | None, *, serving: bool = False) -> Workspace:
    """The workspace, or a PluginError listing the problems when a record has an error.
    While serving, a broken workspace is returned: its pages then list the problems."""
    workspace = load_workspace(root, now=now)
    if (not workspace.ok or workspace.office is None) and not serving:
        errors = [p for p in workspace.problems if p.is_error]
        raise PluginError(
            "catatan berisi galat; portal tidak dibangun (situs lama tetap dipakai):\n" + format_text(errors)
        )
    return workspace
