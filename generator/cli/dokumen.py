"""`jejak dokumen KODE`: write an event's letters and reports as printable HTML (and PDF, Word)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli.common import add_repo_option, fail
from generator.problem import format_text
from generator.records.schema_check import did_you_mean
from generator.records.workspace import find_root, load_workspace, relative

PAPERS = ("F4", "A4")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kode", metavar="KODE", help="kode kegiatan, misalnya 2024-menjahit-1")
    parser.add_argument("--pdf", action="store_true", help="buat juga berkas PDF (WeasyPrint)")
    parser.add_argument(
        "--docx", action="store_true", help="buat juga berkas Word (.docx) dari templat, siap diunggah ke SRIKANDI"
    )
    parser.add_argument(
        "--keluar",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="folder tujuan (bawaan: dokumen/KODE di folder kerja)",
    )
    parser.add_argument("--kertas", choices=PAPERS, default="F4", help="ukuran kertas: F4 (bawaan) atau A4")
    parser.add_argument(
        "--jenis",
        action="append",
        default=None,
        metavar="JENIS",
        help="hanya dokumen jenis ini (boleh diulang), misalnya undangan atau laporan",
    )
    add_repo_option(parser)


def default_cache() -> Path:
    from generator.documents.cache import default_cache_dir

    return default_cache_dir()


def run(args: argparse.Namespace) -> int:
    from generator.documents.render import TemplateFailed, document_pages, write_pages

    root = find_root(args.repo)
    workspace = load_workspace(root)
    event = workspace.event(args.kode)
    if workspace.office is None or event is None:
        return _not_found(workspace, args.kode)
    kinds = [d.id for d in workspace.sops[event.sop].documents] if event.sop in workspace.sops else []
    unknown = [k for k in args.jenis or () if k not in kinds]
    if unknown:
        hint = did_you_mean(unknown[0], kinds) or f"jenis yang ada: {', '.join(kinds)}"
        return fail(f"jenis dokumen '{unknown[0]}' tidak dikenal", hint, code=2)
    rel = relative(root, event.source.path)
    errors = [p for p in workspace.problems if p.is_error and p.path == rel]
    if errors:
        print(f"peringatan: {rel} memuat {len(errors)} galat; periksa dengan `jejak validate {rel}`")
    wanted = set(args.jenis or kinds)
    try:
        pages = [(i, html) for i, html in document_pages(workspace, event, paper=args.kertas) if i.kind in wanted]
    except TemplateFailed as failed:  # a template the office wrote: its file and line, never a traceback
        print(format_text([failed.problem]), file=sys.stderr)
        return 1
    infos = [info for info, _ in pages]
    out_dir = args.keluar or Path("dokumen") / event.code
    try:
        written = write_pages(
            pages, out_dir, pdf=args.pdf, cache_dir=default_cache(), docx_root=root if args.docx else None
        )
    except ValueError as exc:  # an unusable Word template
        print(f"jejak: galat: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"ditulis: {path}")
    missing = [d for d in infos if not d.ready]
    for info in missing:
        print(f"belum dapat dibuat: {info.title} — {info.reason}")
    konsep = sum(1 for d in infos if d.ready and d.draft)
    print(f"{len(infos) - len(missing)} dokumen dibuat ({konsep} masih KONSEP), {len(missing)} belum dapat dibuat")
    return 1 if missing else 0


def _not_found(workspace, code: str) -> int:  # type: ignore[no-untyped-def]
    """The event is unknown, or its record (or the office record) could not be read."""
    broken = [p for p in workspace.problems if p.is_error and (Path(p.path).stem == code or workspace.office is None)]
    if broken:
        print(format_text(broken), file=sys.stderr)
        return fail(f"dokumen kegiatan '{code}' tidak dapat dibuat karena catatan di atas")
    hint = did_you_mean(code, [e.code for e in workspace.events])
    return fail(
        f"kegiatan '{code}' tidak ditemukan di records/", hint or "lihat daftar kegiatan dengan `jejak status`", code=2
    )
