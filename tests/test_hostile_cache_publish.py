"""Hostile input, round 2 — the PDF cache and publishing cannot be turned against the office:
the cache lives outside the repository, holds regular files only, never serves a planted or
renamed entry as another document's output, and may vanish at any moment; the published site
keeps the owner's permissions, builds take turns, and a build never sweeps a live build's folders."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import NOW, REPO

from generator.documents import cache as rendered_cache
from generator.documents.cache import default_cache_dir
from generator.documents.pdf import SUFFIX, content_key, render_pdfs
from generator.portal.site import BuildError, build_site, sweep_leftovers

HTML = "<!DOCTYPE html><html><body><p>Surat {n}</p></body></html>"


def pages(out: Path, count: int = 2) -> list[tuple[str, Path]]:
    return [(HTML.format(n=n), out / f"surat-{n}.pdf") for n in range(count)]


@pytest.mark.parametrize("inside", [".jejak-cache/pdf", "records/cache", "."])
def test_a_cache_inside_the_repository_is_refused(project: Path, inside: str):
    with pytest.raises(BuildError) as failure:
        build_site(project, project / "site", now=NOW, cache_dir=project / inside)
    assert "berada di dalam repositori" in str(failure.value)
    assert not (project / "site").exists()


def test_the_default_cache_is_the_users_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("JEJAK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "jejak" / "pdf"
    monkeypatch.setenv("JEJAK_CACHE_DIR", str(tmp_path / "pilihan"))
    assert default_cache_dir() == tmp_path / "pilihan"


def entry_of(cache: Path, html: str) -> Path:
    return rendered_cache.entry(cache, content_key(html), SUFFIX)


def _plant(cache: Path, html: str, make) -> Path:
    entry = entry_of(cache, html)
    entry.parent.mkdir(parents=True, exist_ok=True)
    make(entry)
    return entry


@pytest.mark.parametrize(
    "plant",
    [
        lambda e: e.symlink_to("/etc/passwd"),
        lambda e: e.symlink_to(REPO / ".git" / "config"),
        lambda e: e.write_bytes(b"%PDF-1.4 palsu\n"),  # no header: not ours
        lambda e: e.write_bytes(b"jejak-pdf-cache\n" + b"0" * 64 + b"\n" + b"0" * 64 + b"\n\n%PDF-1.4 palsu"),
        lambda e: os.mkfifo(e),
        lambda e: e.mkdir(),
    ],
    ids=["symlink-passwd", "symlink-git-config", "bare-pdf", "wrong-header", "fifo", "folder"],
)
def test_a_planted_entry_is_never_served(tmp_path: Path, plant):
    cache = tmp_path / "cache"
    html, target = pages(tmp_path / "out", 1)[0]
    _plant(cache, html, plant)
    stats = render_pdfs([(html, target)], cache)
    assert stats.rendered == 1 and stats.cached == 0
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"palsu" not in data and b"root:" not in data


def test_an_entry_renamed_to_another_key_is_not_served(tmp_path: Path):
    cache = tmp_path / "cache"
    (first, first_target), (second, second_target) = pages(tmp_path / "out")
    render_pdfs([(first, first_target)], cache)
    shutil.copy(entry_of(cache, first), _plant(cache, second, lambda e: None))
    stats = render_pdfs([(second, second_target)], cache)
    assert stats.rendered == 1
    assert second_target.read_bytes() != first_target.read_bytes()


def test_a_cache_others_may_write_is_not_used(tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    work = pages(tmp_path / "out")
    render_pdfs(work, cache)
    assert render_pdfs(work, cache).cached == 0
    assert list(cache.iterdir()) == []


def test_the_build_survives_the_cache_being_deleted_at_any_moment(tmp_path: Path):
    cache = tmp_path / "cache"
    work = pages(tmp_path / "out", 6)
    render_pdfs(work[:3], cache)
    stop = threading.Event()

    def delete() -> None:
        while not stop.is_set():
            shutil.rmtree(cache, ignore_errors=True)

    vandal = threading.Thread(target=delete)
    vandal.start()
    try:
        for _ in range(3):
            render_pdfs(work, cache, workers=2)
    finally:
        stop.set()
        vandal.join()
    assert all(target.read_bytes().startswith(b"%PDF-") for _, target in work)


def test_a_warm_cache_renders_nothing(tmp_path: Path):
    work = pages(tmp_path / "out", 3)
    render_pdfs(work, tmp_path / "cache")
    assert render_pdfs(work, tmp_path / "cache").cached == 3


# --- publishing ---------------------------------------------------------------------------------------


def test_the_published_site_is_readable_by_the_web_server(project: Path):
    old = os.umask(0o022)
    try:
        site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    finally:
        os.umask(old)
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    site.chmod(0o750)  # the owner's choice is kept on the next build
    build_site(project, project / "site", pdf=False, now=NOW)
    assert stat.S_IMODE(site.stat().st_mode) == 0o750


def _build(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--tanpa-pdf", "--pada", "2026-11-28"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _waits_for_a_lock(pid: int) -> bool:
    locks = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    return any("->" in line and f" {pid} " in line for line in locks)


def test_a_build_waits_while_another_holds_the_lock(project: Path):
    site = project / "site"
    lock = project / ".site.kunci"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    build = _build(project)
    try:
        deadline = time.monotonic() + 600
        while not _waits_for_a_lock(build.pid):  # the kernel lists it as a blocked waiter
            assert build.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        assert not any(project.glob(".site.baru-*")) and not site.exists()
    finally:
        os.close(fd)
    assert build.wait(timeout=600) == 0
    assert (site / "index.html").is_file()


def test_two_builds_at_once_both_publish_a_whole_site(project: Path):
    builds = [_build(project), _build(project)]
    assert [b.wait(timeout=900) for b in builds] == [0, 0]
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "kegiatan" / "2024-menjahit-1" / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")) == [".site.kunci"]


def test_a_live_builds_folders_are_never_swept(project: Path, tmp_path: Path):
    live = subprocess.Popen(["sleep", "60"])
    try:
        site = project / "site"
        mine = project / f".site.baru-{live.pid}-abc"
        dead = project / ".site.dokumen-999999999-abc"
        for folder in (mine, dead):
            folder.mkdir()
            os.utime(folder, (time.time() - 7200, time.time() - 7200))
        sweep_leftovers(site)
        assert mine.is_dir() and not dead.exists()
    finally:
        live.kill()
        live.wait()


@pytest.mark.parametrize(
    "ci",
    [
        ".github/workflows/jejak-portal.yml",
        ".gitea/workflows/jejak.yml",
        ".forgejo/workflows/jejak.yml",
        ".gitlab-ci.yml",
    ],
)
def test_shipped_ci_files_keep_the_pdf_cache_outside_the_checkout(ci: str):
    import yaml

    text = (REPO / ci).read_text(encoding="utf-8")
    yaml.safe_load(text)  # still valid YAML
    assert "JEJAK_CACHE_DIR" in text and ".jejak-cache" not in text
    if ci == ".gitlab-ci.yml":
        assert "git ls-files -- .cache-jejak" in text and 'JEJAK_CACHE_DIR="$HOME/jejak-cache"' in text
    else:
        assert "actions/cache@v4" in text and "path: ~/.cache/jejak\n" in text
