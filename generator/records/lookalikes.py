"""Text that shows what it is not (issue 21): a name written with a Cyrillic `і` looks like an
official's and is another; a letter number written with Arabic-Indic `٠٢٢` looks like `022` and
is never found a duplicate of it. Refused by class, in every value and key of every file:

- digits of any other script (Arabic-Indic, Devanagari, fullwidth...): numbers are written 0-9;
- a word mixing Latin letters with letters of a script that has Latin look-alikes (Cyrillic,
  Greek, Armenian, Cherokee...) or with compatibility forms (fullwidth, mathematical bold...):
  `Hіdayat`, `Ｙusuf`;
- a word of another script made only of letters that look Latin (`Рара`, Greek `ΑΒΟ`), or only of
  compatibility forms of Latin letters (`Ｙｕｓｕｆ`).

Zero-width joiners and other invisible characters are refused before this, by the loader. An ASCII
file holds none of these: it costs one test of the whole text.
"""

from __future__ import annotations

import re
import unicodedata

from generator.problem import ERROR, Problem
from generator.records.load import KeyPath, Loaded
from generator.records.privacy import strings

MAX_PER_FILE = 20
WORD = re.compile(r"\w+")
# Letters of other scripts that look like Latin letters in the usual fonts (after Unicode's
# confusables list, uppercase and lowercase): a word made only of these reads as a Latin word.
LOOK_LATIN = frozenset(
    "АВЕЅІЈКМНОРСТХУЁЇаеѕіјорсухёїԁԛԝһӏ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧΪοικνρτυχϳ"  # Greek
    "ՕՍՏօհոսցզ"  # Armenian
    "ᎪᏴᏟᎠᎬᏀᎻᏆᎫᏦᏞᎷᏃᏢᏒᏚᎢᏙᏔᎩᏬ"  # Cherokee
)


# Scripts with letters that pass for Latin ones, and compatibility forms (fullwidth, mathematical):
# mixed into a Latin word they make it read as another. Arabic or Han beside Latin letters do not.
LATIN_LOOKING = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU", "COMPAT"})


def check_lookalikes(loaded: Loaded, rel: str) -> list[Problem]:
    """Every value and key of one file that shows other characters than it holds."""
    if not loaded.text or loaded.text.isascii():
        return []
    problems: list[Problem] = []
    for keys, text, is_key in strings(loaded.data):
        why = None if text.isascii() else lookalike(text)
        if why:
            line, column = loaded.where(keys, key=is_key)
            field = "kunci" if is_key else f"'{dotted(keys)}'"
            problems.append(Problem(rel, line, column, ERROR, f"{field} {why[0]}", why[1], "huruf-mirip"))
            if len(problems) >= MAX_PER_FILE:
                break
    return problems


def lookalike(text: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for a text with other-script digits or look-alike words."""
    digit = next((ch for ch in text if ch.isdecimal() and not ch.isascii()), None)
    if digit:
        return (
            f"memuat angka {digit} ({_named(digit)}) dari aksara lain; tampak seperti angka biasa tetapi berbeda",
            "tulis setiap angka dengan 0-9 dari papan ketik biasa",
        )
    for word in WORD.findall(text):
        if not word.isascii() and (why := _word(word)):
            return why, "ketik ulang kata ini dengan huruf Latin biasa (A-Z, a-z, dengan tanda aksen bila perlu)"
    return None


def _word(word: str) -> str | None:
    letters = [ch for ch in word if unicodedata.category(ch) in ("Lu", "Ll", "Lt", "Lo")]
    scripts = {ch: _script(ch) for ch in letters}
    if "LATIN" in scripts.values():
        other = next((ch for ch, script in scripts.items() if script in LATIN_LOOKING), None)
        if other:
            return f"memuat kata '{word}' yang mencampur huruf Latin dengan {other} ({_named(other)})"
        return None
    if letters and all(ch in LOOK_LATIN or _script(ch) == "COMPAT" for ch in letters):
        return f"memuat kata '{word}' yang ditulis dengan huruf mirip Latin ({_named(letters[0])})"
    return None


def _script(ch: str) -> str:
    """The script of a letter by its Unicode name; compatibility forms (fullwidth, mathematical...) apart."""
    if unicodedata.normalize("NFKC", ch) != ch:
        return "COMPAT"
    return unicodedata.name(ch, "?").split(" ", 1)[0]


def _named(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"


def dotted(keys: KeyPath) -> str:
    """A key path as a person reads it: `penomoran.pengantar.per_tujuan[1].nomor` (items from 1)."""
    out = ""
    for key in keys:
        out += f"[{key + 1}]" if isinstance(key, int) else f".{key}" if out else str(key)
    return out
