"""Bounds that keep a valid record cheap to build: dates near the event's year (a step from
0001 to 9999 is a typing mistake, and every day of a span costs the working-day count time) and
participants within the quota."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from generator.records.model import Event
from generator.records.privacy import strings

if TYPE_CHECKING:
    from generator.records.checks import Report

DATE_SHAPE = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}(?: [0-9]{2}[:.][0-9]{2})?")
YEARS_AROUND = 2  # an event's dates lie within two years of the year in its code


def check_dates_near(event: Event, report: Report) -> bool:
    """Every date of an event within YEARS_AROUND of its year: a step from 0001 to 9999 is a typing
    mistake, and each day of a span costs the working-day count time. False when one is not."""
    year = int(event.code[:4])
    for keys, value, _ in strings(event.source.loaded.data):
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


def check_quota(event: Event, report: Report) -> None:
    if event.quota and len(event.participants) > event.quota:
        report.warn(
            event.source.where("peserta", key=True),
            f"jumlah peserta ({len(event.participants)} orang) melebihi kuota ({event.quota} orang)",
            "periksa daftar peserta, atau naikkan 'kuota' bila memang sudah disetujui",
            code="melebihi-kuota",
        )
