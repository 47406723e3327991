"""Indonesian dates, times, numbers and money, as the Tata Naskah Dinas writes them."""

from __future__ import annotations

from datetime import date, datetime, time

from babel.dates import format_date

LOCALE = "id"


def long_date(day: date) -> str:
    """`5 Agustus 2024`: no leading zero (CLDR's "long" pattern would zero-pad the day)."""
    return format_date(day, "d MMMM y", locale=LOCALE)


def weekday_date(day: date) -> str:
    """`Senin, 5 Agustus 2024`."""
    return format_date(day, "EEEE, d MMMM y", locale=LOCALE)


def clock(t: time, zone: str = "WIB") -> str:
    """`09.00 WIB`: Indonesian writes the hour with a dot."""
    return f"{t:%H.%M} {zone}".strip()


def moment_text(moment: datetime | None) -> str:
    """A moment as a record writes it (`2024-02-01 10:05`), a bare date when it had no clock."""
    if moment is None:
        return "-"
    if moment.time() in (time(0, 0), time(23, 59)):
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M}"
