"""Benchmark `jejak validate` on N synthetic records against a bare libyaml load of the same files.

    /tmp/venv/bin/python bench/validate.py            # 1,000 records
    /tmp/venv/bin/python bench/validate.py --n 5000 --repeat 5
    /tmp/venv/bin/python bench/validate.py --profile  # plus cProfile's top costs of one in-process run
    /tmp/venv/bin/python bench/validate.py --phases   # plus unprofiled seconds per validation stage

The records are copies of the complete sample (records/2024/2024-menjahit-1.yaml) with a unique
kode and unique letter numbers each, written into a temporary copy of the repository (schema/ and
records/kantor.yaml). Three things are timed in the same run, best of --repeat:

- bare:       read every record and `yaml.load(text, Loader=yaml.CSafeLoader)`: the floor;
- in-process: `generator.cli.main(["validate", ...])` after one warm-up run (imports excluded),
              plus the garbage collection it leaves pending (a real CLI pays it before exiting);
- subprocess: `python -m generator.cli validate`, what a person at the terminal waits for.

Targets: 1,000 records in under 2 s, and validation at most 3x the bare load.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import gc
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "records" / "2024" / "2024-menjahit-1.yaml"
TEMPLATE_CODE = "2024-menjahit-1"
LETTER_NUMBER = re.compile(r"(nomor: 500\.15\.4/)\d+(/(?:KPTS/)?BLK/2024)")
TARGET_SECONDS = 2.0
TARGET_RATIO = 3.0

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


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
    counter = iter(range(3 * index, 3 * index + 3))
    text = template.replace(f"kode: {TEMPLATE_CODE}", f"kode: {code}")
    text = LETTER_NUMBER.sub(lambda m: f"{m.group(1)}{next(counter):05d}{m.group(2)}", text)
    path = root / "records" / "2024" / f"{code}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def bare_load(paths: list[Path]) -> None:
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


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
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


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
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

    return timed


def report(n: int, bare: float, inproc: float, sub: float) -> bool:
    print(f"records:               {n}")
    print(f"bare CSafeLoader load: {bare:7.3f} s  (baseline)")
    print(f"validate, in-process:  {inproc:7.3f} s  ({inproc / bare:5.2f}x baseline)")
    print(f"validate, subprocess:  {sub:7.3f} s  ({sub / bare:5.2f}x baseline)")
    ok_ratio = inproc / bare <= TARGET_RATIO
    if n >= 1000:
        scaled = sub * 1000 / n
        ok_time = scaled < TARGET_SECONDS
        note = "" if n == 1000 else f" (scaled from {n})"
        print(
            f"target < {TARGET_SECONDS:.0f} s per 1,000 records (subprocess): {scaled:.3f} s{note} -> "
            f"{'met' if ok_time else 'MISSED'}"
        )
    else:
        ok_time = True
        print(
            f"target < {TARGET_SECONDS:.0f} s per 1,000 records: not judged below 1,000 records "
            "(start-up would dominate)"
        )
    print(
        f"target <= {TARGET_RATIO:.0f}x bare load (in-process): {inproc / bare:.2f}x -> "
        f"{'met' if ok_ratio else 'MISSED'}"
    )
    return ok_time and ok_ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of synthetic records (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each kind; the best counts (default 3)")
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top costs of one run")
    parser.add_argument("--phases", action="store_true", help="also print real seconds per validation stage")
    parser.add_argument("--top", type=int, default=25, help="lines of the profile (default 25)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="jejak-bench-") as tmp:
        root = Path(tmp) / "repo"
        paths = make_repository(root, args.n)
        validate_in_process(root)  # warm-up: imports, schema compilation, holiday tables
        bare = best_of(args.repeat, lambda: bare_load(paths))
        inproc = best_of(args.repeat, lambda: validate_in_process(root))
        sub = best_of(args.repeat, lambda: validate_subprocess(root))
        ok = report(args.n, bare, inproc, sub)
        if args.phases or not ok:
            print()
            print(phases(root))
        if args.profile or not ok:
            print("\nprofile of one in-process run (cumulative):")
            print(profile(root, args.top))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
