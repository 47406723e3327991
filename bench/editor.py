"""Benchmark: the form editor's first load (/ubah/, on its own origin) against the portal home's
first load, both from local servers, in the same run, each in a fresh browser context.

A first load is a fresh browser context (empty cache) opening the page. Measured per load:
- `seconds`: until the page is usable: the portal home's `load` event; the first frame showing
  the editor's list of events (Decap has loaded, read its configuration and listed the records
  through decap-server; local mode needs no login), both by the page's own clock;
- `own part`: the editor until Decap's first screen (the list in local mode; the login with a
  backend that has one): what the editor's own files cost (for the home, its first load again);
- `first text`: Chromium's first contentful paint, and whether it came before Decap's script
  began to run (start.js marks `jejak-decap`): then what showed was index.html's own Indonesian
  "Memuat formulir…";
- `script`: Chromium's ScriptDuration (parsing and running JavaScript);
- how many records of the list start.js read ahead (format.js readEarly) before Decap's script ran;
- `bytes` as sent by this server (it does not compress) and `gzip`: the same responses gzipped,
  what a server with compression carries; `requests`;
- `again`: a second load in the same context (warm cache).

    .venv/bin/python bench/editor.py             # medians of 5 first loads of each, taking turns
    .venv/bin/python bench/editor.py --repeat 9

The form's validator (issue 20: `jejak validate` in a web worker, Pyodide) is measured beside them,
in a fresh context of its own each round: the editor opened, the list shown, one record opened,
until the validator's first answer on it is shown (`first check`, from opening the editor), and
the bytes it adds (Pyodide, the wheels, the code-and-data zip, its scripts; raw and gzipped); the
worker's own times (Pyodide ready, code imported) from its report. The worker starts only once the
list is shown, so the editor's first load above does not include it. Ratios: to the editor's
first load (no target: the issue asks for the figures).

Targets (issue 22): the editor usable in at most 3x the portal home's first load, and something
Indonesian on screen before Decap's script runs. Exits 1 when one is missed. Work folders go to
a temporary folder, removed afterwards. To add a figure: return it from `measure` (and from
`open_editor` when it is the editor's own), name it in COLUMNS; a target goes in `rows` (bench/common.py Row).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Row, finish  # noqa: E402

NOW = datetime(2026, 11, 28, 10, 0)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LISTED = "Pelatihan Barista Kopi Pagar Alam Angkatan I"
LOADING = "Memuat formulir"
TIME_RATIO = 3.0
# (key, heading, format): one column of the table per figure
COLUMNS = [
    ("seconds", "first load", "{:6.2f} s"),
    ("first_text", "first text", "{:6.2f} s"),
    ("ready", "own part", "{:6.2f} s"),
    ("script", "script", "{:6.2f} s"),
    ("warm", "again", "{:6.2f} s"),
    ("bytes", "bytes", "{:6.2f} MB"),
    ("gzip", "gzipped", "{:6.2f} MB"),
    ("requests", "requests", "{:4.0f}"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="jejak-bench-editor-") as tmp, served_apart(Path(tmp)) as (own, portal):
        root, port = prepare(Path(tmp), own, portal)
        from form_session import Backend  # `jejak ubah`, the local mode the form's backend is now

        server = Backend(root, port)
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                home, editor, checks = [], [], []
                for _ in range(args.repeat):  # taking turns: a busy moment hits all alike
                    home.append(measure(browser, portal, editor_page=False))
                    editor.append(measure(browser, own, editor_page=True))
                    checks.append(first_check(browser, own))
                browser.close()
        finally:
            server.stop()
    report({"portal home": home, "editor (/ubah/)": editor})
    report_validator(checks, editor)
    return finish(rows(home, editor))


def rows(home: list[dict[str, float]], editor: list[dict[str, float]]) -> list[Row]:
    """The targets: the list shown within 3x the home's first load; Indonesian text before Decap."""
    late = sum(1 for row in editor if not row["text_first"])
    return [
        Row(
            "editor usable (list shown), fresh browser context",
            median(editor, "seconds"),
            "s",
            "the portal home's first load (`load`)",
            median(home, "seconds"),
            TIME_RATIO,
            f"medians of {len(editor)} first loads each, taking turns",
        ),
        Row("editor loads that painted nothing before Decap's script ran", late, "loads", "", None, 0),
    ]


@contextmanager
def served_apart(tmp: Path) -> Iterator[tuple[str, str]]:
    """site/ubah/ alone on an origin of its own (the administrator's guide), the site on another."""
    from conftest import serve_folder  # the tests' static server: the way the intranet serves the site

    with serve_folder(tmp / "site" / "ubah") as own, serve_folder(tmp / "site") as portal:
        yield own, portal


def prepare(tmp: Path, own: str, portal: str) -> tuple[Path, int]:
    """A copy of the repository's data as a git repository, pointed at a local decap-server, built."""
    from generator.portal.site import build_site

    root = tmp / "repo"
    for name in ("schema", "records", "docs", "site_templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    from conftest import free_port

    port = free_port()
    office = root / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    start = text.index("\npenyunting:")
    block = f"\npenyunting:\n  jenis: lokal\n  alamat: http://127.0.0.1:{port}/api/v1\n"
    office.write_text(text[:start] + block + f"  alamat_formulir: {own}\n  alamat_portal: {portal}\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@x.example"}
    env |= {"GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@x.example"}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "awal"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    build_site(root, tmp / "site", pdf=False, now=NOW)
    return root, port


VALIDATOR = re.compile(r"/(validator/|validator[\w-]*\.js|form-[\w-]+\.js)")


def first_check(browser, url: str) -> dict[str, float]:
    """A fresh context: the editor, its list, one record opened, until the validator's first answer
    on it is shown (seconds from opening the editor); the validator's bytes."""
    context = browser.new_context()
    page = context.new_page()
    finished: list = []

    def keep(request) -> None:
        if VALIDATOR.search(request.url):
            finished.append(request)

    page.on("requestfinished", keep)
    started = time.perf_counter()
    usable = open_editor(page, url)[0]
    page.get_by_text(LISTED).click()
    page.wait_for_function("() => window.jejakValidator && window.jejakValidator.firstCheck", timeout=600000)
    checked = time.perf_counter() - started
    timings = (page.evaluate("window.jejakValidator.load") or {}).get("timings", {})
    sizes = transferred(finished)
    context.close()
    return {
        "usable": usable,
        "checked": checked,
        "pyodide": timings.get("pyodide", 0) / 1000,
        "imported": timings.get("imported", 0) / 1000,
        **sizes,
    }


def report_validator(checks: list[dict[str, float]], editor: list[dict[str, float]]) -> None:
    first = median(editor, "seconds")
    print(
        f"\nvalidator (worker): first check {median(checks, 'checked'):.2f} s after opening the editor "
        f"(its list {median(checks, 'usable'):.2f} s; in the worker: Pyodide ready "
        f"{median(checks, 'pyodide'):.2f} s, code imported {median(checks, 'imported'):.2f} s after it started); "
        f"{median(checks, 'bytes'):.2f} MB ({median(checks, 'gzip'):.2f} MB gzipped) in "
        f"{median(checks, 'requests'):.0f} requests"
    )
    print(
        f"validator / editor first load: {median(checks, 'checked') / first:.1f}x the time (first check / "
        f"list shown), {median(checks, 'bytes') / median(editor, 'bytes'):.1f}x the bytes "
        f"({median(checks, 'gzip') / median(editor, 'gzip'):.1f}x gzipped)"
    )


def measure(browser, url: str, editor_page: bool) -> dict[str, float]:
    """A first load in a fresh context, then a second load of the same page in it (warm cache)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    finished: list = []

    def keep(request) -> None:
        if not VALIDATOR.search(request.url):  # the validator's files are its own figure (first_check)
            finished.append(request)

    page.on("requestfinished", keep)
    seconds, ready = open_editor(page, url) if editor_page else (open_home(page, url),) * 2
    row = {"seconds": seconds, "ready": ready, "script": metric(cdp, "ScriptDuration")}
    row |= first_paint(page)
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", keep)
    row |= transferred(finished)
    page.goto("about:blank")
    row["warm"] = open_editor(page, url)[0] if editor_page else open_home(page, url)
    context.close()
    return row


# Both pages are timed by the page's own clock, from the start of its navigation: the home until
# its `load` event, the editor until a frame shows the list (checked at every frame). Playwright's
# own waiting polls every 0.5 s after a while, which would add up to that to the editor alone.
WATCH = """(listed) => {
    const look = () => {
        if (document.body && document.body.textContent.includes(listed)) window.jejakShown = performance.now();
        else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
}"""


def open_home(page, url: str) -> float:
    page.goto(url, wait_until="load")
    return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000


def open_editor(page, url: str) -> tuple[float, float]:
    """(until the list is shown, until Decap's first screen: the editor's own part, before
    decap-server is asked anything). In local mode Decap opens on the list at once: both are
    the same then."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.evaluate(f"({WATCH})({LISTED!r})")
    log_in = page.get_by_role("button", name="Masuk")
    listed = page.get_by_text(LISTED)
    log_in.or_(listed).first.wait_for(timeout=180000)  # a loaded machine (load 15-20) needs more than 30 s
    ready = time.perf_counter() - started
    clicked = log_in.is_visible()  # a backend with a login (not local mode)
    if clicked:
        log_in.click()
    listed.wait_for(timeout=180000)
    page.wait_for_function("() => window.jejakShown !== undefined", timeout=180000)
    shown = page.evaluate("window.jejakShown") / 1000
    return shown, ready if clicked else shown


def first_paint(page) -> dict[str, float]:
    """First contentful paint (s from navigation), and whether it came before Decap's script
    began to run (start.js marks `jejak-decap` then): the painted text can only be index.html's own."""
    found = page.evaluate(
        """() => {
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        const decap = performance.getEntriesByName("jejak-decap")[0];
        return [paint ? paint.startTime : null, decap ? decap.startTime : null];
    }"""
    )
    paint, decap = found
    before = paint is not None and decap is not None and paint <= decap
    # records start.js read ahead while Decap's script compiled (none on the portal home)
    read = page.evaluate("(window.jejakEarly && window.jejakEarly.read) || 0")
    return {"first_text": (paint or 0) / 1000, "text_first": float(before), "read_ahead": float(read)}


def transferred(requests: list) -> dict[str, float]:
    sizes, packed = 0, 0
    for request in requests:
        sizes += request.sizes()["responseBodySize"]
        response = request.response()
        body = response.body() if response is not None and response.status == 200 else b""
        packed += len(gzip.compress(body, 6)) if body else 0
    return {"bytes": sizes / 1e6, "gzip": packed / 1e6, "requests": float(len(requests))}


def metric(cdp, name: str) -> float:
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == name)


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def report(groups: dict[str, list[dict[str, float]]]) -> None:
    """One table: a row per page (medians), then the ratio editor / portal home."""
    print(f"{'':18}" + "".join(f"{heading:>12}" for _, heading, _ in COLUMNS))
    for name, rows in groups.items():
        print(f"{name:18}" + "".join(f"{fmt.format(median(rows, key)):>12}" for key, _, fmt in COLUMNS))
    home, editor = groups.values()
    ratios = [median(editor, key) / median(home, key) if median(home, key) else 0.0 for key, _, _ in COLUMNS]
    print(f"{'editor / home':18}" + "".join(f"{ratio:11.1f}x" for ratio in ratios))
    count = len(editor)
    painted = sum(int(row["text_first"]) for row in editor)
    print(f"\nmedians of {count} first loads each, fresh contexts taking turns; load average {os.getloadavg()[0]:.1f}")
    print(f"editor: '{LOADING}…' painted before Decap's script ran in {painted} of {count} loads")
    read = [int(row["read_ahead"]) for row in editor]
    print(f"editor: records of the list read ahead while Decap's script compiled, per load: {read}")


if __name__ == "__main__":
    sys.exit(main())
