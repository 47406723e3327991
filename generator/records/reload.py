"""A workspace with some event records read again, the others kept: the preview (`jejak serve`)
checks only what a save changed. The checks across records (codes and letter numbers unique in
the office) run again over all events, as a full load runs them.

Only for a workspace whose office record and SOPs did not change since it was loaded: a change
there can change what every record means, and needs `load_workspace`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from generator.records.checks_limits import capped, same_number
from generator.records.field_paths import with_fields
from generator.records.model import Event, Sop
from generator.records.sop_schema import event_schemas
from generator.records.workspace import (
    EVENT_SCHEMA,
    Workspace,
    _check_across,
    _load_event,
    _text,
    _unique_values,
    relative,
)

ACROSS = ("kode-ganda", "nomor-ganda")  # the problems _check_across finds


class Unique:
    """How often each event code and letter number occurs in the office. With it, the checks
    across records need not walk every record again when a save brings no value twice."""

    def __init__(self, events: Iterable[Event], sops: Mapping[str, Sop]):
        self.sops = sops
        self.counts: Counter[tuple[str, str]] = Counter(key for event in events for key in self.keys(event))

    def clash(self, old: list[Event], new: list[Event]) -> bool:
        """Whether the new versions of these events share a code or number with any event."""
        counts = self.counts.copy()
        counts.subtract(key for event in old for key in self.keys(event))
        counts.update(key for event in new for key in self.keys(event))
        if any(counts[key] > 1 for event in new for key in self.keys(event)):
            return True
        self.counts = +counts
        return False

    def keys(self, event: Event) -> list[tuple[str, str]]:
        values = _unique_values(event, self.sops[event.sop])
        return [(kind, same_number(value)) for kind, value, _ in values]


def reload_events(
    workspace: Workspace, paths: Iterable[Path], now: datetime, unique: Unique | None = None
) -> Workspace:
    """`workspace` with the event records at `paths` (existing files under records/, named as the
    workspace read them: root/records/…) read and checked again at `now`; every other record,
    its problems and attachments kept. With `unique` (made from this workspace's events, which
    had no code or number twice), the checks across records run only when a saved record brings
    a value that is already there."""
    root = workspace.root
    schemas = event_schemas(_text(root / EVENT_SCHEMA), workspace.sops, EVENT_SCHEMA.name)
    changed = {str(path): path for path in paths}
    shown = {relative(root, path) for path in changed.values()}  # the paths problems name
    events = {str(e.source.path): e for e in workspace.events}  # read from root/records/… as given
    before = [events[key] for key in changed if key in events]
    attachments = dict(workspace.attachments)
    problems = [p for p in workspace.problems if p.code not in ACROSS and p.path not in shown]
    sources = {path: loaded for path, loaded in workspace.sources.items() if path not in shown}
    fresh = []
    for key, path in sorted(changed.items()):
        old = events.pop(key, None)
        if old is not None:
            attachments.pop(old.code, None)
        found, event, attached = _load_event(root, path, workspace.sops, set(), workspace.office, now, schemas, sources)
        fresh += found
        if event is not None:
            events[key] = event
            attachments[event.code] = tuple(attached)
    ordered = [events[key] for key in sorted(events)]  # the order of a full load: by path
    after = [events[key] for key in changed if key in events]
    if unique is None or unique.clash(before, after):
        fresh += _check_across(root, ordered, workspace.sops, None)
    problems += with_fields(fresh, sources, schemas.data)
    return replace(
        workspace,
        events=tuple(ordered),
        problems=tuple(capped(sorted(problems))),
        attachments=MappingProxyType(attachments),
        now=now,
        sources=MappingProxyType(sources),
    )
