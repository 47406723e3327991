"""Atomic publish: a build killed half-way (SIGKILL, no clean-up code runs) leaves the
previously published site exactly as it was, and the next build publishes normally."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW, REPO

from generator.portal.site import BuildError, build_site


def fingerprint(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def start_build(project: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the build never reached the point to kill it"
        time.sleep(0.05)  # each look walks the staging folder: often enough, without taking the build's core


def staged_files(project: Path) -> int:
    return sum(1 for folder in project.glob(".site.baru-*") for p in folder.rglob("*") if p.is_file())


def pdfs_written(project: Path) -> int:
    return sum(1 for folder in project.glob(".site.baru-*") for _ in folder.rglob("*.pdf"))


@pytest.mark.parametrize(
    "moment",
    ["mkdocs-writing", "pdfs-rendering"],
)
def test_a_killed_build_leaves_the_old_site_untouched(built_project: Path, private_cache: Path, moment: str):
    project = built_project
    site = project / "site"
    (site / "penanda.txt").write_text("situs lama", encoding="utf-8")
    (project / "records" / "2024" / "2024-menjahit-1.yaml").write_text(
        (project / "records" / "2024" / "2024-menjahit-1.yaml")
        .read_text(encoding="utf-8")
        .replace("Pelatihan Menjahit Pakaian Angkatan I", "Pelatihan Menjahit Pakaian Angkatan I (baru)", 1),
        encoding="utf-8",
    )
    before = fingerprint(site)
    build = start_build(project)
    try:
        if moment == "mkdocs-writing":
            wait_for(lambda: staged_files(project) > 20)
        else:
            wait_for(lambda: pdfs_written(project) > 0)
        os.killpg(build.pid, signal.SIGKILL)  # the document process dies with it
    finally:
        build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL
    assert fingerprint(site) == before  # not one byte of the published site changed
    assert "(baru)" not in (site / "kegiatan" / "2024-menjahit-1" / "index.html").read_text(encoding="utf-8")
    # The next build publishes the new site normally.
    build_site(project, site, pdf=False, now=NOW)
    page = (site / "kegiatan" / "2024-menjahit-1" / "index.html").read_text(encoding="utf-8")
    assert "(baru)" in page and not (site / "penanda.txt").exists()


def test_a_broken_template_leaves_the_old_site(built_project: Path):
    """The repository's own template wins over the packaged one, so a broken one stops the build."""
    project, site = built_project, built_project / "site"
    before = fingerprint(site)
    template = project / "site_templates" / "portal" / "event.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ salah_ketik }}\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build_site(project, project / "site", pdf=False, now=NOW)
    assert fingerprint(site) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.kunci"] == []


def test_a_bad_record_leaves_the_old_site(built_project: Path):
    project, site = built_project, built_project / "site"
    before = fingerprint(site)
    (project / "records" / "2026" / "2026-rusak.yaml").write_text("kode: 2026-rusak\nnama: [\n", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build_site(project, project / "site", pdf=False, now=NOW)
    assert [p.path for p in failure.value.problems] == ["records/2026/2026-rusak.yaml"]
    assert fingerprint(site) == before


def test_readers_never_find_the_site_missing_while_it_is_replaced(tmp_path: Path):
    import threading

    from generator.portal.site import publish

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("versi 0", encoding="utf-8")
    missing: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                (site / "index.html").read_text(encoding="utf-8")
            except FileNotFoundError:
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(1, 301):
            fresh = tmp_path / f".site.baru-{n}"
            fresh.mkdir()
            (fresh / "index.html").write_text(f"versi {n}", encoding="utf-8")
            publish(fresh, site)
    finally:
        done.set()
        reader.join()
    assert (site / "index.html").read_text(encoding="utf-8") == "versi 300"
    assert missing == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_next_build_sweeps_what_a_killed_build_left(built_project: Path, private_cache: Path):
    project = built_project
    site = project / "site"
    build = start_build(project)
    try:
        wait_for(lambda: staged_files(project) > 20)
        os.killpg(build.pid, signal.SIGKILL)
    finally:
        build.wait(timeout=60)
    left = [p for p in project.iterdir() if p.name.startswith(".site.")]
    assert left  # nothing cleaned up after SIGKILL...
    for folder in left:
        os.utime(folder, (time.time() - 7200, time.time() - 7200))
    fresh = project / ".site.baru-sedang-dibangun"  # ...but a build running right now is left alone
    fresh.mkdir()
    build_site(project, site, pdf=False, now=NOW)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")) == sorted(
        [fresh.name, ".site.kunci"]
    )
