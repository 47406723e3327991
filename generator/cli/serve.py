"""`jejak serve`: preview the portal with live reload (editing a record refreshes the page)."""

from __future__ import annotations

import argparse
import sys

from generator.cli.common import add_repo_option, fail
from generator.records.workspace import find_root


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--alamat",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        type=_address,
        help="alamat server pratinjau (bawaan: 127.0.0.1:8000)",
    )
    add_repo_option(parser)


def _address(text: str) -> str:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' bukan alamat HOST:PORT, misalnya 127.0.0.1:8000")
    return text


def run(args: argparse.Namespace) -> int:
    import logging

    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, MkDocsException

    root = find_root(args.repo)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    print(f"pratinjau portal di http://{args.alamat}/ (hentikan dengan Ctrl+C)")
    try:
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.alamat, livereload=True)
    except (MkDocsException, Abort) as exc:
        return fail(f"portal tidak dapat ditampilkan: {exc}")
    return 0
