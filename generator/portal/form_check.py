"""The form's validator: what `jejak validate --format json` says of one record, as the form would
save it. site_templates/editor/validator-worker.js runs this module in the browser (Pyodide, in a
web worker) on a copy of the repository the build published (editor_validator.py); the rules are
those of generator/records/, nothing is written twice.

Two things differ from a terminal, and both are said where they matter:
- attachments are judged from what the build found in the repository (the published copy does
  not carry the scans themselves); a file the form uploads is judged in the browser, except that
  an image cannot be decoded there (no Pillow in Pyodide): it is checked again when CI validates;
- nothing is written: the record's text replaces the file only while it is checked.
"""

from __future__ import annotations

import importlib
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.problem import format_json
from generator.records import attachments, images, workspace
from generator.records.load import Loaded, load_file
from generator.records.workspace import load_workspace

IMAGES = (".png", ".jpg", ".jpeg")
MANIFEST = "lampiran-diperiksa.json"  # beside the repository copy: {path as written: [why, hint, kind]}
_judged: dict[str, tuple[str | None, str | None, str]] = {}
_uploaded: set[str] = set()
_judge = attachments.judge
_read: dict[Path, tuple[bytes, Loaded]] = {}


def start(root: str) -> None:
    """Once, before the first check: the browser's stand-ins and the build's verdicts on attachments."""
    try:
        importlib.import_module("rpds")
    except ImportError:  # rpds-py is compiled; referencing needs only this much of it
        sys.modules["rpds"] = importlib.import_module("pyrsistent_as_rpds.pure")
    images.BROWSER = True
    manifest = Path(root) / MANIFEST
    if manifest.is_file():
        _judged.update({k: tuple(v) for k, v in json.loads(manifest.read_text(encoding="utf-8")).items()})
    attachments.judge = judged
    workspace.load_file = remembered  # the other records do not change between two checks


def stop() -> None:
    """Undo `start` (for tests that run this module beside the rest of Jejak in one process)."""
    attachments.judge = _judge
    workspace.load_file = load_file
    images.BROWSER = False
    _judged.clear()
    _read.clear()


def remembered(path: Path) -> Loaded:
    """A file read once per content: the pure parser takes 10-20 ms per record in the browser, and
    every check reads every record (codes and letter numbers are unique across them)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return load_file(path)  # says what is wrong with it
    known = _read.get(path)
    if known is not None and known[0] == raw:
        return known[1]
    loaded = load_file(path)
    _read[path] = (raw, loaded)
    return loaded


def judged(written: str, root: Path, real_root: Path) -> tuple[str | None, str | None, str]:
    """The build's verdict on a file in the repository; a file the form uploads is judged here."""
    if written in _judged and written not in _uploaded:
        return _judged[written]
    return _judge(written, root, real_root)


def check(root: str, path: str, text: Any, uploads: dict[str, Any] | None = None, now: str | None = None) -> str:
    """The problems of the record at `path` (relative to `root`) if it held `text` (a string, or the
    bytes of a file), as JSON: the list `jejak validate --format json` prints (`problems`), and the
    uploaded images not decoded here (`images`)."""
    base = Path(root)
    target = base / path
    saved = _replace(target, _bytes(text))
    added = {name: _replace(base / name, _bytes(data)) for name, data in (uploads or {}).items()}
    _uploaded.update(added)
    try:
        moment = datetime.fromisoformat(now) if now else None
        checked = load_workspace(base, only=[target], now=moment)
        found: list[Any] = json.loads(format_json(checked.problems))
        not_decoded = sorted(name for name in added if name.lower().endswith(IMAGES))
        return json.dumps({"problems": found, "images": not_decoded}, ensure_ascii=False)
    finally:
        for name, before in added.items():
            _restore(base / name, before)
        _uploaded.difference_update(added)
        _restore(target, saved)


def _bytes(value: Any) -> bytes:
    """A string as UTF-8; bytes as they are (from JavaScript: a Uint8Array, as a proxy)."""
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value.to_py() if hasattr(value, "to_py") else value)


def _replace(path: Path, data: bytes) -> bytes | None:
    before = path.read_bytes() if path.is_file() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return before


def _restore(path: Path, before: bytes | None) -> None:
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)
