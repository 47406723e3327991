"""Benchmark `jejak validate` on N synthetic records against a bare libyaml load of the same files.

    .venv/bin/python bench/validate.py            # 1,000 records, best of 5, taking turns
    .venv/bin/python bench/validate.py --n 5000 --repeat 5
    .venv/bin/python bench/validate.py --profile  # plus cProfile's top costs of one in-process run
    .venv/bin/python bench/validate.py --phases   # plus unprofiled seconds per validation stage

The records are copies of the complete sample (records/2024/2024-menjahit-1.yaml) with a unique
kode and unique letter numbers each, written into a temporary copy of the repository (schema/ and
records/kantor.yaml). Timed in the same run, best of --repeat, the two processes taking turns:

- baseline:   a Python process that reads every YAML file validation reads (the records, the
              office record, the SOPs) and `yaml.load(text, Loader=yaml.CSafeLoader)`s it;
- validate:   `python -m generator.cli validate`, what a person at the terminal waits for;
- in-process: `generator.cli.main(["validate", ...])` after one warm-up run (imports excluded), for
              the stages (--phases) and the profile.

Target (issue 22): validate as a process at most 1.3x the bare load as a process. Judged on the
processes' own CPU time (user + system; both are single-threaded), which the other work of a shared
machine disturbs far less than wall time; both are printed. Exits 1 when missed, and then prints
the stage timings and a profile on its own.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import gc
import io
import itertools
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "records" / "2024" / "2024-menjahit-1.yaml"
TEMPLATE_CODE = "2024-menjahit-1"
LETTER_NUMBER = re.compile(r"(nomor: 500\.15\.4/)\d+(/(?:KPTS/)?BLK/2024)")
TARGET_RATIO = 1.3
BARE = """
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
paths = sorted(root.glob("records/*/*.yaml")) + [root / "records/kantor.yaml"] + sorted(root.glob("schema/sop/*.yaml"))
for path in paths:
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Row, finish, load  # noqa: E402


def make_repository(root: Path, n: int) -> list[Path]:
    """A repository with the real schema and office data and `n` synthetic records."""
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "records" / "2024").mkdir(parents=True)
    shutil.copy(REPO / "records" / "kantor.yaml", root / "records" / "kantor.yaml")
    template = TEMPLATE.read_text(encoding="utf-8")
    return [write_record(root, template, i) for i in range(1, n + 1)]


def write_record(root: Path, template: str, index: int) -> Path:
    """One copy of the template: kode `2024-bench-<i>`, letter numbers unique across all copies."""
    code = f"2024-bench-{index}"
    counter = itertools.count(100 * index)  # room for 100 letter numbers per record
    text = template.replace(f"kode: {TEMPLATE_CODE}", f"kode: {code}")
    text = LETTER_NUMBER.sub(lambda m: f"{m.group(1)}{next(counter):05d}{m.group(2)}", text)
    path = root / "records" / "2024" / f"{code}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def bare_process(root: Path) -> None:
    subprocess.run([sys.executable, "-c", BARE, str(root)], check=True)


def validate_in_process(root: Path) -> int:
    from generator.cli.main import main

    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["validate", "--repo", str(root)])
    gc.collect(0)  # whatever the run left for the collector is part of its cost
    if code != 0:
        sys.exit(f"validate failed on the synthetic records (exit {code}):\n{out.getvalue()[-2000:]}")
    return code


def validate_subprocess(root: Path) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--repo", str(root)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"validate (subprocess) failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr}")
    return done.returncode


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


Spent = tuple[float, float]  # best wall seconds, best CPU seconds (user + system) of a child process


def taking_turns(repeat: int, first: Callable[[], object], second: Callable[[], object]) -> tuple[Spent, Spent]:
    """Best of `repeat` of each process, alternating, so a burst of load hits both alike."""
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for action, wall, cpu in ((first, walls[0], cpus[0]), (second, walls[1], cpus[1])):
            before, start = _children_cpu(), time.perf_counter()
            action()
            wall.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - before)
    return (min(walls[0]), min(cpus[0])), (min(walls[1]), min(cpus[1]))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def profile(root: Path, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(validate_in_process, root)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


PHASES = ("load_file", "schema_problems", "check_personal_data", "check_event", "relative", "_check_across")


def phases(root: Path) -> str:
    """Real seconds per stage of one in-process run, by timing the stage functions that
    generator.records.workspace calls (names that no longer exist are skipped)."""
    import generator.records.workspace as workspace

    spent: dict[str, float] = {}
    originals = {name: getattr(workspace, name) for name in PHASES if hasattr(workspace, name)}
    for name, function in originals.items():
        setattr(workspace, name, _timed(function, name, spent))
    try:
        total = best_of(1, lambda: validate_in_process(root))
    finally:
        for name, function in originals.items():
            setattr(workspace, name, function)
    lines = [f"  {name:22s} {seconds:7.3f} s" for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])]
    lines.append(f"  {'rest (model, gc, cli)':22s} {total - sum(spent.values()):7.3f} s")
    return "\n".join([f"one in-process run: {total:.3f} s"] + lines)


def _timed(function: Callable, name: str, spent: dict[str, float]) -> Callable:
    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start

    return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of synthetic records (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each kind; the best counts (default 5)")
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top costs of one run")
    parser.add_argument("--phases", action="store_true", help="also print real seconds per validation stage")
    parser.add_argument("--top", type=int, default=25, help="lines of the profile (default 25)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="jejak-bench-") as tmp:
        root = Path(tmp) / "repo"
        make_repository(root, args.n)
        print(f"{args.n} records; load average {load()}", flush=True)
        validate_in_process(root)  # warm-up: imports, schema compilation, holiday tables
        bare, sub = taking_turns(args.repeat, lambda: bare_process(root), lambda: validate_subprocess(root))
        inproc = best_of(args.repeat, lambda: validate_in_process(root))
        print(f"bare load, process:   {bare[1]:7.3f} s CPU, {bare[0]:7.3f} s wall  (baseline)")
        ratios = f"{sub[1] / bare[1]:.2f}x CPU, {sub[0] / bare[0]:.2f}x wall"
        print(f"validate, process:    {sub[1]:7.3f} s CPU, {sub[0]:7.3f} s wall  ({ratios})")
        print(f"validate, in-process: {inproc:7.3f} s CPU  (imports, schema compilation and start-up excluded)")
        row = Row(
            f"`jejak validate`, {args.n:,} complete records, as a process (CPU)",
            sub[1],
            "s",
            "bare `yaml.load(CSafeLoader)` of the same files, as a process",
            bare[1],
            TARGET_RATIO,
            f"wall {sub[0]:.3f} s against {bare[0]:.3f} s ({sub[0] / bare[0]:.2f}x); in-process {inproc:.3f} s CPU",
        )
        if args.phases or not row.ok:
            print()
            print(phases(root))
        if args.profile or not row.ok:
            print("\nprofile of one in-process run (cumulative):")
            print(profile(root, args.top))
        return finish([row])


if __name__ == "__main__":
    sys.exit(main())
