"""`jejak validate`: check records, print every problem, then a one-line summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.common import add_repo_option, fail
from generator.problem import Problem, format_github, format_json, format_text, summary
from generator.records.load import collector_paused
from generator.records.workspace import Workspace, find_root, load_workspace, relative

FORMATTERS = {"teks": format_text, "text": format_text, "json": format_json, "github": format_github}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="BERKAS",
        help="berkas atau folder catatan yang diperiksa (bawaan: semua di records/)",
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="teks",
        help="bentuk keluaran: teks (bawaan), json, atau github (anotasi GitHub Actions)",
    )
    parser.add_argument("--strict", action="store_true", help="anggap peringatan sebagai galat")
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    root = find_root(args.repo or (args.paths[0] if args.paths else None))
    only = expand(args.paths) if args.paths else None
    if only is not None and not only:
        return fail("tidak ada berkas .yaml pada jalur yang diberikan", code=2)
    # What the check makes lives until it ends: the cyclic collector would only scan it again and
    # again (a second per 1,000 records). It resumes once the workspace is gone (reference counting
    # frees it), so that its first pass has almost nothing left to scan.
    with collector_paused():
        problems, files = _check(root, only)
    text = FORMATTERS[args.format](problems)
    if text:
        print(text)
    if args.format == "teks":
        print(summary(problems, files))
    failed = any(p.is_error or args.strict for p in problems)
    return 1 if failed else 0


def _check(root: Path, only: list[Path] | None) -> tuple[list[Problem], int]:
    """Every problem of the repository (or of `only`), and how many files were checked."""
    workspace = load_workspace(root, only)
    problems = [*workspace.problems, *office_templates(workspace, only)]
    return problems, len(only) if only is not None else workspace.files


def office_templates(workspace: Workspace, only: list[Path] | None) -> list[Problem]:
    """Problems of the templates the office wrote, rendered for the records that validate."""
    from generator.documents.builders import BUILDERS

    if all(d.id in BUILDERS for sop in workspace.sops.values() for d in sop.documents):
        return []  # every document has Jejak's own builder: no template of the office to render
    from generator.documents.render import template_problems

    chosen = {p.resolve() for p in only} if only is not None else None
    failing = {p.path for p in workspace.problems if p.is_error}
    events = [
        e
        for e in workspace.events
        if (chosen is None or e.source.path.resolve() in chosen)
        and relative(workspace.root, e.source.path) not in failing
    ]
    return template_problems(workspace, events) if workspace.office else []


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, folders as the .yaml files below them; a missing path is kept so it is reported."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.yaml") if p.name != "kantor.yaml")
        elif path.exists():
            found.append(path)
        else:
            fail(f"'{path}' tidak ditemukan")
            raise SystemExit(2)
    return found
