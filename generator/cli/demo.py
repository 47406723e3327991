"""`jejak demo`: make the demonstration repository (generator/history/demo.py), then its portal."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from generator.cli.common import add_repo_option, fail
from generator.history.demo import MENJAHIT, DemoError, make_demo


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="folder baru untuk repositori peragaan (bawaan: folder sementara)",
    )
    parser.add_argument("--tanpa-pdf", action="store_true", help="jangan membuat PDF surat (lebih cepat)")
    parser.add_argument("--tanpa-situs", action="store_true", help="buat repositorinya saja, tanpa membangun portal")
    add_repo_option(parser, "repositori Jejak sumber contoh (bawaan: folder kerja)")


def run(args: argparse.Namespace) -> int:
    folder = args.folder or Path(tempfile.mkdtemp(prefix="jejak-peragaan-"))
    try:
        make_demo(_source(args.repo), folder)
    except DemoError as exc:
        return fail(str(exc))
    print(f"Repositori peragaan dibuat: {folder}")
    print(f"  lihat riwayatnya: git -C {folder} log --graph --oneline --first-parent; jejak audit --repo {folder}")
    if args.tanpa_situs:
        return 0
    return _build(folder, pdf=not args.tanpa_pdf)


def _source(repo: Path | None) -> Path:
    from generator.records.workspace import NotARepository, find_root

    packaged = Path(__file__).resolve().parents[2]
    try:
        root = find_root(repo)
    except NotARepository:
        return packaged
    return root if (root / MENJAHIT).is_file() else packaged  # an office repository without the samples


def _build(folder: Path, *, pdf: bool) -> int:
    try:
        from generator.portal.site import BuildError, build_site
    except ImportError:
        print("jejak: portal belum dapat dibangun di versi ini; jalankan `jejak audit` di folder peragaan")
        return 0
    try:
        result = build_site(folder, folder / "site", pdf=pdf)
    except BuildError as exc:
        return fail(str(exc))
    print(f"Portal dibangun: {result.site_dir}/index.html (halaman Jejak Audit: {result.site_dir}/audit/)")
    return 0
