"""The one Jinja2 environment of every stage: sandboxed, autoescaped, StrictUndefined, and one
lookup rule: a template in the repository's own site_templates/ wins over the packaged one of the
same name.

Templates are data anyone with commit access can change, so they run in Jinja's immutable sandbox:
no attribute starting with `_` (`__class__`, `__globals__`, `self._TemplateReference__context`),
no call of anything that changes data or reaches the interpreter; a template that tries fails
with an Indonesian message naming the template and its line (TemplateRefused).

Template names carry their folder: `dokumen/undangan.html`, `portal/event.md.j2`, `audit/audit.md.j2`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.exceptions import SecurityError, TemplateRuntimeError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Jejak's own templates: inside the package when installed from a wheel (setup.py maps the
# repository's site_templates/ to generator/site_templates/), beside it in a checkout.
_HERE = Path(__file__).resolve().parent
PACKAGED = _HERE / "site_templates" if (_HERE / "site_templates").is_dir() else _HERE.parent / "site_templates"


class TemplateRefused(TemplateRuntimeError):
    """A template did what the sandbox forbids; the message (Indonesian) names it and its line."""


class _Template(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            return super().render(*args, **kwargs)
        except SecurityError as exc:
            raise TemplateRefused(_refusal(self, exc)) from None


UNSAFE = re.compile(r"access to attribute '(.*)' of '(.*)' object is unsafe\.?")


def _refusal(template: Template, exc: SecurityError) -> str:
    """Where in which template the sandbox stopped (the innermost frame of a template file), and
    what it stopped, in Indonesian."""
    where = f"site_templates/{template.name}"
    folders = getattr(template.environment.loader, "searchpath", [])
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        folder = next((f for f in folders if filename.startswith(f + os.sep)), None)
        if folder:
            where = f"site_templates/{Path(filename).relative_to(folder).as_posix()}:{tb.tb_lineno}"
        tb = tb.tb_next
    said = str(exc.args[0]) if exc.args else str(exc)
    unsafe = UNSAFE.fullmatch(said)
    what = f"akses ke atribut '{unsafe[1]}' dari objek {unsafe[2]}" if unsafe else f"pemanggilan ini ({said})"
    return (
        f"{where}: templat ditolak: {what} tidak diizinkan; templat hanya menampilkan data "
        "(tanpa atribut berawalan '_' dan tanpa pemanggilan yang mengubah data atau menjangkau Python)"
    )


class _Environment(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox whose `x.key` reads dict keys first: the views are dicts, and
    Jinja's default (attribute first, then key) raises and catches an AttributeError on every
    lookup. A dict's keys are its data, never its internals."""

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


class SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory for the whole process, found by name and source text,
    never by file name: a copy of the repository or the next build of `jejak serve` compiles
    nothing twice, and an edited template is compiled afresh. Compiled code depends on the
    environment's options, so one instance serves one kind of environment only."""

    def __init__(self, size: int = 512):
        self._code: OrderedDict[str, bytes] = OrderedDict()
        self._size = size

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = hashlib.sha256(f"{name}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            self._code.move_to_end(bucket.key)
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        while len(self._code) > self._size:
            self._code.popitem(last=False)


SHARED_BYTECODE = SharedBytecode()  # for the environments made below, all alike


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
        bytecode_cache=SHARED_BYTECODE,
    )
