"""Shared fixtures: a real copy of the repository's data in tmp_path."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, expect, sync_playwright

from generator.records.workspace import Workspace, load_workspace

REPO = Path(__file__).resolve().parent.parent
# A fixed "now" for status and lateness: the samples are dated around it.
NOW = datetime(2026, 11, 28, 10, 0)


# The tests' temporary files (tmp_path, and TMPDIR for every process they start) go to memory when
# /dev/shm has room: the suite writes and deletes about a gigabyte of small files, and a disk
# mounted with online discard (this one) makes creating files right after deleting many several
# times slower. Set once by the first pytest process; xdist's workers inherit it.
MEMORY = Path("/dev/shm")
MEMORY_FREE = 8 * 2**30


def _temporary_in_memory() -> None:
    if "PYTEST_XDIST_WORKER" in os.environ or not MEMORY.is_dir():
        return
    if shutil.disk_usage(MEMORY).free < MEMORY_FREE:
        return
    folder = MEMORY / f"jejak-tests-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():  # not ours to use
        return
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # asked again of TMPDIR


_temporary_in_memory()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--test-output",
        action="store_true",
        help="write screenshots and page images under test-output/ for a reviewer to look at",
    )


# --- both cores busy to the end: the heaviest files first ---------------------------------

# What the costliest files take: the sum of their tests' `--durations=0` seconds in one run of the
# whole suite on a busy machine (load 10-18, 2026-12-07), after this file's savings; only their
# order matters. Every other file counts half a second a test. xdist gives each worker one whole
# file at a time (`--dist loadfile` in pyproject.toml: a file's module fixtures are made once),
# the heaviest first, so the small files fill in at the end and no worker runs a long file alone
# while the other waits. A new slow file belongs here.
HEAVY_FILES: dict[str, float] = {
    # Added from a quiet run on 2026-12-07 (seconds there, times ~3 to match the busy run's scale):
    # the form's validator in Chromium (Pyodide), the clerk's guide end to end, the portal's policy.
    "tests/test_form_validator_browser.py": 360,
    "tests/test_form_guide.py": 160,
    "tests/test_portal_csp.py": 160,
    "tests/test_hostile_personal.py": 615,
    "tests/test_property_records.py": 600,
    "tests/test_staff_browser.py": 313,
    "tests/test_docx_pagination.py": 300,  # 124 Word files through LibreOffice (issue 23: the new event too)
    "tests/test_reproducible.py": 247,
    "tests/test_editor_origin.py": 241,
    "tests/test_pdf.py": 230,
    "tests/test_hostile_templates.py": 215,
    "tests/test_site.py": 200,
    "tests/test_hostile_cache_publish.py": 189,
    "tests/test_hostile_lookalikes.py": 187,
    "tests/test_hostile_limits.py": 180,
    "tests/test_hostile_codepoints.py": 181,
    "tests/test_hostile_render.py": 175,
    "tests/test_editor_browser.py": 140,
    "tests/test_editor_bundle.py": 127,
    "tests/test_hostile_confusables.py": 123,
    "tests/test_hostile_inputs.py": 115,
    "tests/test_hostile_svg.py": 114,
    "tests/test_two_sops.py": 114,
    "tests/test_audit_scenarios.py": 111,
    "tests/test_cli.py": 109,
    "tests/test_validate_corpus.py": 102,
    "tests/test_hostile_paths.py": 101,
    "tests/test_atomic_publish.py": 90,
    "tests/test_office_time.py": 83,
    "tests/test_pagination.py": 77,
    "tests/test_editor_format.py": 73,
    "tests/test_layout.py": 66,
}


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class HeaviestFirst(LoadFileScheduling):
        def _assign_work_unit(self, node: Any) -> None:
            heaviest = max(self.workqueue, key=lambda f: HEAVY_FILES.get(f, 0.5 * len(self.workqueue[f])))
            self.workqueue.move_to_end(heaviest, last=False)
            super()._assign_work_unit(node)

    return HeaviestFirst(config, log)


@pytest.fixture(scope="session")
def shots(request: pytest.FixtureRequest) -> Callable[[str], Path | None]:
    """`shots("portal/beranda.png")`: where to save a picture, or None unless --test-output was given."""
    wanted = bool(request.config.getoption("--test-output"))

    def target(name: str) -> Path | None:
        if not wanted:
            return None
        path = REPO / "test-output" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    return target


@pytest.fixture(scope="session")
def sample_workspace() -> Workspace:
    """The repository's own records, loaded once per run (never at import time) for NOW."""
    return load_workspace(REPO, now=NOW)


def copy_project(root: Path) -> Path:
    """A Jejak repository (schema, office, sample records, guide, templates) copied to `root`."""
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "records", root / "records")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "site_templates"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("kegiatan", "_generated"))
    return root


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal built once for every read-only test (without PDFs), for NOW."""
    from generator.portal.site import build_site

    root = copy_project(tmp_path_factory.mktemp("sample") / "repo")
    return build_site(root, root / "site", pdf=False, now=NOW).site_dir


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A Jejak repository copied into tmp_path, for tests that change it."""
    return copy_project(tmp_path / "repo")


@pytest.fixture
def built_project(sample_site: Path, tmp_path: Path) -> Path:
    """`project` whose portal is already published in project/site (without PDFs, for NOW), for
    tests that change a built repository: a copy of the sample build, not a build per test."""
    return Path(shutil.copytree(sample_site.parent, tmp_path / "repo", symlinks=True))


def fill_placeholders(path: Path) -> None:
    """What a clerk does after `jejak new`: replace every 'ISI: …, misalnya X' with the example X."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'"ISI: [^"]*?, misalnya ([^"]*)"', r"\1", text), encoding="utf-8")


# --- a real browser: Debian's Chromium driven by Playwright ---------------------------

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# How long a browser step may wait before it fails. It only bounds a failure (a passing step
# goes on the moment its condition holds), so it is generous: the suite runs on a busy machine.
PATIENCE_MS = 90_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run. Fails (never skips) when Chromium cannot start.
    Every page and context it opens, and every `expect`, waits up to PATIENCE_MS by default."""
    expect.set_options(timeout=PATIENCE_MS)
    for owner in (Page, Frame):
        owner.wait_for_function = _functions_only(owner.wait_for_function)  # type: ignore[method-assign]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=PATIENCE_MS)
        yield _patient(chromium)
        chromium.close()


# Playwright polls a `wait_for_function` expression ("window.x > 1") with eval() in the page, which
# the portal's and the editor's Content-Security-Policy refuse: an EvalError, but only when the
# first look (exempt from the policy) comes too early, i.e. on a loaded machine. A function
# ("() => window.x > 1") is compiled once, outside the policy: every test must give one.
FUNCTION = re.compile(r"\s*(async\s+)?(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)")


def _functions_only(method: Callable[..., Any]) -> Callable[..., Any]:
    if getattr(method, "functions_only", False):
        return method

    def wait_for_function(self: Any, expression: str, *args: Any, **kwargs: Any) -> Any:
        assert FUNCTION.match(expression), f"wait_for_function needs a function ('() => ...'), not {expression!r}"
        return method(self, expression, *args, **kwargs)

    wait_for_function.functions_only = True  # type: ignore[attr-defined]
    return wait_for_function


def _patient(chromium: Browser) -> Browser:
    """`chromium` whose new contexts and pages wait up to PATIENCE_MS (Playwright's default is 30 s)."""
    new_context, new_page = chromium.new_context, chromium.new_page

    def patient_context(*args: Any, **kwargs: Any) -> BrowserContext:
        context = new_context(*args, **kwargs)
        context.set_default_timeout(PATIENCE_MS)
        return context

    def patient_page(*args: Any, **kwargs: Any) -> Page:
        page = new_page(*args, **kwargs)
        page.set_default_timeout(PATIENCE_MS)
        return page

    chromium.new_context, chromium.new_page = patient_context, patient_page  # type: ignore[method-assign]
    return chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early (a new page, a closed context) is no error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site served on a free loopback port, the way the intranet server would."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def rendered_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of rendered files (PDF, Word) for the whole run, shared by the xdist workers:
    the same document is rendered once, as `jejak build` does for an office. Never the user's."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "rendered-cache"


@pytest.fixture(scope="session", autouse=True)
def _cache_outside_home(rendered_cache: Path) -> Iterator[None]:
    """Builds keep their cache in the run's own folder, never in the user's cache; the audit
    cache's key comes from the environment, never from a key file in the user's data folder. Set
    for the whole session, so the session fixtures' builds (made before any test's own fixtures)
    use them too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JEJAK_CACHE_DIR", str(rendered_cache))
        patch.setenv("JEJAK_KUNCI_AUDIT", "kunci-uji")
        yield


@pytest.fixture(autouse=True)
def _no_thread_serves_a_closed_socket() -> Iterator[None]:
    """A test that closes a server also stops the thread serving it. Left running, that thread
    polls the closed socket without a pause (the poll answers at once) and takes the worker's CPU
    and its interpreter lock from every later test of the run."""
    yield
    stray = [thread for thread in threading.enumerate() if _serves_a_closed_socket(thread)]
    for thread in stray:
        thread.join(1)  # a server shut down a moment ago: its thread is ending
    left = [thread.name for thread in stray if thread.is_alive()]
    assert not left, f"threads still serving a closed socket: {left}"


def _serves_a_closed_socket(thread: threading.Thread) -> bool:
    """A Thread(target=server.serve_forever) whose server's socket is closed. (A thread answering
    one request may outlive its server's socket for a moment: it is not a serving loop.)"""
    target = getattr(thread, "_target", None)
    if getattr(target, "__name__", None) != "serve_forever":
        return False
    sock = getattr(getattr(target, "__self__", None), "socket", None)
    return isinstance(sock, socket.socket) and sock.fileno() == -1


@contextmanager
def one_worker_at_a_time(rendered_cache: Path, name: str) -> Iterator[None]:
    """Held by one xdist worker at a time: two files rendering the same documents into the run's
    cache take turns, and the second copies what the first rendered (which used both cores)."""
    import fcntl

    rendered_cache.mkdir(parents=True, exist_ok=True)
    with open(rendered_cache.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, for tests that need documents actually rendered."""
    monkeypatch.setenv("JEJAK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def wait_for_page(tab: Any, url: str, seconds: float = 90) -> None:
    """Open `url` once `jejak serve` answers with a page heading; fails after `seconds`."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + seconds
    while True:
        assert time.monotonic() < deadline, f"jejak serve did not show the page within {seconds:.0f} s"
        with contextlib.suppress(PlaywrightError):  # the server is still starting
            tab.goto(url, wait_until="domcontentloaded")
            if tab.locator("h1").count():
                return
        time.sleep(0.5)


# --- real git repositories written with chosen identities --------------------------------

RECORD = "records/2024/2024-menjahit-1.yaml"


def start_repository(root: Path) -> Any:
    """A repository at `root` with everything in it committed by a staff member."""
    from generator.history.demo import GitWriter

    repo = GitWriter(root)
    repo.init()
    repo.commit("Mulai", "dedi", "2024-01-22 08:00")
    return repo


def put(root: Path, path: str, old: str, new: str) -> int:
    """Replace `old` (which must be there) once by `new` in the file; returns the line `old` began on."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def edited(root: Path, old: str, new: str, path: str = RECORD) -> str:
    """The text of `path` with `old` replaced once by `new` (which must be there)."""
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# tgkill(2), a signal to one thread of another process: Linux gives a signal sent to a process to
# any of its threads, and Python runs handlers only in the main one: a test aims it at another to
# see the program stop all the same (x86_64 and arm64 numbers).
TGKILL = {"x86_64": 234, "aarch64": 131}


def signal_other_thread(pid: int, number: int) -> int:
    """Send signal `number` to one of the process's threads but its main one, the oldest: a
    server's own thread, started first, not one answering a request, which may end before it
    handles the signal (a signal aimed at a thread ends with it: the process never sees it,
    where a Ctrl+C, aimed at the process, goes to another thread). Returns its id."""
    import ctypes
    import errno
    import platform

    assert platform.machine() in TGKILL, f"tgkill's number on {platform.machine()} is not known here"
    libc = ctypes.CDLL(None, use_errno=True)
    others = sorted(int(t.name) for t in Path(f"/proc/{pid}/task").iterdir() if int(t.name) != pid)
    for tid in others:
        if libc.syscall(TGKILL[platform.machine()], pid, tid, number) == 0:
            return tid
        assert ctypes.get_errno() == errno.ESRCH, os.strerror(ctypes.get_errno())
    raise AssertionError(f"process {pid} has no thread but its main one")


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(root: Path, temporary: Path, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`jejak serve` of `root` on a free port, its temporary files in `temporary` and all it says
    (both streams) in `log`; the caller stops it."""
    port = free_port()
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--alamat", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temporary)},
            stdout=err,
            stderr=subprocess.STDOUT,
        )
    return process, port
