"""Benchmark: the form editor's first load (/ubah/) against the portal's own first load (the
dashboard), both from the same local server, in the same run.

A first load is a fresh browser context (empty cache) opening the page until the browser is
idle on the network. Measured per load: the bytes transferred (sum of response bodies, as sent:
this server does not compress, so these are the bytes an office LAN carries without gzip), the
number of requests, and the time until the page is usable: for the portal the `load` event, for
the editor the moment the list of events is shown (Decap has fetched its chunks, read the
configuration and listed the records through decap-server).

    .venv/bin/python bench/editor.py             # medians of 5 first loads of each, taking turns
    .venv/bin/python bench/editor.py --repeat 9

Target (issue 13): usable in at most 3 s on the office LAN; locally reported as the editor/portal
ratio. Work folders go to a temporary folder, removed afterwards.
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
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
NOW = datetime(2026, 11, 28, 10, 0)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from conftest import serve_folder  # the tests' static server: the way the intranet serves the site
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="jejak-bench-editor-") as tmp:
        root, site, port = prepare(Path(tmp))
        server = start_decap_server(root, port, Path(tmp))
        try:
            with serve_folder(site) as base, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                portal, editor = [], []
                for _ in range(args.repeat):  # taking turns: a busy moment hits both alike
                    portal.append(first_load(browser, base, editor_page=False))
                    editor.append(first_load(browser, base + "ubah/", editor_page=True))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    report("portal (dashboard)", portal)
    report("editor (/ubah/)", editor)
    ratio_time = median(editor, "seconds") / median(portal, "seconds")
    ratio_size = median(editor, "bytes") / median(portal, "bytes")
    print(f"\neditor/portal: {ratio_time:.1f}x the time, {ratio_size:.1f}x the bytes")
    usable = median(editor, "seconds")
    load = os.getloadavg()[0]
    print(f"editor usable after {usable:.2f} s locally (target: <= 3 s on the office LAN); load average {load:.1f}")
    return 0 if usable <= 3.0 else 1


def prepare(tmp: Path) -> tuple[Path, Path, int]:
    """A copy of the repository's data as a git repository, pointed at a local decap-server, built."""
    from generator.portal.site import build_site

    root = tmp / "repo"
    for name in ("schema", "records", "docs", "site_templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    port = free_port()
    office = root / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    start = text.index("\npenyunting:")
    office.write_text(text[:start] + f"\npenyunting:\n  jenis: lokal\n  alamat: http://127.0.0.1:{port}/api/v1\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@x.example"}
    env |= {"GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@x.example"}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "awal"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    site = build_site(root, tmp / "site", pdf=False, now=NOW).site_dir
    return root, site, port


def start_decap_server(root: Path, port: int, tmp: Path) -> subprocess.Popen:
    script = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
    env = {**os.environ, "PORT": str(port), "MODE": "git", "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "error"}
    server = subprocess.Popen(["node", str(script)], env=env, cwd=tmp)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("decap-server did not start")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_load(browser, url: str, editor_page: bool) -> dict[str, float]:
    """A first load in a fresh context, then a second load of the same page in it (warm cache)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    sizes: list[int] = []

    def count(request) -> None:
        sizes.append(request.sizes()["responseBodySize"])

    page.on("requestfinished", count)
    seconds = open_page(page, url, editor_page)
    script = metric(cdp, "ScriptDuration")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", count)
    first = {"seconds": seconds, "bytes": float(sum(sizes)), "requests": float(len(sizes)), "script": script}
    page.goto("about:blank")
    first["warm"] = open_page(page, url, editor_page)
    context.close()
    return first


def open_page(page, url: str, editor_page: bool) -> float:
    started = time.perf_counter()
    if editor_page:
        page.goto(url)
        log_in = page.get_by_role("button", name="Masuk")
        listed = page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")
        log_in.or_(listed).first.wait_for()
        if log_in.is_visible():  # the first visit; later ones remember the session
            log_in.click()
        listed.wait_for()
    else:
        page.goto(url, wait_until="load")
    return time.perf_counter() - started


def metric(cdp, name: str) -> float:
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == name)


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def report(name: str, rows: list[dict[str, float]]) -> None:
    print(
        f"{name:20} first {median(rows, 'seconds'):5.2f} s (script {median(rows, 'script'):5.2f} s)  "
        f"again {median(rows, 'warm'):5.2f} s  {median(rows, 'bytes') / 1e6:5.2f} MB  "
        f"{median(rows, 'requests'):3.0f} requests  (median of {len(rows)})"
    )


if __name__ == "__main__":
    sys.exit(main())
