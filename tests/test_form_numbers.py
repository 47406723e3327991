"""The form's whole numbers (site_templates/editor/numbers.js) and its date messages (dates.js):
what a clerk types the Indonesian way is read as the clerk means it, or refused with a reason,
never taken as another number (Decap's own number field read 27.000.000 as 27); the words read
back under the field are the letters' own (num2words, `generator.dates.in_words`)."""

from __future__ import annotations

import json
import random
import subprocess

import pytest
from conftest import REPO

from generator.dates import in_words

EDITOR = REPO / "site_templates" / "editor"
RUNNER = """
import { parseWhole, inWords, grouped } from %s;
import { dayProblem, clockProblem } from %s;
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { typed, numbers, days, clocks } = JSON.parse(input);
  process.stdout.write(JSON.stringify({
    typed: typed.map(parseWhole),
    words: numbers.map(inWords),
    grouped: numbers.map(grouped),
    days: days.map(dayProblem),
    clocks: clocks.map(clockProblem),
  }));
});
"""
DECIMAL = "Tulis bilangan bulat: titik hanya untuk memisahkan ribuan (27.000.000), tanpa angka di belakang koma."
NOT_A_NUMBER = "Tulis angka saja, misalnya 27000000 atau 27.000.000."
TYPED = [
    ("27000000", 27000000),
    ("27.000.000", 27000000),
    (" 27.000.000 ", 27000000),
    ("27 000 000", 27000000),
    ("Rp27.000.000,00", 27000000),
    ("Rp 27.000.000", 27000000),
    ("rp. 1.500.000,-", 1500000),
    ("27.000", 27000),  # a dot groups thousands in Indonesian: never 27
    ("0", 0),
    ("-5", -5),
    ("", ""),
    ("27.000.00", DECIMAL),
    ("27,5", DECIMAL),
    ("1.2345", DECIMAL),
    ("27.000 000", NOT_A_NUMBER),  # two kinds of grouping in one number
    ("dua puluh", NOT_A_NUMBER),
    ("27jt", NOT_A_NUMBER),
    ("1e6", NOT_A_NUMBER),
    ("99.999.999.999.999.999", "Bilangan ini terlalu besar."),
]


def in_node(**lists: list) -> dict[str, list]:
    script = RUNNER % (json.dumps((EDITOR / "numbers.js").as_uri()), json.dumps((EDITOR / "dates.js").as_uri()))
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(lists),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_what_a_clerk_types_is_the_number_meant_or_refused_with_a_reason() -> None:
    out = in_node(typed=[t for t, _ in TYPED], numbers=[], days=[], clocks=[])
    for (text, expected), read in zip(TYPED, out["typed"], strict=True):
        assert read == ({"problem": expected} if isinstance(expected, str) and expected else {"value": expected}), text


def test_the_words_under_the_field_are_the_letters_words() -> None:
    rng = random.Random(22)
    numbers = [0, 1, 10, 11, 12, 19, 20, 99, 100, 101, 110, 111, 199, 200, 999, 1000, 1001, 1999, 2000]
    numbers += [10**6, 10**9, 10**12, 27000000, 51200000, 1500000]
    numbers += [rng.randrange(10**k) for k in range(2, 15) for _ in range(40)]
    out = in_node(typed=[], numbers=numbers, days=[], clocks=[])
    assert out["words"] == [in_words(n) for n in numbers]
    assert out["grouped"][numbers.index(27000000)] == "27.000.000"
    assert all(g.replace(".", "") == str(n) for g, n in zip(out["grouped"], numbers, strict=True))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("30-02-2027", "Tanggal 30-02-2027 tidak ada di kalender; periksa hari dan bulannya."),
        ("31-04-2027", "Tanggal 31-04-2027 tidak ada di kalender; periksa hari dan bulannya."),
        ("2027-13-01", "Tanggal 2027-13-01 tidak ada di kalender; periksa hari dan bulannya."),
        ("01-03-1027", "Tahun ditulis empat angka, antara 2000 dan 2099."),
        ("1 Maret 2027", "Tanggal ditulis hari-bulan-tahun, misalnya 02-12-2026."),
        ("01-03-27", "Tanggal ditulis hari-bulan-tahun, misalnya 02-12-2026."),
    ],
)
def test_a_day_not_in_the_calendar_is_told_apart_from_a_day_written_another_way(day: str, message: str) -> None:
    assert in_node(typed=[], numbers=[], days=[day], clocks=[])["days"] == [message]


def test_a_time_that_does_not_exist_is_told_apart_from_one_written_another_way() -> None:
    out = in_node(typed=[], numbers=[], days=[], clocks=["25.00", "08.61", "8 pagi", "08-00"])
    exists, written = (
        "Jam ini tidak ada: tulis antara 00.00 dan 23.59.",
        "Jam ditulis jam.menit (24 jam), misalnya 09.10.",
    )
    assert out["clocks"] == [exists, exists, written, written]
