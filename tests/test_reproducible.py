"""Reproducible builds: the same commit built twice (two clones, two processes, different
hash seeds, paths and file times) gives byte-identical sites, PDFs included."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from conftest import NOW, REPO

from generator.portal.site import build_site

BUILD = (
    "import sys; from datetime import datetime; from pathlib import Path; "
    "from generator.portal.site import build_site; "
    "build_site(Path(sys.argv[1]), Path(sys.argv[2]), pdf=sys.argv[3] == 'pdf', now=datetime.fromisoformat(sys.argv[4]))"
)


def git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Staf",
        "GIT_AUTHOR_EMAIL": "staf@blk.example",
        "GIT_COMMITTER_NAME": "Staf",
        "GIT_COMMITTER_EMAIL": "staf@blk.example",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def fingerprint(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def build_in_process(root: Path, out: Path, seed: str, pdf: bool, cache: Path | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": seed}
    if cache is not None:
        env["JEJAK_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(root), str(out), "pdf" if pdf else "", NOW.isoformat()],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


def test_the_same_commit_builds_byte_identical_sites(project: Path, tmp_path: Path):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Catatan awal")
    first, second = tmp_path / "klon-satu", tmp_path / "klon-kedua-di-jalur-lain"
    git(tmp_path, "clone", "-q", str(project), str(first))
    time.sleep(1.1)  # a second clone with other file times
    git(tmp_path, "clone", "-q", str(project), str(second))
    for path in second.rglob("*"):
        os.utime(path, (946684800, 946684800), follow_symlinks=False)
    # The first build may take its PDFs and Word files from the run's cache (rendered by another
    # process); the second renders every one of them itself, into an empty cache.
    build_in_process(first, tmp_path / "situs-1", "1", pdf=True)
    build_in_process(second, tmp_path / "situs-2", "2", pdf=True, cache=tmp_path / "cache-kosong")
    one, two = fingerprint(tmp_path / "situs-1"), fingerprint(tmp_path / "situs-2")
    assert any(name.endswith(".pdf") for name in one) and "search/search_index.json" in one
    assert list(one) == list(two)
    assert [name for name in one if one[name] != two[name]] == []
    # The sitemap's gzip header holds a date: the build's own, not the day the build ran.
    stamp = int.from_bytes((tmp_path / "situs-1" / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert datetime.fromtimestamp(stamp, UTC).date() == NOW.date()


def test_a_theme_override_dates_its_pages_by_the_build_not_the_machines_clock(project: Path, tmp_path: Path):
    """MkDocs hands every template the machine's clock as `build_date_utc`; an office's theme
    override that printed it would make two builds of one commit differ. It is the build's moment."""
    overrides = project / "site_templates" / "portal" / "overrides"
    stamp = '<meta name="dibangun" content="{{ build_date_utc.isoformat() }}">'
    main = (overrides / "main.html").read_text(encoding="utf-8")
    (overrides / "main.html").write_text(main + "{% block extrahead %}" + stamp + "{% endblock %}\n", encoding="utf-8")
    missing = (overrides / "404.html").read_text(encoding="utf-8")
    (overrides / "404.html").write_text(
        missing.replace("{% block content %}", "{% block content %}" + stamp), encoding="utf-8"
    )
    build_site(project, tmp_path / "situs", pdf=False, now=NOW)
    expected = 'content="2026-11-28T03:00:00+00:00"'  # NOW is 10.00 WIB
    assert NOW == datetime(2026, 11, 28, 10, 0)
    for page in ("index.html", "kegiatan/2024-menjahit-1/index.html", "404.html"):
        assert expected in (tmp_path / "situs" / page).read_text(encoding="utf-8"), page


def test_only_the_status_pages_carry_the_build_moment(project: Path, tmp_path: Path):
    """Issue 19.7: the portal's status is that of the build moment, as `jejak status` says it then
    ("keadaan per 30 November 2026 pukul 07.31 WIB"). Built at two moments of one working day, only
    the pages that show status differ (dashboard, event pages, recaps, their search entries); letters,
    SOP pages, guides and assets carry no build time. The 2026 event is late at step 7, whose
    lateness grows by the working minute on a Monday."""
    monday = datetime(2026, 11, 30, 7, 31)
    assert monday.weekday() == 0
    build_site(project, tmp_path / "pagi", pdf=False, now=monday)
    build_site(project, tmp_path / "sore", pdf=False, now=monday.replace(hour=15, minute=59))
    morning, afternoon = fingerprint(tmp_path / "pagi"), fingerprint(tmp_path / "sore")
    assert list(morning) == list(afternoon)
    changed = {name for name in morning if morning[name] != afternoon[name]}
    status = re.compile(r"index\.html|kegiatan/[^/]+/index\.html|rekap/[^/]+/index\.html|search/search_index\.json")
    assert "kegiatan/2026-barista-1/index.html" in changed
    assert [name for name in sorted(changed) if not status.fullmatch(name)] == []
    late = (tmp_path / "pagi" / "kegiatan" / "2026-barista-1" / "index.html").read_text(encoding="utf-8")
    assert "Terlambat" in late and "keadaan per <strong>30 November 2026 pukul 07.31 WIB</strong>" in late
