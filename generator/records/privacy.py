"""Personal data (UU 27/2022 on personal data protection): NIK numbers, mobile phone numbers
and e-mail addresses, found however they are written.

Texts are compared after Unicode NFKC normalisation (fullwidth digits and `＠` become ASCII),
with every decimal digit of any script read as 0-9, invisible characters removed, `(at)` and
`(dot)` read as `@` and `.`, and digit groups joined across the separators people type between
them (spaces, NBSP, dots, dashes, slashes, brackets). Every scan is linear in the text: digit
groups are found by one regular expression without nested repetition, and each `@` is looked
at within a bounded window.

Records, the office record and the SOP files are checked (`check_personal_data`); texts the
portal shows but Jejak cannot refuse (commit subjects, author names and e-mail addresses from
Git) are masked (`mask_personal`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from generator.problem import ERROR, Problem
from generator.records.invisible import INVISIBLE
from generator.records.load import KeyPath, Loaded
from generator.records.privacy_probe import DIGITS, NIK, OTHER_DIGIT, PHONE, may_hold_personal, number_kind

EMAIL = "surel"
# Digit groups of one number, with at most three separators between groups (`0812 - 3456`, `32.01`).
# Separators and digits are disjoint, so the pattern cannot backtrack: one pass over the text.
RUN = re.compile(r"[0-9]+(?:[ .\-/_()+'\u00a0]{1,3}[0-9]+)*")
MAX_FOUND = 20  # per text
MAX_PER_FILE = 50  # problems per file: the report shows no more
AT_WORD = re.compile(r"[\(\[\{<] ?at ?[\)\]\}>]|(?<=[a-z0-9]) at (?=[a-z0-9][a-z0-9-]{0,62} ?(?:\.|dot))", re.I)
DOT_WORD = re.compile(r" ?[\(\[\{<] ?dot ?[\)\]\}>] ?| dot (?=[a-z]{2,24}\b)| ?\. ?", re.I)
# Bounded repetitions only: at most 64 + 2 + 8 * 64 + 24 characters are looked at from any start.
EMAIL_PATTERN = re.compile(r"[a-z0-9._%+-]{1,64} ?@ ?[a-z0-9](?:[a-z0-9-]{0,62}\.){1,8}[a-z]{2,24}(?![a-z0-9-])", re.I)


@dataclass(frozen=True)
class Found:
    kind: str  # nik | telepon | surel
    start: int  # in the normalised text
    end: int
    value: str  # digits only, or the e-mail address in lower case


@dataclass(frozen=True)
class Own:
    """What the office may publish of itself: its own e-mail addresses and their domains."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @classmethod
    def of(cls, office: Any) -> Own:
        """The office's address and its people's (records/kantor.yaml); the domain of the office's own."""
        if office is None:
            return cls()
        mine = [office.letterhead.email] if office.letterhead.email else []
        people = [e for person in office.people.values() for e in person.emails]
        emails = frozenset(e.strip().lower() for e in mine + people if "@" in e)
        return cls(emails, frozenset(e.strip().lower().rsplit("@", 1)[1] for e in mine if "@" in e))

    @classmethod
    def of_data(cls, data: Any) -> Own:
        """The same, read from the office record's data before it is checked (any shape)."""
        if not isinstance(data, dict):
            return cls()
        kop: Any = data.get("kop")
        office = kop.get("surel") if isinstance(kop, dict) else None
        mine: list[str] = [office] if isinstance(office, str) else []
        people: Any = data.get("orang")
        listed = [p.get("surel") for p in people if isinstance(p, dict)] if isinstance(people, list) else []
        others = [e for emails in listed if isinstance(emails, list) for e in emails if isinstance(e, str)]
        emails = frozenset(e.strip().lower() for e in mine + others if "@" in e)
        return cls(emails, frozenset(e.strip().lower().rsplit("@", 1)[1] for e in mine if "@" in e))

    def allows(self, email: str) -> bool:
        return email in self.emails or email.rsplit("@", 1)[-1] in self.domains


NOBODY = Own()  # no address is anyone's own

MESSAGES = {
    NIK: (
        "angka 16 digit ini menyerupai NIK",
        "catatan kegiatan tidak boleh memuat NIK (UU 27/2022 tentang Pelindungan Data Pribadi); hapus angka ini",
    ),
    PHONE: (
        "catatan memuat nomor telepon",
        "catatan kegiatan tidak boleh memuat nomor telepon peserta atau orang lain; hapus nomor ini",
    ),
    EMAIL: (
        "catatan memuat alamat surel",
        "catatan kegiatan tidak boleh memuat alamat surel peserta atau orang lain; hapus alamat ini",
    ),
}


def normalise(text: str) -> str:
    """NFKC, digits of every script as ASCII, invisible characters removed, and the
    spelled-out or spaced forms of `@` and `.` of an e-mail address written as `@` and `.`."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = INVISIBLE.sub("", text)
        text = OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    if "@" in text or "at" in text.lower():  # `nama (at) contoh (dot) com`, `nama @ contoh . com`
        text = AT_WORD.sub("@", DOT_WORD.sub(".", text))
    return text


def find_personal(text: str, own: Own = NOBODY) -> list[Found]:
    """Every NIK, mobile number and e-mail address (not the office's own) in one normalised text."""
    numbers = islice(_numbers(text), MAX_FOUND)
    found = [Found(f.kind, f.start - 1, f.end, f.value) if text[f.start - 1 : f.start] == "+" else f for f in numbers]
    if "@" in text:
        found += islice((f for f in _emails(text) if not own.allows(f.value)), MAX_FOUND)
    return sorted(found, key=lambda f: f.start)


CHUNK = 256  # groups judged at a time: a long run stops as soon as enough is found
Unit = tuple[int, int, str, bool]  # start, end, digits, whether it is a date or a clock time


def _numbers(text: str) -> Iterator[Found]:
    """Runs of digit groups; within each, the numbers made of whole groups (dates kept whole)."""
    for run in RUN.finditer(text):
        if run.end() - run.start() < 10:  # fewer characters cannot hold ten digits
            continue
        pending: list[re.Match[str]] = []
        for group in DIGITS.finditer(text, run.start(), run.end()):
            pending.append(group)
            if len(pending) == CHUNK + 16:  # a number spans at most 16 groups: judge these, keep the overlap
                yield from _judge(_units(pending), pending[CHUNK].start())
                pending = pending[CHUNK:]
        yield from _judge(_units(pending), run.end())


def _units(run: list[re.Match[str]]) -> list[Unit]:
    """The run's groups, with dates and clock times kept whole: never cut, never a number alone."""
    lengths = [m.end() - m.start() for m in run]
    units: list[Unit] = []
    index, count = 0, len(run)
    while index < count:
        size = 1
        if index + 2 < count and lengths[index + 1] == 2 and (lengths[index], lengths[index + 2]) in ((4, 2), (2, 4)):
            size = 3 if _is_date(run[index : index + 3]) else 1
        if size == 1 and index + 1 < count and lengths[index] == lengths[index + 1] == 2:
            size = 2 if _is_time(run[index : index + 2]) else 1
        if size == 1:
            units.append((run[index].start(), run[index].end(), run[index].group(), False))
        else:
            part = run[index : index + size]
            units.append((part[0].start(), part[-1].end(), "".join(m.group() for m in part), True))
        index += size
    return units


def _judge(units: list[Unit], stop: int) -> Iterator[Found]:
    """A NIK (16 digits) or mobile number made of consecutive whole units, not all of them dates.
    The digits are joined once and prefix sums give the one window of each length from each
    unit: constant work per unit."""
    compact = "".join(u[2] for u in units)
    total, calendar, singles, after = [0], [0], [0], {0: 0}
    for i, (_, _, digits, is_calendar) in enumerate(units, 1):
        total.append(total[-1] + len(digits))
        calendar.append(calendar[-1] + is_calendar)
        singles.append(singles[-1] + (len(digits) == 1))
        after[total[-1]] = i
    index = 0
    while index < len(units) and units[index][0] < stop:
        begin = total[index]
        head = compact[begin : begin + 3]
        lengths = (16, 13, 12, 11, 10) if head[:2] == "08" else (16, 14, 13, 12, 11) if head == "628" else (16,)
        found = None
        for length in lengths:
            end = after.get(begin + length)
            if end is None or calendar[end] - calendar[index] == end - index:
                continue
            digits = compact[begin : begin + length]
            kind = number_kind(digits, singles[end] == singles[index])
            if kind:
                found = Found(kind, units[index][0], units[end - 1][1], digits), end
                break
        if found:
            yield found[0]
        index = found[1] if found else index + 1


def _is_date(parts: list[re.Match[str]]) -> bool:
    values = [m.group() for m in parts]
    if [len(p) for p in values] == [2, 2, 4]:
        values = values[::-1]
    if [len(p) for p in values] != [4, 2, 2]:
        return False
    year, month, day = (int(p) for p in values)
    return 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31


def _is_time(parts: list[re.Match[str]]) -> bool:
    values = [m.group() for m in parts]
    return [len(p) for p in values] == [2, 2] and int(values[0]) < 24 and int(values[1]) < 60


def _emails(text: str) -> Iterator[Found]:
    for match in EMAIL_PATTERN.finditer(text):
        yield Found(EMAIL, match.start(), match.end(), match.group().replace(" ", "").lower())


# --- channels ----------------------------------------------------------------------------


def check_personal_data(loaded: Loaded, rel: str, own: Own = NOBODY, allowed: tuple[str, ...] = ()) -> list[Problem]:
    """No NIK, mobile number or e-mail address (other than the office's own) in any value, key or
    comment of one file. Values are read as parsed (escapes and folded lines undone); comments
    line by line. `allowed` names keys whose values are the office's own contact details."""
    if loaded.text and not may_hold_personal(loaded.text):
        return []  # the usual record: one pass over its text says no value can hold a finding
    return scan_personal_data(loaded, rel, own, allowed)


def scan_personal_data(loaded: Loaded, rel: str, own: Own = NOBODY, allowed: tuple[str, ...] = ()) -> list[Problem]:
    """check_personal_data without the prefilter: every string and comment judged."""
    problems: dict[tuple[int, int], Problem] = {}
    for keys, text, is_key in strings(loaded.data):
        if len(problems) > MAX_PER_FILE:  # the report shows 50 per file: the rest is not worth the time
            return sorted(problems.values())
        if (not is_key and any(k in allowed for k in keys[-2:])) or not _worth_a_look(text):
            continue
        normal = normalise(text)
        for found in find_personal(normal, own):
            line, column = loaded.where(keys, key=is_key)
            column += _offset(loaded.text, line, column, text, found.start) if normal == text else 0
            problems.setdefault((line, column), _problem(rel, line, column, found.kind))
    if "#" in loaded.text:
        for number, row in enumerate(loaded.text.split("\n"), 1):
            comment = _comment(row) if "#" in row else ""
            if len(problems) > MAX_PER_FILE:
                break
            if not comment or not _worth_a_look(comment):
                continue
            normal = normalise(comment)
            for found in find_personal(normal, own):
                column = len(row) - len(comment) + 1 + (found.start if normal == comment else 0)
                problems.setdefault((number, column), _problem(rel, number, column, found.kind))
    return sorted(problems.values())


def _offset(text: str, line: int, column: int, value: str, start: int) -> int:
    """Where in a one-line value the finding starts, when the value stands in the file as parsed."""
    begin = sum(len(x) + 1 for x in text.split("\n", line - 1)[: line - 1]) + column - 1
    if text.startswith(value, begin):
        return start
    if text[begin : begin + 1] in ("'", '"') and text.startswith(value, begin + 1):
        return start + 1
    return 0


def _worth_a_look(text: str) -> bool:
    """False for plain ASCII text that can hold no number and no address (most values): a fast answer."""
    if not text.isascii():
        return True
    if "@" in text or DIGITS.search(text):
        return True
    lower = text.lower()
    return "at" in lower and any(mark in lower for mark in ("(at", "[at", "{at", "<at", " at "))


def _comment(line: str) -> str:
    """The comment of one YAML line: from a '#' that starts the line or follows a space."""
    if line.lstrip().startswith("#"):
        return line.lstrip()
    index = line.find(" #")
    return line[index + 1 :] if index != -1 else ""


def _problem(rel: str, line: int, column: int, kind: str) -> Problem:
    message, hint = MESSAGES[kind]
    return Problem(rel, line, column, ERROR, message, hint, "data-pribadi")


def strings(data: Any, keys: KeyPath = ()) -> Iterator[tuple[KeyPath, str, bool]]:
    """(key path, text, whether it is a key) of every string in parsed data, keys included."""
    if isinstance(data, str):
        yield keys, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            yield (*keys, key), str(key), True
            yield from strings(value, (*keys, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*keys, index))


def name_problem(rel: str) -> Problem | None:
    """A file or folder name that carries personal data (it is published and kept in Git)."""
    found = find_personal(normalise(rel.replace("/", " / ")))
    return _problem(rel, 1, 1, found[0].kind) if found else None


def mask_personal(text: str, own: Own = NOBODY) -> str:
    """The text with every NIK, mobile number and foreign e-mail address replaced by a mask, for
    texts Jejak shows but cannot refuse (commit subjects and authors, mergers' addresses)."""
    normal = normalise(text)
    found = find_personal(normal, own)
    if not found:
        return text
    out, last = [], 0
    for item in found:
        if item.start < last:
            continue
        out += [normal[last : item.start], _mask(item)]
        last = item.end
    return "".join(out) + normal[last:]


def _mask(found: Found) -> str:
    if found.kind == EMAIL:
        local, domain = found.value.split("@", 1)
        return f"{local[:1]}…@…{domain[domain.rfind('.') :]}"
    return "[nomor disamarkan]"
