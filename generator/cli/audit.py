"""`jejak audit`: how every change reached main, who approved it, and with what proof."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from generator.cli.common import add_repo_option, fail
from generator.cli.main import moment_argument
from generator.records.workspace import find_root, load_workspace


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="keluar dengan kode 1 bila ada perubahan tanpa persetujuan atau temuan",
    )
    parser.add_argument("--semua", action="store_true", help="tampilkan juga setiap perubahan yang sudah disetujui")
    parser.add_argument(
        "--format", choices=("teks", "json"), default="teks", help="teks (bawaan) atau json (untuk mesin)"
    )
    parser.add_argument("--ref", default="HEAD", help="cabang atau commit yang diperiksa (bawaan: HEAD)")
    parser.add_argument(
        "--pada",
        type=moment_argument,
        default=None,
        metavar="TTTT-BB-HH",
        help="waktu audit dalam waktu kantor (bawaan: sekarang); commit bertanggal sesudahnya menjadi temuan",
    )
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    from generator.history.audit import KIND_LABELS
    from generator.history.log import PARTIAL, SHALLOW, GitError
    from generator.history.timeline import when
    from generator.history.trail import audit_repository
    from generator.portal.audit_pages import NOTES, REFUSE, terminal

    root = find_root(args.repo)
    workspace = load_workspace(root, now=args.pada)
    try:
        history, result = audit_repository(root, workspace.office, workspace.sops, args.ref, now=workspace.now)
    except GitError as exc:
        return fail(terminal(str(exc)), code=2)
    if not history.available:
        refused = history.state in (SHALLOW, PARTIAL)
        text = REFUSE[history.state] if refused else NOTES[history.state]
        if args.format == "json":
            print(json.dumps({"keadaan": history.state, "pesan": text}, ensure_ascii=False, indent=2))
        else:
            print(f"jejak: {'galat' if refused else 'peringatan'}: {text}", file=sys.stderr)
        return 1 if args.strict or refused else 0
    failed = 1 if args.strict and (result.unapproved or result.findings or result.problems) else 0
    if args.format == "json":
        print(json.dumps(as_json(history, result), ensure_ascii=False, indent=2))
        return failed
    for problem in result.problems:
        print(f"jejak: peringatan: {terminal(problem)}", file=sys.stderr)
    for landing in result.landings:
        if args.semua or not landing.approved or landing.notices:
            print(f"{landing.commit.short}  {when(landing.commit.committed)}  {KIND_LABELS[landing.kind]}")
            print(f"  {terminal(landing.commit.subject)}")
            print(f"  {', '.join(landing.groups)}: {terminal(', '.join(landing.paths))}")
            print(f"  {terminal(landing.reason)} [bukti: {landing.proof}]")
            for notice in landing.notices:
                print(f"  perhatian: {terminal(notice)}")
    if result.findings:
        print("\nTemuan:")
    for finding in result.findings:
        print(f"{finding.landing.commit.short}: {terminal(finding.path)}: {terminal(finding.message)}")
    approved = sum(x.approved for x in result.landings)
    print(
        f"\n{len(result.landings)} perubahan di cabang utama: {approved} disetujui, "
        f"{len(result.unapproved)} tanpa persetujuan yang dapat dibuktikan, {len(result.findings)} temuan"
    )
    return failed


def as_json(history: Any, result: Any) -> dict[str, Any]:
    """Every landing with its class, proof level, groups, files and findings."""
    return {
        "keadaan": history.state,
        "ujung": history.mainline[-1].sha,
        "mulai_audit": result.start.sha if result.start else None,
        "masalah": list(result.problems),
        "perubahan": [
            {
                "commit": x.commit.sha,
                "pendek": x.commit.short,
                "waktu": x.commit.committed.isoformat(),
                "judul": x.commit.subject,
                "golongan": x.kind,
                "bukti": x.proof,
                "kelompok": list(x.groups),
                "penggabung": {"nama": x.merger.name, "surel": x.merger.email},
                "pengomit": {"nama": x.commit.committer.name, "surel": x.commit.committer.email},
                "alasan": x.reason,
                "berkas": [
                    {"jalur": c.file.path, "status": c.file.status, "di_dalam_penggabungan": c.file.in_merge}
                    for c in x.changes
                ],
                "perhatian": list(x.notices),
                "temuan": [f.message for f in result.findings_of(x)],
            }
            for x in result.landings
        ],
        "temuan": [
            {"commit": f.landing.commit.sha, "pendek": f.landing.commit.short, "berkas": f.path, "pesan": f.message}
            for f in result.findings
        ],
    }
