"""`make bench`: run every benchmark under bench/ with its own defaults, then print one table of
every figure (measured, baseline, ratio, target, ok) and exit 1 when any target is missed or any
script fails.

    .venv/bin/python bench/run.py                        # every script (takes long: builds, 5,000 events)
    .venv/bin/python bench/run.py --only validate,hostile
    .venv/bin/python bench/run.py --skip scale,editor --table bench/last-table.md

Each script prints its own report while it runs (shown here, indented) and ends with one
`bench-row: {json}` line per figure (bench/common.py); a script that prints no row yet counts by its
exit status (0 met, 1 missed), and one that exits with neither 0 nor 1 is a failed row of its own.
The table is Markdown, ready for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import fields
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import MARK, Row, load, table  # noqa: E402

# Quick ones first, so a broken setup shows early; the long builds and the 5,000-event scale last.
ORDER = ("validate", "refusals", "hostile", "history", "rebuild", "documents", "editor", "serve", "build", "scale")
NOT_SCRIPTS = ("common", "run", "busy")  # busy.py makes load for other runs; it measures nothing


def scripts() -> list[str]:
    found = sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in NOT_SCRIPTS)
    return [name for name in ORDER if name in found] + [name for name in found if name not in ORDER]


def run_script(name: str) -> tuple[list[Row], str | None]:
    """The rows a script printed, and why it failed (None when it ran to the end)."""
    started = time.perf_counter()
    print(f"== bench/{name}.py (load average {load()})", flush=True)
    process = subprocess.Popen(
        [sys.executable, str(BENCH / f"{name}.py")],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    rows: list[Row] = []
    for line in process.stdout:
        if line.startswith(MARK):
            rows.append(row_of(json.loads(line[len(MARK) :])))
        else:
            print("   " + line, end="", flush=True)
    code = process.wait()
    print(f"== bench/{name}.py: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
    if code not in (0, 1):
        return rows, f"exit {code}"
    if not rows:  # a script not yet in the shared format: its exit status says whether it met its targets
        return [Row(f"bench/{name}.py (exit status; no bench-row of its own yet)", code, "exit", "", None, 0)], None
    if code == 1 and all(row.ok for row in rows):
        return rows, "exit 1 with every target met"
    return rows, None


def row_of(data: dict) -> Row:
    return Row(**{f.name: data[f.name] for f in fields(Row)})


def failed_row(name: str, why: str) -> Row:
    """A script that did not finish is a missed target of its own."""
    return Row(f"bench/{name}.py did not finish ({why})", 1, "failed runs", "", None, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated script names (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated script names to leave out")
    parser.add_argument("--table", type=Path, help="also write the final table (Markdown) to this file")
    args = parser.parse_args(argv)
    names = scripts()
    only = [n for n in args.only.split(",") if n]
    unknown = [n for n in only + args.skip.split(",") if n and n not in names]
    if unknown:
        parser.error(f"unknown script(s): {', '.join(unknown)}; there are {', '.join(names)}")
    chosen = [n for n in names if (not only or n in only) and n not in args.skip.split(",")]
    started, load_before = time.strftime("%Y-%m-%d %H:%M"), load()
    rows: list[Row] = []
    for name in chosen:
        found, why = run_script(name)
        rows += found + ([failed_row(name, why)] if why else [])
    lines = [
        f"`make bench` on {started}: {', '.join(chosen)}; load average {load_before} before, {load()} after",
        "",
        *table(rows),
    ]
    print()
    print("\n".join(lines))
    if args.table:
        args.table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    missed = sum(not row.ok for row in rows)
    print(f"\n{len(rows) - missed} of {len(rows)} targets met" + (f"; {missed} missed" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
