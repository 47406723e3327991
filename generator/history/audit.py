"""Who approved each landing on main: pure classification of the history's real effects.

Every first-parent commit of main is one *landing*, judged by its own diff against its
first parent (merges included) and against the rules of the office record and SOPs as they
stood in that parent (judge.py: a verdict true forever, which the audit cache keeps). Then
what depends on the rest of history and on the clock: dates that cannot be true (timeline.py)
and where the audit starts (window.py). A landing with a finding is never also "disetujui".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from generator.history.judge import (
    APPROVED,
    BEFORE,
    DIRECT,
    EMAIL,
    GROUP_LABELS,
    INITIAL,
    NO_PROOF,
    OTHER,
    SIGNED,
    SQUASH,
    UNAPPROVED,
    UNPROVEN,
    Verdict,
    approving_role,
    classify,
    governance,
    holds,
    judge,
    meaning,
)
from generator.history.log import Commit, FileChange, History, Identity
from generator.history.rules import RuleBook, Rules
from generator.history.semantic_diff import Meaning
from generator.history.signatures import Signature
from generator.history.timeline import misdated
from generator.history.window import window
from generator.records.model import Person

__all__ = [
    "APPROVED",
    "BEFORE",
    "DIRECT",
    "EMAIL",
    "INITIAL",
    "NO_PROOF",
    "OTHER",
    "SIGNED",
    "SQUASH",
    "UNPROVEN",
    "approving_role",
    "classify",
    "holds",
]
KIND_LABELS = {
    APPROVED: "disetujui",
    UNPROVEN: "persetujuan tidak terbukti",
    OTHER: "digabung oleh bukan penyetuju",
    DIRECT: "dikomit langsung tanpa tinjauan",
    SQUASH: "squash/rebase (persetujuan tidak dapat dibuktikan)",
    INITIAL: "commit awal repositori",
    BEFORE: "sebelum titik mulai audit",
}


class Change:
    """One changed file of a landing, and what the change means (read from the cache on first use)."""

    __slots__ = ("file", "_meanings", "_index")

    def __init__(self, file: FileChange, meanings: Sequence[Meaning], index: int = 0):
        self.file, self._meanings, self._index = file, meanings, index

    @property
    def meaning(self) -> Meaning:
        return self._meanings[self._index]


@dataclass(frozen=True)
class Landing:
    """One commit of main's first-parent history, with everything it changed."""

    commit: Commit
    kind: str
    merger: Identity  # who merged (a merge's author: Git hosts record the person who clicked merge there)
    person: Person | None  # the merger in the office record of the time, when the e-mail is known
    reason: str  # Indonesian, for people
    changes: tuple[Change, ...]
    proof: str = NO_PROOF  # bertanda tangan | surel saja | tidak ada
    notices: tuple[str, ...] = ()  # flagged, not findings: a change to who may approve, the editor, the start

    @property
    def approved(self) -> bool:
        return self.kind == APPROVED

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(g for g in GROUP_LABELS if any(c.file.group == g for c in self.changes))

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(sorted({c.file.path for c in self.changes}))


@dataclass(frozen=True)
class Finding:
    path: str
    landing: Landing
    message: str


@dataclass(frozen=True)
class Audit:
    landings: tuple[Landing, ...]  # oldest first
    findings: tuple[Finding, ...]
    problems: tuple[str, ...] = ()  # about the audit as a whole (an unknown start commit)
    start: Commit | None = None
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)  # sha -> its verdict (what the cache keeps)
    kept_before_start: int = 0  # landings before the start that stay judged: their findings were already made
    hideable: frozenset[str] = frozenset()  # landings a start may hide (window.py)

    @property
    def unapproved(self) -> tuple[Landing, ...]:
        return tuple(x for x in self.landings if x.kind in UNAPPROVED)

    @cached_property
    def _by_file(self) -> dict[FileChange, tuple[Change, Landing]]:
        return {c.file: (c, x) for x in self.landings for c in x.changes}

    @cached_property
    def _findings_at(self) -> dict[str, list[Finding]]:
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            index.setdefault(finding.landing.commit.sha, []).append(finding)
        return index

    def changes_of(self, files: tuple[FileChange, ...]) -> list[tuple[Change, Landing]]:
        return [self._by_file[f] for f in files if f in self._by_file]

    def findings_of(self, landing: Landing) -> list[Finding]:
        return self._findings_at.get(landing.commit.sha, [])


def audit(
    history: History,
    current: Rules,
    signatures: Mapping[str, Signature] | None = None,
    *,
    book: RuleBook | None = None,
    now: datetime | None = None,
    known: Mapping[str, Verdict] | None = None,
) -> Audit:
    """Classify every landing; a pure function of the history, the rules, the checked signatures,
    the audit's time (`now`, aware) and the verdicts already known (from the audit cache)."""
    book = book or RuleBook(history, current)
    grouped = group_changes(history)
    verdicts = _verdicts(history, book, grouped, signatures or {}, known or {})
    dated = misdated(history.mainline, now)
    scope = window(history, book, current, verdicts, dated, grouped)
    landings, findings = [], []
    for commit in history.mainline:
        verdict = verdicts.get(commit.sha)
        if verdict is None:
            continue
        files = grouped[commit.sha]
        changes = tuple(Change(f, verdict.meanings, i) for i, f in enumerate(files))
        notices = verdict.notices + scope.notices.get(commit.sha, ())
        if commit.sha in scope.hidden:
            landings.append(Landing(commit, BEFORE, commit.author, None, KIND_LABELS[BEFORE], changes, notices=notices))
            continue
        landing, found = _landing(commit, verdict, changes, notices, book, dated.get(commit.sha))
        landings.append(landing)
        findings += found
    start = history.mainline[scope.start] if scope.start >= 0 else None
    kept = sum(1 for i, c in enumerate(history.mainline) if i <= scope.start and c.sha in verdicts) - len(scope.hidden)
    return Audit(tuple(landings), tuple(findings), scope.problems, start, verdicts, kept, scope.hideable)


def group_changes(history: History) -> dict[str, list[FileChange]]:
    grouped: dict[str, list[FileChange]] = {}
    for file in history.changes:
        grouped.setdefault(file.landing.sha, []).append(file)
    return grouped


def _verdicts(history, book, grouped, signatures, known) -> dict[str, Verdict]:
    """The known verdicts, and a new one for every other landing."""
    todo = [f for f in history.changes if f.landing.sha not in known]
    # File by file, so each version's parse is reused at once as the next change's "before".
    meanings = {f: meaning(history, f, book.before(f.landing.sha)) for f in sorted(todo, key=lambda f: f.path)}
    verdicts = {}
    for commit in history.mainline:
        files = grouped.get(commit.sha)
        if not files:
            continue
        verdict = known.get(commit.sha)
        if verdict is None:
            rules = book.before(commit.sha)
            notices = governance(book, files, rules) if commit.parents else []
            found = tuple(meanings[f] for f in files)
            verdict = judge(history, commit, rules, signatures.get(commit.sha), files, found, notices)
        verdicts[commit.sha] = verdict
    return verdicts


def _landing(commit, verdict: Verdict, changes, notices, book: RuleBook, dated: str | None):
    messages = [*verdict.messages, *([dated] if dated else [])]
    kind, reason = verdict.kind, verdict.reason
    office = book.before(commit.sha).office
    person = office.people.get(verdict.person) if office and verdict.person else None
    if kind == APPROVED and dated:  # the role was read from a date that cannot be believed
        who = person.name if person else commit.author.name
        kind, reason = (
            UNPROVEN,
            f"digabung oleh {who} dengan tanggal yang tidak dapat dipercaya; persetujuan tidak terbukti",
        )
    elif kind == APPROVED and messages:
        kind, reason = UNPROVEN, f"{reason}, tetapi ada temuan"
    landing = Landing(commit, kind, commit.author, person, reason, changes, verdict.proof, notices)
    paths = sorted({c.file.path for c in changes})
    where = ", ".join(paths[:3]) + (f" dan {len(paths) - 3} berkas lain" if len(paths) > 3 else "")
    return landing, [Finding(where, landing, m) for m in dict.fromkeys(messages)]
