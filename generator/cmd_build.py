"""`jejak build`: build the portal (static site) from the records, atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .workspace import find_root


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keluaran", type=Path, default=None, metavar="FOLDER",
                        help="folder hasil situs (bawaan: site/ di repositori)")
    parser.add_argument("--tanpa-pdf", action="store_true", help="jangan buat PDF dokumen (lebih cepat)")
    parser.add_argument("--repo", type=Path, default=None, help="folder repositori Jejak (bawaan: folder kerja)")


def run(args: argparse.Namespace) -> int:
    from .site import BuildError, build_site, describe_failure

    root = find_root(args.repo)
    out = args.keluaran or root / "site"
    _quiet_mkdocs()
    try:
        result = build_site(root, out, pdf=not args.tanpa_pdf)
    except BuildError as exc:
        print(describe_failure(exc), file=sys.stderr)
        return 1
    print(f"portal dibangun di {result.site_dir}: {result.events} kegiatan, {result.pages} halaman, "
          f"{result.documents} dokumen, {result.pdfs} PDF ({result.seconds:.1f} detik)")
    return 0


def _quiet_mkdocs() -> None:
    """Show MkDocs' warnings (not its info chatter) on stderr."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
