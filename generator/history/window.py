"""Where the audit starts (`jejak_audit.mulai`), and what a start may hide (issue 21).

History from before the office adopted Jejak need not be a finding forever, so the office names
a start commit. But a start moved by a later change must not erase what the audit already
found: a landing made after the office record existed (so the audit judged it when it landed)
keeps every finding, and is only shown as "sebelum titik mulai audit" when it had none. Only
landings from before any office record (pre-Jejak history) are hidden whatever they were.
Every change of the start says which landings it moves behind the start, and which of them
stay judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.history.judge import UNAPPROVED, Verdict
from generator.history.log import OFFICE, FileChange, History
from generator.history.rules import RuleBook, Rules

SHOWN = 10  # commits named per notice


@dataclass(frozen=True)
class Window:
    start: int = -1  # index of the start commit on main's first-parent line (-1: from the beginning)
    hidden: frozenset[str] = frozenset()
    hideable: frozenset[str] = frozenset()  # landings a start would hide: pre-Jejak, or judged clean
    notices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def window(
    history: History,
    book: RuleBook,
    current: Rules,
    verdicts: Mapping[str, Verdict],
    misdated: Mapping[str, str],
    grouped: Mapping[str, list[FileChange]],
) -> Window:
    position = {c.sha: i for i, c in enumerate(history.mainline)}
    start, problems = _start(history, current.start)
    adopted = next((i for i, c in enumerate(history.mainline) if book.before(c.sha).office is not None), 0)

    def hidden_by(index: int) -> bool:
        sha = history.mainline[index].sha
        return index < adopted or sha in verdicts and _clean(verdicts[sha], sha in misdated)

    hideable = frozenset(s for s in verdicts if hidden_by(position[s]))
    hidden = frozenset(s for s in hideable if position[s] <= start)
    notices = {}
    for sha, files in grouped.items():
        moved = _moved(history, book, sha, files, lambda i: history.mainline[i].sha in verdicts, hidden_by)
        if moved:
            notices[sha] = (moved,)
    return Window(start, hidden, hideable, notices, tuple(problems))


def _clean(verdict: Verdict, misdated: bool) -> bool:
    return not verdict.messages and not verdict.notices and verdict.kind not in UNAPPROVED and not misdated


def _start(history: History, start: str | None) -> tuple[int, list[str]]:
    """Index of the office's audit start on the mainline (-1: from the beginning)."""
    if not start:
        return -1, []
    found = find(history, start)
    if found is not None:
        return found, []
    return -1, [
        f"titik mulai audit {start} (jejak_audit.mulai di {OFFICE}) tidak ada di cabang utama; "
        "seluruh riwayat diperiksa"
    ]


def find(history: History, start: str | None) -> int | None:
    if not start:
        return -1
    return next((i for i, c in enumerate(history.mainline) if c.sha.startswith(start)), None)


def _moved(history: History, book: RuleBook, sha: str, files: list[FileChange], landed, hidden_by) -> str | None:
    """The notice of a landing that moves the audit start: what the new start puts behind it."""
    office = next((f for f in files if OFFICE in (f.path, f.old_path)), None)
    if office is None:
        return None
    old, new = book.before(sha).start, book.office_rules(office.new_blob).start
    if old == new:
        return None
    return moved_over(history, old, new, landed, hidden_by)


def moved_over(history: History, old: str | None, new: str | None, landed, hidden_by) -> str:
    """Words for a start moved from `old` to `new`: the landings it now hides, and those it cannot."""
    named = f"titik mulai audit (jejak_audit.mulai) dari {old or 'awal riwayat'} ke {new or 'awal riwayat'}"
    first, last = find(history, old), find(history, new)
    if new and last is None:
        return f"memindahkan {named}, yang tidak ada di cabang utama: seluruh riwayat tetap diperiksa"
    first = -1 if first is None else first
    assert last is not None
    if last <= first:
        again = sum(1 for i in range(last + 1, first + 1) if landed(i))
        return f"memindahkan {named}, ke belakang: {again} perubahan dinilai lagi"
    behind = [i for i in range(first + 1, last + 1) if landed(i)]
    hidden = [history.mainline[i].short for i in behind if hidden_by(i)]
    kept = [history.mainline[i].short for i in behind if not hidden_by(i)]
    text = f"memindahkan {named}: {len(behind)} perubahan kini sebelum titik mulai"
    if hidden:
        text += f"; tidak dinilai lagi: {_names(hidden)}"
    if kept:
        text += f"; tetap dinilai karena temuannya sudah dibuat: {_names(kept)}"
    return text


def _names(shorts: list[str]) -> str:
    more = len(shorts) - SHOWN
    return ", ".join(shorts[:SHOWN]) + (f" dan {more} lainnya" if more > 0 else "")
