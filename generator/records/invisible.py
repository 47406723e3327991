"""Characters that show nothing but change what a text says or how it reads, refused by
their Unicode category rather than by a short list: format characters (Cf: zero-width
spaces and joiners, direction overrides, soft hyphens, tag characters, a BOM in mid-file),
line and paragraph separators (Zl, Zp), private-use and surrogate code points (Co, Cs), and
the invisible letters and marks Unicode files elsewhere: Hangul fillers, variation
selectors, the combining grapheme joiner, Khmer inherent vowels, blank Braille, and NEL
(which YAML counts as a line break while editors do not)."""

from __future__ import annotations

import re
import unicodedata

CATEGORIES = ("Cf", "Zl", "Zp", "Co", "Cs")
EXTRA = (
    (0x0085, 0x0085),  # NEL
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong/jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors (and the vowel separator)
    (0x2800, 0x2800),  # Braille pattern blank
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xE0100, 0xE01EF),  # variation selectors supplement
    (0x1D159, 0x1D159),  # musical symbol null notehead
)
# Every code point of CATEGORIES (Unicode 14, Python 3.11) and EXTRA, as ranges; computed by
# table_ranges() and held to it by tests/test_invisible.py (a new Python may only add).
RANGES = (
    "\u0085\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160\u17b4-\u17b5"
    "\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ud800-\uf8ff"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d159\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000e0100-\U000e01ef\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)
INVISIBLE = re.compile(f"[{RANGES}]")
# The 66 code points Unicode keeps as never a character: U+FDD0..U+FDEF and the last two of every
# plane (U+FFFE, U+FFFF, U+1FFFE...). XML refuses U+FFFE and U+FFFF outright (a Word file or page
# holding one cannot be written) and discourages the rest; no record needs any of them.
NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)) + "]"
)


def first_invisible(text: str) -> re.Match[str] | None:
    """The first invisible character of a text (ASCII text has none: a fast answer)."""
    return None if text.isascii() else INVISIBLE.search(text)


def table_ranges() -> list[tuple[int, int]]:
    """The ranges RANGES must cover, from this Python's own Unicode database."""
    members = {c for c in range(0x110000) if unicodedata.category(chr(c)) in CATEGORIES}
    for first, last in EXTRA:
        members.update(range(first, last + 1))
    ranges: list[tuple[int, int]] = []
    for code in sorted(members):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges
