"""`jejak diff [BASE] [HEAD]`: what a branch or pull request changes in the records, in words."""

from __future__ import annotations

import argparse

from generator.cli.common import add_repo_option, fail


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "base", nargs="?", default="main", metavar="BASE", help="cabang tujuan permintaan tarik (bawaan: main)"
    )
    parser.add_argument(
        "head",
        nargs="?",
        default="HEAD",
        metavar="HEAD",
        help="cabang yang diusulkan (bawaan: HEAD, cabang yang sedang dibuka)",
    )
    parser.add_argument(
        "--format",
        choices=("teks", "markdown"),
        default="teks",
        help="teks (bawaan) atau markdown (ringkasan tinjauan di CI)",
    )
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    from generator.history.log import GitError, compare
    from generator.history.semantic_diff import describe
    from generator.records.workspace import find_root, load_workspace

    root = find_root(args.repo)
    workspace = load_workspace(root)
    try:
        pairs = compare(root, args.base, args.head)
    except GitError as exc:
        return fail(str(exc), code=2)
    blocks = []
    for pair in pairs:
        meaning = describe(
            pair.old_text,
            pair.new_text,
            pair.path,
            sops=workspace.sops,
            office=workspace.office,
            renamed_from=pair.old_path if pair.status == "R" else None,
        )
        blocks.append((pair.path, meaning.lines))
    print(render(blocks, args.base, args.head, markdown=args.format == "markdown"))
    return 0


def render(blocks: list[tuple[str, tuple[str, ...]]], base: str, head: str, *, markdown: bool) -> str:
    """The review summary: one block per changed file, one line per meaningful change."""
    if markdown:
        from generator.portal.audit_pages import escape

        out = [f"### Ringkasan perubahan catatan ({escape(head)} → {escape(base)})", ""]
        if not blocks:
            out.append("Tidak ada catatan (records/, schema/sop/) yang berubah.")
        for path, lines in blocks:
            out += [f"**{escape(path)}**", "", *(f"- {_html(escape(line))}" for line in lines), ""]
        return "\n".join(out).rstrip() + "\n"
    if not blocks:
        return f"Tidak ada catatan (records/, schema/sop/) yang berubah antara {base} dan {head}."
    out = []
    for path, lines in blocks:
        out += [path, *(f"  - {line}" for line in lines)]
    return "\n".join(out)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
