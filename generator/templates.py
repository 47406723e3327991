"""The one Jinja2 environment of every stage: autoescaped, StrictUndefined, and one lookup rule:
a template in the repository's own site_templates/ wins over the packaged one of the same name.

Template names carry their folder: `dokumen/undangan.html`, `portal/event.md.j2`, `audit/audit.md.j2`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache

PACKAGED = Path(__file__).resolve().parents[1] / "site_templates"


class _Environment(Environment):
    """Jinja2 whose `x.key` reads dict keys first: the views are dicts, and Jinja's default
    (attribute first, then key) raises and catches an AttributeError on every lookup."""

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
