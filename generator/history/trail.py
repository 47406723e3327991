"""The audit of a repository, end to end: read the history once, check signatures, classify,
with the audit cache (cache.py) so that a second audit reads and judges only what is new."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.clock import zone as office_zone
from generator.history.audit import Audit, audit, group_changes
from generator.history.cache import AuditCache, code_version
from generator.history.judge import Verdict
from generator.history.log import OFFICE, SOPS, History, read_history, wanted_texts, with_texts
from generator.history.rules import RuleBook, current_rules
from generator.history.semantic_diff import Meaning
from generator.history.signatures import Signature, verify
from generator.records.load import collector_paused
from generator.records.model import Office, Sop

VERDICT_FORMAT = "1"
UNREADABLE = "uraian perubahan di cache audit tidak dapat dibaca; hapus folder cache audit lalu bangun ulang"


def audit_repository(
    root: Path,
    office: Office | None,
    sops: Mapping[str, Sop],
    ref: str = "HEAD",
    *,
    now: datetime | None = None,
    cache: bool = True,
) -> tuple[History, Audit]:
    """Raises `GitError` (Indonesian) only when git itself fails; other states are in `History.state`.
    `now` is the audit's own time in office time (naive, as `Workspace.now`). The cyclic collector
    is paused throughout: tens of thousands of small acyclic objects (commits, changes, verdicts)
    would make it rescan everything again and again (a third of a second build's time)."""
    with collector_paused():
        return _audit_repository(root, office, sops, ref, now, cache)


def _audit_repository(
    root: Path, office: Office | None, sops: Mapping[str, Sop], ref: str, now: datetime | None, cache: bool
) -> tuple[History, Audit]:
    zone = office_zone(office.zone if office else None)
    store = AuditCache.open(root, ref) if cache else AuditCache.disabled()
    history = read_history(root, ref, contents=False, zone=zone, cache=store)
    if not history.available:
        return history, Audit((), ())
    current = current_rules(office, sops)
    keys = landing_keys(history, f"{zone.tzname(None)}{zone.utcoffset(None)}")
    known = _known(store, keys, group_changes(history))
    todo = [c for c in history.changes if c.landing.sha not in known]
    history = with_texts(root, history, wanted_texts(todo) + _governance_blobs(history))
    book = RuleBook(history, current)
    moment = now.replace(tzinfo=zone) if now is not None and now.tzinfo is None else now
    checked = signatures(root, history, book, set(keys) - set(known))
    result = audit(history, current, checked, book=book, now=moment, known=known)
    for sha, verdict in result.verdicts.items():
        if sha not in known:
            store.set_verdict(keys[sha], *encode(verdict))
    store.save()
    return history, result


def landing_keys(history: History, zone: str) -> dict[str, str]:
    """sha -> the cache key of its verdict: everything a verdict depends on (the commit, the office
    record and SOP versions in force, the office's zone, the Jejak root inside the repository, the code)."""
    landed = {c.landing.sha for c in history.changes}
    base = "\0".join((VERDICT_FORMAT, code_version(), zone, history.prefix))
    rules: dict[int, str] = {}  # consecutive commits share one snapshot of the rules' blobs
    keys = {}
    for commit in history.mainline:
        if commit.sha in landed:
            blobs = history.before.get(commit.sha) or {}
            if id(blobs) not in rules:
                rules[id(blobs)] = "\0".join(f"{p}={b}" for p, b in sorted(blobs.items()))
            text = f"{base}\0{commit.sha}\0{rules[id(blobs)]}"
            keys[commit.sha] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return keys


def _known(store: AuditCache, keys: Mapping[str, str], grouped: Mapping[str, list]) -> dict[str, Verdict]:
    known = {}
    for sha, key in keys.items():
        found = store.verdict(key)
        verdict = decode(*found, len(grouped.get(sha, ()))) if found else None
        if verdict is not None:
            known[sha] = verdict
    return known


def _governance_blobs(history: History) -> list[str]:
    """Every version of the office record and the SOPs: the rules of each point of history."""
    blobs = {b for rules in history.before.values() for b in rules.values()}
    blobs |= {c.new_blob for c in history.changes if c.new_blob and (c.path == OFFICE or c.path.startswith(SOPS))}
    return sorted(blobs)


def encode(verdict: Verdict) -> tuple[list[Any], list[Any]]:
    """(what the audit needs at once, the meanings: only the portal's pages read them)."""
    small = [verdict.kind, verdict.person, verdict.reason, verdict.proof, verdict.notices, verdict.messages]
    return [*small, len(verdict.meanings)], [[m.lines, m.completed, m.readable, m.sop] for m in verdict.meanings]


def decode(small: Any, large: Callable[[], Any], files: int) -> Verdict | None:
    """A verdict from the cache (proven ours by the file's MAC), or None when its shape is not
    the expected one; its meanings are read when first asked for."""
    try:
        kind, person, reason, proof, notices, messages, count = small
        texts = (kind, reason, proof, *notices, *messages)
    except (TypeError, ValueError):
        return None
    if not all(isinstance(t, str) for t in texts) or not isinstance(person, str | None) or count != files:
        return None
    return Verdict(kind, person, reason, proof, tuple(notices), tuple(messages), Meanings(large, count))


class Meanings(Sequence[Meaning]):
    """The meanings of a cached verdict, decoded on first use; an entry that does not read back
    as the expected meanings reads as "not readable" (the cache only costs time, never a verdict)."""

    def __init__(self, large: Callable[[], Any], count: int):
        self._large, self._count = large, count
        self._items: tuple[Meaning, ...] | None = None

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._decoded()[index]

    def _decoded(self) -> tuple[Meaning, ...]:
        if self._items is None:
            try:
                items = tuple(
                    Meaning(tuple(lines), tuple(done), readable is True, sop)
                    for lines, done, readable, sop in self._large()
                )
            except (TypeError, ValueError):
                items = ()
            if len(items) != self._count:
                items = (
                    Meaning(("isi cache audit tidak dapat dibaca; jalankan ulang tanpa cache",), (), False),
                ) * self._count
            self._items = items
        return self._items


def signatures(root: Path, history: History, book: RuleBook, only: set[str] | None = None) -> dict[str, Signature]:
    """Signatures of the merges whose office record (of their parent) lists trusted keys, and
    that are still to be judged: one git process per distinct set of keys."""
    by_keys: dict[tuple, list[str]] = {}
    for commit in history.mainline:
        if commit.is_merge and (only is None or commit.sha in only):
            keys = book.before(commit.sha).keys
            if keys:
                by_keys.setdefault(keys, []).append(commit.sha)
    found: dict[str, Signature] = {}
    for keys, shas in by_keys.items():
        found.update(verify(root, shas, keys))
    return found
