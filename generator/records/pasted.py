"""What Word, web pages and unfinished merges leave in a record, found before YAML reads it.

YAML would read such text without complaint (a curly quote ends up in a letter's title), or
fail a line later with a message about something else (a non-breaking space makes the next
line look badly indented). Each is named and pointed at exactly, with the fix: every pasted
character of a file at once (a paste from Word brings several kinds), and YAML then reads the
file with those spaces as plain spaces, so that the other problems of the file are found in
the same run. A merge conflict marker stops the reading: the file holds two versions.

`PLAIN` is the one list of these characters and their plain forms: the form editor's YAML
writer gets it through its configuration and types them plainly (site_templates/editor).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

if TYPE_CHECKING:
    from generator.records.load import Loaded

# Word's "smart" punctuation and its look-alike spaces: (what it is, what to type instead).
PASTED = {
    "\u00a0": ("spasi tak-putus (non-breaking space, U+00A0)", "ketik ulang sebagai spasi biasa"),
    "\u202f": ("spasi tak-putus sempit (U+202F)", "ketik ulang sebagai spasi biasa"),
    "\u2018": ("tanda kutip miring ‘ (U+2018)", "ganti dengan tanda kutip lurus '"),
    "\u2019": ("tanda kutip miring ’ (U+2019)", "ganti dengan tanda kutip lurus '"),
    "\u201a": ("tanda kutip bawah ‚ (U+201A)", "ganti dengan tanda kutip lurus '"),
    "\u201b": ("tanda kutip miring ‛ (U+201B)", "ganti dengan tanda kutip lurus '"),
    "\u201c": ("tanda kutip miring “ (U+201C)", 'ganti dengan tanda kutip lurus "'),
    "\u201d": ("tanda kutip miring ” (U+201D)", 'ganti dengan tanda kutip lurus "'),
    "\u201e": ("tanda kutip bawah „ (U+201E)", 'ganti dengan tanda kutip lurus "'),
    "\u201f": ("tanda kutip miring ‟ (U+201F)", 'ganti dengan tanda kutip lurus "'),
    "\u2032": ("tanda prima ′ (U+2032)", "ganti dengan tanda kutip lurus '"),
    "\u2033": ("tanda prima ganda ″ (U+2033)", 'ganti dengan tanda kutip lurus "'),
    "\u2013": ("tanda pisah en – (U+2013)", "ganti dengan tanda hubung biasa -"),
    "\u2014": ("tanda pisah em — (U+2014)", "ganti dengan tanda hubung biasa -"),
    "\u2212": ("tanda minus matematika − (U+2212)", "ganti dengan tanda hubung biasa -"),
    "\u2026": ("elipsis … (U+2026)", "ganti dengan tiga titik ..."),
    "\u3000": ("spasi lebar (U+3000)", "ketik ulang sebagai spasi biasa"),
    **{chr(c): (f"spasi khusus (U+{c:04X})", "ketik ulang sebagai spasi biasa") for c in range(0x2000, 0x200B)},
}
PASTED_CHAR = re.compile(f"[{''.join(PASTED)}]")
WORD_HINT = "; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung"

CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)

# A line holding a value followed by ` #`: the only lines where YAML may have cut a text short.
COMMENTED = re.compile(r"^(?![ ]*#)[^\n#]*[^\s#][ ]+#", re.MULTILINE)

Found = tuple[str, tuple[int, int], str]  # message, line and column, hint


_TYPED = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2013\u2014\u2212", "-"),
    "\u2026": "...",
}
PLAIN = {char: _TYPED.get(char, " ") for char in PASTED}  # every other one is a space
# What YAML itself reads differently: spaces that are not spaces to it (indentation, `key:\u00a0value`).
SPACES = re.compile(f"[{''.join(c for c, plain in PLAIN.items() if plain == ' ')}]")


def plain_punctuation(text: str) -> str:
    """Word's punctuation as typed on a keyboard (for text given on the command line)."""
    return PASTED_CHAR.sub(lambda m: PLAIN[m.group()], text)


def position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def conflict_marker(text: str) -> Found | None:
    """The first merge conflict marker in a file, as (message, where, hint)."""
    if not any(m in text for m in ("<" * 7, "=" * 7, ">" * 7)):
        return None
    marker = CONFLICT.search(text)
    if marker is None:
        return None
    return (
        f"berkas memuat penanda konflik git ({marker.group(1)}): penggabungan (merge) belum selesai",
        position(text, marker.start()),
        "pilih isi yang benar di antara <<<<<<< dan >>>>>>>, hapus ketiga baris penanda "
        "(<<<<<<<, =======, >>>>>>>), simpan, lalu commit (lihat Panduan, 'Konflik penggabungan')",
    )


def pasted_characters(text: str, limit: int) -> list[Found]:
    """Every pasted Word character of a file (at most `limit`; the caller caps what it shows)."""
    found: list[Found] = []
    if text.isascii():
        return found
    for char in PASTED_CHAR.finditer(text):
        if len(found) == limit:
            break
        name, fix = PASTED[char.group()]
        found.append((f"berkas memuat {name}", position(text, char.start()), fix + WORD_HINT))
    return found


def as_plain_spaces(text: str) -> str:
    """The text as YAML should read it: pasted spaces as plain ones (positions stay the same)."""
    return SPACES.sub(" ", text)


def cut_by_comment(loaded: Loaded) -> Iterator[Found]:
    """Plain (unquoted) texts followed on their line by ` #`: YAML kept only the part before it."""
    text = loaded.text
    if not _commented(text) or loaded.node is None:
        return
    lines = text.split("\n")
    for scalar in _plain_values(loaded.node):
        end = scalar.end_mark
        rest = lines[end.line][end.column :]
        if re.match(r"[ ]+#", rest):
            comment = rest.strip()
            column = end.column + len(rest) - len(rest.lstrip()) + 1
            yield (
                f"teks setelah ' #' dibuang: YAML membacanya sebagai komentar, nilai tersimpan \"{scalar.value}\"",
                (end.line + 1, column),
                f'bila "{comment}" bagian dari isi, beri tanda kutip pada seluruh nilai: "{scalar.value} {comment}"',
            )


def _commented(text: str) -> bool:
    """`COMMENTED.search(text)`, tried only at the lines holding a ` #` (a match ends with one): the
    search over a whole record backtracks along every line, ~0.4 ms for a complete record."""
    at = text.find(" #")
    while at != -1:
        if COMMENTED.match(text, text.rfind("\n", 0, at) + 1):
            return True
        end = text.find("\n", at)
        at = text.find(" #", end) if end != -1 else -1
    return False


def _plain_values(node: Node) -> Iterator[ScalarNode]:
    """Unquoted text values (never keys), where a ` #` silently ends the text."""
    if isinstance(node, MappingNode):
        for _, value in node.value:
            yield from _plain_values(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _plain_values(item)
    elif isinstance(node, ScalarNode) and not node.style and node.tag.endswith(":str"):
        yield node
