"""Where the portal's repository, edit and commit links point: the office record's `penyunting`
(the Git host staff propose on), and nothing else. No host named there: no such links at all.

mkdocs.yml's `repo_url` is not a source (it once pointed at github.com while the office used its
own Forgejo server); the plugin sets it from here, and `edit_url` / `commit_url` in the plugin's
configuration only change the pattern for a host whose web pages differ.
"""

from __future__ import annotations

from generator.portal.editor import GitHost
from generator.portal.pages import Settings
from generator.records.model import Office

# {repo_url}, {branch}, {path} / {sha} are filled in (pages.Settings).
EDIT = {
    "forgejo": "{repo_url}/_edit/{branch}/{path}",
    "gitea": "{repo_url}/_edit/{branch}/{path}",
    "gitlab": "{repo_url}/-/edit/{branch}/{path}",
    "github": "{repo_url}/edit/{branch}/{path}",
}
COMMIT = {
    "forgejo": "{repo_url}/commit/{sha}",
    "gitea": "{repo_url}/commit/{sha}",
    "gitlab": "{repo_url}/-/commit/{sha}",
    "github": "{repo_url}/commit/{sha}",
}
GITHUB = "https://github.com"  # only when the office wrote `jenis: github` without an address


def repository_settings(office: Office | None, edit_url: str | None = None, commit_url: str | None = None) -> Settings:
    """The portal's link settings for the office's Git host; empty (no links) without one."""
    host = GitHost.of(office) if office is not None else None
    url = repository_url(host)
    if host is None or url is None:
        return Settings()
    return Settings(
        repo_url=url,
        branch=host.branch,
        edit_url=edit_url or EDIT[host.kind],
        commit_url=commit_url or COMMIT[host.kind],
    )


def repository_url(host: GitHost | None) -> str | None:
    """The repository's web address on the host; None for the local test backend or no host."""
    if host is None or host.kind not in EDIT or not host.repo:
        return None
    base = (host.url or (GITHUB if host.kind == "github" else "")).rstrip("/")
    return f"{base}/{host.repo}" if base else None


def repository_name(host: GitHost | None) -> str | None:
    return host.repo if repository_url(host) and host is not None else None
