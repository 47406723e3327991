"""Benchmark: reading the history of main, against one plain `git log` with first-parent merge diffs.

Builds a synthetic repository with `git fast-import` (1,000 records, 10,000 commits: 5,000
pull requests of one commit each merged with a merge commit, a few renames), then times in
the same run:
  baseline   git log --name-status --diff-merges=first-parent   (one plain pass, output to /dev/null)
  piped      the same, its output read by Python through a pipe, as any program that uses it must
  history    history.read_history(contents=False)   (the one-pass extraction)
  +contents  history.read_history()            (+ one cat-file --batch for the semantic diff)
  +audit     audit.audit(...)                  (+ every semantic diff and classification, pure Python)
and reports each as a ratio of both baselines. Target: history <= 1.5x baseline. Writing
through a pipe alone costs git ~40% more than writing to /dev/null, so both ratios are shown.

    /tmp/venv/bin/python bench/history.py [--records 1000] [--commits 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.history.audit import audit  # noqa: E402
from generator.history.log import read_history  # noqa: E402
from generator.history.rules import current_rules  # noqa: E402
from generator.records.workspace import load_workspace  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = (REPO / "records/2024/2024-menjahit-1.yaml").read_text(encoding="utf-8")
PEOPLE = [
    ("Rina Wulandari", "rina.wulandari@pagaralam.example"),
    ("Dedi Kurniawan", "dedi.kurniawan@pagaralam.example"),
    ("Sri Lestari", "sri.lestari@pagaralam.example"),
]
APPROVER = ("Yusuf Hidayat", "yusuf.hidayat@pagaralam.example")
START = 1_704_067_200  # 2024-01-01
BASELINE = ["git", "log", "--name-status", "--diff-merges=first-parent"]


class Stream:
    """Writes a fast-import stream with marks."""

    def __init__(self, out):
        self.out, self.mark = out, 0

    def data(self, text: str) -> None:
        raw = text.encode()
        self.out.write(f"data {len(raw)}\n".encode() + raw + b"\n")

    def blob(self, text: str) -> int:
        self.mark += 1
        self.out.write(f"blob\nmark :{self.mark}\n".encode())
        self.data(text)
        return self.mark

    def commit(self, ref: str, who, when: int, message: str, parents: list[int], ops: list[str], committer=None) -> int:
        self.mark += 1
        c = committer or who
        self.out.write(
            f"commit {ref}\nmark :{self.mark}\nauthor {who[0]} <{who[1]}> {when} +0700\n"
            f"committer {c[0]} <{c[1]}> {when} +0700\n".encode()
        )
        self.data(message)
        for i, parent in enumerate(parents):
            self.out.write(f"{'from' if i == 0 else 'merge'} :{parent}\n".encode())
        self.out.write(("".join(op + "\n" for op in ops)).encode())
        return self.mark


def record(code: str, version: int) -> str:
    return SAMPLE.replace("kode: 2024-menjahit-1", f"kode: {code}").replace("kuota: 12", f"kuota: {10 + version}")


def make_repo(root: Path, records: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE, env=env)
    rng = random.Random(5)
    s = Stream(proc.stdin)
    paths = [f"records/{2024 + i % 3}/kegiatan-{i:04d}.yaml" for i in range(records)]
    versions = [0] * records
    ops = [f"M 100644 :{s.blob(record(p.rsplit('/', 1)[1][:-5], 0))} {p}" for p in paths]
    ops.append(f"M 100644 :{s.blob((REPO / 'records/kantor.yaml').read_text())} records/kantor.yaml")
    tip = s.commit("refs/heads/main", PEOPLE[1], START, "Mulai", [], ops)
    when = START
    for n in range((commits - 2) // 2):
        when += 600
        i = rng.randrange(records)
        versions[i] += 1
        if n % 500 == 499:  # a rename now and then
            new = paths[i].replace("kegiatan-", "kegiatan-baru-")
            change = [f"D {paths[i]}", f"M 100644 :{s.blob(record(f'k{i}', versions[i]))} {new}"]
            paths[i] = new
        else:
            change = [f"M 100644 :{s.blob(record(f'k{i}', versions[i]))} {paths[i]}"]
        side = s.commit("refs/heads/usulan", PEOPLE[n % 3], when, f"Usulan {n}", [tip], change)
        # fast-import starts a merge from its first parent's tree: repeat the branch's change in it
        tip = s.commit("refs/heads/main", APPROVER, when + 60, f"Merge pull request #{n}", [tip, side], change)
    i = rng.randrange(records)  # one direct commit makes the count even
    versions[i] += 1
    s.commit(
        "refs/heads/main",
        PEOPLE[0],
        when + 600,
        "Langsung",
        [tip],
        [f"M 100644 :{s.blob(record(f'k{i}', versions[i]))} {paths[i]}"],
    )
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import gagal")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def children() -> list[str]:
    out = subprocess.run(["ps", "-eo", "ppid=,pid=,comm="], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line.split()[0] == str(os.getpid()) and "ps" not in line.split()[2:]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jejak-bench-") as tmp:
        root = Path(tmp) / "repo"
        started = time.perf_counter()
        make_repo(root, args.records, args.commits)
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"repository: {count} commits, {args.records} records, made in {time.perf_counter() - started:.1f} s")
        workspace = load_workspace(REPO)

        def baseline() -> None:
            subprocess.run(BASELINE, cwd=root, stdout=subprocess.DEVNULL, check=True)

        def piped() -> None:
            with subprocess.Popen(BASELINE, cwd=root, stdout=subprocess.PIPE) as proc:
                while proc.stdout.read1(1 << 16):  # type: ignore[union-attr]
                    pass

        base = best(baseline, args.repeat)
        pipe = best(piped, args.repeat)
        plain = best(lambda: read_history(root, contents=False), args.repeat)
        full = best(lambda: read_history(root), args.repeat)
        history = read_history(root)
        rules = current_rules(workspace.office, workspace.sops)
        audited = best(lambda: audit(history, rules), 1)
        print(f"record changes found: {len(history.changes)}, mainline commits: {len(history.mainline)}")
        print(f"{'':34} {'seconds':>8} {'vs /dev/null':>13} {'vs piped':>9}")
        for label, value in (
            ("baseline  git log, first-parent diffs", base),
            ("piped     the same through a pipe", pipe),
            ("history   one-pass extraction", plain),
            ("+contents one cat-file --batch", full),
            ("+audit    semantic diffs, pure", audited),
        ):
            print(f"{label:34} {value:8.3f} {value / base:12.2f}x {value / pipe:8.2f}x")
        print("target: history <= 1.50x the /dev/null baseline")
        left = children()
        print(f"git processes left behind: {len(left)}")
        return 0 if plain / base <= 1.5 and not left else 1


if __name__ == "__main__":
    sys.exit(main())
