"""Benchmark: `jejak validate` of one hostile file grows linearly with its size, up to the size limit.

    .venv/bin/python bench/hostile.py                  # every shape, 64 KiB .. 1 MiB, best of 3
    .venv/bin/python bench/hostile.py --shape email --repeat 5

Each shape is text built to trip a backtracking regular expression, a per-item cost or a
per-problem cost (the e-mail pattern once took 15.8 s on a 40k-character comment; a list of
523k items made 523k errors and 2.2 GB). The file is written into a temporary copy of the
repository and validated in-process (`load_workspace(root, only=[file])`, what `jejak validate
FILE` runs) at sizes doubling from 64 KiB to the size limit (1 MiB).

Seconds are this process's CPU time (what the validation itself costs; the other work of a shared
machine changes wall time far more). Baseline, measured in the same run: `yaml.load(text,
Loader=yaml.CSafeLoader)` of the same file, the cost any YAML tool pays. Reported per shape:
seconds at each size, microseconds per KiB, and the growth ratio from the smallest to the largest
size (16x the bytes: linear is ~16, quadratic would be ~256). Targets: growth at most 24 (linear
with noise) for every shape, and at 1 MiB at most 5 s (the worst shapes are a Python loop per
digit group; a real record of 1 MiB takes well under a second). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Row, finish  # noqa: E402
from generator.records.load import MAX_BYTES  # noqa: E402
from generator.records.workspace import load_workspace  # noqa: E402

HEAD = "kode: 2024-serangan\nsop: penyelenggaraan-pelatihan\nnama: Serangan\n"
SIZES = [64 * 1024 * 2**i for i in range(5)]  # 64 KiB .. 1 MiB
TARGET_GROWTH = 24.0
TARGET_SECONDS = 5.0


def _comment(unit: str) -> Callable[[int], str]:
    return lambda size: HEAD + "# " + unit * ((size - len(HEAD) - 3) // len(unit.encode())) + "\n"


def _value(unit: str) -> Callable[[int], str]:
    return lambda size: HEAD + "catatan: '" + unit * ((size - len(HEAD) - 12) // len(unit.encode())) + "'\n"


def _list(size: int) -> str:
    return HEAD + "peserta: [" + "1, " * ((size - len(HEAD) - 12) // 3) + "1]\n"


# A whole frame (schedule, eleven steps): the record's well-formed part is checked past its schema errors.
FRAME = (
    HEAD
    + "jadwal: {mulai: 2024-05-06, selesai: 2024-05-08}\nlangkah: ["
    + ", ".join(f"{{no: {n}, status: belum}}" for n in range(1, 12))
    + "]\n"
)


def _framed_list(size: int) -> str:
    return FRAME + "peserta: [" + "1, " * ((size - len(FRAME) - 13) // 3) + "1]\n"


def _lines(size: int) -> str:
    line = "# 0812 3456 7890 nama@contoh.example 1671 0123 4567 0001\n"
    return HEAD + line * ((size - len(HEAD)) // len(line))


SHAPES: dict[str, Callable[[int], str]] = {
    "email": _comment("a"),  # the old e-mail pattern: quadratic on word characters without '@'
    "at-signs": _comment("a@"),  # an '@' every other character
    "dots": _comment("a."),
    "digits": _comment("2 "),  # one endless run of digit groups, none of them a number
    "dates": _comment("2024-01-15 "),  # a run of dates: each one looked at, none a number
    "at-words": _comment("x at y dot "),
    "fullwidth": _comment("１２３４＠"),
    "value-dots": _value("a.b-"),
    "list-items": _list,  # half a million schema errors, capped
    "framed-list": _framed_list,  # the same in a whole frame: fields found for each problem shown
    "personal-lines": _lines,  # one finding per line, each reported
}


def make_repository(root: Path) -> Path:
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "records" / "2024").mkdir(parents=True)
    shutil.copy(REPO / "records" / "kantor.yaml", root / "records" / "kantor.yaml")
    return root / "records" / "2024" / "2024-serangan.yaml"


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return min(times)


def measure(root: Path, target: Path, shape: str, repeat: int) -> tuple[list[float], list[float], int]:
    seconds, bare, problems = [], [], 0
    for size in SIZES:
        text = SHAPES[shape](min(size, MAX_BYTES))
        target.write_text(text, encoding="utf-8")
        seconds.append(best(repeat, lambda: load_workspace(root, only=[target])))
        bare.append(best(repeat, lambda: yaml.load(text, Loader=yaml.CSafeLoader)))  # noqa: B023
        problems = len([p for p in load_workspace(root, only=[target]).problems if p.path.endswith(target.name)])
    return seconds, bare, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows, slowest = [], ("", 0.0)
    print(f"{'shape':<15} " + " ".join(f"{s // 1024:>6}K" for s in SIZES) + "   µs/KiB  growth  bare-1M  problems")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        target = make_repository(root)
        target.write_text(SHAPES["email"](1024), encoding="utf-8")
        load_workspace(root, only=[target])  # warm-up: imports and compiled schemas
        for shape in args.shape or list(SHAPES):
            seconds, bare, problems = measure(root, target, shape, args.repeat)
            per_kib = seconds[-1] / (SIZES[-1] / 1024) * 1e6
            growth = seconds[-1] / seconds[0]
            print(
                f"{shape:<15} "
                + " ".join(f"{s:7.3f}" for s in seconds)
                + f"   {per_kib:6.1f}  {growth:6.1f}  {bare[-1]:7.3f}  {problems:8d}"
            )
            rows.append(
                Row(
                    f"hostile file '{shape}' at 1 MiB",
                    seconds[-1],
                    "s",
                    "the same shape at 64 KiB (16 = linear)",
                    seconds[0],
                    TARGET_GROWTH,
                    f"bare YAML load at 1 MiB {bare[-1]:.3f} s; {problems} problems reported",
                )
            )
            slowest = max(slowest, (shape, seconds[-1]), key=lambda pair: pair[1])
    rows.append(Row("slowest hostile file at 1 MiB", slowest[1], "s", "", None, TARGET_SECONDS, f"'{slowest[0]}'"))
    return finish(rows)


if __name__ == "__main__":
    sys.exit(main())
