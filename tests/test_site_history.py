"""The portal on real git repositories: the change history on event pages, the audit page,
and the refusal to publish from a shallow clone."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import NOW

from generator.portal.site import MARKER, MARKER_TEXT, BuildError, build_site


def git(cwd: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Rina Wulandari",
        "GIT_AUTHOR_EMAIL": "rina.wulandari@pagaralam.example",
        "GIT_COMMITTER_NAME": "Rina Wulandari",
        "GIT_COMMITTER_EMAIL": "rina.wulandari@pagaralam.example",
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(project: Path) -> Path:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Catatan awal")
    record = project / "records" / "2027" / "2027-tata-rias-1.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# catatan kecil\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Tata rias: tambah catatan")
    return project


def test_event_pages_carry_their_history_and_the_audit_page_exists(repo: Path):
    site = build_site(repo, repo / "site", pdf=False, now=NOW).site_dir
    page = (site / "kegiatan" / "2027-tata-rias-1" / "index.html").read_text(encoding="utf-8")
    history = page[page.index('id="riwayat-perubahan"') :]
    assert "Tata rias: tambah catatan" in history
    # commit links follow kantor.yaml `penyunting` (tests/test_portal_links.py tries every host)
    assert "https://git.pagaralam.example/blk-pagaralam/jejak/commit/" in history
    audit = (site / "audit" / "index.html").read_text(encoding="utf-8")
    assert "Jejak Audit" in audit


def test_a_shallow_clone_is_refused_and_the_old_site_stays(repo: Path, tmp_path: Path):
    clone = tmp_path / "dangkal"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    site = tmp_path / "situs"
    site.mkdir()
    (site / "index.html").write_text("situs lama", encoding="utf-8")
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # an earlier Jejak portal
    with pytest.raises(BuildError, match="shallow clone"):
        build_site(clone, site, pdf=False, now=NOW)
    assert (site / "index.html").read_text(encoding="utf-8") == "situs lama"
