"""Indonesian formatting of dates, times, numbers and money, as the Tata Naskah Dinas writes them."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.dates import (
    clock,
    clock_range,
    date_range,
    grouped,
    in_words,
    long_date,
    money,
    money_in_words,
    month_year,
    number_with_words,
    place_date,
    weekday_date,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 8, 5), "5 Agustus 2024"),
        (date(2024, 1, 23), "23 Januari 2024"),
        (date(2025, 12, 1), "1 Desember 2025"),
    ],
)
def test_long_date_has_no_leading_zero(day: date, expected: str) -> None:
    assert long_date(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 8, 5), "Senin, 5 Agustus 2024"),
        (date(2024, 2, 26), "Senin, 26 Februari 2024"),
        (date(2025, 10, 4), "Sabtu, 4 Oktober 2025"),
        (date(2024, 3, 3), "Minggu, 3 Maret 2024"),
    ],
)
def test_weekday_date(day: date, expected: str) -> None:
    assert weekday_date(day) == expected


def test_place_date_and_month_year() -> None:
    assert place_date("Pagar Alam", date(2024, 8, 5)) == "Pagar Alam, 5 Agustus 2024"
    assert month_year(date(2024, 2, 1)) == "Februari 2024"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (time(9, 0), None, "09.00 WIB"),
        (time(9, 0), time(11, 30), "09.00 s.d. 11.30 WIB"),
        (time(7, 30), time(7, 30), "07.30 WIB"),
    ],
)
def test_clock_range(start: time, end: time | None, expected: str) -> None:
    assert clock_range(start, end) == expected


def test_clock_writes_the_hour_with_a_dot() -> None:
    assert clock(time(9, 0)) == "09.00 WIB"
    assert clock(time(14, 5), "WITA") == "14.05 WITA"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 3, 4), date(2024, 3, 6), "4 s.d. 6 Maret 2024"),
        (date(2024, 1, 30), date(2024, 2, 2), "30 Januari s.d. 2 Februari 2024"),
        (date(2024, 12, 30), date(2025, 1, 2), "30 Desember 2024 s.d. 2 Januari 2025"),
        (date(2024, 3, 4), date(2024, 3, 4), "4 Maret 2024"),
    ],
)
def test_date_range(start: date, end: date, expected: str) -> None:
    assert date_range(start, end) == expected


@pytest.mark.parametrize(
    ("amount", "options", "expected"),
    [
        (1500000, {}, "Rp1.500.000,00"),
        (48500000, {}, "Rp48.500.000,00"),
        (0, {}, "Rp0,00"),
        (999, {}, "Rp999,00"),
        (1500000, {"cents": False}, "Rp1.500.000"),
        (1500000, {"space": True, "cents": False}, "Rp 1.500.000"),
        (1500000, {"symbol": "IDR ", "cents": True}, "IDR 1.500.000,00"),
    ],
)
def test_money(amount: int, options: dict, expected: str) -> None:
    assert money(amount, **options) == expected


def test_grouped_negative() -> None:
    assert grouped(-1234567) == "-1.234.567"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "satu"),
        (11, "sebelas"),
        (12, "dua belas"),
        (100, "seratus"),
        (1000, "seribu"),
        (1500000, "satu juta lima ratus ribu"),
    ],
)
def test_in_words(number: int, expected: str) -> None:
    assert in_words(number) == expected


def test_counts_and_money_in_words() -> None:
    assert number_with_words(12) == "12 (dua belas)"
    assert money_in_words(48500000) == "empat puluh delapan juta lima ratus ribu rupiah"


@given(st.integers(min_value=0, max_value=10**13))
def test_money_reads_back_to_the_amount(amount: int) -> None:
    text = money(amount)
    assert text.startswith("Rp") and text.endswith(",00")
    groups = text[2:-3].split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    assert int("".join(groups)) == amount


@given(st.integers(min_value=0, max_value=10**12))
def test_every_amount_has_words(amount: int) -> None:
    words = money_in_words(amount)
    assert words.endswith(" rupiah") and words == words.lower() and not any(c.isdigit() for c in words)


def test_numbers_in_words_are_num2words_own() -> None:
    # dates.py loads num2words' Indonesian converter by itself (start-up): every figure a letter
    # spells must read as the library's own `num2words(n, lang="id")`, or an upgrade broke it
    from num2words import num2words

    from generator.dates import in_words

    numbers = [*range(0, 1001), 1_500, 12_345, 100_000, 1_000_000, 1_500_000, 25_750_000, 999_999_999]
    for number in numbers:
        assert in_words(number) == num2words(number, lang="id"), number
