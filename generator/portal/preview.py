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
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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

    def _look(self) -> dict[Path, tuple[int, int]]:
        seen = {}
        for name in SNAPSHOT:
            top = self.root / name
            for path in [top] if top.is_file() else top.rglob("*") if top.is_dir() else []:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                if not path.is_dir() and not _scratch(path.name):
                    seen[path] = (stat.st_mtime_ns, stat.st_size)
        return seen

    def since_last(self) -> set[Path]:
        now = self._look()
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return changed


def _scratch(name: str) -> bool:
    """An editor's swap, backup or probe file (vim's .swp and 4913, emacs' ~ and #…#): no change."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"


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
        changed, started = changes.since_last(), time.perf_counter()
        if given is None and not changed:  # only an editor's scratch file, or the end of a save already built:
            server._wanted_epoch = server._visible_epoch  # no reload of the open pages (mkdocs/livereload)
            return
        incremental.finish()
        if given is None and incremental.ready() and incremental.rebuild(changed):
            shown = ", ".join(sorted(p.relative_to(config_file.parent).as_posix() for p in changed))
            log.info(f"Pratinjau diperbarui untuk {shown} ({time.perf_counter() - started:.2f} detik)")
            return
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
    server.observer = _native_observer() or server.observer
    incremental.after.not_inherited = [server.fileno(), *sockets]
    server.build_delay = 0.05
    server.error_handler = lambda code: _error_page(site_dir, code)
    try:
        builder(config)
        server.watch(config.docs_dir)
        server.watch(str(config_file))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        server.serve()
    except KeyboardInterrupt:
        log.info("Menghentikan pratinjau...")
    finally:
        incremental.finish()
        server.shutdown()
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


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
