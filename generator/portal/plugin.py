"""The Jejak MkDocs plugin: the records become portal pages in memory, at every build.

Registered as the entry point `jejak` (pyproject.toml, `mkdocs.plugins`) and named in mkdocs.yml
under `plugins:`, so plain `mkdocs build` / `mkdocs serve` work as well as `jejak build` /
`jejak serve`. The state of a build lives on the plugin (`self.build`, a PortalBuild); `jejak
build` hands in its already-checked workspace with `prepare()`. Whether MkDocs serves is known
from `on_startup(command=…)`, never guessed from `site_url`.

MkDocs keeps a plugin with `on_startup` for the whole process (every build of `jejak serve`, and
every build of a test run): each build starts from a fresh PortalBuild, and `on_shutdown` ends
the serving mode.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils.templates import TemplateContext

from generator.clock import source_date, utc_moment
from generator.portal import guides, policy, preview
from generator.portal.editor import editor_files, intruders
from generator.portal.generate import audit_key, generate
from generator.portal.html_stash import restore_html, stash_html
from generator.portal.narrow import stack_tables
from generator.portal.pages import sop_page_path
from generator.portal.portal_build import PortalBuild, load_checked
from generator.portal.repo_links import repository_settings
from generator.portal.searchable import search_view, separate_cells
from generator.portal.serve_errors import error_pages
from generator.portal.site_setup import (
    SOP_INDEX,
    logo_in_theme,
    markdown_without_styles,
    root_of,
    use_overrides,
    use_repository,
    with_sop_pages,
)
from generator.problem import Problem, format_text
from generator.records.attachments import LOGO_KINDS, logo_problem, logo_site_path, site_path
from generator.records.images import published_bytes
from generator.records.workspace import Workspace, office_zone, relative
from generator.templates import SharedBytecode

THEME_BYTECODE = SharedBytecode()  # MkDocs makes its theme environment anew, alike, for every build


class PortalConfig(base.Config):
    """mkdocs.yml `plugins: - jejak: {…}`; links otherwise follow kantor.yaml `penyunting`."""

    edit_url = c.Optional(c.Type(str))  # pattern with {repo_url}, {branch}, {path}
    commit_url = c.Optional(c.Type(str))  # pattern with {repo_url}, {sha}


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.given: PortalBuild | None = None  # handed in by `jejak build` for its next build
        self.build = PortalBuild()
        self.token = ""
        self.raw = guides.RawHtml()
        self.guide_problems: list[Problem] = []
        self.kept: dict[str, Any] = {}  # what the preview needs of the last build (preview_build.py)
        self.defer_documents = False  # `jejak serve`: letters are written after the build (preview_build.py)
        self.audit: tuple[Any, Any] | None = None  # (audit_key, AuditExtra) of the last build while serving
        self.shown: str | None = None  # the page's HTML while the search plugin reads its search view

    def prepare(self, build: PortalBuild) -> None:
        """`jejak build`: use this (checked) workspace and these options for the next build."""
        self.given = build

    def expand_guide(self, page: str, markdown: str) -> str:
        """A handwritten guide page's Markdown with its generated parts (the command line's
        options: generator/cli/plugin.py); the portal alone adds nothing."""
        return markdown

    # --- the MkDocs events ---------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.serving = self.defer_documents = False
        self.audit = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build, self.given = self.given or PortalBuild(), None
        self.build, self.token = build, f"jjhtml{secrets.token_hex(6)}x"
        self.guide_problems = []
        self.kept = {"config": config}
        build.root = root_of(config)
        build.preview = self.serving
        build.render_documents = build.render_documents and not (self.serving and self.defer_documents)
        if build.workspace is None and build.now is None and not self.serving:  # plain `mkdocs build`
            build.now = self._source_date(build.root)
        build.workspace = build.workspace or load_checked(build.root, build.now, serving=build.preview)
        build.now = build.now or build.workspace.now  # office time
        build.settings = repository_settings(build.workspace.office, self.config.edit_url, self.config.commit_url)
        build.records = {e.code: relative(build.root, e.source.path) for e in build.workspace.events}
        config.nav = with_sop_pages(config.nav, build.workspace)
        use_overrides(config, build.root)
        use_repository(config, build.workspace)
        logo_in_theme(config, build.workspace)
        markdown_without_styles(config)
        if self.raw not in config.markdown_extensions:  # the preview may build one configuration again
            config.markdown_extensions.append(self.raw)  # type: ignore[arg-type]
        return config

    def _source_date(self, root: Path) -> datetime | None:
        """A plain `mkdocs build` keeps SOURCE_DATE_EPOCH like `jejak build`: the same moment, the same portal."""
        try:
            return source_date(office_zone(root))
        except ValueError as exc:
            self.build.failure = str(exc)
            raise PluginError(str(exc)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self.build
        if reason := intruders([(f.src_uri, f.dest_uri) for f in files]):  # the editor's origin is its own
            build.failure = reason
            raise PluginError(reason)
        root, workspace = build.root, build.checked
        guide_files = self._guide_files(files, config)
        if self.serving:  # the live reload, as a file (preview.py)
            guide_files.append(File.generated(config, preview.LIVERELOAD_PATH, content=preview.LIVERELOAD_JS))
        if not workspace.ok or workspace.office is None:  # only while serving: see load_checked
            sops = [SOP_INDEX, *(sop_page_path(sop_id) for sop_id in workspace.sops)]
            pages = [File.generated(config, p, content=md) for p, md in error_pages(root, workspace.problems, sops)]
            return _replace(guide_files, pages + _logo(config, root, workspace))
        key = audit_key(build) if self.serving else None  # the preview reads Git's history once per commit
        kept = self.audit if key is not None and self.audit is not None and self.audit[0] == key else None
        markdown_pages, documents = generate(build, kept[1] if kept else None)
        self.audit = (key, build.audit) if key is not None else None
        generated = [File.generated(config, path, content=markdown) for path, markdown in markdown_pages]
        build.pages = {path for path, _ in markdown_pages}
        count = len(generated)
        generated += [File.generated(config, path, **source) for path, source in documents.files()]
        generated += _logo(config, root, workspace)
        generated += _attachments(config, root, workspace)
        generated += [File.generated(config, path, **source) for path, source in editor_files(root, workspace)]
        build.stats.update(pages=count, documents=documents.count)
        build.documents = documents.paths
        self.kept["files"] = files = _replace(guide_files, generated)
        return files

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        self.kept["nav"] = nav
        return nav

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Generated pages: their HTML blocks skip Python-Markdown (html_stash.py). Guides: their
        generated parts are added, and the raw HTML Markdown finds in them is recorded."""
        src = page.file.src_uri
        self.raw.found.clear()
        # MkDocs dates every page by the machine's clock, and sitemap.xml.gz's header carries the
        # latest: a build just before and one just after midnight differed. The build's moment instead.
        if self.build.now is not None:
            page.update_date = self.build.now.date().isoformat()
        if page.file.generated_by is None:
            return self.expand_guide(src, markdown)
        if src not in self.build.pages:
            return markdown
        text, blocks = stash_html(markdown, self.token)
        if blocks:
            self.build.stash[src] = blocks
        return text

    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        if page.file.generated_by is None:
            path = _docs_path(config, self.build.root, src)
            source = page.markdown or ""
            self.guide_problems += guides.raw_problems(path, source, self.raw.found)
            self.guide_problems += guides.output_problems(path, source, html)
            return separate_cells(stack_tables(html))
        blocks = self.build.stash.pop(src, None)
        if not blocks:
            return separate_cells(stack_tables(html))
        html, anchors = restore_html(html, blocks, self.token)
        if page.present_anchor_ids is not None:  # what MkDocs would have found in the raw HTML
            page.present_anchor_ids.update(anchors)
        return separate_cells(stack_tables(html))

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page has been read: refuse the guides' problems, all at once, before anything is
        written. The theme's compiled templates are shared by every build of the process."""
        if self.guide_problems:
            problems, self.guide_problems = sorted(self.guide_problems), []
            self.build.failure = "panduan (docs/) memuat HTML atau tautan yang dapat menjalankan kode:\n" + (
                format_text(problems)
            )
            raise PluginError(self.build.failure)
        env.bytecode_cache = THEME_BYTECODE
        self.kept["env"] = env
        return env

    @event_priority(50)  # before the search plugin reads the page
    def _before_search(self, context: TemplateContext, /, *, page: Any, config: MkDocsConfig, nav: Any) -> None:
        """One edit button per page: a guide edits its Markdown on the Git host; a generated page
        has none (an event page carries its own **Ubah** and "Ubah di Git", pages.py). A generated
        page shows the search plugin only what its index keeps (searchable.py)."""
        generated = page.file.generated_by is not None
        path = None if generated else _docs_path(config, self.build.root, page.file.src_uri)
        page.edit_url = self.build.settings.edit_link(path) if path else None
        self.shown = None
        if page.file.src_uri in self.build.pages and page.content:
            view = search_view(page.content)
            if view is not None:
                self.shown, page.content = page.content, view

    @event_priority(-50)  # after the search plugin read the page, before the theme shows it
    def _after_search(self, context: TemplateContext, /, *, page: Any, config: MkDocsConfig, nav: Any) -> None:
        if self.shown is not None:
            page.content, self.shown = self.shown, None

    def _date_page(self, context: TemplateContext, /, *, page: Any, config: MkDocsConfig, nav: Any) -> None:
        self._dated(context)

    on_page_context = CombinedEvent(_date_page, _before_search, _after_search)

    def on_template_context(self, context: TemplateContext, template_name: str, config: MkDocsConfig) -> Any:
        self._dated(context)  # 404.html, sitemap.xml
        return context

    def _dated(self, context: TemplateContext) -> None:
        """MkDocs gives every template the machine's clock as `build_date_utc`: the build's moment
        instead (office time, on_page_markdown), so that no theme override can date a page by it."""
        if self.build.now is not None:
            office = self.build.workspace.office if self.build.workspace else None
            context["build_date_utc"] = utc_moment(self.build.now, office.zone if office else None)

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        return self._with_policy(output, page.file.src_uri)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return self._with_policy(output_content, template_name) if template_name.endswith(".html") else output_content

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        return preview.watch(server, self.build.root)

    # --- helpers -------------------------------------------------------------------------

    def _with_policy(self, html: str, where: str) -> str:
        try:
            return policy.portal_page(html, where)
        except PluginError as exc:
            self.build.failure = str(exc)  # MkDocs only logs it, then says "Aborted with a BuildError"
            raise

    def _guide_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The files of docs/ that may be published; an SVG as its checked parse."""
        problems, kept = [], []
        docs = Path(config.docs_dir).resolve()
        for file in files:
            if file.is_documentation_page() or not _inside(file.abs_src_path, docs) or file.inclusion.is_excluded():
                kept.append(file)
                continue
            problem = guides.file_problem(Path(config.docs_dir), file.src_uri)
            if problem is not None:
                problems.append(problem)
            elif file.src_uri.lower().endswith(".svg"):
                content = published_bytes(Path(str(file.abs_src_path)), "SVG")
                kept.append(File.generated(config, file.src_uri, content=content))
            else:
                kept.append(file)
        if problems:
            self.build.failure = "berkas di docs/ tidak dapat diterbitkan:\n" + format_text(problems)
            raise PluginError(self.build.failure)
        return Files(kept)


def _inside(path: str | None, folder: Path) -> bool:
    return path is not None and Path(path).resolve().is_relative_to(folder)


def _docs_path(config: MkDocsConfig, root: Path, src_uri: str) -> str:
    return relative(root, Path(config.docs_dir) / src_uri)


def _logo(config: MkDocsConfig, root: Path, workspace: Workspace) -> list[File]:
    logo = workspace.office.letterhead.logo if workspace.office else None
    # Checked again: while serving, a workspace with errors (an unsafe logo among them) gets here.
    if logo and (root / logo).is_file() and logo_problem(logo, root) is None:
        # the checked parse of an SVG, an image without its metadata, under its own extension
        content = published_bytes(root / logo, LOGO_KINDS[Path(logo).suffix.lower()])
        return [File.generated(config, logo_site_path(logo), content=content)]
    return []


def _attachments(config: MkDocsConfig, root: Path, workspace: Workspace) -> list[File]:
    """Scans and receipts, published beside each event page."""
    return [
        File.generated(config, site_path(event.code, i, item), content=published_bytes(root / item.path, item.kind))
        for event in workspace.events
        for i, item in enumerate(workspace.attachments.get(event.code, ()), 1)
    ]


def _replace(files: Files, generated: list[File]) -> Files:
    """Add the generated files, replacing same-named ones (one pass: Files re-indexes on every append)."""
    names = {f.src_uri for f in generated}
    return Files([f for f in files if f.src_uri not in names] + generated)
