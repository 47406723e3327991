"""The audit of a repository, end to end: read the history once, check signatures, classify."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.history.audit import Audit, audit
from generator.history.log import History, read_history
from generator.history.rules import RuleBook, current_rules
from generator.history.signatures import Signature, verify
from generator.records.model import Office, Sop


def audit_repository(
    root: Path, office: Office | None, sops: Mapping[str, Sop], ref: str = "HEAD"
) -> tuple[History, Audit]:
    """Raises `GitError` (Indonesian) only when git itself fails; other states are in `History.state`."""
    history = read_history(root, ref)
    current = current_rules(office, sops)
    book = RuleBook(history, current)
    return history, audit(history, current, signatures(root, history, book), book=book)


def signatures(root: Path, history: History, book: RuleBook) -> dict[str, Signature]:
    """Signatures of the merges whose office record (of their parent) lists trusted keys:
    one git process per distinct set of keys."""
    by_keys: dict[tuple, list[str]] = {}
    for commit in history.mainline:
        if commit.is_merge:
            keys = book.before(commit.sha).keys
            if keys:
                by_keys.setdefault(keys, []).append(commit.sha)
    found: dict[str, Signature] = {}
    for keys, shas in by_keys.items():
        found.update(verify(root, shas, keys))
    return found
