"""The one Jinja2 environment of every stage: autoescaped, StrictUndefined, and one lookup rule:
a template in the repository's own site_templates/ wins over the packaged one of the same name.

Template names carry their folder: `dokumen/undangan.html`, `portal/event.md.j2`, `audit/audit.md.j2`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

PACKAGED = Path(__file__).resolve().parents[1] / "site_templates"


class _Environment(Environment):
    """Jinja2 whose `x.key` reads dict keys first: the views are dicts, and Jinja's default
    (attribute first, then key) raises and catches an AttributeError on every lookup."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(root: Path) -> Environment:
    return _environment(str(root.resolve()))


@lru_cache(maxsize=8)
def _environment(root: str) -> Environment:
    folders = dict.fromkeys(str(f) for f in (Path(root) / "site_templates", PACKAGED) if f.is_dir())
    return _Environment(
        loader=FileSystemLoader(list(folders)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
