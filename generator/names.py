"""The one slug: ASCII words joined by '-', for codes and file names made from record text."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def slug(text: str, *, skip: tuple[str, ...] = (), words: int | None = None, fallback: str = "x") -> str:
    """`Kabupaten Lahat` -> `kabupaten-lahat`; accents dropped (`Kopi Ô` -> `kopi-o`), `skip` words left out."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    kept = [w for w in _WORD.findall(ascii_text) if w not in skip]
    return "-".join(kept[:words]) or fallback
