"""The one output convention of the benchmarks, shared by every script under bench/.

A script measures its figures and their baselines in the same run, then ends with `finish(rows)`:
it prints the rows as a small table, one machine-readable line per row (`bench-row: {json}`), and
returns the exit status (1 when any target is missed). `make bench` (bench/run.py) runs every
script and joins their rows into one table.

A row judges a ratio (`measured / base`, for a figure with a baseline measured in the same run)
or, without a baseline, the measured value itself, against `limit` (at most).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

MARK = "bench-row: "


@dataclass(frozen=True)
class Row:
    figure: str  # what was measured, e.g. "jejak validate, 1,000 records, as a process"
    measured: float  # in `unit`
    unit: str  # "s", "ms", "MB", "KB", "renders"...
    baseline: str  # what it is compared with; "" for an absolute target
    base: float | None  # the baseline's value in the same unit, same run; None for an absolute target
    limit: float  # the most the ratio (or the measured value, without a baseline) may be
    note: str = ""  # anything a reader needs to judge the figure (sizes, load)

    @property
    def ratio(self) -> float | None:
        return self.measured / self.base if self.base else None

    @property
    def ok(self) -> bool:
        judged = self.ratio if self.base else self.measured
        return judged is not None and judged <= self.limit

    @property
    def target(self) -> str:
        return f"≤ {self.limit:g}×" if self.base is not None else f"≤ {self.limit:g} {self.unit}"

    def as_json(self) -> str:
        return json.dumps({**asdict(self), "ratio": self.ratio, "target": self.target, "ok": self.ok})


def load() -> str:
    """The machine's load average now (1, 5, 15 minutes): every report says how busy it was."""
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def value(number: float, unit: str) -> str:
    shown = f"{number:.3f}" if unit == "s" else f"{number:.1f}" if unit == "ms" else f"{number:.4g}"
    return f"{shown} {unit}"


def table(rows: list[Row]) -> list[str]:
    """The rows as a Markdown table: figure, measured, baseline, ratio, target, ok."""
    lines = ["| figure | measured | baseline | ratio | target | ok |", "|---|---|---|---|---|---|"]
    for row in rows:
        base = f"{row.baseline}: {value(row.base, row.unit)}" if row.base is not None else "—"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        ok = "yes" if row.ok else "**MISSED**"
        lines.append(f"| {row.figure} | {value(row.measured, row.unit)} | {base} | {ratio} | {row.target} | {ok} |")
    return lines


def finish(rows: list[Row]) -> int:
    """Print the rows (table, then one `bench-row:` line each); 1 when any target is missed."""
    print()
    print("\n".join(table(rows)))
    for row in rows:
        if row.note:
            print(f"  {row.figure}: {row.note}")
    print(f"load average: {load()}")
    for row in rows:
        print(MARK + row.as_json())
    missed = [row.figure for row in rows if not row.ok]
    if missed:
        print(f"target missed: {'; '.join(missed)}")
    return 1 if missed else 0
