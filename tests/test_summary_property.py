"""The review summary has no blind spots: whatever leaf of a sample record an edit changes, some
sentence names it (its key, its value, or what a reviewer reads for it), tested over random edits
of every sample record, the second SOP's included (issue 21)."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml
from conftest import NOW, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.history.semantic_diff import describe
from generator.records.load import load_file
from generator.records.workspace import Workspace, load_workspace

SECOND = Path(__file__).parent / "second_sop"
RECORDS = sorted((REPO / "records").glob("*/*.yaml")) + sorted((SECOND / "records").glob("*/*.yaml"))


@functools.cache
def workspace() -> Workspace:
    """The samples and the second SOP, loaded once (the SOPs are what the summary asks)."""
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp()) / "repo"
    for folder in ("schema", "records"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copytree(SECOND, root, dirs_exist_ok=True)
    return load_workspace(root, now=NOW)


def leaves(data: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in leaves(v, (*path, k))]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in leaves(v, (*path, i))]
    return [(path, data)]


def changed(value: Any, salt: int) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 + salt
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[:4].isdigit():
        return f"{int(value[:4]) + 1}{value[4:]}"  # a date or a moment, a year later
    return f"{value} ubah{salt}"


def put(data: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def named(lines: tuple[str, ...], path: tuple, value: Any) -> bool:
    """Some sentence names the leaf: a key of its path below the step, or its new value."""
    keys = [k for k in path if isinstance(k, str) and k != "langkah"]
    shown = {str(value), str(value).lower(), str(value).split(" ")[-1]}
    people = workspace().office.people if workspace().office else {}
    if isinstance(value, str) and value in people:
        shown.add(people[value].name)
    text = "\n".join(lines)
    return any(k.replace("_", " ") in text or k in text for k in keys) or any(s and s in text for s in shown)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=st.sampled_from(RECORDS), choice=st.integers(min_value=0), salt=st.integers(min_value=0, max_value=9))
def test_every_changed_leaf_is_named_by_some_sentence(record: Path, choice: int, salt: int) -> None:
    old_text = record.read_text(encoding="utf-8")
    data = load_file(record).data
    found = [(p, v) for p, v in leaves(data) if p and p[0] not in ("kode", "sop") and p[-1] != "no"]
    path, value = found[choice % len(found)]
    new = copy.deepcopy(_plain(data))
    put(new, path, changed(value, salt))
    new_text = yaml.safe_dump(new, allow_unicode=True, sort_keys=False)
    rel = record.relative_to(record.parents[2]).as_posix()
    result = describe(old_text, new_text, rel, sops=workspace().sops, office=workspace().office)
    assert result.lines and "tidak ada perubahan isi" not in result.lines[-1], (path, result.lines)
    assert named(result.lines, path, changed(value, salt)), (path, changed(value, salt), result.lines)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
