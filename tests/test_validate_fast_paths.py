"""The shortcut `jejak validate` takes on the usual moment (issue 22): `parse_moment` reads
`YYYY-MM-DD HH:MM` in one step, and gives what the long way gives for every other text too. Each
case is compared with the long way, not with a remembered answer."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from generator.records.model import parse_date, parse_moment


def _moment_long_way(text: str, end_of_day: bool) -> datetime:
    day, _, clock = text.partition(" ")
    if not clock:
        return datetime.combine(parse_date(day), time(23, 59) if end_of_day else time(0, 0))
    hours, minutes = clock.replace(".", ":").split(":")
    return datetime.combine(parse_date(day), time(int(hours), int(minutes)))


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-29 08:00",
        "2024-01-29 08.00",
        "2024-01-29",
        "2024-W05-1 08:00",  # an ISO week date: both ways read it
        "2024-01-29 24:00",  # no 24th hour (some Pythons read one in fromisoformat)
        "2024-01-29 08:60",
        "2024-02-30 08:00",
        "2024-01-29 +8:00",  # int() reads a sign, fromisoformat does not: the long way decides
        "2024-01-29 ٠٨:00",  # Arabic-Indic digits: likewise
        "2024-01-29T08:00",
        "2024-01-2908:00",
        "2024 01-29 08:00",
    ],
)
@pytest.mark.parametrize("end_of_day", [False, True])
def test_parse_moment_reads_as_the_long_way(text: str, end_of_day: bool) -> None:
    try:
        expected: object = _moment_long_way(text, end_of_day)
    except ValueError as exc:
        expected = ("ValueError", str(exc))
    try:
        found: object = parse_moment(text, end_of_day=end_of_day)
    except ValueError as exc:
        found = ("ValueError", str(exc))
    assert found == expected
