"""MkDocs hooks that turn the records into portal pages, in memory.

Registered in mkdocs.yml through site_templates/portal/hooks.py, so plain `mkdocs build`
and `mkdocs serve` at the repository root work as well as `jejak build` / `jejak serve`.
`jejak build` validates first and hands its already-loaded workspace over in a PortalBuild
put on the config; every hook reads that one object (`build_of(config)`).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.documents.render import document_pages
from generator.portal.audit_pages import AuditPages
from generator.portal.editor import editor_files, intruders
from generator.portal.field_reference import field_reference
from generator.portal.pages import Extras, Pages, Settings, event_url, sop_page_path
from generator.portal.searchable import separate_cells
from generator.portal.serve_errors import error_pages
from generator.problem import format_text
from generator.records.attachments import LOGO_KINDS, logo_problem, logo_site_path, site_path
from generator.records.images import published_bytes
from generator.records.workspace import Workspace, load_workspace, relative
from generator.templates import SharedBytecode

WATCHED = ("records", "schema", "site_templates/portal")
KEY = "jejak_build"
SOP_INDEX = "sop/index.md"  # the config key carrying the PortalBuild of this build to every hook
FIELD_REFERENCE = "panduan/isian.md"  # the Panduan's field reference, made from the schema and the SOP


@dataclass
class PortalBuild:
    """One build of the portal: what `jejak build` hands in (options), what on_config works out
    for the later MkDocs events, and what the build reports back (stats, documents, failure).

    `jejak build` puts it on the MkDocs config before building; a plain `mkdocs build` or
    `mkdocs serve` gets a fresh one from on_config. No hook keeps state anywhere else."""

    # handed in by `jejak build` (defaults: plain MkDocs)
    workspace: Workspace | None = None
    now: datetime | None = None
    pdf: bool = False
    word: bool = False  # Word files beside the documents: only `jejak build` writes them
    cache: Path | None = None  # of rendered files (PDF, Word): see documents/cache.py
    render_documents: bool = True  # False: another process writes the document pages (jejak build)
    # worked out by on_config
    root: Path = Path(".")
    settings: Settings = field(default_factory=Settings)
    preview: bool = False  # `mkdocs serve`: an incomplete history is shown, not refused
    records: dict[str, str] = field(default_factory=dict)  # event code -> record path
    pages: set[str] = field(default_factory=set)  # generated Markdown pages
    stash: dict[str, list[str]] = field(default_factory=dict)  # page -> its HTML blocks
    token: str = field(default_factory=lambda: f"jjhtml{secrets.token_hex(6)}x")
    # reported back
    stats: dict[str, int] = field(default_factory=dict)  # pages, documents
    documents: list[str] = field(default_factory=list)  # site path of each document page
    failure: str | None = None  # why the hooks refused to build (MkDocs only logs a PluginError)
    published: Any = None  # issue 14: generator/portal/published.Published, handed in by `jejak build`

    @property
    def checked(self) -> Workspace:
        assert self.workspace is not None, "on_config loads the workspace"
        return self.workspace

    @property
    def clock(self) -> datetime:
        assert self.now is not None, "on_config sets the clock"
        return self.now


def build_of(config: MkDocsConfig) -> PortalBuild:
    return config[KEY]


def settings_of(config: MkDocsConfig) -> Settings:
    extra: dict[str, Any] = dict(config.extra or {}).get("jejak") or {}
    return Settings(
        repo_url=config.repo_url or None,
        branch=extra.get("branch", "main"),
        edit_url=extra.get("edit_url", Settings.edit_url),
        commit_url=extra.get("commit_url", Settings.commit_url),
    )


def root_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


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


def _serving(config: MkDocsConfig) -> bool:
    """`mkdocs serve` points site_url at its own dev address before building."""
    return bool(config.site_url) and urlsplit(config.site_url).netloc == str(config.dev_addr)


# --- the MkDocs events ------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    build = config.get(KEY) or PortalBuild()
    build.root = root_of(config)
    build.preview = _serving(config)
    build.workspace = build.workspace or load_checked(build.root, build.now, serving=build.preview)
    build.now = build.now or build.workspace.now  # office time
    build.settings = settings_of(config)
    build.records = {e.code: relative(build.root, e.source.path) for e in build.workspace.events}
    config.nav = with_sop_pages(config.nav, build.workspace)
    _logo_in_theme(config, build.workspace)
    config[KEY] = build
    return config


def nav_title(text: Any, fallback: str) -> str:
    """A navigation title from record text: Material prints nav titles as HTML, unescaped, and
    unescapes them again for <title>, so only letters, digits, spaces and plain punctuation pass."""
    kept = "".join(c for c in str(text or "") if c.isalnum() or c in " .,-/()")
    return " ".join(kept.split()) or fallback


def with_sop_pages(nav: Any, workspace: Workspace) -> Any:
    """mkdocs.yml names `sop/index.md`; each SOP's own page joins it in the navigation."""
    if not isinstance(nav, list):
        return nav
    pages = [{nav_title(sop.identity.get("nama"), sop.id): sop_page_path(sop.id)} for sop in workspace.sops.values()]
    out: list[Any] = []
    for item in nav:
        title, target = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (None, item)
        if target == SOP_INDEX:
            out.append({title or "SOP": [SOP_INDEX, *pages]})
        elif isinstance(target, list):
            out.append({title: with_sop_pages(target, workspace)} if title else with_sop_pages(target, workspace))
        else:
            out.append(item)
    return out


def _logo_in_theme(config: MkDocsConfig, workspace: Workspace) -> None:
    """A PNG or JPEG logo is published under its own extension: the theme must point at it."""
    logo = workspace.office.letterhead.logo if workspace.office else None
    if not logo:
        return
    for key in ("logo", "favicon"):
        if config.theme.get(key) == "assets/logo-kota.svg":
            config.theme[key] = logo_site_path(logo)


THEME_BYTECODE = SharedBytecode()  # MkDocs makes its theme environment anew, alike, for every build


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.bytecode_cache = THEME_BYTECODE
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = build_of(config)
    if reason := intruders([(f.src_uri, f.dest_uri) for f in files]):  # the editor's origin is its own
        build.failure = reason
        raise PluginError(reason)
    root, workspace = build.root, build.checked
    if not workspace.ok or workspace.office is None:  # only while serving: see load_checked
        sops = [SOP_INDEX, *(sop_page_path(sop_id) for sop_id in workspace.sops)]
        pages = [File.generated(config, p, content=md) for p, md in error_pages(root, workspace.problems, sops)]
        return _replace(files, pages + _logo(config, root, workspace))
    markdown_pages, documents = generate(build)
    generated = [File.generated(config, path, content=markdown) for path, markdown in markdown_pages]
    build.pages = {path for path, _ in markdown_pages}
    count = len(generated)
    generated += [File.generated(config, path, **source) for path, source in documents.files()]
    generated += _logo(config, root, workspace)
    for event in workspace.events:  # scans and receipts, published beside the event page
        generated += [
            File.generated(config, site_path(event.code, i, item), content=published_bytes(root / item.path, item.kind))
            for i, item in enumerate(workspace.attachments.get(event.code, ()), 1)
        ]
    generated += [File.generated(config, path, **source) for path, source in editor_files(root, workspace)]
    files = _replace(files, generated)
    build.stats.update(pages=count, documents=documents.count)
    build.documents = documents.paths
    return files


def _logo(config: MkDocsConfig, root: Path, workspace: Workspace) -> list[File]:
    logo = workspace.office.letterhead.logo if workspace.office else None
    # Checked again: while serving, a workspace with errors (an unsafe logo among them) gets here.
    if logo and (root / logo).is_file() and logo_problem(logo, root) is None:
        # the checked parse of an SVG, an image without its metadata, under its own extension
        content = published_bytes(root / logo, LOGO_KINDS[Path(logo).suffix.lower()])
        return [File.generated(config, logo_site_path(logo), content=content)]
    return []


def generate(build: PortalBuild) -> tuple[list[tuple[str, str]], PortalDocuments]:
    """Every generated page as (site path, Markdown), and the event documents they link to.
    bench/build.py writes the same pages as plain files for its bare MkDocs build."""
    documents = PortalDocuments(build.checked, pdf=build.pdf, word=build.word, render=build.render_documents)
    audit = audit_extra(build)
    extras = Extras(documents=documents.links, history=audit.history, audit=audit.audit)
    pages = list(Pages(build.checked, build.clock, build.settings, extras).render_all())
    return [*pages, (FIELD_REFERENCE, field_reference(build.checked))], documents


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    """A generated page's HTML blocks skip Python-Markdown (see stash_html); headings stay Markdown."""
    build = build_of(config)
    if page.file.generated_by is None or page.file.src_uri not in build.pages:
        return markdown
    text, blocks = stash_html(markdown, build.token)
    if blocks:
        build.stash[page.file.src_uri] = blocks
    return text


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    build = build_of(config)
    blocks = build.stash.pop(page.file.src_uri, None)
    if not blocks:
        return separate_cells(html)
    # Markdown ends each raw block with a newline and strips the page's ends: so do we.
    html = re.sub(f"<p>{build.token}([0-9]+)</p>", lambda m: blocks[int(m.group(1))] + "\n", html).strip()
    if page.present_anchor_ids is not None:  # what MkDocs would have found in the raw HTML
        page.present_anchor_ids.update(ANCHOR.findall("\n".join(blocks)))
    return separate_cells(html)


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """Generated pages have no Markdown source to edit; an event page edits its record instead."""
    if page.file.generated_by is not None:
        build = build_of(config)
        code = page.file.src_uri.removeprefix("kegiatan/").removesuffix(".md")
        record = build.records.get(code) if page.file.src_uri.startswith("kegiatan/") else None
        page.edit_url = build.settings.edit_link(record) if record else None
    return context


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = root_of(config)
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    return server


# --- generated HTML kept out of Python-Markdown ----------------------------------------
# The pages are mostly HTML tables that Python built and escaped. Python-Markdown would parse
# every tag twice (MkDocs' anchor scan, then its own HTML block scan) only to pass the block
# through unchanged: about half of MkDocs' work on an event page. Each such block becomes a
# placeholder paragraph and is put back, as it was, into the HTML Markdown made.

BLOCK_TAGS = ("table", "div", "p")
BLOCK_START = re.compile(r"<(table|div|p)[\s>]")
ANCHOR = re.compile(r"<[a-z][^>]*\sid=\"([^\"]+)\"")


def stash_html(markdown: str, token: str) -> tuple[str, list[str]]:
    """(Markdown with `<token><n>` paragraphs in place of its top-level HTML blocks, the blocks).

    A block starts a paragraph with <table, <div or <p and ends on the line closing that tag,
    followed by a blank line: exactly the blocks Python-Markdown would leave untouched."""
    lines, out, blocks = markdown.split("\n"), [], []
    index, after_blank = 0, True
    while index < len(lines):
        line = lines[index]
        start = BLOCK_START.match(line) if after_blank else None
        end = _block_end(lines, index, start.group(1)) if start else None
        if end is not None:
            blocks.append("\n".join(lines[index : end + 1]))
            out.append(f"{token}{len(blocks) - 1}")
            index, after_blank = end + 1, False
            continue
        out.append(line)
        index, after_blank = index + 1, not line.strip()
    return "\n".join(out), blocks


def _block_end(lines: list[str], start: int, tag: str) -> int | None:
    """The line closing the block opened on `lines[start]`, if it ends there and a blank line follows."""
    pattern, depth = re.compile(f"<(/?){tag}[\\s>]"), 0
    for index in range(start, len(lines)):
        for closing in pattern.findall(lines[index]):
            depth += -1 if closing else 1
        if depth <= 0:
            ends = lines[index].rstrip().endswith(f"</{tag}>")
            last = index + 1 == len(lines) or not lines[index + 1].strip()
            return index if ends and last and depth == 0 else None
    return None


def _replace(files: Files, generated: list[File]) -> Files:
    """Add the generated files, replacing same-named ones (one pass: Files re-indexes on every append)."""
    names = {f.src_uri for f in generated}
    return Files([f for f in files if f.src_uri not in names] + generated)


# --- what other stages add: documents (issue 3) and history (issue 5) -------------------


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
        return [(path, {"content": html}) for path, html in self.html.items()]


def document_path(event: Any, info: Any) -> str:
    return f"{event_url(event.code)}dokumen/{info.filename}.html"


def audit_extra(build: PortalBuild) -> _Audit:
    """The change history of each record and the audit page (issue 5), from one pass over git."""
    pages = AuditPages.build(build.root, build.checked, build.settings.commit_pattern, build.published)
    if pages.refuse_reason and not build.preview:
        build.failure = pages.refuse_reason
        raise PluginError(pages.refuse_reason)
    return _Audit(pages, build.root)


@dataclass
class _Audit:
    pages: Any
    root: Path

    def history(self, event: Any) -> str | None:
        return self.pages.riwayat(relative(self.root, event.source.path))

    def audit(self) -> str | None:
        text = self.pages.audit()
        if self.pages.refuse_reason:
            text += f'\n\n!!! warning "Riwayat tidak lengkap"\n    {self.pages.refuse_reason}\n'
        return text


__all__ = [
    "KEY",
    "PortalBuild",
    "on_config",
    "on_files",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_serve",
    "event_url",
]
