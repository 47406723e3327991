"""What was wrong with the way a date or a time was written, and the same moment written right.

`25/11/2026`, `25 November 2026`, `2027-1-11`, `8:00` and `2026-11-25T08:00` are real dates
and times in a form the records do not use: the message says what was recognised and
gives the value as it must be written, so the fix can be copied.
"""

from __future__ import annotations

import re
from datetime import date, time

MONTHS = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "feb", "pebruari", "february"), 2),
    **dict.fromkeys(("maret", "mar", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nov", "nopember"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
NAMED_MONTH = re.compile(r"(\d{1,2}) +([A-Za-z]+)\.? +(\d{4})")
YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
CLOCK = re.compile(r"(?P<sep>T| +)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?P<s>[:.]\d{2})?(?P<zone> *[A-Za-z]+)?")
CLOCK_ONLY = re.compile(r"\d{1,2}[:.]\d{2}")

DATE_FORMAT = "TTTT-BB-HH (tahun-bulan-tanggal)"
MOMENT_FORMAT = "TTTT-BB-HH JJ:MM (tahun-bulan-tanggal jam:menit waktu kantor; jam boleh tidak ditulis)"


def explain_written(value: str, with_time: bool) -> tuple[str, str] | None:
    """(what was recognised, the hint with the corrected value), or None when nothing was."""
    layout = MOMENT_FORMAT if with_time else DATE_FORMAT
    if CLOCK_ONLY.fullmatch(value):
        example = f"2026-11-25 {_clock(value)}" if with_time else "2026-11-25"
        return "berisi jam tanpa tanggal", f"tulis tanggalnya juga, misalnya {example}; formatnya {layout}"
    found = _recognise(value)
    if found is None:
        return None
    day, said, rest = found
    clock, clock_said = _read_clock(rest, with_time)
    if clock is False:
        return None
    said += clock_said
    if not said:
        return None
    fixed = f"{day:%Y-%m-%d}" + (f" {clock:%H:%M}" if isinstance(clock, time) else "")
    return "; ".join(said), f"tulis {fixed}; formatnya {layout}"


def _recognise(value: str) -> tuple[date, list[str], str] | None:
    """The date at the start of a value, what was unusual about it, and the text after it."""
    try:
        if m := DAY_MONTH_YEAR.match(value):
            day = date(int(m.group(4)), int(m.group(3)), int(m.group(1)))
            return day, [f"ditulis sebagai tanggal{m.group(2)}bulan{m.group(2)}tahun"], value[m.end() :]
        if (m := NAMED_MONTH.match(value)) and m.group(2).lower() in MONTHS:
            day = date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
            return day, ["ditulis dengan nama bulan"], value[m.end() :]
        if m := YEAR_FIRST.match(value):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            short = len(m.group(2)) < 2 or len(m.group(3)) < 2
            return day, ["ditulis dengan bulan atau tanggal satu angka"] if short else [], value[m.end() :]
    except ValueError:
        return None  # not a day of the calendar: said by the caller
    return None


def _read_clock(rest: str, with_time: bool) -> tuple[time | None | bool, list[str]]:
    """(the clock time after the date, or None when there is none, or False when unreadable; what was unusual)."""
    if not rest:
        return None, []
    m = CLOCK.fullmatch(rest)
    if m is None:
        return False, []
    try:
        clock = time(int(m.group("h")), int(m.group("m")))
    except ValueError:
        return False, []
    if not with_time:
        return None, ["memuat jam, padahal isian ini hanya tanggal"]
    said = []
    if m.group("sep") == "T":
        said.append("memisahkan tanggal dan jam dengan huruf 'T'")
    elif not m.group("sep") or m.group("sep") != " ":
        said.append("tidak memisahkan tanggal dan jam dengan satu spasi")
    if len(m.group("h")) < 2:
        said.append("ditulis dengan jam satu angka")
    if m.group("s"):
        said.append("memuat detik")
    if m.group("zone"):
        said.append("memuat zona waktu (semua jam dalam waktu kantor, zonanya tidak ditulis)")
    return clock, said


def _clock(text: str) -> str:
    hours, minutes = re.split("[:.]", text)
    return f"{int(hours):02d}:{minutes}"
