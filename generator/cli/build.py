"""`jejak build`: build the portal (static site) from the records, atomically."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from generator.cli.common import add_repo_option
from generator.cli.main import moment_argument
from generator.clock import source_date
from generator.records.workspace import find_root, office_zone


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--keluaran", type=Path, default=None, metavar="FOLDER", help="folder hasil situs (bawaan: site/ di repositori)"
    )
    parser.add_argument("--tanpa-pdf", action="store_true", help="jangan buat PDF dokumen (lebih cepat)")
    parser.add_argument(
        "--pada",
        type=moment_argument,
        default=None,
        metavar="TTTT-BB-HH",
        help="hitung status dan keterlambatan pada tanggal ini (bawaan: SOURCE_DATE_EPOCH bila "
        "ada, selain itu sekarang); dua bangunan dengan --pada sama menghasilkan situs yang sama",
    )
    parser.add_argument(
        "--akui-tulis-ulang",
        default=None,
        metavar="ALASAN",
        help="bangun juga bila riwayat yang sudah diterbitkan ditulis ulang (misalnya penghapusan data pribadi "
        "dengan git filter-repo); alasannya dicatat di halaman Jejak Audit",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="folder cache PDF dan Word, di luar repositori (bawaan: JEJAK_CACHE_DIR, atau ~/.cache/jejak/pdf)",
    )
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    from generator.portal.site import BuildError, build_site, describe_failure

    root = find_root(args.repo)
    out = args.keluaran or root / "site"
    _quiet_mkdocs()
    try:
        now = args.pada or _source_date(office_zone(root))
        result = build_site(
            root,
            out,
            pdf=not args.tanpa_pdf,
            now=now,
            acknowledge=args.akui_tulis_ulang,
            cache_dir=args.cache,
        )
    except BuildError as exc:
        print(describe_failure(exc), file=sys.stderr)
        return 1
    print(
        f"portal dibangun di {result.site_dir}: {result.events} kegiatan, {result.pages} halaman, "
        f"{result.documents} dokumen, {result.pdfs} PDF ({result.seconds:.1f} detik)"
    )
    return 0


def _source_date(zone: str | None) -> datetime | None:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, read as a moment in office time."""
    from generator.portal.site import BuildError

    try:
        return source_date(zone)
    except ValueError as exc:
        raise BuildError(str(exc)) from None


def _quiet_mkdocs() -> None:
    """Show MkDocs' warnings (not its info chatter) on stderr."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
