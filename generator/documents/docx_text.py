"""Text in the Word files: XML escaping, the widths of Arial (for the tables' column widths),
and the guard that keeps SRIKANDI parameters out of a record's text.

SRIKANDI turns `${nome}` in an uploaded Word file into its own values (the number, the date,
the electronic signature). Only Jejak's marked places (`data-srikandi` in the HTML) may make
one. Every other text (any record value, the office record, a template's wording) passes
through `Guard`, which breaks each dollar sign followed by an opening brace, wherever they
meet: in one value, across two values, runs or paragraphs (a parser that joins runs, as
PhpWord's does, sees only text), with invisible characters between them, or written with a
look-alike (`＄`, `﹩`, `｛`, `﹛`, `︷`). A hair space (U+200A) goes before the brace: it is
neither removed by Unicode normalisation nor a format character a parser might drop.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, Generic, TypeVar

BREAK = "\u200a"
DOLLARS = frozenset("$\ufe69\uff04")
BRACES = frozenset("{\ufe37\ufe5b\uff5b")
SPECIAL = re.compile("[$\ufe69\uff04{\ufe37\ufe5b\uff5b]")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Characters XML 1.0 cannot carry at all: dropped (a record cannot hold them, a template might).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ESCAPED = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # anything escape() changes


def escape(text: str) -> str:
    if ESCAPED.search(text) is None:  # most text: one scan, nothing to change
        return text
    text = NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def _ignorable(char: str) -> bool:
    """Characters that are no text between a `$` and a `{`: format characters and combining
    marks (invisible), and line breaks and tabs (they become markup in the Word file)."""
    return char in "\n\r\t" or unicodedata.category(char) in ("Cf", "Mn", "Me")


class Guard:
    """Neutralises `${` in untrusted text, remembering the last visible character written so
    a brace at the start of the next text (or run, or paragraph) is seen too."""

    def __init__(self) -> None:
        self.after_dollar = True  # conservative at the start: whatever came before may end in `$`

    def text(self, text: str) -> str:
        if "$" not in text and "{" not in text and (text.isascii() or not SPECIAL.search(text)):
            # nothing to break: only whether any visible character ends the dollar's reach
            last = text[-1:]
            if " " <= last <= "~" or (last and not _ignorable(last)) or any(not _ignorable(c) for c in text):
                self.after_dollar = False
            return text
        out = []
        for char in text:
            if char in BRACES and self.after_dollar:
                out.append(BREAK)
            out.append(char)
            if not _ignorable(char):
                self.after_dollar = char in DOLLARS
        return "".join(out)

    def trusted(self, text: str) -> str:
        """Jejak's own parameter: written as it is; what follows it is judged afresh."""
        self.after_dollar = False
        return text

    def end(self) -> str:
        """What closes a section: a break when it ended on a dollar sign (the template's text follows)."""
        return BREAK if self.after_dollar else ""


# Advance widths of Arial (= Liberation Sans, Helvetica), 1/1000 em, for ASCII 32..126.
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 "
    "556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 611 278 278 556 278 889 "
    "611 611 611 611 389 556 333 611 556 778 556 556 500 389 280 389 584"
)
WIDTHS = {
    False: {chr(32 + i): int(w) for i, w in enumerate(_REGULAR.split())},
    True: {chr(32 + i): int(w) for i, w in enumerate(_BOLD.split())},
}
WIDE = {"\u2026": 1000, "\u2014": 1000, "\u2013": 556, "\u00a0": 278, BREAK: 100}


class _Units(dict[str, int]):
    """Width units of a character, looked up once: an accented letter is as wide as its base."""

    def __init__(self, table: dict[str, int]):
        super().__init__(table)

    def __missing__(self, char: str) -> int:
        base = unicodedata.normalize("NFKD", char)[:1]
        units = self[char] = WIDE.get(char) or (dict.get(self, base) if base != char else None) or 556
        return units


UNITS = {False: _Units(WIDTHS[False]), True: _Units(WIDTHS[True])}
V = TypeVar("V")


class Kept(dict[tuple[Any, ...], V], Generic[V]):
    """What `make(*key)` gives, kept for the process: the same texts, styles and properties come
    back in every document. A hit is a plain dict lookup; past `limit` entries it starts afresh."""

    def __init__(self, make: Callable[..., V], limit: int):
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key: tuple[Any, ...]) -> V:
        if len(self) > self.limit:
            self.clear()
        value = self[key] = self.make(*key)
        return value


def _text_units(text: str, bold: bool) -> tuple[int, int]:
    get = UNITS[bold].__getitem__
    units = [sum(map(get, word)) for word in text.split(" ")]
    return sum(units) + get(" ") * (len(units) - 1), max(units)


_TEXTS = Kept(_text_units, 100_000)


def text_units(text: str, bold: bool) -> tuple[int, int]:
    """(units of `text` on one line, units of its longest word), kept per distinct text."""
    return _TEXTS[text, bold]


def measure_text(text: str, size: float, bold: bool = False) -> tuple[float, float]:
    """(width of `text` on one line, width of its longest word) in points."""
    line, longest = text_units(text, bold)
    scale = size / 1000
    return line * scale, longest * scale


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` on one line."""
    return measure_text(text, size, bold)[0]
