"""`jejak diff [BASE] [HEAD]`: what a branch or pull request changes in the records, in words."""

from __future__ import annotations

import argparse
from pathlib import Path
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
        blocks = [(pair.path, describe_pair(pair, workspace, root, args.base)) for pair in pairs]
    except GitError as exc:
        from generator.portal.audit_pages import terminal

        return fail(terminal(str(exc)), code=2)
    print(render(blocks, args.base, args.head, markdown=args.format == "markdown"))
    return 0


def describe_pair(pair: Any, workspace: Any, root: Path | None = None, base: str = "main") -> tuple[str, ...]:
    """Sentences for one changed file: data is read and explained, anything else is named
    with what it does, so that no change to templates or code passes unseen."""
    from generator.history.log import OFFICE, SYMLINK, group_of, is_attributes, is_data_text, why_code
    from generator.history.semantic_diff import describe
    from generator.records.gitattributes import rewriting_lines

    group = group_of(pair.path)
    if pair.new_mode == SYMLINK:
        return ("tautan simbolik: isi di baliknya tidak ditinjau dan ditolak oleh jejak validate",)
    if pair.too_big:
        return ("berkas terlalu besar untuk sebuah catatan; isinya tidak dibaca",)
    if not is_data_text(pair.path):
        word = {"A": "ditambahkan", "D": "dihapus", "R": f"dipindah dari {pair.old_path}"}.get(pair.status, "diubah")
        lines = [f"berkas {group} {word}"]
        if group == "kode":
            lines.append(f"{why_code(pair.path)}; tinjau isinya baris demi baris")
        if is_attributes(pair.path) and pair.new_text is not None:
            lines += [f"PERHATIAN: baris {n}: {why}" for n, why in rewriting_lines(pair.new_text)]
        return tuple(lines)
    meaning = describe(
        pair.old_text,
        pair.new_text,
        pair.path,
        sops=workspace.sops,
        office=workspace.office,
        renamed_from=pair.old_path if pair.status == "R" else None,
    )
    if pair.path == OFFICE:
        return (*office_notices(pair, workspace, root, base), *meaning.lines)
    return meaning.lines


def office_notices(pair: Any, workspace: Any, root: Path | None, base: str) -> list[str]:
    """What a change of the office record does to approvals, to the form editor and to the audit start."""
    from generator.history.rules import editor_block, read_block

    old, new = _office_data(pair.old_text), _office_data(pair.new_text)
    notes = ["PERHATIAN: data kantor berubah; periksa siapa yang boleh menyetujui"]
    if editor_block(old) != editor_block(new):
        notes.append(
            "PERHATIAN: penyunting formulir berubah (jenis, alamat, repositori, cabang atau id_aplikasi): ke host Git "
            "inilah penyunting mengirim token Git staf; pastikan alamatnya milik kantor"
        )
    start, moved = read_block(old)["start"], read_block(new)["start"]
    if start != moved and root is not None:
        notes.append(f"PERHATIAN: {_start_moved(root, workspace, base, start, moved)}")
    unread = _unread_start(new) if moved is None else None
    if unread:
        what, fix = unread
        notes.append(f"PERHATIAN: titik mulai audit (jejak_audit.mulai) {what}, jadi seluruh riwayat diperiksa; {fix}")
    return notes


def _unread_start(data: Any) -> tuple[str, str] | None:
    """What is wrong with a `jejak_audit.mulai` the audit cannot use, and its fix, when it holds
    anything: YAML reads a hash of digits only as a number (and a leading 0 is then lost)."""
    block = data.get("jejak_audit") if isinstance(data, dict) else None
    value = block.get("mulai") if isinstance(block, dict) else None
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (
            f"terbaca sebagai bilangan ({value})",
            'salin hash apa adanya di dalam tanda kutip, misalnya mulai: "3f2a9c1"',
        )
    return f"'{value}' bukan hash commit", "salin hash dari `git log --first-parent --oneline`"


def _office_data(text: str | None) -> Any:
    from generator.records.load import LoadError, load_text

    if text is None:
        return None
    try:
        return load_text(text, Path("records/kantor.yaml")).data
    except LoadError:
        return None


def _start_moved(root: Path, workspace: Any, base: str, old: str | None, new: str | None) -> str:
    """Which landings of the base branch a new audit start puts behind it, and which stay judged."""
    from generator.history.trail import audit_repository
    from generator.history.window import moved_over

    history, result = audit_repository(root, workspace.office, workspace.sops, base, now=workspace.now)
    if not history.available:
        return f"titik mulai audit (jejak_audit.mulai) diubah dari {old or 'awal riwayat'} ke {new or 'awal riwayat'}"
    shas = [c.sha for c in history.mainline]
    return moved_over(history, old, new, lambda i: shas[i] in result.verdicts, lambda i: shas[i] in result.hideable)


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
