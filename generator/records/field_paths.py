"""Which field a problem is about: the key path at a problem's line and column, found in the
loader's node tree, and the field's title as the form labels it ("Langkah 4 › Surat › Undangan ›
Kepada › butir 2 › Wilayah").

Every check places its problem at a value or at a key (`Loaded.where`); a few place it inside a
text (a phone number in a note) or in a comment after a value. So the path is that of the
innermost value holding the position, or of the last value that starts earlier on the same line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from generator.problem import Problem
from generator.records.labels import field_title
from generator.records.load import KeyPath, Loaded, LoadError

Span = tuple[tuple[int, int], tuple[int, int], KeyPath, bool]  # start, end (0-based), path, collection


def keypath_at(loaded: Loaded, line: int, column: int, known: dict[int, list[Span]] | None = None) -> KeyPath | None:
    """The key path of the value a problem at (line, column) (1-based) is about; None when the
    file has no such value (a problem of the whole file, or a file YAML cannot read). `known`
    keeps each file's spans between calls: a file of a million values is walked once."""
    try:
        node = loaded.node
    except LoadError:
        return None
    if node is None:
        return None
    at = (line - 1, column - 1)
    lines = loaded.text.split("\n")
    if at[0] < len(lines) and lines[at[0]].lstrip(" ").startswith("#"):
        return None  # a comment line: no field of the form shows it
    known = {} if known is None else known
    if id(loaded) not in known:
        known[id(loaded)] = list(_spans(node, ()))
    spans = known[id(loaded)]
    holding = [s for s in spans if s[0] <= at < s[1] or s[0] == at]
    # the innermost; where a list or map and its first key start alike, the list or map
    inner = max(holding, key=lambda s: (s[0], s[3], -len(s[2]) if s[3] else len(s[2])), default=None)
    if inner is not None and not inner[3]:
        return inner[2] or None  # a text or a key: the position is on it
    if inner is not None and inner[0] == at:
        return inner[2] or None  # the list or map itself
    before = [s for s in spans if s[0][0] == at[0] and s[0] <= at]
    after = [s for s in spans if s[0][0] == at[0] and s[0] > at]
    if before:  # a comment or text after a value on the same line
        return max(before, key=lambda s: (s[0], len(s[2])))[2] or None
    if after:  # the spaces in front of a line's first key
        return min(after, key=lambda s: (s[0], -len(s[2])))[2] or None
    return inner[2] or None if inner else None


def _spans(node: Node, path: KeyPath) -> Iterator[Span]:
    """(start, end, key path, is a collection) of every value and key, in document order."""
    collection = isinstance(node, (MappingNode, SequenceNode))
    yield _mark(node.start_mark), _mark(node.end_mark), path, collection
    if isinstance(node, MappingNode):
        for key, value in node.value:
            inner = (*path, key.value)
            yield _mark(key.start_mark), _mark(key.end_mark), inner, False  # a problem placed at the key
            yield from _spans(value, inner)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _spans(item, (*path, index))


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line, mark.column


def with_fields(
    problems: Iterable[Problem],
    sources: Mapping[str, Loaded],
    schemas: Mapping[str, Mapping[str, Any]],
    per_file: int | None = None,
) -> list[Problem]:
    """The problems, each with its field's key path where one can be told, and for a record's fields
    the title the form gives them (labels.field_title, from the record's SOP's schema); past
    `per_file` problems of a file (those the report leaves out), as they are."""
    found = []
    known: dict[int, list[Span]] = {}
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
        loaded = sources.get(problem.path) if per_file is None or counts[problem.path] <= per_file else None
        keypath = problem.keypath  # a value asked for that is absent: its own path (checks.Report.add)
        if keypath is None and loaded is not None:
            keypath = keypath_at(loaded, problem.line, problem.column, known)
        if loaded is None or keypath is None:
            found.append(problem)
            continue
        sop_id = loaded.data.get("sop") if isinstance(loaded.data, dict) else None
        schema = schemas.get(sop_id) if isinstance(sop_id, str) else None
        title = field_title(schema, keypath, loaded.data) if schema else None
        found.append(replace(problem, field=title, keypath=keypath))
    return found
