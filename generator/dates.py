"""Indonesian dates, times, numbers and money, as the Tata Naskah Dinas writes them.

The Babel and num2words calls are remembered: they are slow, and the same dates and
amounts repeat across pages, documents and history."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALE = "id"


def format_date(day: date, pattern: str, locale: str = LOCALE) -> str:
    """Babel's format_date, Babel imported at the first date written (`jejak validate` of records
    without a problem writes none)."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, pattern, locale=locale))


@lru_cache(maxsize=4096)
def long_date(day: date) -> str:
    """`5 Agustus 2024`: no leading zero (CLDR's "long" pattern would zero-pad the day)."""
    return format_date(day, "d MMMM y", locale=LOCALE)


@lru_cache(maxsize=4096)
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


MONEY_SYMBOL = "Rp"


@lru_cache(maxsize=4096)
def month_year(day: date) -> str:
    """`Februari 2024`, for a konsep whose day is not fixed yet."""
    return format_date(day, "MMMM y", locale=LOCALE)


@lru_cache(maxsize=4096)
def place_date(city: str, day: date) -> str:
    """`Pagar Alam, 5 Agustus 2024`: no final period."""
    return f"{city}, {long_date(day)}"


def clock_range(start: time, end: time | None, zone: str = "WIB") -> str:
    """`09.00 s.d. 11.00 WIB`, or `09.00 WIB` when the end is unknown."""
    if end is None or end == start:
        return clock(start, zone)
    return f"{start:%H.%M} s.d. {clock(end, zone)}"


@lru_cache(maxsize=4096)
def date_range(start: date, end: date) -> str:
    """`4 s.d. 6 Maret 2024`, `30 Januari s.d. 2 Februari 2024`, one day as `4 Maret 2024`."""
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} s.d. {long_date(end)}"
    if start.year == end.year:
        return f"{format_date(start, 'd MMMM', locale=LOCALE)} s.d. {long_date(end)}"
    return f"{long_date(start)} s.d. {long_date(end)}"


def grouped(number: int) -> str:
    """`1.500.000`: Indonesian groups thousands with a dot."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def money(amount: int, *, symbol: str = MONEY_SYMBOL, cents: bool = True, space: bool = False) -> str:
    """`Rp1.500.000,00` by default; `symbol`, `cents` and `space` give the office's other styles."""
    text = grouped(amount) + (",00" if cents else "")
    return f"{symbol}{' ' if space else ''}{text}"


@lru_cache(maxsize=4096)
def in_words(number: int) -> str:
    """`dua belas`: num2words in Indonesian (what `num2words(number, lang="id")` says of a number)."""
    return str(_indonesian_words().to_cardinal(number))


@lru_cache(maxsize=1)
def _indonesian_words() -> Any:
    """num2words' Indonesian converter. `import num2words` imports every language it knows (~60
    modules, 0.03-0.05 s); its lang_ID.py imports nothing, so it is loaded alone, under a name of
    its own (the package is not touched)."""
    import importlib.util

    package = importlib.util.find_spec("num2words")  # found, not run
    folders = list(package.submodule_search_locations or ()) if package else []
    path = Path(folders[0], "lang_ID.py") if folders else None
    spec = importlib.util.spec_from_file_location("jejak_num2words_id", path) if path and path.is_file() else None
    if spec is None or spec.loader is None:  # pragma: no cover - another layout: the package's own way
        from num2words import CONVERTER_CLASSES

        return CONVERTER_CLASSES["id"]
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Num2Word_ID()


@lru_cache(maxsize=4096)
def number_with_words(number: int) -> str:
    """`12 (dua belas)`, as letters write counts."""
    return f"{number} ({in_words(number)})"


@lru_cache(maxsize=4096)
def money_in_words(amount: int) -> str:
    """`empat puluh delapan juta lima ratus ribu rupiah`."""
    return f"{in_words(amount)} rupiah"
