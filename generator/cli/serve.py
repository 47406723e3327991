"""`jejak serve`: preview the portal with live reload (saving a record refreshes its pages at once,
generator/portal/preview.py)."""

from __future__ import annotations

import argparse
import errno
import signal
import socket
import sys
import threading

from generator.cli.common import add_repo_option, fail
from generator.cli.serve_log import IndonesianFormatter
from generator.records.workspace import find_root

BUSY_HINT = (
    "hentikan program yang memakai port itu (mungkin `jejak serve` atau `make portal` lain yang masih berjalan), "
    "atau pilih port lain: `make portal ADDR={other}` atau `jejak serve --alamat {other}`"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--alamat",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        type=_address,
        help="alamat server pratinjau (bawaan: 127.0.0.1:8000)",
    )
    parser.add_argument(
        "--periksa-alamat",
        action="store_true",
        help="hanya periksa apakah alamat dapat dipakai, lalu keluar (make portal: sebelum membangun)",
    )
    add_repo_option(parser)


def _address(text: str) -> str:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' bukan alamat HOST:PORT, misalnya 127.0.0.1:8000")
    return text


def run(args: argparse.Namespace) -> int:
    import logging

    from mkdocs.exceptions import Abort, MkDocsException

    from generator.portal.preview import serve

    root = find_root(args.repo)
    busy = port_in_use(args.alamat)
    if busy:
        return fail(busy, BUSY_HINT.format(other=other_address(args.alamat)))
    if args.periksa_alamat:
        return 0
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(IndonesianFormatter())
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    from generator.portal.editor_serve import start_editor_server

    host, _, port = args.alamat.rpartition(":")
    editor = start_editor_server(root, host.strip("[]"), int(port))  # its own origin: the next port
    print(f"pratinjau portal di http://{args.alamat}/, formulir di {editor.address} (hentikan dengan Ctrl+C)")
    _stop_on_terminate()
    try:
        serve(root / "mkdocs.yml", args.alamat, sockets=(editor.httpd.fileno(),))
    except (MkDocsException, Abort) as exc:
        return fail(f"portal tidak dapat ditampilkan: {exc}")
    finally:
        editor.stop()
    return 0


def _stop_on_terminate() -> None:
    """SIGTERM (a service manager, a test, bench/serve.py) stops the preview as Ctrl+C does: its
    temporary folder is removed (Python's default would end the process where it stands)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def port_in_use(address: str) -> str | None:
    """Why the preview cannot listen on HOST:PORT, checked before the (slow) first build."""
    host, _, port = address.rpartition(":")
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} di {host} sedang dipakai program lain; pratinjau tidak dapat dimulai"
            if exc.errno in (errno.EACCES, errno.EPERM):
                return f"tidak ada izin memakai port {port} (port di bawah 1024 hanya untuk administrator)"
            return f"alamat {address} tidak dapat dipakai ({exc.strerror or exc})"
    return None


def other_address(address: str) -> str:
    """A port to suggest: two on, since the form editor takes the next one."""
    host, _, port = address.rpartition(":")
    return f"{host}:{int(port) + 2 if int(port) < 65534 else 8000}"
