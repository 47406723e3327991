"""The preview server's part of the plugin (`jejak serve`, `mkdocs serve`): what it watches, and
MkDocs' live reload without an inline script.

MkDocs injects its live-reload code into every served page as an inline <script>, which the
portal's Content-Security-Policy blocks (policy.py). The preview serves the same code as a file
instead (LIVERELOAD_PATH, published only while serving); the page's script element carries the
two numbers MkDocs wrote into the inline code.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

WATCHED = ("records", "schema", "site_templates", "lampiran")
LIVERELOAD_PATH = "assets/javascripts/jejak/livereload.js"
LIVERELOAD_JS = """// Live reload of the preview (jejak serve): MkDocs' own code, from a file (Content-Security-Policy).
(function (script) {
  var epoch = parseFloat(script.dataset.epoch), requestId = script.dataset.request, req, timeout;
  var poll = function () {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + script.dataset.epoch + "/" + requestId);
    req.send();
  };
  var stop = function () {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  };
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
    else stop();
  });
  window.addEventListener("beforeunload", stop);
})(document.currentScript);
"""


def watch(server: Any, root: Path) -> Any:
    """MkDocs' server (mkdocs.livereload.LiveReloadServer) watching the records, SOPs, templates
    and attachments too, and injecting its live reload as a script file."""
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    server._inject_js_into_html = lambda content, epoch: inject_livereload(content, epoch, server.mount_path)
    return server


def inject_livereload(content: bytes, epoch: int, mount_path: str) -> bytes:
    """The served page with the live-reload script element before its </body>."""
    tag = (
        f'<script src="{mount_path}{LIVERELOAD_PATH}" data-epoch="{epoch}" '
        f'data-request="{time.monotonic_ns() // 1_000_000}"></script>'
    ).encode()
    end = content.rfind(b"</body>")
    end = len(content) if end < 0 else end
    return content[:end] + tag + content[end:]


# --- `jejak serve`: MkDocs' preview server, with Jejak's rebuild ------------------------------

SNAPSHOT = (*WATCHED, "docs", "mkdocs.yml")
log = logging.getLogger("mkdocs.plugins.jejak")


class Changes:
    """Which watched files changed since the last look (by modification time and size): the
    server only says that something changed."""

    def __init__(self, root: Path):
        self.root = root
        self.seen = self._look()

    def _look(self) -> dict[str, tuple[int, int]]:
        seen: dict[str, tuple[int, int]] = {}
        for name in SNAPSHOT:
            top = self.root / name
            if top.is_file():
                stat = top.stat()
                seen[str(top)] = (stat.st_mtime_ns, stat.st_size)
            elif top.is_dir():
                _look_under(str(top), seen)
        return seen

    def since_last(self) -> set[Path]:
        now = self._look()
        changed = {Path(p) for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return changed


def _look_under(folder: str, seen: dict[str, tuple[int, int]]) -> None:
    """Every file under `folder` with its modification time and size (os.scandir and names, not
    Path objects: a thousand records are looked at in every save)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _look_under(entry.path, seen)
            elif not entry.is_dir() and not _scratch(entry.name):  # a link to a folder is not followed
                stat = entry.stat()
                seen[entry.path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue


def _scratch(name: str) -> bool:
    """An editor's swap, backup or probe file (vim's .swp and 4913, emacs' ~ and #…#): no change."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"


class OpenPages:
    """Which pages are open in a browser, by site address ("" the dashboard, "kegiatan/<kode>/"):
    an open page waits on the server for its next reload (the live reload's request), and that
    request names the page (its Referer). A page counts as open while it waits, and for a minute
    after it was told to reload (it asks again once it has loaded). The requests' answers also
    let the browser keep Material's files, whose names change with their content."""

    KEPT = 60.0  # seconds

    def __init__(self, mount_path: str):
        self.mount_path = mount_path
        self.lock = threading.Lock()
        self.waiting: dict[str | None, int] = {}
        self.answered: dict[str | None, float] = {}

    def now(self) -> set[str] | None:
        """The open pages; None when one of them did not say which it is."""
        with self.lock:
            recent = time.monotonic() - self.KEPT
            self.answered = {page: at for page, at in self.answered.items() if at > recent}
            pages = {page for page, count in self.waiting.items() if count} | self.answered.keys()
        return None if None in pages else {page for page in pages if page is not None}

    def serving(self, serve_request: Any) -> Any:
        """MkDocs' server's request handler (`_serve_request`), noting the open pages."""

        def serve(environ: dict[str, Any], start_response: Any) -> Any:
            path = environ.get("PATH_INFO", "")
            if not RELOAD_REQUEST.fullmatch(path):
                return serve_request(environ, _kept(start_response) if FINGERPRINTED.search(path) else start_response)
            page = self.page(environ.get("HTTP_REFERER"))
            with self.lock:
                self.waiting[page] = self.waiting.get(page, 0) + 1
            try:
                return serve_request(environ, start_response)  # answered at the next reload
            finally:
                with self.lock:
                    self.waiting[page] -= 1
                    self.answered[page] = time.monotonic()

        return serve

    def page(self, referer: str | None) -> str | None:
        path = unquote(urlsplit(referer or "").path)
        if not referer or not path.startswith(self.mount_path):
            return None
        page = path[len(self.mount_path) :]
        return page.removesuffix("index.html")


RELOAD_REQUEST = re.compile(r"/livereload/[0-9]+/[0-9]+")
FINGERPRINTED = re.compile(r"/assets/(javascripts|stylesheets)/(.+/)?[^/]+\.[0-9a-f]{8}\.min\.(js|css)$")


def _kept(start_response: Any) -> Any:
    """A file whose name holds its content's digest: the browser keeps it (no request at a reload)."""

    def start(status: str, headers: list[tuple[str, str]], *info: Any) -> Any:
        return start_response(status, [*headers, ("Cache-Control", "max-age=31536000, immutable")], *info)

    return start


def serve(config_file: Path, address: str, sockets: tuple[int, ...] = ()) -> None:
    """Serve the portal at HOST:PORT with live reload until Ctrl+C. A saved event record rebuilds
    only its pages (preview_build.py); any other change, the whole portal. `sockets`: other
    listening sockets of this process (the editor's), closed in the copy that works after a save."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from generator.portal.preview_build import Incremental

    site_dir = tempfile.mkdtemp(prefix="jejak-pratinjau-")
    host, _, port = address.rpartition(":")

    def fresh_config() -> Any:
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=address)

    config = fresh_config()
    config.plugins.on_startup(command="serve", dirty=False)
    serve_url = _serve_url(host.strip("[]"), int(port), urlsplit(config.site_url or "/").path)
    changes, incremental = Changes(config_file.parent), Incremental(config.plugins["jejak"])

    def builder(given: Any = None) -> None:
        with stop.building():
            work(given)

    def work(given: Any = None) -> None:
        changed, started = changes.since_last(), time.perf_counter()
        if given is None and not changed:  # only an editor's scratch file, or the end of a save already built:
            server._wanted_epoch = server._visible_epoch  # no reload of the open pages (mkdocs/livereload)
            return
        incremental.interrupt()
        if given is None and incremental.ready() and incremental.rebuild(changed, opened.now()):
            shown = ", ".join(sorted(p.relative_to(config_file.parent).as_posix() for p in changed))
            log.info(f"Pratinjau diperbarui untuk {shown} ({time.perf_counter() - started:.2f} detik)")
            return
        incremental.finish()
        log.info("Membangun portal...")
        full = given or fresh_config()
        full.site_url = serve_url
        build(full, serve_url=serve_url)
        gc.collect()
        gc.freeze()  # the kept build is long-lived: the collector need not walk it at every save
        incremental.built()

    server = LiveReloadServer(
        builder=builder, host=host.strip("[]"), port=int(port), root=site_dir, mount_path=urlsplit(serve_url).path
    )
    stop = Stop(server)
    opened = OpenPages(server.mount_path)
    server._serve_request = opened.serving(server._serve_request)  # type: ignore[method-assign]
    incremental.written = lambda: _reload_browsers(server)
    server.observer = _native_observer() or server.observer
    incremental.after.not_inherited = [server.fileno(), *sockets]
    server.build_delay = 0.05
    server.error_handler = lambda code: _error_page(site_dir, code)
    with stop.on_signals():  # to the end: a second Ctrl+C does not cut the clean-up short
        try:
            with suppress(KeyboardInterrupt):
                builder(config)
                server.watch(config.docs_dir)
                server.watch(str(config_file))
                server = config.plugins.on_serve(server, config=config, builder=builder)
                server.serve()  # returns once a signal has set its `_shutdown`
            log.info("Menghentikan pratinjau...")
        finally:
            incremental.finish()
            server.shutdown()
            config.plugins.on_shutdown()
            shutil.rmtree(site_dir, ignore_errors=True)


class Stop:
    """Ctrl+C and SIGTERM for the preview. While it waits for changes they end MkDocs' wait loop
    between two of its quarter-second waits (mkdocs/livereload `_build_loop` checks `_shutdown`):
    a KeyboardInterrupt raised inside Condition.wait can leave its lock released twice, and the
    preview then ended in a RuntimeError and a traceback. During a build they interrupt it. Once
    one came, the next are only noted, to the process's end: an impatient second Ctrl+C does not
    cut the clean-up short (the temporary site, the editor's server)."""

    def __init__(self, server: Any) -> None:
        self.server, self.busy, self.asked = server, False, False

    def __call__(self, signum: int, frame: Any) -> None:
        self.server._shutdown = True
        if self.busy and not self.asked:
            self.asked = True
            raise KeyboardInterrupt
        self.asked = True

    @contextmanager
    def building(self) -> Iterator[None]:
        self.busy = True
        try:
            yield
        finally:
            self.busy = False

    @contextmanager
    def on_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():  # only it may set handlers
            yield
            return
        kept = {s: signal.signal(s, self) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            if not self.asked:
                for number, handler in kept.items():
                    signal.signal(number, handler)


def _reload_browsers(server: Any) -> None:
    """The open pages reload as soon as their files are written, not after the work after the save
    has started (MkDocs tells them when the builder returns, mkdocs/livereload `_build_loop`;
    starting that work copies the whole process, tens of milliseconds at 1,000 events). The
    server's threads then only answer requests: none holds a lock the copy would need."""
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()


def _native_observer() -> Any:
    """The system's own file notification (inotify on Linux): a save is seen at once, where
    MkDocs' polling looks every half second. Only changes count: reading a template (the letters
    are made from them) is no reason to rebuild. None where the system has none."""
    try:
        from watchdog import events
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return None
    if Observer is PollingObserver:
        return None
    changes = [
        events.FileCreatedEvent,
        events.FileModifiedEvent,
        events.FileDeletedEvent,
        events.FileMovedEvent,
        events.FileClosedEvent,
    ]

    class ChangesOnly(Observer):  # type: ignore[misc, valid-type]
        def schedule(self, handler: Any, path: Any, **options: Any) -> Any:
            options["event_filter"] = options.get("event_filter") or changes
            return super().schedule(handler, path, **options)

    return ChangesOnly()


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
