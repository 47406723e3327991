"""Local mode of the form editor (`jejak ubah`): the form's Git backend on this computer.

decap-server (npm, `make install`) runs on the form's own worktree (generator/history/worktree.py)
with the chosen person's Git identity, on a private port of 127.0.0.1. In front of it a small
guard listens where the form expects its backend (kantor.yaml `penyunting.alamat`, 127.0.0.1
only). The guard lets one request through at a time; before each it brings the worktree up to
the official branch and deletes merged proposals (a read skips that after reads that went well, while
the official branch has not moved: nothing can have changed then); it answers only this computer's pages
(Host and Origin are checked, so a web page elsewhere cannot use the backend through the
browser); and it turns decap-server's English errors into Indonesian ones.
"""

from __future__ import annotations

import http.client
import http.server
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from generator.history.form_backend import log_file
from generator.history.stream import GitError
from generator.history.worktree import FormWorktree, official_head, sync
from generator.portal.editor import DEFAULT_ADDRESS

LOOPBACK = ("127.0.0.1", "localhost")
LOCAL_ORIGIN = re.compile(r"^http://(127\.0\.0\.1|localhost)(:[0-9]{1,5})?$")
MAX_BODY = 60 * 1024 * 1024  # decap-server's own limit is 50 MB of JSON
# What the staff member sees after "Gagal menyimpan:" (editor.js shows it without Decap's prefix).
FAILED = "server Git di komputer ini menolak permintaan itu; rinciannya ada di jendela `jejak ubah`"
STOPPED = "server Git di komputer ini tidak berjalan; jalankan lagi `jejak ubah` lalu coba sekali lagi"


# decap-server's actions that only read: after one that went well the worktree is as it was.
READS = frozenset(
    {
        "entriesByFolder",
        "entriesByFiles",
        "getEntry",
        "unpublishedEntries",
        "unpublishedEntry",
        "unpublishedEntryDataFile",
        "unpublishedEntryMediaFile",
        "getMedia",
        "getMediaFile",
        "getDeployPreview",
    }
)
STATUS = {"draft": "Konsep", "pending_review": "Siap ditinjau", "pending_publish": "Siap digabung"}


def listen_address(url: str | None) -> tuple[str, int, str] | None:
    """(host, port, path) of the backend address, or None when it is not this computer's."""
    parts = urlsplit(url or DEFAULT_ADDRESS)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        return None
    return "127.0.0.1", parts.port or 80, parts.path or "/"


@dataclass
class Guard:
    """What the handler needs: the worktree, decap-server's port, the served path, a report line."""

    tree: FormWorktree
    inner: int
    path: str
    port: int
    say: Callable[[str], None]
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The official branch's commit when the worktree was last synced and only read since.
    settled: str | None = None


def serve(guard: Guard) -> http.server.ThreadingHTTPServer:
    """The guard's server on 127.0.0.1 (not started: call serve_forever)."""
    handler = type("Handler", (_Handler,), {"guard": guard})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", guard.port), handler)
    server.daemon_threads = True
    return server


class _Handler(http.server.BaseHTTPRequestHandler):
    guard: Guard
    protocol_version = "HTTP/1.1"
    # A page that stops reading or sending mid-request (closed, or hostile) gives up its thread, and
    # the lock of a request it held, after this many seconds, so `jejak ubah` can always stop.
    timeout = 30

    def log_message(self, *args: Any) -> None:  # the guard reports in Indonesian itself
        pass

    def do_OPTIONS(self) -> None:  # CORS preflight: decap-server answers it
        if self._allowed():
            self._forward(b"")

    def do_POST(self) -> None:
        if not self._allowed():
            return
        size = int(self.headers.get("Content-Length") or 0)
        if size > MAX_BODY:
            return self._answer(413, "permintaan terlalu besar (lampiran lebih dari 50 MB?)")
        body = self.rfile.read(size)
        with self.guard.lock:
            reads = _action(body) in READS
            try:
                head = self._sync(reads)
            except GitError as exc:
                self.guard.say(f"galat: {exc}")
                return self._answer(500, FAILED)
            status = self._forward(body)
            self.guard.settled = head if reads and status < 400 else None
        if status < 400:
            self._report(body)

    def _sync(self, reads: bool) -> str | None:
        """Bring the worktree up to the official branch (see worktree.sync). A read may skip it
        when only reads went through since it was last done and the official branch has not
        moved: nothing can have changed then. A save never skips it."""
        guard = self.guard
        head = official_head(guard.tree)
        if not reads or head is None or head != guard.settled:
            guard.settled = None
            for name in sync(guard.tree):
                guard.say(f"usulan sudah digabung, cabangnya dihapus: {name}")
        return head

    def do_GET(self) -> None:
        if self._allowed():
            self._answer(405, "alamat ini hanya untuk formulir Jejak")

    def _allowed(self) -> bool:
        host = self.headers.get("Host", "")
        origin = self.headers.get("Origin")
        if host not in {f"{name}:{self.guard.port}" for name in LOOPBACK}:
            self._answer(403, "hanya untuk halaman dari komputer ini")
            return False
        if origin is not None and not LOCAL_ORIGIN.match(origin):
            self._answer(403, "hanya untuk halaman dari komputer ini")
            return False
        if self.path != self.guard.path:
            self._answer(404, "alamat tidak dikenal")
            return False
        return True

    def _forward(self, body: bytes) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.guard.inner, timeout=300)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError:
            self.guard.say("galat: decap-server tidak menjawab; hentikan lalu jalankan lagi `jejak ubah`")
            self._answer(502, STOPPED)
            return 502
        finally:
            connection.close()
        if response.status >= 500:
            self.guard.say(f"galat: decap-server gagal ({response.status}); rinciannya di {log_file(self.guard.tree)}")
            self._answer(response.status, FAILED, dict(response.getheaders()))
        else:
            self._send(response.status, data, dict(response.getheaders()))
        return response.status

    def _answer(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body = json.dumps({"error": message}, ensure_ascii=False).encode()
        self._send(status, body, {**(headers or {}), "Content-Type": "application/json; charset=utf-8"})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            self._write(status, body, headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away (closed, reloaded) before the answer: nothing to tell it

    def _write(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "date", "x-powered-by"):
                self.send_header(key, value)
        origin = self.headers.get("Origin")
        if origin and "access-control-allow-origin" not in {k.lower() for k in headers}:
            self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _report(self, body: bytes) -> None:
        """One line in the terminal for what changed something: a save, a status, a deletion."""
        try:
            request = json.loads(body or b"{}")
            params = request.get("params") or {}
        except (ValueError, AttributeError):
            return
        action = request.get("action")
        slug = (
            params.get("slug")
            or (params.get("dataFiles") or [{}])[0].get("slug")
            or params.get("entry", {}).get("slug")
        )
        said = {
            "persistEntry": f"usulan disimpan: {slug}",
            "updateUnpublishedEntryStatus": f"status usulan {slug}: {STATUS.get(str(params.get('newStatus')), '?')}",
            "deleteUnpublishedEntry": f"usulan dihapus: {slug}",
        }.get(str(action))
        if said:
            self.guard.say(said)


def _action(body: bytes) -> str | None:
    """The decap-server action a request asks for, or None when it is not one."""
    try:
        action = json.loads(body or b"{}").get("action")
    except (ValueError, AttributeError):
        return None
    return action if isinstance(action, str) else None
