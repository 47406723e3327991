"""The form's YAML writer (site_templates/editor/format.js) under hostile typing: whatever a clerk
types or pastes into any kind of field, the saved file parses with the strict loader of `jejak
validate`, the field reads back exactly as typed (Word's punctuation typed plainly), and nothing
else in the file changes. Edits are made at random from a fixed seed, run in Node in one batch.

    .venv/bin/python tests/test_editor_writer.py 1650     # the same as a report: how many edits fail
"""

from __future__ import annotations

import copy
import functools
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conftest import REPO

from generator.portal.editor import MODELINE
from generator.portal.editor_fields import step_key_order, top_level_lists
from generator.records.load import LoadError, load_text
from generator.records.pasted import PASTED, PLAIN
from generator.records.workspace import load_workspace

BATCH = REPO / "tests" / "editor" / "format_batch.mjs"
SAMPLES = [p for p in sorted((REPO / "records").glob("*/*.yaml"))] + sorted(
    (REPO / "tests" / "good_records").glob("*.yaml")
)
PIECES = [
    "Rapat",
    "a",
    " ",
    "  ",
    ":",
    ": ",
    " #",
    "#",
    "# komentar",
    "- ",
    "-",
    "'",
    '"',
    "\\",
    "\n",
    "\n\n",
    "\n  ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    "~",
    "yes",
    "null",
    "true",
    "08:30",
    "2024-01-15",
    "0777",
    "1e3",
    "---",
    "...",
    "é",
    "\t",
    "\u201c",
    "\u2019",
    "\u2013",
    "\u2026",
    "\u00a0",
]
NEW_STEP_KEYS = ("catatan", "rencana", "mulai", "selesai", "oleh")
AS_TYPED: list[bool] = []  # expect Word's punctuation kept (only for measuring the old writer)


@functools.cache
def options() -> dict[str, Any]:
    workspace = load_workspace(REPO)
    sop = workspace.sops["penyelenggaraan-pelatihan"]
    pasted = {char: {"plain": PLAIN[char], "name": PASTED[char][0]} for char in PASTED}
    return {
        "order": step_key_order(sop, workspace.schemas[sop.id]),
        "modeline": MODELINE,
        "topLevelLists": top_level_lists(workspace.schemas),
        "pasted": pasted,
    }


def hostile(chance: random.Random) -> str:
    text = "".join(chance.choice(PIECES) for _ in range(chance.randint(1, 6)))
    return text if text.strip(" ") else text + "x"  # a text of spaces only is cleared by the form


def plain(value: Any) -> Any:
    """What the writer saves for a typed value: Word's punctuation typed plainly."""
    if AS_TYPED:
        return value
    if isinstance(value, str):
        return "".join(PLAIN.get(c, c) for c in value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def leaves(data: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """Every text of a record, by key path (not the step numbers, not the SOP's id)."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() if key not in ("no", "sop") for leaf in leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in leaves(value, (*path, i))]
    return [(path, data)] if isinstance(data, str) else []


def make_edits(data: dict, chance: random.Random) -> list[tuple[list, Any]]:
    edits: list[tuple[list, Any]] = []
    for _ in range(chance.randint(1, 3)):
        kind = chance.random()
        steps = data.get("langkah", [])
        if kind < 0.55:
            path, _ = chance.choice(leaves(data))
            edits.append((list(path), hostile(chance)))
        elif kind < 0.75 and steps:
            i = chance.randrange(len(steps))
            missing = [k for k in NEW_STEP_KEYS if k not in steps[i]]
            if missing:
                edits.append((["langkah", i, chance.choice(missing)], hostile(chance)))
        elif kind < 0.9:
            people = data.get("peserta", [])
            item = {"nama": hostile(chance), "asal": hostile(chance), "jenis_kelamin": "P"}
            edits.append((["peserta", len(people)], item))
        else:
            path, _ = chance.choice(leaves(data))
            edits.append((list(path), hostile(chance) + "\n" + hostile(chance)))
    return edits


def editor_view(data: Any) -> Any:
    """The record as the editor holds it: step numbers are strings there."""
    data = copy.deepcopy(data)
    for step in data.get("langkah", []):
        step["no"] = str(step["no"])
    return data


def expected(data: dict, edits: list[tuple[list, Any]]) -> dict:
    result = copy.deepcopy(data)
    for path, value in edits:
        target: Any = result
        for key in path[:-1]:
            target = target[key]
        if isinstance(target, list) and path[-1] == len(target):
            target.append(plain(value))
        else:
            target[path[-1]] = plain(value)
    return result


def jobs(seed: int, count: int) -> list[tuple[str | None, list, dict, dict | None]]:
    """(file text, or None for a new event, the edits, what must be read back, a new event's data)."""
    chance = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES if p.name != "kantor.yaml"]
    made = []
    for _ in range(count):
        text = chance.choice(texts)
        data = load_text(text, Path("x.yaml")).data
        edits = make_edits(data, chance)
        if chance.random() < 0.1:  # a new event, written whole
            made.append((None, edits, expected(data, edits), editor_view(data)))
        else:
            made.append((text, edits, expected(data, edits), None))
    return made


def run(made: list[tuple[str | None, list, dict, dict | None]]) -> list[dict]:
    batch = {**options(), "jobs": [{"text": text, "edits": edits, "data": new} for text, edits, _, new in made]}
    done = subprocess.run(["node", str(BATCH)], input=json.dumps(batch), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def failures(seed: int, count: int) -> list[tuple[str, Any, Any]]:
    made = jobs(seed, count)
    found = []
    for (_, edits, want, _), result in zip(made, run(made), strict=True):
        if "error" in result:
            found.append(("writer", edits, result["error"]))
            continue
        try:
            got = load_text(result["text"], Path("x.yaml")).data
        except LoadError as exc:
            found.append(("parse", edits, f"{exc.where}: {exc.message}"))
            continue
        if got != want:
            found.append(("value", edits, _difference(got, want)))
    return found


def _difference(got: Any, want: Any, path: tuple = ()) -> str:
    if isinstance(got, dict) and isinstance(want, dict):
        for key in sorted(set(got) | set(want), key=str):
            if got.get(key) != want.get(key):
                return _difference(got.get(key), want.get(key), (*path, key))
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            if a != b:
                return _difference(a, b, (*path, i))
    return f"{list(path)}: saved {got!r}, typed {want!r}"


def test_whatever_is_typed_in_any_field_is_saved_as_typed_and_parses():
    found = failures(seed=21, count=300)
    assert found == [], f"{len(found)} of 300 edits: {found[:3]}"


if __name__ == "__main__":
    if "--as-typed" in sys.argv:  # for the writer before it typed Word's punctuation plainly
        sys.argv.remove("--as-typed")
        AS_TYPED.append(True)
        PIECES[:] = [piece for piece in PIECES if not any(c in PASTED for c in piece)]
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1650
    bad = failures(seed=int(sys.argv[2]) if len(sys.argv) > 2 else 2026, count=total)
    kinds = {k: sum(1 for f in bad if f[0] == k) for k in ("writer", "parse", "value")}
    print(f"{len(bad)} of {total} edits failed: {kinds}")
    for kind, edits, why in bad[:12]:
        print(f"- {kind}: {json.dumps(edits, ensure_ascii=False)[:200]}\n    {str(why)[:300]}")
