"""Benchmark: `jejak build --tanpa-pdf` on N synthetic events against a bare `mkdocs build`
of the same pages written as plain Markdown files, measured in the same run.

The bare site gets exactly the same output: the generated Markdown pages (made by the plugin's
own `generate`, so with the same document links, edit links and audit text) as files in docs/,
each event's printable documents as static HTML files, and the repository's own mkdocs.yml with
only the `hooks:` entry removed. The ratio is therefore the cost of Jejak itself: reading and
checking the records, deriving status, making the pages and the documents.

    /tmp/venv/bin/python bench/build.py            # N = 1000, plus N/4 and N/2 for the growth
    /tmp/venv/bin/python bench/build.py --n 200 --sizes 50,100,200

Prints, for each size, both times and the ratio jejak/bare (target: at most 1.5), and the time
per event (constant time per event = linear growth). Work folders go to a temporary folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
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
        body = (text.replace("2024-menjahit-1", code)
                .replace("Pelatihan Menjahit Pakaian Angkatan I", f"Pelatihan Sintetis Nomor {i}")
                .replace("500.15.4/0", f"500.15.4/{i}.0"))
        body = re.sub(r"nama: (Siti Aminah|Dewi Anggraini)", rf"nama: \1 {i}", body)
        (folder / "records" / "2024" / f"{code}.yaml").write_text(body, encoding="utf-8")
    return folder


def make_bare(repo: Path, folder: Path) -> Path:
    """The same site as plain files and the same mkdocs.yml, without Jejak's hooks: every generated
    page (with its links to the documents) as a Markdown file, every document as a static HTML file."""
    sys.path.insert(0, str(REPO))
    from mkdocs.config import load_config

    from generator.documents import render_ready
    from generator.plugin import Prepared, document_path, generate, settings_of
    from generator.workspace import load_workspace

    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(repo / "docs", folder / "docs")
    shutil.copytree(repo / "site_templates", folder / "site_templates")  # the theme overrides
    config = HOOKS.sub("", (repo / "mkdocs.yml").read_text(encoding="utf-8"))
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    workspace = load_workspace(repo, now=NOW)
    settings = settings_of(load_config(config_file=str(folder / "mkdocs.yml")))
    pages, _ = generate(repo, workspace, NOW, settings, Prepared(pdf=False, render_documents=False))
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


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one command; CPU time is steadier on a busy machine."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def measure(n: int, work: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    repo = make_repo(work / f"jejak-{n}", n)
    bare = make_bare(repo, work / f"bare-{n}")
    bare_t = timed([sys.executable, "-m", "mkdocs", "build", "-q"], bare)
    jejak_t = timed([sys.executable, "-m", "generator.cli", "build", "--tanpa-pdf"], repo)
    shutil.rmtree(work / f"jejak-{n}", ignore_errors=True)
    shutil.rmtree(work / f"bare-{n}", ignore_errors=True)
    return jejak_t, bare_t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--sizes", default=None, help="comma-separated sizes (default: N/4, N/2, N)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.n // 4, args.n // 2, args.n]
    # Outside the checkout: a folder inside it would make git (the history pages) read this repository.
    work = Path(tempfile.mkdtemp(prefix="jejak-bench-"))
    print(f"{'events':>7} {'jejak wall':>11} {'bare wall':>10} {'ratio':>6} {'jejak cpu':>10} {'bare cpu':>9} "
          f"{'ratio':>6} {'jejak cpu ms/event':>19}")
    try:
        for n in sizes:
            (jw, jc), (bw, bc) = measure(n, work)
            print(f"{n:>7} {jw:>10.1f}s {bw:>9.1f}s {jw / bw:>6.2f} {jc:>9.1f}s {bc:>8.1f}s {jc / bc:>6.2f} "
                  f"{1000 * jc / n:>19.1f}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
