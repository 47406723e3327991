"""One source for links (issue 19): the repository, edit and commit links of the whole portal
follow kantor.yaml `penyunting`, whatever mkdocs.yml says; an event page has one **Ubah** (the
form) and one secondary "Ubah di Git", never a third edit button."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import NOW, put

from generator.portal.site import build_site

EVENT = "kegiatan/2026-barista-1/index.html"
RECORD = "records/2026/2026-barista-1.yaml"
GUIDE = "panduan/memulai/index.html"
BLOCK = """penyunting:
  jenis: forgejo
  alamat: https://git.pagaralam.example
  repositori: blk-pagaralam/jejak
  cabang: main
  id_aplikasi: contoh-id-aplikasi-oauth
"""
# kind -> (penyunting block, repository, edit pattern of a path, commit pattern)
HOSTS = {
    "forgejo": (
        "penyunting: {jenis: forgejo, alamat: https://git.kantor.example, repositori: blk/jejak, cabang: utama, "
        "id_aplikasi: abc}\n",
        "https://git.kantor.example/blk/jejak",
        "https://git.kantor.example/blk/jejak/_edit/utama/{path}",
        "https://git.kantor.example/blk/jejak/commit/",
    ),
    "gitea": (
        "penyunting: {jenis: gitea, alamat: https://gitea.kantor.example/, repositori: blk/jejak, id_aplikasi: abc}\n",
        "https://gitea.kantor.example/blk/jejak",
        "https://gitea.kantor.example/blk/jejak/_edit/main/{path}",
        "https://gitea.kantor.example/blk/jejak/commit/",
    ),
    "gitlab": (
        "penyunting: {jenis: gitlab, alamat: https://gitlab.kantor.example, repositori: dinas/blk/jejak, "
        "id_aplikasi: abc}\n",
        "https://gitlab.kantor.example/dinas/blk/jejak",
        "https://gitlab.kantor.example/dinas/blk/jejak/-/edit/main/{path}",
        "https://gitlab.kantor.example/dinas/blk/jejak/-/commit/",
    ),
    "github": (
        "penyunting: {jenis: github, alamat: https://github.kantor.example, repositori: blk/jejak}\n",
        "https://github.kantor.example/blk/jejak",
        "https://github.kantor.example/blk/jejak/edit/main/{path}",
        "https://github.kantor.example/blk/jejak/commit/",
    ),
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(project: Path) -> Path:
    """The sample repository with a real history (for commit links), its mkdocs.yml still naming
    github.com the way Jejak's own did before issue 19."""
    config = project / "mkdocs.yml"
    config.write_text("repo_url: https://github.com/blk-pagaralam/jejak\n" + config.read_text(encoding="utf-8"))
    git(project, "init", "-q", "-b", "main")
    git(project, "-c", "user.name=Dedi", "-c", "user.email=dedi@pagaralam.example", "add", "-A")
    git(project, "-c", "user.name=Dedi", "-c", "user.email=dedi@pagaralam.example", "commit", "-q", "-m", "Awal")
    return project


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def _site(repo: Path, block: str | None) -> Path:
    put(repo, "records/kantor.yaml", BLOCK, block or "")
    return build_site(repo, repo / "site", pdf=False, now=NOW).site_dir


@pytest.mark.parametrize("kind", list(HOSTS))
def test_every_link_follows_the_office_git_host(repo: Path, kind: str):
    block, repository, edit, commit = HOSTS[kind]
    site = _site(repo, block)
    event = (site / EVENT).read_text(encoding="utf-8")
    assert f'href="{repository}"' in event  # the header's repository link
    edit_link = edit.format(path=RECORD)
    assert re.findall(r'<a class="md-button[^"]*"[^>]*>([^<]+)</a>', event) == ["Ubah", "Ubah di Git"]
    assert f'href="{edit_link}"' in event
    assert 'class="md-content__button' not in event  # no third edit button (Material's pencil)
    assert any(link.startswith(commit) and len(link) == len(commit) + 40 for link in _links(event))
    guide = (site / GUIDE).read_text(encoding="utf-8")
    assert f'href="{edit.format(path="docs/panduan/memulai.md")}"' in guide
    every = [_links(p.read_text(encoding="utf-8")) for p in site.rglob("*.html") if "ubah" not in p.parts]
    assert not [link for links in every for link in links if "github.com" in link]


@pytest.mark.parametrize("block", [None, "penyunting: {jenis: lokal}\n"], ids=["tanpa-penyunting", "lokal"])
def test_without_a_git_host_web_editor_there_are_no_git_links(repo: Path, block: str | None):
    site = _site(repo, block)
    event = (site / EVENT).read_text(encoding="utf-8")
    assert re.findall(r'<a class="md-button[^"]*"[^>]*>([^<]+)</a>', event) == ["Ubah"]  # the form only
    assert 'class="md-source"' not in event and 'class="md-content__button' not in event
    assert "/commit/" not in event
    guide = (site / GUIDE).read_text(encoding="utf-8")
    assert 'class="md-content__button' not in guide
    every = [_links(p.read_text(encoding="utf-8")) for p in site.rglob("*.html") if "ubah" not in p.parts]
    assert [link for links in every for link in links if link.startswith("http")] == []


def test_the_plugin_configuration_changes_only_the_pattern(repo: Path):
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - jejak\n", '  - jejak:\n      edit_url: "{repo_url}/src/branch/{branch}/{path}?ubah=1"\n'
    )
    config.write_text(text, encoding="utf-8")
    event = (_site(repo, HOSTS["forgejo"][0]) / EVENT).read_text(encoding="utf-8")
    assert f'href="https://git.kantor.example/blk/jejak/src/branch/utama/{RECORD}?ubah=1"' in event
