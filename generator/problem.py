"""Problems found in records, and the three ways of printing them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from dataclasses import field as attribute

ERROR = "galat"
WARNING = "peringatan"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int
    column: int
    severity: str  # galat | peringatan
    message: str
    hint: str | None = None
    code: str = "umum"  # a stable machine name of the kind of problem
    # The field as the form labels it ("Langkah 1 › Catatan") and its key path in the file
    # (["langkah", 0, "catatan"]); None for a problem of the whole file.
    field: str | None = attribute(default=None, compare=False)
    keypath: tuple[str | int, ...] | None = attribute(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def format_text(problems: Iterable[Problem]) -> str:
    lines = []
    for p in problems:
        lines.append(f"{p.path}:{p.line}:{p.column}: {p.severity}: {p.message}")
        if p.field:
            lines.append(f"  isian: {p.field}")
        if p.hint:
            lines.append(f"  saran: {p.hint}")
    return "\n".join(lines)


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands: the problems appear on the pull request's lines."""
    lines = []
    for p in problems:
        kind = "error" if p.is_error else "warning"
        text = p.message + (f" — saran: {p.hint}" if p.hint else "")
        file, title = _property(p.path), _property(f"jejak {p.code}" + (f" ({p.field})" if p.field else ""))
        lines.append(f"::{kind} file={file},line={p.line},col={p.column},title={title}::{_escape(text)}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property value of a workflow command: ',' and ':' would start another property."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def summary(problems: Iterable[Problem], files: int) -> str:
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{files} berkas diperiksa: {errors} galat, {warnings} peringatan"
