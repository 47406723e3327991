"""Scale report: validate, history, documents and build at 250, 1,000 and 5,000 events, each
repository with a 10,000-commit history; wall time and peak memory per stage, and how each grows.

For every size a real Git repository is made with `git fast-import`: the first commit adds
the schema, the portal files and N valid events (copies of the complete sample with unique
codes, names and letter numbers); then pull requests of one commit each, merged with a merge
commit, change one event's note until the history holds --commits commits. Each stage runs in
its own process so its peak resident memory (ru_maxrss from wait4) is its own:

  baseline  git log --name-status > /dev/null, and a bare CSafeLoader load of every record
  validate  jejak validate
  history   history.trail.audit_repository (the history and its audit, what the audit pages read)
  documents every ready document of every event rendered to HTML (no PDF: see bench/documents.py)
  build     jejak build --tanpa-pdf (validate + history + pages + documents + MkDocs)

Growth is reported as the exponent k in time ~ N^k between consecutive sizes (1.0 = linear),
and per-event time. Numbers are also written as JSON with --json. Target: linear growth; each
stage's time at the largest size at most 1.5x its time at the smallest size scaled linearly.
Exits 1 when a stage misses it.

    /tmp/venv/bin/python bench/scale.py                       # 250, 1000, 5000 events; 10,000 commits
    /tmp/venv/bin/python bench/scale.py --sizes 50,200 --commits 2000   # a quick look
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = (REPO / "records" / "2024" / "2024-menjahit-1.yaml").read_text(encoding="utf-8")
STAFF = ("Rina Wulandari", "rina.wulandari@pagaralam.example")
APPROVER = ("Yusuf Hidayat", "yusuf.hidayat@pagaralam.example")
START = 1_704_067_200  # 2024-01-01
NOW = "2026-11-28T10:00"
COPIED = ("schema", "docs", "site_templates")
TARGET_GROWTH = 1.5  # time at the largest size, against the smallest size's time scaled linearly

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Row, finish  # noqa: E402

STAGES = {
    "baseline-git": None,  # run directly, see measure()
    "baseline-yaml": (
        "import sys, yaml; from pathlib import Path\n"
        "for p in sorted(Path(sys.argv[1], 'records').glob('*/*.yaml')):\n"
        "    yaml.load(p.read_text('utf-8'), Loader=yaml.CSafeLoader)"
    ),
    "validate": None,  # python -m generator.cli validate
    "history": (
        "import sys; from pathlib import Path; from generator.records.workspace import load_workspace\n"
        "from generator.history.trail import audit_repository\n"
        "root = Path(sys.argv[1]); ws = load_workspace(root)\n"
        "h, a = audit_repository(root, ws.office, ws.sops)\n"
        "print(len(h.changes), len(h.mainline))"
    ),
    "documents": (
        "import sys; from datetime import datetime; from pathlib import Path\n"
        "from generator.records.workspace import load_workspace\n"
        "from generator.documents.render import list_documents, render_html\n"
        "root = Path(sys.argv[1]); ws = load_workspace(root, now=datetime.fromisoformat(sys.argv[2])); n = 0\n"
        "for e in ws.events:\n"
        "    for info in list_documents(ws, e):\n"
        "        if info.ready: render_html(ws, e, info); n += 1\n"
        "print(n)"
    ),
    "build": None,  # python -m generator.cli build --tanpa-pdf
}


# --- the repository --------------------------------------------------------------------------


def event_text(i: int, version: int = 0) -> str:
    code = f"2024-skala-{i:05d}"
    text = (
        SAMPLE.replace("2024-menjahit-1", code)
        .replace("Pelatihan Menjahit Pakaian Angkatan I", f"Pelatihan Sintetis Nomor {i}")
        .replace("500.15.4/0", f"500.15.4/{i}.0")
    )
    text = re.sub(r"nama: (Siti Aminah|Dewi Anggraini)", rf"nama: \1 {i}", text)
    if version:
        text = text.replace(
            "catatan: Disetujui tanpa perubahan.", f"catatan: Disetujui tanpa perubahan (revisi {version})."
        )
    return text


class FastImport:
    """Writes a `git fast-import` stream with marks."""

    def __init__(self, stream):
        self.stream, self.mark = stream, 0

    def _data(self, raw: bytes) -> None:
        self.stream.write(b"data %d\n" % len(raw) + raw + b"\n")

    def blob(self, raw: bytes) -> int:
        self.mark += 1
        self.stream.write(b"blob\nmark :%d\n" % self.mark)
        self._data(raw)
        return self.mark

    def commit(
        self, ref: str, who: tuple[str, str], when: int, message: str, parents: list[int], ops: list[str]
    ) -> int:
        self.mark += 1
        person = f"{who[0]} <{who[1]}> {when} +0700"
        self.stream.write(f"commit {ref}\nmark :{self.mark}\nauthor {person}\ncommitter {person}\n".encode())
        self._data(message.encode())
        for i, parent in enumerate(parents):
            self.stream.write(f"{'from' if i == 0 else 'merge'} :{parent}\n".encode())
        self.stream.write("".join(op + "\n" for op in ops).encode())
        return self.mark


def project_files() -> dict[str, bytes]:
    files = {
        "mkdocs.yml": (REPO / "mkdocs.yml").read_bytes(),
        "records/kantor.yaml": (REPO / "records" / "kantor.yaml").read_bytes(),
    }
    for folder in COPIED:
        for path in sorted((REPO / folder).rglob("*")):
            rel = path.relative_to(REPO)
            if path.is_file() and "__pycache__" not in rel.parts and rel.parts[:2] != ("docs", "kegiatan"):
                files[rel.as_posix()] = path.read_bytes()
    return files


def make_repo(root: Path, events: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE, env=env)
    out = FastImport(proc.stdin)
    ops = [f"M 100644 :{out.blob(raw)} {path}" for path, raw in project_files().items()]
    paths = [f"records/2024/2024-skala-{i:05d}.yaml" for i in range(events)]
    ops += [f"M 100644 :{out.blob(event_text(i).encode())} {p}" for i, p in enumerate(paths)]
    tip = out.commit("refs/heads/main", STAFF, START, "Mulai", [], ops)
    versions = [0] * events
    when = START
    for n in range((commits - 1) // 2):
        when += 600
        i = (n * 7919) % events  # spread the changes over every event
        versions[i] += 1
        change = [f"M 100644 :{out.blob(event_text(i, versions[i]).encode())} {paths[i]}"]
        side = out.commit("refs/heads/usulan", STAFF, when, f"Perbarui catatan {i}", [tip], change)
        tip = out.commit("refs/heads/main", APPROVER, when + 60, f"Merge pull request #{n + 1}", [tip, side], [])
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import gagal")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


# --- measuring ---------------------------------------------------------------------------------


def run(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) of that process and its children, and its output."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])} gagal ({proc.returncode}):\n{text[-3000:]}")
    # wait4's ru_maxrss is the largest of the process and its reaped descendants (the build's
    # document worker is one), so a stage's peak is the peak of any one of its processes.
    return seconds, usage.ru_maxrss / 1024, text


def stage_command(stage: str, root: Path) -> list[str]:
    python = sys.executable
    if stage == "baseline-git":
        return ["git", "log", "--name-status", "--output=/dev/null"]
    if stage == "validate":
        return [python, "-m", "generator.cli", "validate", "--repo", str(root)]
    if stage == "build":
        return [
            python,
            "-c",
            "import sys\nfrom generator.cli.main import main\nsys.exit(main(sys.argv[1:]))",
            "build",
            "--tanpa-pdf",
            "--repo",
            str(root),
            "--keluaran",
            str(root.parent / "situs"),
        ]
    return [python, "-c", STAGES[stage], str(root), NOW]


def measure(root: Path, repeat: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for stage in STAGES:
        runs = [run(stage_command(stage, root), root) for _ in range(repeat if stage != "build" else 1)]
        best = min(runs, key=lambda r: r[0])
        results[stage] = {"seconds": best[0], "peak_mib": max(r[1] for r in runs)}
        said = best[2].strip().splitlines()[-1][:100] if best[2].strip() else ""
        print(f"  {stage:14} {best[0]:8.2f} s  {results[stage]['peak_mib']:8.0f} MiB   {said}", flush=True)
    return results


def growth(sizes: list[int], table: dict[int, dict[str, dict[str, float]]]) -> list[str]:
    lines = [f"{'stage':14}" + "".join(f"{n:>10} ev" for n in sizes) + "   growth exponent k (t ~ N^k) between sizes"]
    for stage in STAGES:
        seconds = [table[n][stage]["seconds"] for n in sizes]
        exps = [
            math.log(seconds[i + 1] / seconds[i]) / math.log(sizes[i + 1] / sizes[i]) for i in range(len(sizes) - 1)
        ]
        lines.append(
            f"{stage:14}"
            + "".join(f"{s:11.2f} s" for s in seconds)
            + "   "
            + ", ".join(f"{sizes[i]}->{sizes[i + 1]}: {k:.2f}" for i, k in enumerate(exps))
        )
    lines.append("")
    lines.append(f"{'per event (ms)':14}" + "".join(f"{n:>10} ev" for n in sizes))
    for stage in STAGES:
        lines.append(f"{stage:14}" + "".join(f"{1000 * table[n][stage]['seconds'] / n:12.2f}" for n in sizes))
    lines.append("")
    lines.append(
        f"{'vs baseline':14}"
        + "".join(f"{n:>10} ev" for n in sizes)
        + "   (validate/documents/build vs the bare YAML load, history vs git log)"
    )
    for stage in ("validate", "history", "documents", "build"):
        base = "baseline-git" if stage == "history" else "baseline-yaml"
        lines.append(
            f"{stage:14}" + "".join(f"{table[n][stage]['seconds'] / table[n][base]['seconds']:11.1f}x" for n in sizes)
        )
    lines.append("")
    lines.append(f"{'peak MiB':14}" + "".join(f"{n:>10} ev" for n in sizes))
    for stage in STAGES:
        lines.append(f"{stage:14}" + "".join(f"{table[n][stage]['peak_mib']:12.0f}" for n in sizes))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,5000", help="event counts, comma-separated")
    parser.add_argument("--commits", type=int, default=10_000, help="commits in each history (default 10,000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each stage but build; the best counts")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this JSON file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    table: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="jejak-skala-") as tmp:
        for n in sizes:
            root = Path(tmp) / f"repo-{n}"
            started = time.perf_counter()
            make_repo(root, n, args.commits)
            count = subprocess.run(
                ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True
            ).stdout.strip()
            print(f"{n} events, {count} commits (made in {time.perf_counter() - started:.1f} s)", flush=True)
            table[n] = measure(root, args.repeat)
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(root.parent / "situs", ignore_errors=True)
    print()
    print("\n".join(growth(sizes, table)))
    if args.json:
        args.json.write_text(json.dumps({"commits": args.commits, "results": table}, indent=2), encoding="utf-8")
    return finish(growth_rows(sizes, table, args.commits))


def growth_rows(sizes: list[int], table: dict[int, dict[str, dict[str, float]]], commits: int) -> list[Row]:
    small, large = sizes[0], sizes[-1]
    rows = []
    for stage in ("validate", "history", "documents", "build"):
        scaled = table[small][stage]["seconds"] * large / small
        rows.append(
            Row(
                f"{stage}, {large:,} events, {commits:,} commits",
                table[large][stage]["seconds"],
                "s",
                f"the same stage at {small:,} events, scaled linearly",
                scaled,
                TARGET_GROWTH,
                f"peak {table[large][stage]['peak_mib']:.0f} MiB",
            )
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
