"""Benchmark of the test suite itself: `make test` (the gates, then every test) on this machine,
quiet, and again while other processes keep both cores busy.

    .venv/bin/python bench/suite.py                      # one quiet run
    .venv/bin/python bench/suite.py --loaded 5            # and five runs under load (bench/busy.py)
    .venv/bin/python bench/suite.py --quiet 0 --loaded 2 --processes 2

Targets (issue 22): `make test` on 2 cores, quiet, in at most 4 minutes (the best of --quiet
runs); and every run under load green (`--loaded N` runs, each while --processes spinning
processes of bench/busy.py keep the cores busy). Each run is a fresh `make test` in this checkout
(its install steps are stamps: nothing is installed again), its output kept in a temporary file
and its last lines shown when it fails. Ends with one `bench-row:` line per figure
(bench/common.py) and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Row, finish, load  # noqa: E402

TARGET_SECONDS = 240
PASSED = re.compile(r"(\d+) passed")


def run_suite(label: str) -> tuple[float, bool, str]:
    """One `make test`: (wall seconds, green, pytest's summary line). The whole output of a run
    that failed is kept in a file of the temporary folder, named in the report."""
    with tempfile.NamedTemporaryFile("w+", encoding="utf-8", prefix="jejak-suite-", suffix=".log", delete=False) as out:
        started = time.perf_counter()
        done = subprocess.run(["make", "test"], cwd=REPO, stdout=out, stderr=subprocess.STDOUT, text=True)
        elapsed = time.perf_counter() - started
        out.seek(0)
        lines = out.read().splitlines()
    summary = next((line.strip("= ") for line in reversed(lines) if PASSED.search(line)), "no summary")
    print(f"{label}: exit {done.returncode} after {elapsed:.0f} s ({summary}); load average {load()}", flush=True)
    if done.returncode != 0:
        print("\n".join(lines[-40:]), flush=True)
        print(f"the whole output: {out.name}", flush=True)
    else:
        os.unlink(out.name)
    return elapsed, done.returncode == 0, summary


@contextmanager
def busy(processes: int, seconds: float):
    """bench/busy.py spinning `processes` processes in the background while the block runs."""
    spinner = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "busy.py"), "--processes", str(processes), "--seconds", str(seconds)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # its processes, stopped, say KeyboardInterrupt
    )
    try:
        time.sleep(5)  # the load is there before the suite starts
        yield
    finally:
        spinner.terminate()
        spinner.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", type=int, default=1, help="quiet runs (the best is judged; default 1)")
    parser.add_argument("--loaded", type=int, default=0, help="runs under load that must all be green (default 0)")
    parser.add_argument("--processes", type=int, default=2, help="busy processes during the loaded runs (default 2)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {load()}", flush=True)
    rows = []
    quiet = [run_suite(f"quiet run {n + 1}") for n in range(args.quiet)]
    if quiet:
        best = min(quiet)
        rows.append(
            Row(
                "`make test` (gates and every test), quiet, best run",
                best[0],
                "s",
                "",
                None,
                TARGET_SECONDS,
                f"{best[2]}; {sum(ok for _, ok, _ in quiet)} of {len(quiet)} green",
            )
        )
    if args.loaded:
        with busy(args.processes, seconds=3600 * args.loaded):
            loaded = [run_suite(f"loaded run {n + 1} ({args.processes} busy processes)") for n in range(args.loaded)]
        failed = sum(not ok for _, ok, _ in loaded)
        times = ", ".join(f"{t:.0f} s" for t, _, _ in loaded)
        rows.append(
            Row(
                f"`make test` runs that failed while {args.processes} processes kept the cores busy",
                failed,
                "runs",
                "",
                None,
                0,
                f"{args.loaded} runs: {times}",
            )
        )
    if not quiet and not args.loaded:
        rows.append(Row("no run asked for (--quiet 0 --loaded 0)", 1, "runs", "", None, 0))
    return finish(rows)


if __name__ == "__main__":
    sys.exit(main())
