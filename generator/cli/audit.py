"""`jejak audit`: who proposed and who approved every change to the records on main."""

from __future__ import annotations

import argparse
import sys

from generator.cli.common import add_repo_option, fail
from generator.records.workspace import find_root, load_workspace


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="keluar dengan kode 1 bila ada perubahan tanpa persetujuan atau temuan langkah persetujuan",
    )
    parser.add_argument("--semua", action="store_true", help="tampilkan juga setiap perubahan yang sudah disetujui")
    parser.add_argument("--ref", default="HEAD", help="cabang atau commit yang diperiksa (bawaan: HEAD)")
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    from generator.history.audit import KIND_LABELS, audit
    from generator.history.log import SHALLOW, GitError, read_history
    from generator.portal.audit_pages import NOTES, REFUSE_SHALLOW, wib

    root = find_root(args.repo)
    workspace = load_workspace(root)
    try:
        history = read_history(root, args.ref)
    except GitError as exc:
        return fail(str(exc), code=2)
    if not history.available:
        text = REFUSE_SHALLOW if history.state == SHALLOW else NOTES[history.state]
        print(f"jejak: {'galat' if history.state == SHALLOW else 'peringatan'}: {text}", file=sys.stderr)
        return 1 if args.strict or history.state == SHALLOW else 0
    result = audit(history, workspace.office, workspace.sops)
    for landing in result.landings:
        if args.semua or not landing.approved:
            paths = ", ".join(sorted({c.file.path for c in landing.changes}))
            print(f"{landing.commit.short}  {wib(landing.commit.committed)}  {KIND_LABELS[landing.kind]}")
            print(f"  {landing.commit.subject}")
            print(f"  berkas: {paths}")
            print(f"  {landing.reason}")
    if result.findings:
        print("\nTemuan:")
    for finding in result.findings:
        print(f"{finding.path}: {finding.landing.commit.short}: {finding.message}")
    approved = sum(x.approved for x in result.landings)
    print(
        f"\n{len(result.landings)} perubahan di cabang utama: {approved} disetujui, "
        f"{len(result.unapproved)} tanpa persetujuan yang dapat dibuktikan, {len(result.findings)} temuan"
    )
    return 1 if args.strict and (result.unapproved or result.findings) else 0
