"""Benchmark: a cold `jejak build --tanpa-pdf` (empty cache: every Word file made) on N
synthetic events against bare `mkdocs build`s measured in the same run, and the site's size.

Baseline of the target (issue 22): a minimal Material site with as many one-table pages as
there are events. Target: Jejak's cold build (Word files included) <= 2.5x it; the site without
PDFs <= 150 KB per event (the growth between the smallest and the largest size, so the
portal's fixed assets do not count). With --same-pages, also the older baseline:

The bare site gets exactly the same output: the generated Markdown pages (made by the plugin's
own `generate`, so with the same document links, edit links and audit text) as files in docs/,
each event's printable documents as static HTML files, and the repository's own mkdocs.yml with
only the `jejak` plugin removed (and Jejak's theme overrides named as its custom_dir, which the
plugin otherwise adds). The ratio is therefore the cost of Jejak itself: reading and
checking the records, deriving status, making the pages and the documents. (Jejak also keeps the
HTML blocks of its generated pages out of Python-Markdown, which the bare build cannot do; the
site that comes out is the same, tests/test_portal_html_blocks.py checks it.)

    .venv/bin/python bench/build.py                       # 200 and 1,000 events (issue 22)
    .venv/bin/python bench/build.py --sizes 50,200 --repeat 1
    .venv/bin/python bench/build.py --same-pages          # also the same-pages baseline

Prints, for each size, the medians of --repeat cold builds of each kind (taking turns): wall, CPU
(user + system) and user CPU, each with the ratio jejak/bare, and Jejak's CPU time per event
(constant or falling time per event = linear growth); then the site's size per event and the
Word files' share of it. Ends with one `bench-row:` line per figure (bench/common.py) and exits
1 when a target is missed. Work folders go to a temporary folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Row, finish  # noqa: E402

SAMPLE = REPO / "records" / "2024" / "2024-menjahit-1.yaml"
NOW = datetime(2026, 11, 28, 10, 0)
PLUGIN = re.compile(r"^  - jejak\n", re.MULTILINE)
THEME = re.compile(r"^theme:\n", re.MULTILINE)
TARGET_RATIO = 2.5
TARGET_KB_PER_EVENT = 150


def make_minimal(folder: Path, n: int) -> Path:
    """The issue's baseline: a minimal Material site (offline: no Google fonts) of N one-table pages."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(
        "site_name: Minimal\ntheme:\n  name: material\n  font: false\n  language: id\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    (folder / "docs" / "index.md").write_text("# Beranda\n", encoding="utf-8")
    for i in range(1, n + 1):
        rows = "\n".join(f"| {s} | {s}.0 | kegiatan {i} |" for s in range(1, 12))
        page = f"# Kegiatan {i}\n\n| Langkah | Nomor | Catatan |\n|---|---|---|\n{rows}\n"
        (folder / "docs" / f"kegiatan-{i:05d}.md").write_text(page, encoding="utf-8")
    return folder


def make_repo(folder: Path, n: int) -> Path:
    """A Jejak repository with N copies of the complete sample event (unique codes and numbers)."""
    shutil.rmtree(folder, ignore_errors=True)
    for name in ("schema", "docs", "site_templates"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "records" / "2024").mkdir(parents=True)
    shutil.copy(REPO / "records" / "kantor.yaml", folder / "records" / "kantor.yaml")
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(1, n + 1):
        code = f"2024-bench-{i:05d}"
        body = (
            text.replace("2024-menjahit-1", code)
            .replace("Pelatihan Menjahit Pakaian Angkatan I", f"Pelatihan Sintetis Nomor {i}")
            .replace("500.15.4/0", f"500.15.4/{i}.0")
        )
        body = re.sub(r"nama: (Siti Aminah|Dewi Anggraini)", rf"nama: \1 {i}", body)
        (folder / "records" / "2024" / f"{code}.yaml").write_text(body, encoding="utf-8")
    return folder


def make_bare(repo: Path, folder: Path) -> Path:
    """The same site as plain files and the same mkdocs.yml, without Jejak's plugin: every generated
    page (with its links to the documents) as a Markdown file, every document as a static HTML file."""
    sys.path.insert(0, str(REPO))

    from generator.documents.render import render_ready
    from generator.portal.generate import document_path, generate
    from generator.portal.portal_build import PortalBuild
    from generator.portal.repo_links import repository_settings
    from generator.records.workspace import load_workspace

    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(repo / "docs", folder / "docs")
    shutil.copytree(repo / "site_templates", folder / "site_templates")  # the theme overrides
    config = PLUGIN.sub("", (repo / "mkdocs.yml").read_text(encoding="utf-8"))
    config = THEME.sub("theme:\n  custom_dir: site_templates/portal/overrides\n", config)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    workspace = load_workspace(repo, now=NOW)
    settings = repository_settings(workspace.office)
    build = PortalBuild(workspace=workspace, now=NOW, root=repo, settings=settings, render_documents=False)
    pages, _ = generate(build)
    for path, markdown in pages:
        target = folder / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    for event in workspace.events:
        for info, html in render_ready(workspace, event):
            target = folder / "docs" / document_path(event, info)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
    logo = workspace.office.letterhead.logo
    if logo:  # jejak build adds the office logo as the site's logo
        shutil.copy(repo / logo, folder / "docs" / "assets" / "logo-kota.svg")
    return folder


Times = tuple[float, float, float]  # wall, user CPU, system CPU (seconds)


def timed(args: list[str], cwd: Path) -> Times:
    """(wall, user CPU, system CPU) seconds of one command and its children. User CPU is the
    steadiest on a busy machine; system CPU here is mostly creating ~40 files per event (the
    minimal site: one), which this disk makes slow and very variable."""
    cache = cwd.parent / f"{cwd.name}-cache"  # Word files are cached: an empty cache, or the build is warm
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "JEJAK_CACHE_DIR": str(cache)}
    set_aside(cwd.parent / ".bekas", cwd / "site", cache)  # every build starts from no site and an empty cache: cold
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-3000:]}")
    return elapsed, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def set_aside(trash: Path, *folders: Path) -> None:
    """Move folders into `trash` (the work folder's .bekas/, deleted with it at the end). Deleting
    the last build's ~8,000 files right before a build made that build's own file creations
    several times slower on this machine (its disk is mounted with online discard): system CPU
    8-10 s instead of ~1 s for the same cold build of 200 events, charged to the build."""
    trash.mkdir(exist_ok=True)
    for folder in folders:
        if folder.exists():
            folder.rename(trash / f"{folder.parent.name}-{folder.name}-{time.time_ns()}")


def median(runs: list[Times]) -> Times:
    return tuple(statistics.median(r[i] for r in runs) for i in range(3))  # type: ignore[return-value]


def site_size(site: Path) -> tuple[int, int]:
    """(bytes of every file but PDFs, bytes of the Word files) of a built site."""
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix != ".pdf"]
    return sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in files if p.suffix == ".docx")


def measure(n: int, work: Path, repeat: int, same_pages: bool) -> dict[str, Times | tuple[int, int]]:
    """Median times of `repeat` builds of each kind, taking turns; the site's size."""
    repo = make_repo(work / f"jejak-{n}", n)
    baselines = {"minimal": make_minimal(work / f"minimal-{n}", n)}
    if same_pages:
        baselines["same"] = make_bare(repo, work / f"bare-{n}")
    runs: dict[str, list[Times]] = {name: [] for name in ("jejak", *baselines)}
    for _ in range(repeat):
        for name, folder in baselines.items():
            runs[name].append(timed([sys.executable, "-m", "mkdocs", "build", "-q"], folder))
        runs["jejak"].append(timed([sys.executable, "-m", "generator.cli", "build", "--tanpa-pdf"], repo))
    result: dict[str, Times | tuple[int, int]] = {name: median(r) for name, r in runs.items()}
    result["size"] = site_size(repo / "site")
    set_aside(work / ".bekas", repo, repo.parent / f"{repo.name}-cache", *baselines.values())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000", help="comma-separated numbers of events (default 200,1000)")
    parser.add_argument("--repeat", type=int, default=1, help="cold builds of each kind per size; medians are shown")
    parser.add_argument("--same-pages", action="store_true", help="also time the bare build of the same pages")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    # Outside the checkout: a folder inside it would make git (the history pages) read this repository.
    work = Path(tempfile.mkdtemp(prefix="jejak-bench-"))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of {args.repeat} cold builds")
    print(
        f"{'events':>7} {'jejak wall':>11} {'minimal wall':>13} {'ratio':>6} {'target':>7} "
        f"{'jejak cpu':>10} {'minimal cpu':>12} {'ratio':>6} {'ms/event cpu':>13} "
        f"{'jejak user':>11} {'minimal user':>13}"
        + (f" {'same-pages wall':>16} {'ratio':>6}" if args.same_pages else "")
    )
    rows: list[Row] = []
    sized = []
    try:
        for n in sizes:
            result = measure(n, work, args.repeat, args.same_pages)
            (jw, ju, js), (mw, mu, ms) = result["jejak"], result["minimal"]  # type: ignore[misc]
            ratio = jw / mw
            line = (
                f"{n:>7} {jw:>10.1f}s {mw:>12.1f}s {ratio:>6.2f} {TARGET_RATIO:>6.1f}x {ju + js:>9.1f}s "
                f"{mu + ms:>11.1f}s {(ju + js) / (mu + ms):>6.2f} {1000 * (ju + js) / n:>13.1f} "
                f"{ju:>10.1f}s {mu:>12.1f}s"
            )
            if args.same_pages:
                sw = result["same"][0]  # type: ignore[index]
                line += f" {sw:>15.1f}s {jw / sw:>6.2f}"
            print(line, flush=True)
            rows.append(
                Row(
                    f"cold `jejak build --tanpa-pdf`, {n:,} events (wall)",
                    jw,
                    "s",
                    f"bare `mkdocs build`, minimal Material site, {n:,} one-table pages",
                    mw,
                    TARGET_RATIO,
                    f"CPU {ju + js:.1f} s against {mu + ms:.1f} s ({(ju + js) / (mu + ms):.2f}x); "
                    f"median of {args.repeat}",
                )
            )
            sized.append((n, *result["size"]))  # type: ignore[arg-type]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish(rows + report_size(sized))


def report_size(sized: list[tuple[int, int, int]]) -> list[Row]:
    """Site size per event: the growth from the smallest size to the largest (fixed assets cancel)."""
    if len(sized) < 2:
        n, total, _ = sized[0]
        print(f"site without PDFs: {total / 1024:.0f} KB for {n} events (give two sizes for the size per event)")
        return []
    (n0, total0, word0), (n1, total1, word1) = sized[0], sized[-1]
    per_event, word_per_event = (total1 - total0) / (n1 - n0) / 1024, (word1 - word0) / (n1 - n0) / 1024
    print(
        f"site without PDFs: {per_event:.0f} KB per event (target <= {TARGET_KB_PER_EVENT}), "
        f"of which Word files {word_per_event:.0f} KB; {total1 / 1048576:.1f} MB at {n1} events"
    )
    note = f"of which Word files {word_per_event:.0f} KB; growth from {n0:,} to {n1:,} events"
    return [Row("site without PDFs, per event", per_event, "KB", "", None, TARGET_KB_PER_EVENT, note)]


if __name__ == "__main__":
    sys.exit(main())
