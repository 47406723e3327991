"""The one slug: ASCII words joined by '-', for codes and file names made from record text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def slug(text: str, *, skip: tuple[str, ...] = (), words: int | None = None, fallback: str = "x") -> str:
    """`Kabupaten Lahat` -> `kabupaten-lahat`; accents dropped (`Kopi Ô` -> `kopi-o`), `skip` words left out."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    kept = [w for w in _WORD.findall(ascii_text) if w not in skip]
    return "-".join(kept[:words]) or fallback


MAX_FILE_SLUG = 60  # with a document kind and '.pdf' a file name stays far below 255 bytes


def file_slug(text: str, *, fallback: str = "x") -> str:
    """slug() bounded to MAX_FILE_SLUG characters; a name that had to be shortened, or that lost
    letters on the way to ASCII (`東京`, `مرحبا`), ends in a hash of the whole name, so two
    such names never meet."""
    base = slug(text, fallback="")
    lost = not base or len(base) > MAX_FILE_SLUG or any(c.isalnum() and not c.isascii() for c in text)
    if not lost:
        return base
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{base[: MAX_FILE_SLUG - 9].rstrip('-')}-{digest}" if base else f"{fallback}-{digest}"
