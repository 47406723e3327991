"""What the plugin changes in MkDocs' configuration before a build: the navigation (each SOP's
page), the theme's folders (Jejak's overrides), the logo, and the repository link."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from generator.portal.editor import GitHost
from generator.portal.pages import sop_page_path
from generator.portal.repo_links import repository_name, repository_url
from generator.records.attachments import logo_site_path
from generator.records.workspace import Workspace
from generator.templates import PACKAGED

SOP_INDEX = "sop/index.md"
OVERRIDES = "portal/overrides"  # under site_templates/: the repository's own, then the packaged one
log = logging.getLogger("mkdocs.plugins.jejak")


def root_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


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


def use_overrides(config: MkDocsConfig, root: Path) -> None:
    """Jejak's theme overrides (the escaped <title>, scripts in files, the 404 page) in front of
    Material's own, whether or not mkdocs.yml names a `custom_dir`: the repository's copy first."""
    theme_dirs = config.theme.dirs
    for folder in reversed([root / "site_templates" / OVERRIDES, PACKAGED / OVERRIDES]):
        if folder.is_dir() and str(folder) not in theme_dirs:
            theme_dirs.insert(0, str(folder))


def logo_in_theme(config: MkDocsConfig, workspace: Workspace) -> None:
    """A PNG or JPEG logo is published under its own extension: the theme must point at it."""
    logo = workspace.office.letterhead.logo if workspace.office else None
    if not logo:
        return
    for key in ("logo", "favicon"):
        if config.theme.get(key) == "assets/logo-kota.svg":
            config.theme[key] = logo_site_path(logo)


def use_repository(config: MkDocsConfig, workspace: Workspace) -> None:
    """The header's repository link follows kantor.yaml `penyunting`, never mkdocs.yml."""
    host = GitHost.of(workspace.office) if workspace.office else None
    url = repository_url(host)
    if config.repo_url and config.repo_url.rstrip("/") != url:
        log.warning(
            "repo_url di mkdocs.yml (%s) diabaikan: tautan repositori mengikuti 'penyunting' di records/kantor.yaml",
            config.repo_url,
        )
    config.repo_url = url
    config.repo_name = repository_name(host)
    config.edit_uri = None  # edit links are made per page (plugin.on_page_context)


def markdown_without_styles(config: MkDocsConfig) -> None:
    """Aligned table columns as `align` attributes, not `style`: the policy allows no inline style
    (the audit page's tables are aligned; so may a guide's be)."""
    if "tables" in config.markdown_extensions:
        config.mdx_configs.setdefault("tables", {})["use_align_attribute"] = True
