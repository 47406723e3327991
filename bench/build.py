"""Benchmark: `jejak build --tanpa-pdf` on N synthetic events against a bare `mkdocs build`
of the same pages written as plain Markdown files, measured in the same run.

The bare site gets exactly the same output: the generated Markdown pages (made by the plugin's
own `generate`, so with the same document links, edit links and audit text) as files in docs/,
each event's printable documents as static HTML files, and the repository's own mkdocs.yml with
only the `hooks:` entry removed. The ratio is therefore the cost of Jejak itself: reading and
checking the records, deriving status, making the pages and the documents. (Jejak also keeps the
HTML blocks of its generated pages out of Python-Markdown, which the bare build cannot do; the
site that comes out is the same, tests/test_portal_html_blocks.py checks it.)

    /tmp/venv/bin/python bench/build.py            # N = 1000, plus N/4 and N/2 for the growth
    /tmp/venv/bin/python bench/build.py --n 200 --sizes 50,100,200

Prints, for each size, the medians of --repeat cold builds of each kind (taking turns): wall, CPU
(user + system) and user CPU, each with the ratio jejak/bare (target: at most 1.5), and Jejak's
CPU and user CPU time per event (constant or falling time per event = linear growth).
Work folders go to a temporary folder, removed afterwards.
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
SAMPLE = REPO / "records" / "2024" / "2024-menjahit-1.yaml"
NOW = datetime(2026, 11, 28, 10, 0)
HOOKS = re.compile(r"^hooks:\n(?:[ \t]+-.*\n)+", re.MULTILINE)


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
    """The same site as plain files and the same mkdocs.yml, without Jejak's hooks: every generated
    page (with its links to the documents) as a Markdown file, every document as a static HTML file."""
    sys.path.insert(0, str(REPO))
    from mkdocs.config import load_config

    from generator.documents.render import render_ready
    from generator.portal.hooks import PortalBuild, document_path, generate, settings_of
    from generator.records.workspace import load_workspace

    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(repo / "docs", folder / "docs")
    shutil.copytree(repo / "site_templates", folder / "site_templates")  # the theme overrides
    config = HOOKS.sub("", (repo / "mkdocs.yml").read_text(encoding="utf-8"))
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    workspace = load_workspace(repo, now=NOW)
    settings = settings_of(load_config(config_file=str(folder / "mkdocs.yml")))
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
    steadiest on a busy machine; system CPU here is mostly creating ~13 files per event, which
    this disk makes slow and very variable (both builds create the same files)."""
    cache = cwd.parent / f"{cwd.name}-cache"  # Word files are cached: an empty cache, or the build is warm
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "JEJAK_CACHE_DIR": str(cache)}
    shutil.rmtree(cwd / "site", ignore_errors=True)  # every build starts from no site: cold
    shutil.rmtree(cache, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-3000:]}")
    return elapsed, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def median(runs: list[Times]) -> Times:
    return tuple(statistics.median(r[i] for r in runs) for i in range(3))  # type: ignore[return-value]


def measure(n: int, work: Path, repeat: int) -> tuple[Times, Times]:
    """Median times of `repeat` builds of each kind, bare and jejak taking turns."""
    repo = make_repo(work / f"jejak-{n}", n)
    bare = make_bare(repo, work / f"bare-{n}")
    bare_runs, jejak_runs = [], []
    for _ in range(repeat):
        bare_runs.append(timed([sys.executable, "-m", "mkdocs", "build", "-q"], bare))
        jejak_runs.append(timed([sys.executable, "-m", "generator.cli", "build", "--tanpa-pdf"], repo))
    shutil.rmtree(work / f"jejak-{n}", ignore_errors=True)
    shutil.rmtree(work / f"bare-{n}", ignore_errors=True)
    return median(jejak_runs), median(bare_runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--sizes", default=None, help="comma-separated sizes (default: N/4, N/2, N)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per size; medians are shown")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.n // 4, args.n // 2, args.n]
    # Outside the checkout: a folder inside it would make git (the history pages) read this repository.
    work = Path(tempfile.mkdtemp(prefix="jejak-bench-"))
    print(f"medians of {args.repeat} cold builds each; cpu = user + system")
    print(
        f"{'events':>7} {'jejak wall':>11} {'bare wall':>10} {'ratio':>6} {'jejak cpu':>10} {'bare cpu':>9} "
        f"{'ratio':>6} {'jejak user':>11} {'bare user':>10} {'ratio':>6} {'jejak ms/event: cpu':>20} {'user':>5}"
    )
    try:
        for n in sizes:
            (jw, ju, js), (bw, bu, bs) = measure(n, work, args.repeat)
            jc, bc = ju + js, bu + bs
            print(
                f"{n:>7} {jw:>10.1f}s {bw:>9.1f}s {jw / bw:>6.2f} {jc:>9.1f}s {bc:>8.1f}s {jc / bc:>6.2f} "
                f"{ju:>10.1f}s {bu:>9.1f}s {ju / bu:>6.2f} {1000 * jc / n:>20.1f} {1000 * ju / n:>5.1f}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
