"""Benchmark: the preview (`jejak serve`) of N events, one record edited and saved, until the open
page in Chromium shows the change (issue 22: ≤ 1 s at 1,000 events).

    .venv/bin/python bench/serve.py                 # N = 1000, 5 record saves, 1 whole rebuild
    .venv/bin/python bench/serve.py --n 250 --repeat 9 --baseline 3

The repository is N copies of the complete sample event (bench/build.py's make_repo) committed
to Git (the audit and the change history are part of every page). `jejak serve` runs as its own
process on a free port; Chromium shows the edited event's page. Each save is timed from the moment
the file is written to the moment the page's heading shows the new name (the page reloads itself).

Baseline, in the same run: the same wait after a change that needs the whole portal rebuilt (a
comment added to records/kantor.yaml: the office record touches every page), which is what every
save of a record cost before the preview rebuilt only what a record changes. Exits with status 1
when the median of a record save misses the 1 s target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))

from build import REPO, make_repo  # noqa: E402

from bench.common import Row, finish, load  # noqa: E402

TARGET = 1.0
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Dedi", "GIT_AUTHOR_EMAIL": "dedi.kurniawan@pagaralam.example"}
    env |= {"GIT_COMMITTER_NAME": "Dedi", "GIT_COMMITTER_EMAIL": "dedi.kurniawan@pagaralam.example"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(root: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "JEJAK_CACHE_DIR": str(root.parent)}
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--alamat", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for_heading(tab, text: str, seconds: float) -> float:
    """Seconds until the page's h1 shows `text` (the page reloads itself after the rebuild)."""
    started = time.perf_counter()
    tab.wait_for_function(
        "(text) => { const h = document.querySelector('h1'); return h && h.innerText.includes(text); }",
        arg=text,
        timeout=seconds * 1000,
        polling=10,
    )
    return time.perf_counter() - started


def save(path: Path, old: str, new: str) -> None:
    """What an editor does on save: the whole file written anew."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="saves of one record; the median is shown")
    parser.add_argument("--baseline", type=int, default=1, help="saves that rebuild the whole portal")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the first build")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="jejak-bench-serve-"))
    root = make_repo(work / "repo", args.n)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Catatan awal")
    code = f"2024-bench-{args.n // 2:05d}"
    record = root / "records" / "2024" / f"{code}.yaml"
    name = f"Pelatihan Sintetis Nomor {args.n // 2}"
    port = free_port()
    server = start(root, port, work / "serve.log")
    records, full = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            tab = browser.new_page()
            started = time.perf_counter()
            while True:
                try:
                    tab.goto(f"http://127.0.0.1:{port}/kegiatan/{code}/", wait_until="load")
                    if tab.locator("h1").count() and name in tab.locator("h1").first.inner_text():
                        break
                except Exception:  # noqa: BLE001 (the server is still building)
                    pass
                if time.perf_counter() - started > args.timeout or server.poll() is not None:
                    sys.exit(f"jejak serve did not come up:\n{(work / 'serve.log').read_text()[-3000:]}")
                time.sleep(0.5)
            first = time.perf_counter() - started
            print(f"{args.n} events: first build and page {first:.1f} s (load {os.getloadavg()[0]:.1f})", flush=True)
            current = name
            for turn in range(args.repeat):
                tab.wait_for_timeout(1000)  # a clerk types between two saves; the preview works meanwhile
                new = f"{name} Ubah {turn}"
                written = time.time()
                save(record, f"nama: {current}", f"nama: {new}")
                records.append(wait_for_heading(tab, new, 600))
                current = new
                began = tab.evaluate("() => performance.timeOrigin / 1000") - written  # the page's reload
                print(
                    f"  save {turn + 1}: one record {records[-1]:.2f} s (the reload began after {began:.2f} s)",
                    flush=True,
                )
            for turn in range(args.baseline):
                tab.wait_for_timeout(1000)
                new = f"{name} Lengkap {turn}"
                # The baseline: the office record changed too, so the whole portal is rebuilt.
                save(root / "records" / "kantor.yaml", "nama: Bidang", f"# ubah {turn}\nnama: Bidang")
                save(record, f"nama: {current}", f"nama: {new}")
                full.append(wait_for_heading(tab, new, 3600))
                current = new
                print(f"  whole portal {turn + 1}: {full[-1]:.2f} s", flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    record_s, full_s = statistics.median(records), statistics.median(full)
    saves = ", ".join(f"{x:.2f}" for x in records)
    row = Row(
        f"`jejak serve`, {args.n:,} events: one record saved until its open page shows it (median of {len(records)})",
        record_s,
        "s",
        "",
        None,
        TARGET,
        note=(
            f"saves {saves} s (worst {max(records):.2f} s); the whole portal rebuilt after an office-record "
            f"save: {full_s:.2f} s (record/whole {record_s / full_s:.3f}); first build and page {first:.1f} s; "
            f"load average {load()}"
        ),
    )
    return finish([row])


if __name__ == "__main__":
    sys.exit(main())
