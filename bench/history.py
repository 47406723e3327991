"""Benchmark: reading and auditing the history of main, against plain `git log` runs of the same repository.

Builds a synthetic repository with `git fast-import` (1,000 records, 10,000 commits: 5,000
pull requests of one commit each merged with a merge commit, a few renames), then times in
the same run:
  name-status  git log --name-status                      (issue 22's baseline, output to /dev/null)
  baseline     git log --name-status --diff-merges=first-parent   (issue 14's baseline)
  history      history.read_history(contents=False)       (the one-pass extraction)
  cold audit   what `jejak build` runs for the audit (AuditPages.build), with an empty audit cache
  second       the same again: the second build, every landing already judged (issue 22's target)
  one merge    the same after one more merge: only the new commits are read and judged
  + pages      the audit's Markdown the build then renders: every record's riwayat and the audit page
and reports each as a ratio of the baselines. Targets: history <= 1.5x the first-parent
baseline (issue 14); the second build's audit <= 2x `git log --name-status` (issue 22); no git
process left behind. Exits 1 when a target is missed. The audit cache and its key live in a
temporary folder (never the user's).

    .venv/bin/python bench/history.py [--records 1000] [--commits 10000] [--repeat 3]
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

from bench.common import Row, finish  # noqa: E402
from generator.history.log import read_history  # noqa: E402
from generator.portal.audit_pages import AuditPages  # noqa: E402
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
NAME_STATUS = ["git", "log", "--name-status"]


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


def one_more_merge(root: Path) -> None:
    """A pull request of one record, merged with a merge commit by the approver."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    path = "records/2024/satu-lagi.yaml"  # a new event
    run = {"cwd": root, "env": env, "check": True, "capture_output": True}
    subprocess.run(["git", "checkout", "-q", "-b", "satu-lagi"], **run)  # type: ignore[call-overload]
    (root / path).write_text(record("satu-lagi", 999), encoding="utf-8")
    who = ["-c", f"user.name={PEOPLE[0][0]}", "-c", f"user.email={PEOPLE[0][1]}"]
    subprocess.run(["git", "add", path], **run)  # type: ignore[call-overload]
    subprocess.run(["git", *who, "commit", "-q", "-m", "Satu lagi"], **run)  # type: ignore[call-overload]
    subprocess.run(["git", "checkout", "-q", "main"], **run)  # type: ignore[call-overload]
    boss = ["-c", f"user.name={APPROVER[0]}", "-c", f"user.email={APPROVER[1]}"]
    subprocess.run(["git", *boss, "merge", "-q", "--no-ff", "-m", "Merge satu lagi", "satu-lagi"], **run)  # type: ignore[call-overload]


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
        os.environ["JEJAK_CACHE_DIR"] = str(Path(tmp) / "cache")
        os.environ["JEJAK_KUNCI_AUDIT"] = os.urandom(16).hex()
        root = Path(tmp) / "repo"
        started = time.perf_counter()
        make_repo(root, args.records, args.commits)
        subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True, capture_output=True)
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"repository: {count} commits, {args.records} records, made in {time.perf_counter() - started:.1f} s")
        return measure(root, args)


def git_log(root: Path, command: list[str]) -> None:
    subprocess.run(command, cwd=root, stdout=subprocess.DEVNULL, check=True)


def measure(root: Path, args: argparse.Namespace) -> int:
    workspace = load_workspace(REPO)
    name_status = best(
        lambda: subprocess.run(NAME_STATUS, cwd=root, stdout=subprocess.DEVNULL, check=True), args.repeat
    )
    base = best(lambda: subprocess.run(BASELINE, cwd=root, stdout=subprocess.DEVNULL, check=True), args.repeat)
    plain = best(lambda: read_history(root, contents=False), args.repeat)

    def build_audit() -> AuditPages:
        return AuditPages.build(root, workspace, None)  # what the portal's build runs for the audit

    cold = best(build_audit, 1)
    second = best(build_audit, args.repeat)
    pages = build_audit()
    paths = sorted({c.path for c in pages.history.changes if c.path.startswith("records/2")})
    rendered = best(lambda: ([pages.riwayat(p) for p in paths], pages.audit()), 1)
    one_more_merge(root)
    merged = best(build_audit, 1)
    merged_base = best(lambda: git_log(root, NAME_STATUS), args.repeat)
    result = pages.result
    print(f"landings: {len(result.landings)}, changes: {len(pages.history.changes)}, findings: {len(result.findings)}")
    print(f"{'':46} {'seconds':>8} {'vs name-status':>15} {'vs first-parent':>16}")
    for label, took in (
        ("name-status  git log --name-status", name_status),
        ("baseline     the same, first-parent merge diffs", base),
        ("history      one-pass extraction", plain),
        ("cold audit   AuditPages.build, empty cache", cold),
        ("second       AuditPages.build, warm cache", second),
        ("one merge    AuditPages.build after one merge", merged),
        ("+ pages      every riwayat and the audit page", rendered),
    ):
        print(f"{label:46} {took:8.3f} {took / name_status:14.2f}x {took / base:15.2f}x")
    left = children()
    size = f"{len(result.landings)} landings, {args.commits} commits, {args.records} records"
    log = "`git log --name-status` of the same repository"
    rows = [
        Row("history extraction (`read_history`, issue 14)", plain, "s", f"{log}, first-parent merge diffs", base, 1.5),
        Row("the build's audit, second build (cached per landing, issue 22)", second, "s", log, name_status, 2.0, size),
        Row("the build's audit after one more merge", merged, "s", f"{log} after the merge", merged_base, 2.0),
        Row("git processes left behind", len(left), "processes", "", None, 0),
    ]
    return finish(rows)


if __name__ == "__main__":
    sys.exit(main())
