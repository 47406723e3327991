"""The preview after a saved record: only what the record changes, in well under a second at
1,000 events (issue 22), instead of the whole portal.

A full build (MkDocs' own) leaves on the plugin its configuration, files, navigation and theme
environment, the checked workspace, the audit (Git's history does not change on a save) and the
step timings. A save of event records then: checks those records again (and the checks across
records), makes the pages they touch (their own, the dashboard, the SOP pages, their years'
recaps) and has MkDocs render and write exactly those: the event's page, and those of the
others that are open in a browser (preview.py, `OpenPages`), at once; the rest after the page
has reloaded (preview_after.py), with the search index (the event page's entries included) and
the letters. Anything else (the office record, an SOP, a template, a guide, a new or renamed record,
a record with an error) builds everything.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel

from generator.clock import office_now
from generator.documents.render import render_ready
from generator.portal.generate import Regenerated, document_path
from generator.portal.policy import document_page
from generator.portal.preview_after import Afterwards, write_atomically
from generator.records.attachments import site_path
from generator.records.images import published_bytes
from generator.records.model import Event
from generator.records.reload import Unique, reload_events
from generator.records.workspace import YEAR, Workspace

# What a full build leaves for the next save: set by the plugin (plugin.py, `kept`).
KEPT = ("config", "files", "nav", "env")


class Incremental:
    """Rebuilds the pages of saved records from what the plugin kept of its last full build."""

    def __init__(self, plugin: Any, clock: Callable[[str | None], datetime] = office_now):
        self.plugin, self.clock = plugin, clock  # clock: office time of the office's zone
        self.after = Afterwards()  # the later pages, the search index and the letters
        self.pages: Regenerated | None = None  # the last save's pages, for its later ones
        self.unique: Unique | None = None
        self.unindexed: dict[str, Any] = {}  # url -> page: saved events' pages, indexed by the work after
        self.written: Callable[[], None] = lambda: None  # the open pages are written (jejak serve: reload them)
        plugin.defer_documents = True  # full builds link the letters; they are written after

    def built(self) -> None:
        """After a full build: write every event's letters after."""
        self.after.stop()
        workspace = self.plugin.build.workspace
        self.unique = Unique(workspace.events, workspace.sops) if workspace is not None and workspace.ok else None
        self.pages, self.after.todo, self.unindexed = None, [], {}
        self.after.plan([("letters", e.code) for e in workspace.events] if workspace is not None else [])
        self._start()

    def ready(self) -> bool:
        kept = self.plugin.kept
        build = self.plugin.build
        return all(kept.get(k) is not None for k in KEPT) and build.workspace is not None and build.workspace.ok

    def rebuild(self, paths: Iterable[Path], shown: Collection[str] | None = None) -> bool:
        """The saved event records' pages, rebuilt; False when only a full build can do it. Of the
        other pages they change, those open in a browser (`shown`: site addresses, "" the
        dashboard; None: not known, the dashboard) are written at once, the rest after the
        reload (preview_after.py), with the search index and the letters."""
        self.interrupt()
        build, kept = self.plugin.build, self.plugin.kept
        old = {str(e.source.path): e for e in build.checked.events}
        saved = {str(p): p for p in paths}
        if not saved or not all(_event_record(p) and key in old and p.is_file() for key, p in saved.items()):
            return False
        office = build.checked.office
        now = self.clock(office.zone if office else None)
        workspace = reload_events(build.checked, list(saved.values()), now, self.unique)
        fresh = {str(e.source.path): e for e in workspace.events}
        if not workspace.ok or any(key not in fresh or fresh[key].code != old[key].code for key in saved):
            return False
        changed = [fresh[key] for key in sorted(saved)]
        if not {e.year for e in changed} <= {e.year for e in build.checked.events}:
            return False  # a first event of a new year: its recap page does not exist yet
        build.workspace, build.now = workspace, workspace.now
        for key in [k for k in build.timings if k[0] in {e.code for e in changed}]:
            del build.timings[key]
        self.pages = pages = Regenerated(build, changed, [("rekap", str(old[key].year)) for key in saved], shown)
        first = pages.first()
        if pages.shown:  # the work after the last save writes these too: it has ended before they are written
            self.finish()
        self._render(first, kept)
        self._attachments(changed)
        self.written()
        self.finish()  # (it never writes an event's page or attachments)
        letters = [("letters", e.code) for e in changed]
        self.after.plan([*(("page", item) for item in pages.later), ("search", ""), *letters])
        self.after.drop([("page", item) for item in pages.shown])  # an earlier save left it for later
        self._start()
        return True

    def interrupt(self) -> None:
        """Stop the work after the last save now; `finish` waits for its end."""
        self.after.interrupt()

    def finish(self) -> None:
        """Stop the work after the last save now; what it has not done is done after the next."""
        self.after.stop()

    def wait(self) -> None:
        """Let the work after the last save run to its end (tests and bench/serve.py)."""
        self.after.wait()

    def _start(self) -> None:
        kept, workspace = self.plugin.kept, self.plugin.build.workspace
        if workspace is not None and kept.get("config") is not None:
            self.after.start(lambda item: self._do(item, kept, workspace))

    def _do(self, item: Any, kept: dict[str, Any], workspace: Workspace) -> None:
        """One item of the work after a save (in the copy of the process)."""
        kind, what = item
        site = Path(kept["config"].site_dir)
        if kind == "page" and self.pages is not None:
            self._render([self.pages.page(what)], kept)
        elif kind == "search" and (search := _search_plugin(kept["config"])) is not None:
            index = search.search_index  # the saved events' pages: their old entries go, their new ones come
            index.entries = [s for s in index.entries if s["location"].partition("#")[0] not in self.unindexed]
            for page in self.unindexed.values():
                index.add_entry_from_context(page)
            write_atomically(site / "search" / "search_index.json", index.generate_search_index(None).encode())
        elif kind == "letters" and (event := workspace.event(what)) is not None:
            try:
                for info, html in render_ready(workspace, event):
                    write_atomically(site / document_path(event, info), document_page(html).encode("utf-8"))
            except (ValueError, OSError) as exc:  # a broken template: the event's letters are missing, say why
                print(f"peringatan: surat kegiatan {what} tidak dapat dibuat di pratinjau: {exc}", file=sys.stderr)

    def _render(self, pages: Iterable[tuple[str, str]], kept: dict[str, Any]) -> None:
        config, files, nav, env = (kept[k] for k in KEPT)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        search = _search_plugin(config)
        for path, markdown in pages:
            file = files.get_file_from_path(path)
            file.content_string = markdown
            page = file.page
            _populate_page(page, config, files)
            if path.startswith("kegiatan/"):
                self.unindexed[page.url] = page
            with _not_indexed(search):
                _build_page(page, config, doc_files, nav, env)

    def _attachments(self, events: list[Event]) -> None:
        build, site = self.plugin.build, Path(self.plugin.kept["config"].site_dir)
        for event in events:
            for i, item in enumerate(build.checked.attachments.get(event.code, ()), 1):
                write_atomically(
                    site / site_path(event.code, i, item), published_bytes(build.root / item.path, item.kind)
                )


def _event_record(path: Path) -> bool:
    """records/<four digits>/<name>.yaml: an event's record (not the office record)."""
    return path.suffix == ".yaml" and path.parent.parent.name == "records" and bool(YEAR.fullmatch(path.parent.name))


def _search_plugin(config: Any) -> Any:
    """Material's search plugin, when it is the one configured (it keeps its index between builds)."""
    search = config.plugins.get("material/search")
    return search if search is not None and hasattr(getattr(search, "search_index", None), "entries") else None


@contextlib.contextmanager
def _not_indexed(search: Any) -> Iterator[None]:
    """The dashboard, SOP and recap pages list a thousand events: indexing them again costs more
    than the whole rest of a save, and a saved record changes one line of them. Their entries
    stay as the last full build made them. A saved event's own page is indexed anew by the work
    after the save (`unindexed`), not before the reload. (The plugin stays enabled: Material
    shows the search box only when it is.)"""
    if search is None:
        yield
        return
    index, search.search_index = search.search_index, _Unindexed()
    try:
        yield
    finally:
        search.search_index = index


class _Unindexed:
    def add_entry_from_context(self, page: Any) -> None:
        pass
