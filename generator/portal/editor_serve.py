"""`jejak serve`: the form editor on an origin of its own (the next port), as an office serves it.

The preview's portal is MkDocs' live-reload server; the editor must not share its origin (Decap
keeps staff's Git tokens in that origin's storage, see editor.py). This small server answers
with the editor's files only, made the way `jejak build` makes them: index.html and config.js
again on every visit of the page, so a changed SOP or office record shows after a reload.
"""

from __future__ import annotations

import http.server
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.portal.editor import SITE_DIR, WORKER, WORKER_POLICY, editor_files, serve_addresses
from generator.records.workspace import load_workspace

BROKEN = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Formulir</title></head>
<body><h1>Formulir belum dapat dibuka</h1><p>Catatan kantor atau SOP berisi galat. Perbaiki dulu
(portal pratinjau menampilkan daftarnya), lalu muat ulang halaman ini.</p></body></html>
"""
TYPES = {".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".svg": "image/svg+xml"}


@dataclass
class EditorServer:
    address: str  # http://host:port/
    httpd: http.server.ThreadingHTTPServer

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def start_editor_server(root: Path, host: str, portal_port: int) -> EditorServer:
    """Serve the editor on the port after the portal's (or any free one), and tell the build
    both addresses: the portal's pages link there, the portal's copy of /ubah/ sends there."""
    files = _Files(root)
    handler = type("EditorHandler", (_Handler,), {"files": files})
    try:
        httpd = http.server.ThreadingHTTPServer((host, portal_port + 1), handler)
    except OSError:
        httpd = http.server.ThreadingHTTPServer((host, 0), handler)
    httpd.daemon_threads = True
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{httpd.server_address[1]}/"
    serve_addresses(address, f"http://{shown}:{portal_port}/")
    threading.Thread(target=httpd.serve_forever, name="jejak-formulir", daemon=True).start()
    return EditorServer(address, httpd)


class _Files:
    """The editor's files by path under ubah/, made again when the page itself is asked for."""

    def __init__(self, root: Path):
        self.root = root
        self.lock = threading.Lock()
        self.made: dict[str, dict[str, Any]] | None = None

    def get(self, path: str) -> bytes | None:
        with self.lock:
            if self.made is None or path == "index.html":
                self.made = self._make()
            source = self.made.get(path)
        if source is None:
            return None
        if "content" in source:
            content = source["content"]
            return content.encode("utf-8") if isinstance(content, str) else content
        return Path(source["abs_src_path"]).read_bytes()

    def _make(self) -> dict[str, dict[str, Any]]:
        workspace = load_workspace(self.root)
        if workspace.office is None or not workspace.ok:
            return {"index.html": {"content": BROKEN}}
        prefix = f"{SITE_DIR}/"
        return {path.removeprefix(prefix): source for path, source in editor_files(self.root, workspace)}


class _Handler(http.server.BaseHTTPRequestHandler):
    files: _Files

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/") or "index.html"
        content = self.files.get(path) if ".." not in path.split("/") else None
        if content is None:
            self.send_error(404, "Tidak ada")
            return
        suffix = Path(path).suffix
        kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if suffix in (".html", ".js", ".json") else kind)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-cache")
        if path == WORKER:  # the worker gets no policy from the page (editor.py WORKER_POLICY)
            self.send_header("Content-Security-Policy", WORKER_POLICY)
        self.end_headers()
        if body:
            self.wfile.write(content)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        pass  # the preview's own log is MkDocs'
