"""Bounds that keep a valid record cheap to build: dates near the event's year (a step from
0001 to 9999 is a typing mistake, and every day of a span costs the working-day count time),
participants within the quota, problems per file capped, only regular files read, and letter
numbers compared in one normalised form."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.problem import ERROR, Problem
from generator.records.kinds import PEOPLE, QUOTA
from generator.records.model import Event, Sop
from generator.records.privacy import strings

if TYPE_CHECKING:
    from generator.records.checks import Report

MAX_PROBLEMS = 50  # per file: a list of half a million bad items is one mistake, said 50 times at most

DATE_SHAPE = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}(?: [0-9]{2}[:.][0-9]{2})?")
# Where a date's month and day stand in a file's raw text (a date value stands there as written,
# unless a double-quoted escape writes it); its year is the four characters before. Starting with
# a literal '-' makes the search several times faster than starting with the year's digits.
DATE_TAIL = re.compile(r"-[0-9]{2}-[0-9]{2}")
YEARS_AROUND = 2  # an event's dates lie within two years of the year in its code


def check_dates_near(event: Event, report: Report) -> bool:
    """Every date of an event within YEARS_AROUND of its year: a step from 0001 to 9999 is a typing
    mistake, and each day of a span costs the working-day count time. False when one is not."""
    year = int(event.code[:4])
    loaded = event.source.loaded
    if _all_near(loaded.text, year):
        return True  # the usual record: one pass over its text
    for keys, value, _ in strings(loaded.data):
        match = DATE_SHAPE.fullmatch(value) if len(value) <= 16 else None
        if match and abs(int(match.group(1)) - year) > YEARS_AROUND:
            report.add(
                partial(event.source.loaded.where, keys),
                f"tanggal {value} terlalu jauh dari tahun kegiatan {year}",
                f"tanggal kegiatan {event.code} ada di antara tahun {year - YEARS_AROUND} dan {year + YEARS_AROUND}; "
                "periksa penulisan tahunnya",
                code="tanggal-jauh",
            )
            return False
    return True


def _all_near(text: str, year: int) -> bool:
    """Every date-shaped place of a file's text near `year`, and no double-quoted escape that could
    write a date the text does not show: then no value is a date far away."""
    if not text or ("\\" in text and '"' in text):
        return False
    for tail in DATE_TAIL.finditer(text):
        found = text[tail.start() - 4 : tail.start()]
        if len(found) == 4 and found.isascii() and found.isdigit() and abs(int(found) - year) > YEARS_AROUND:
            return False
    return True


def check_quota(event: Event, sop: Sop, report: Report) -> None:
    """The people of the event's list of kind `peserta` within its field of kind `kuota`."""
    people, quota = sop.event_field(PEOPLE), sop.event_field(QUOTA)
    if people and quota and event.quota and len(event.participants) > event.quota:
        report.warn(
            event.source.where(people, key=True),
            f"jumlah {people} ({len(event.participants)} orang) melebihi {quota} ({event.quota} orang)",
            f"periksa daftar {people}, atau naikkan '{quota}' bila memang sudah disetujui",
            code="melebihi-kuota",
        )


def capped(problems: list[Problem]) -> Iterator[Problem]:
    """At most MAX_PROBLEMS per file, then one line saying how many more there are."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
        if counts[problem.path] <= MAX_PROBLEMS:
            yield problem
    for path, count in counts.items():
        if count > MAX_PROBLEMS:
            yield Problem(
                path,
                1,
                1,
                ERROR,
                f"masih ada {count - MAX_PROBLEMS} masalah lain di berkas ini (ditampilkan {MAX_PROBLEMS} pertama)",
                "perbaiki masalah di atas lebih dulu, lalu periksa ulang",
                "terlalu-banyak",
            )


def not_regular(rel: str, path: Path) -> Problem | None:
    """A folder, pipe, socket or device named like a record: reading a pipe would wait forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # load_file says why it cannot be read
    if stat.S_ISREG(mode):
        return None
    what = "folder" if stat.S_ISDIR(mode) else "pipa (FIFO)" if stat.S_ISFIFO(mode) else "berkas khusus"
    return Problem(
        rel,
        1,
        1,
        ERROR,
        f"'{rel}' adalah {what}, bukan berkas biasa; tidak dibaca",
        "catatan disimpan sebagai berkas teks biasa berakhiran .yaml; hapus atau ganti nama yang ini",
        "bukan-berkas",
    )


def same_number(value: str) -> str:
    """The form two letter numbers are compared in: `500.15.4/021/BLK/2024` and `500.15.4 / 21 / blk / 2024`
    (or the same in fullwidth letters) are one number."""
    text = unicodedata.normalize("NFKC", value).casefold()
    text = "".join(text.split())
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", text)
