"""`jejak diff [BASE] [HEAD]`: what a branch or pull request changes in the records, in words."""

from __future__ import annotations

import argparse
from typing import Any

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
    from generator.history.compare import compare
    from generator.history.log import GitError
    from generator.records.workspace import find_root, load_workspace

    root = find_root(args.repo)
    workspace = load_workspace(root)
    try:
        pairs = compare(root, args.base, args.head)
    except GitError as exc:
        from generator.portal.audit_pages import terminal

        return fail(terminal(str(exc)), code=2)
    blocks = [(pair.path, describe_pair(pair, workspace)) for pair in pairs]
    print(render(blocks, args.base, args.head, markdown=args.format == "markdown"))
    return 0


def describe_pair(pair: Any, workspace: Any) -> tuple[str, ...]:
    """Sentences for one changed file: data is read and explained, anything else is named
    with what it shapes, so that no change to templates or code passes unseen."""
    from generator.history.log import OFFICE, SYMLINK, group_of, is_data_text
    from generator.history.semantic_diff import describe

    group = group_of(pair.path)
    if pair.new_mode == SYMLINK:
        return ("tautan simbolik: isi di baliknya tidak ditinjau dan ditolak oleh jejak validate",)
    if pair.too_big:
        return ("berkas terlalu besar untuk sebuah catatan; isinya tidak dibaca",)
    if not is_data_text(pair.path):
        word = {"A": "ditambahkan", "D": "dihapus", "R": f"dipindah dari {pair.old_path}"}.get(pair.status, "diubah")
        note = {"kode": "kode: mengubah cara Jejak memeriksa atau membangun portal; tinjau isinya baris demi baris"}
        return (f"berkas {group} {word}", *([note[group]] if group in note else []))
    meaning = describe(
        pair.old_text,
        pair.new_text,
        pair.path,
        sops=workspace.sops,
        office=workspace.office,
        renamed_from=pair.old_path if pair.status == "R" else None,
    )
    if pair.path == OFFICE:
        return ("PERHATIAN: data kantor berubah; periksa siapa yang boleh menyetujui", *meaning.lines)
    return meaning.lines


DETAILS = 6  # Markdown blocks longer than this fold into <details>


def render(blocks: list[tuple[str, tuple[str, ...]]], base: str, head: str, *, markdown: bool) -> str:
    """The review summary: one block per changed file, every line of it."""
    from generator.portal.audit_pages import escape, terminal

    if markdown:
        out = [f"### Ringkasan perubahan ({escape(head)} → {escape(base)})", ""]
        if not blocks:
            out.append("Tidak ada berkas yang berubah.")
        for path, lines in blocks:
            items = [f"- {_html(escape(line))}" for line in lines]
            if len(items) > DETAILS:
                out += [
                    f"<details><summary><b>{_html(escape(path))}</b>: {len(items)} perubahan</summary>",
                    "",
                    *items,
                    "",
                    "</details>",
                    "",
                ]
            else:
                out += [f"**{escape(path)}**", "", *items, ""]
        return "\n".join(out).rstrip() + "\n"
    if not blocks:
        return f"Tidak ada berkas yang berubah antara {terminal(base)} dan {terminal(head)}."
    out = []
    for path, lines in blocks:
        out += [terminal(path), *(f"  - {terminal(line)}" for line in lines)]
    return "\n".join(out)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
