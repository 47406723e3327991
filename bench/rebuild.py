"""Benchmark: `jejak build` of the sample repository, cold (empty cache of rendered files) against
the everyday rebuild after one record changed (PDFs and Word files of the unchanged documents
come from the cache), with and without PDFs. Each build is a fresh `jejak build` process.

    .venv/bin/python bench/rebuild.py              # medians of 3 of each, taking turns
    .venv/bin/python bench/rebuild.py --repeat 5

Baseline: the cold build of the same kind, measured in the same run; the rebuild is reported as
seconds and as the ratio rebuild/cold. Targets: at most 0.75x without PDFs and 0.5x with them (a
rebuild that rendered everything again would be about 1x). Exits 1 when one is missed. Work
folders go to a temporary folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RECORD = Path("records/2025/2025-las-listrik-1.yaml")
# A rebuild that rendered every document again would cost about what the cold build costs (1x);
# when the cache of rendered files landed it was 0.63x without PDFs and 0.39x with them.
TARGETS = {False: 0.75, True: 0.5}

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Row, finish  # noqa: E402


def copy_repo(root: Path) -> Path:
    for folder in ("schema", "records", "docs", "site_templates"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("kegiatan", "_generated"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build(root: Path, cache: Path, pdf: bool) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO), "JEJAK_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    args = [sys.executable, "-m", "generator.cli", "build", *([] if pdf else ["--tanpa-pdf"])]
    started = time.perf_counter()
    done = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def change_one_record(root: Path, turn: int) -> None:
    path = root / RECORD
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Hendra Saputra", f"Hendra Saputra{' Jaya' * (turn + 1)}", 1), encoding="utf-8")


def measure(work: Path, pdf: bool, repeat: int) -> tuple[float, float]:
    cold, warm = [], []
    for turn in range(repeat):
        root = copy_repo(work / f"repo-{pdf}-{turn}")
        cache = work / f"cache-{pdf}-{turn}"
        cold.append(build(root, cache, pdf))
        change_one_record(root, turn)
        warm.append(build(root, cache, pdf))
    return statistics.median(cold), statistics.median(warm)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jejak-rebuild-"))
    rows = []
    try:
        print(f"medians of {args.repeat}; sample repository, one record changed between the builds")
        for pdf in (False, True):
            cold, warm = measure(work, pdf, args.repeat)
            kind = "with PDFs" if pdf else "--tanpa-pdf"
            print(f"{kind:>12}: cold {cold:.2f} s, rebuild {warm:.2f} s, ratio {warm / cold:.2f}", flush=True)
            rows.append(
                Row(
                    f"`jejak build {kind}` of the samples after one record changed",
                    warm,
                    "s",
                    "the cold build of the same kind (empty cache of rendered files)",
                    cold,
                    TARGETS[pdf],
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish(rows)


if __name__ == "__main__":
    sys.exit(main())
