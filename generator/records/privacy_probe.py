"""The number rules of the personal-data scan (privacy.py), and a prefilter that reads a file's raw
text once and says whether any of its values, keys or comments can hold personal data at all: for
the usual record it cannot, and the scan of every string (a Python step per string) is skipped."""

from __future__ import annotations

import re
import unicodedata

from generator.records.invisible import INVISIBLE

NIK, PHONE = "nik", "telepon"
DIGITS = re.compile(r"[0-9]+")
OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script (Arabic-Indic, Devanagari...)


def number_kind(digits: str, grouped: bool) -> str | None:
    if len(digits) == 16:
        # Budget codes (`2.07.0.00.0.00.01.0000`) also run to 16 digits, in groups of one.
        return NIK if 11 <= int(digits[:2]) <= 96 and (grouped or _born(digits)) else None
    if digits.startswith("08") and 10 <= len(digits) <= 13:
        return PHONE
    if digits.startswith("628") and 11 <= len(digits) <= 14:
        return PHONE
    return None


def _born(digits: str) -> bool:
    """A NIK's birth day (women: +40) and month after the six digits of the region."""
    day, month = int(digits[6:8]), int(digits[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


# The text's bytes as their shape: a digit as '0', a separator a number may hold (and a line break:
# a folded line becomes a space) as ' ', anything else as 'x'. Ten or more digits joined by any run
# of separators (every run of a parsed value, key or comment that can hold a number lies inside one)
# are then found by a pattern that starts with a literal: several times faster to search than the
# text itself. Separators and digits are disjoint, and a start without ten digits fails within them.
SEPARATORS = b" .-/_()+'\n"
SHAPE = bytes(48 if 48 <= b <= 57 else 32 if b in SEPARATORS else 120 for b in range(256))
PROBE_RUN = re.compile(rb"0(?: *0){9,}")
# `at` before a space or closing bracket and after a space, line break or opening bracket (in lower
# case), in one search: the literal `at` first (found fast), the character before it judged from
# there (a lookbehind first would be tried at every position: 6x slower).
SPELLED_AT = re.compile(r"at(?<=[ \t\n(\[{<]at)[\s)\]}>]")
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
MAX_PROBE_GROUPS = 64


def may_hold_personal(text: str) -> bool:
    """False when no value, key or comment of this YAML text can hold a NIK, a mobile number or an
    e-mail address: a superset of what the exact scan finds, read from the raw text in one pass.

    Every character of a parsed string stands in the text as written, except escapes of double-quoted
    values (then the answer is True) and folded lines (a line break between digit groups is allowed
    here). Non-ASCII text is read NFKC-normalised with every script's digits as 0-9, as normalise()
    reads each value (invisible characters never reach here: the loader refuses them). A number is
    possible only where some window of whole digit groups has the length and prefix of one; dates
    and clock times are not set apart here, so this can only say yes more often than the scan."""
    if "\\" in text and '"' in text:
        return True  # `"\x30\x38..."` writes digits that are not in the text
    probe = text if text.isascii() else NON_ASCII.sub(_probe_part, text)
    if "@" in probe or _spelled_at(probe):
        return True
    raw = probe.encode("utf-8", "surrogatepass")
    return any(_may_be_number(raw[run.start() : run.end()]) for run in PROBE_RUN.finditer(raw.translate(SHAPE)))


def _may_be_number(run: bytes) -> bool:
    """Whether a run of digit groups holds a NIK or mobile number by number_kind(): at once no when it has
    fewer than 16 digits and no `08` or `628` with ten digits after its start (most dates and times)."""
    digits = run.translate(None, SEPARATORS)
    end = len(digits) - 8  # `08` at most ten digits from the end; `628` at most eleven
    if len(digits) < 16 and digits.find(b"08", 0, end) == -1 and digits.find(b"628", 0, end) == -1:
        return False
    return _window(DIGITS.findall(run.decode("ascii")))


def _spelled_at(text: str) -> bool:
    """An `at` word that AT_WORD could read as `@`: after a space, line break or bracket."""
    return SPELLED_AT.search(text.lower()) is not None


def _probe_part(match: re.Match[str]) -> str:
    """A run of non-ASCII characters read as normalise() reads it."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", match.group()))
    return OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def _window(groups: list[str]) -> bool:
    """Whether some consecutive whole groups make a NIK or a mobile number by number_kind(). A run of more
    than MAX_PROBE_GROUPS groups is handed to the exact scan (it is built for such runs)."""
    if len(groups) > MAX_PROBE_GROUPS:
        return True
    compact = "".join(groups)
    begin = 0
    for first, group in enumerate(groups):
        left = len(compact) - begin
        if left < 10:
            return False
        if left >= 16 or compact.startswith(("08", "628"), begin):
            digits, grouped = "", True
            for part in groups[first:]:
                digits += part
                grouped = grouped and len(part) > 1
                if len(digits) > 16:
                    break
                if len(digits) >= 10 and number_kind(digits, grouped):
                    return True
        begin += len(group)
    return False
