"""The audit of a repository, end to end: read the history once, check signatures, classify,
with the audit cache (cache.py) so that a second audit reads and judges only what is new."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
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
from generator.records.model import Office, Sop

VERDICT_FORMAT = "1"


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
    `now` is the audit's own time in office time (naive, as `Workspace.now`)."""
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
            store.set_verdict(keys[sha], encode(verdict))
    store.save()
    return history, result


def landing_keys(history: History, zone: str) -> dict[str, str]:
    """sha -> the cache key of its verdict: everything a verdict depends on (the commit, the office
    record and SOP versions in force, the office's zone, the Jejak root inside the repository, the code)."""
    landed = {c.landing.sha for c in history.changes}
    base = "\0".join((VERDICT_FORMAT, code_version(), zone, history.prefix))
    keys = {}
    for commit in history.mainline:
        if commit.sha in landed:
            rules = sorted((history.before.get(commit.sha) or {}).items())
            text = "\0".join((base, commit.sha, *(f"{p}={b}" for p, b in rules)))
            keys[commit.sha] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return keys


def _known(store: AuditCache, keys: Mapping[str, str], grouped: Mapping[str, list]) -> dict[str, Verdict]:
    known = {}
    for sha, key in keys.items():
        verdict = decode(store.verdict(key), len(grouped.get(sha, ())))
        if verdict is not None:
            known[sha] = verdict
    return known


def _governance_blobs(history: History) -> list[str]:
    """Every version of the office record and the SOPs: the rules of each point of history."""
    blobs = {b for rules in history.before.values() for b in rules.values()}
    blobs |= {c.new_blob for c in history.changes if c.new_blob and (c.path == OFFICE or c.path.startswith(SOPS))}
    return sorted(blobs)


def encode(verdict: Verdict) -> list[Any]:
    return [
        verdict.kind,
        verdict.person,
        verdict.reason,
        verdict.proof,
        list(verdict.notices),
        list(verdict.messages),
        [[list(m.lines), list(m.completed), m.readable, m.sop] for m in verdict.meanings],
    ]


def decode(value: Any, files: int) -> Verdict | None:
    """A verdict from the cache, or None when it does not have exactly the expected shape."""
    try:
        kind, person, reason, proof, notices, messages, meanings = value
        made = Verdict(
            _text(kind),
            None if person is None else _text(person),
            _text(reason),
            _text(proof),
            tuple(_text(n) for n in notices),
            tuple(_text(m) for m in messages),
            tuple(
                Meaning(
                    tuple(_text(x) for x in lines),
                    tuple(int(n) for n in done),
                    readable is True,
                    None if sop is None else _text(sop),
                )
                for lines, done, readable, sop in meanings
            ),
        )
    except (TypeError, ValueError):
        return None
    return made if len(made.meanings) == files else None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


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
