"""The one-pass prefilters over a file's raw text (issue 22) never hide a finding: whenever the
personal-data prefilter says a text cannot hold personal data, the exact scan of every value, key
and comment finds none; whenever the dates prefilter says every date is near, no value is far.
Texts are real YAML written every way a person or a tool writes it (plain, quoted, folded, block,
flow, comments), from pieces chosen to sit on the edges of the number and e-mail rules (the spaces Word pastes are
left out: the loader refuses them before any scan)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.records.checks_limits import DATE_SHAPE, YEARS_AROUND, _all_near
from generator.records.load import LoadError, load_text
from generator.records.privacy import scan_personal_data, strings
from generator.records.privacy_probe import may_hold_personal

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = [
    *"0123456789",
    "08",
    "628",
    "0812",
    "16",
    "71",
    "2024",
    "1999",
    " ",
    ".",
    "-",
    "/",
    "_",
    "(",
    ")",
    "+",
    "'",
    "@",
    "\uff20",
    "\ufe6b",
    " at ",
    "(at)",
    "[at]",
    " dot ",
    "(dot)",
    "com",
    "siti",
    "x",
    "\uff10\uff18",  # fullwidth 08
    "\u0660\u0668",  # Arabic-Indic 08
    "\u0966\u096e",  # Devanagari 08
    "\u00b2",  # superscript two: NFKC makes it a digit
    "\u2460",  # circled one
    "\u2474",  # parenthesised one
    ":",
    "#",
    "\n",
    "\n  ",
    '"',
    "\\",
    "é",
    "-01-15",
    "2024-01-15",
    "2099-01-15",
    " 08:00",
]
GROUPS = [
    "08",
    "0812",
    "3456",
    "7890",
    "62",
    "812",
    "628",
    "1671",
    "0123",
    "4567",
    "0001",
    "2024",
    "01",
    "15",
    "1",
    "0",
]
JOINS = [" ", "-", ".", "/", " - ", "''", "(", ") ", "+", "\n", "\n  ", "\uff0e", "\uff0d", "\u2215", " at "]
NUMBERS = st.lists(st.tuples(st.sampled_from(GROUPS), st.sampled_from(JOINS)), min_size=1, max_size=8).map(
    lambda parts: "".join(group + join for group, join in parts)
)
TEXTS = st.one_of(NUMBERS, st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
STYLES = [None, "'", '"', "|", ">"]


def documents(values: list[str], style: str | None, width: int, comment: str) -> str:
    data = {f"k{i}": value for i, value in enumerate(values)}
    data["daftar"] = values[:3]
    data[values[0] if values else "kunci"] = "nilai"
    text = yaml.safe_dump(data, default_style=style, width=width, allow_unicode=True, sort_keys=False)
    return text + "# " + comment.replace("\n", " ") + "\n"


def loaded_or_none(text: str):
    try:
        return load_text(text, Path("records/2024/2024-x.yaml"))
    except LoadError:
        return None


@SETTINGS
@given(
    values=st.lists(TEXTS, min_size=1, max_size=4),
    style=st.sampled_from(STYLES),
    width=st.sampled_from([8, 20, 80, 1000]),
    comment=TEXTS,
)
@example(values=["0812 3456 7890"], style=None, width=1000, comment="")
@example(values=["0812\n3456 7890"], style=">", width=6, comment="")
@example(values=["siti at contoh dot example"], style=None, width=8, comment="")
def test_the_personal_data_prefilter_never_hides_a_finding(values: list[str], style, width: int, comment: str):
    text = documents(values, style, width, comment)
    loaded = loaded_or_none(text)
    if loaded is None:
        return
    found = scan_personal_data(loaded, "records/2024/2024-x.yaml")
    if found:
        assert may_hold_personal(text), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "catatan: 0812 3456 7890\n",
        "catatan: >-\n  0812\n  3456 7890\n",
        'catatan: "\\x30\\x38\\x31\\x32 3456 7890"\n',
        "catatan: \uff10\uff18\uff11\uff12 3456 7890\n",
        "catatan: \u0660\u0668\u0661\u0662 3456 7890\n",
        "catatan: 1671 0123 4567 0001\n",
        "# siti (at) contoh (dot) example\n",
        "catatan: siti\uff20contoh.example\n",
        "0812 3456 7890: kunci\n",
    ],
)
def test_the_prefilter_sees_personal_data_however_it_is_written(text: str):
    loaded = load_text(text, Path("x.yaml"))
    assert scan_personal_data(loaded, "x.yaml")
    assert may_hold_personal(text)


@pytest.mark.parametrize("sample", sorted(Path(__file__).resolve().parents[1].glob("records/20*/*.yaml")))
def test_the_sample_records_pass_the_prefilter_at_once(sample: Path):
    """The point of the prefilter: an ordinary complete record is cleared in one pass."""
    assert not may_hold_personal(sample.read_text(encoding="utf-8"))


@SETTINGS
@given(values=st.lists(TEXTS, min_size=1, max_size=4), style=st.sampled_from(STYLES), width=st.sampled_from([8, 80]))
@example(values=["2099-01-15"], style='"', width=80)
@example(values=["2099-01-15 08:00"], style="'", width=8)
def test_the_dates_prefilter_never_hides_a_far_date(values: list[str], style, width: int):
    text = documents(values, style, width, "")
    loaded = loaded_or_none(text)
    if loaded is None:
        return
    far = [
        value
        for _, value, _ in strings(loaded.data)
        if len(value) <= 16
        and (match := DATE_SHAPE.fullmatch(value))
        and abs(int(match.group(1)) - 2024) > YEARS_AROUND
    ]
    if far:
        assert not _all_near(text, 2024), (text, far)


def test_an_escape_that_writes_a_far_date_is_judged_by_the_exact_walk():
    text = 'catatan: "\\x32099-01-15"\n'
    assert load_text(text, Path("x.yaml")).data == {"catatan": "2099-01-15"}
    assert not _all_near(text, 2024)
