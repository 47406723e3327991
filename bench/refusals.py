"""How fast hostile or broken input is refused (timings moved out of the tests).

Times, best of --repeat runs each: the loader refusing a file over the size limit, an alias bomb
("billion laughs") and every record of the bad-record corpus through `jejak validate`, against a
baseline measured in the same run: validating the good sample record of 2024.

    .venv/bin/python bench/refusals.py [--repeat 5]

Targets: each refusal within 5x the good record's validation (none parses its way through a bomb).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import Row, finish  # noqa: E402
from generator.cli.main import main  # noqa: E402
from generator.records.load import MAX_BYTES, LoadError, load_file, load_text  # noqa: E402

TARGET_RATIO = 5.0


def best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with contextlib.suppress(LoadError), contextlib.redirect_stdout(io.StringIO()):
            action()
        times.append(time.perf_counter() - started)
    return min(times)


def bomb() -> str:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 12):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(levels)


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        for name in ("schema", "records"):
            shutil.copytree(REPO / name, root / name)
        good = root / "records" / "2024" / "2024-menjahit-1.yaml"
        baseline = best(lambda: main(["validate", "--repo", str(root), str(good)]), args.repeat)
        huge = Path(tmp) / "besar.yaml"
        huge.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))
        rows = [
            ("file over the size limit", best(lambda: load_file(huge), args.repeat)),
            ("alias bomb", best(lambda: load_text(bomb(), Path("bom.yaml")), args.repeat)),
        ]
        for bad in sorted((REPO / "tests" / "bad_records").glob("*.yaml")):
            target = root / "records" / "2024" / bad.name
            shutil.copy(bad, target)
            rows.append(
                (
                    f"corpus: {bad.stem}",
                    best(lambda t=target: main(["validate", "--repo", str(root), str(t)]), args.repeat),
                )
            )
            target.unlink()
    print(f"baseline: validate the good 2024 record  {baseline * 1000:8.1f} ms")
    for label, seconds in sorted(rows, key=lambda r: -r[1])[:10]:
        print(f"  {label:<45} {seconds * 1000:8.1f} ms  {seconds / baseline:5.2f}x")
    label, worst = max(rows, key=lambda r: r[1])
    row = Row(
        "slowest refusal of hostile or broken input",
        worst * 1000,
        "ms",
        "`jejak validate` of the good 2024 record",
        baseline * 1000,
        TARGET_RATIO,
        f"{label}; {len(rows)} refusals timed, best of {args.repeat}",
    )
    return finish([row])


if __name__ == "__main__":
    sys.exit(main_bench())
