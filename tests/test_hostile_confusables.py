"""Hostile input, round 2 — confusables: identifiers, codes and letter numbers are ASCII, a
letter number is unique however it is spelt, `\\d` in the schema means 0-9 only, a final `$`
does not let a newline through, and invisible characters are refused by Unicode category."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import NOW, REPO, put

from generator.cli.main import main
from generator.records.invisible import CATEGORIES, INVISIBLE, table_ranges
from generator.records.workspace import load_workspace

EVENT = "records/2024/2024-menjahit-1.yaml"
OFFICE = "records/kantor.yaml"
SOP = "schema/sop/penyelenggaraan-pelatihan.yaml"
NUMBER = "nomor: 500.15.4/021/BLK/2024"


def errors(project: Path, entrance: str | None = None) -> list[tuple[str, int, str]]:
    problems = load_workspace(project, now=NOW).problems
    return [(p.path, p.line, p.message) for p in problems if p.is_error and (entrance is None or p.path == entrance)]


# --- digits of other scripts, and the final `$` --------------------------------------------------


def test_arabic_indic_year_and_code_get_no_page_of_their_own(project: Path, capsys):
    folder = project / "records" / "\u0662\u0660\u0662\u0667"
    folder.mkdir()
    code = "\u0662\u0660\u0662\u0667-tata-rias-1"
    text = (project / "records/2027/2027-tata-rias-1.yaml").read_text(encoding="utf-8")
    (folder / f"{code}.yaml").write_text(text.replace("kode: 2027-tata-rias-1", f"kode: {code}"), encoding="utf-8")
    assert main(["validate", "--repo", str(project)]) == 1
    assert "bukan tahun; berkas di dalamnya tidak dibaca" in capsys.readouterr().out
    assert all(e.code.isascii() for e in load_workspace(project, now=NOW).events)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("kode: 2024-menjahit-1", "kode: \u0662\u0660\u0662\u0664-menjahit-1", "'kode'"),
        ("kode: 2024-menjahit-1", "kode: \uff12\uff10\uff12\uff14-menjahit-1", "'kode'"),
        ("kode: 2024-menjahit-1", 'kode: "2024-menjahit-1\\n"', "'kode'"),
        ("kode: 2024-menjahit-1", "kode: 2024-menjahit-\u0131", "'kode'"),  # dotless i
        ("kode: 2024-menjahit-1", "kode: 2024-men\u0458ahit-1", "'kode'"),  # Cyrillic je
        ("mulai: 2024-03-04", "mulai: \u0968\u0966\u0968\u096a-03-04", "'jadwal.mulai'"),
        ("oleh: rina-wulandari", 'oleh: "rina-wulandari\\n"', "'oleh'"),
        ("oleh: rina-wulandari", "oleh: r\u0456na-wulandari", "'oleh'"),  # Cyrillic i
    ],
)
def test_identifiers_and_dates_are_ascii(project: Path, old: str, new: str, field: str):
    line = put(project, EVENT, old, new)
    found = errors(project, EVENT)
    assert any(ln == line and field in message for _, ln, message in found), found


@pytest.mark.parametrize(
    "number",
    [
        "500.15.4/\u0660\u0662\u0661/BLK/2024",
        "500.15.4/０２１/BLK/2024",
        "500.15.4/021/BLK/2024\u00a0",
        "500.15.4/021/ВLK/2024",
    ],
)
def test_letter_numbers_are_ascii(project: Path, number: str):
    line = put(project, EVENT, NUMBER, f"nomor: {json.dumps(number, ensure_ascii=False)}")
    found = errors(project, EVENT)
    assert any(ln == line and ("tidak sesuai format" in m or "spasi tak-putus" in m) for _, ln, m in found), found


@pytest.mark.parametrize(
    "twin",
    [
        "500.15.4/021/blk/2024",  # case
        "500.15.4/21/BLK/2024",  # leading zero
        "500.15.4/0021/BLK/2024",
        "500.15.4 / 021 / BLK / 2024",  # spacing
        "500.15.4/021/Blk/02024",
    ],
)
def test_letter_number_uniqueness_compares_a_normalised_form(project: Path, twin: str):
    line = put(project, "records/2025/2025-las-listrik-1.yaml", "500.15.4/087/BLK/2025", f'"{twin}"')
    found = errors(project)
    duplicate = [m for path, ln, m in found if "sudah dipakai di records/2024/2024-menjahit-1.yaml" in m]
    assert duplicate, found
    assert any(path == "records/2025/2025-las-listrik-1.yaml" and ln == line for path, ln, _ in found)


# --- invisible characters, by category ------------------------------------------------------------

INVISIBLES = [
    "\u200b",  # zero-width space (Cf)
    "\u2060",  # word joiner (Cf)
    "\u00ad",  # soft hyphen (Cf)
    "\u061c",  # Arabic letter mark (Cf)
    "\u180e",  # Mongolian vowel separator (Cf)
    "\U000e0041",  # tag latin capital A (Cf)
    "\u3164",  # Hangul filler (Lo)
    "\u115f",  # Hangul choseong filler (Lo)
    "\uffa0",  # halfwidth Hangul filler (Lo)
    "\ufe0f",  # variation selector 16 (Mn)
    "\U000e0100",  # variation selector 17 (Mn)
    "\u034f",  # combining grapheme joiner (Mn)
    "\u17b4",  # Khmer inherent vowel (Mn)
    "\u180b",  # Mongolian free variation selector (Mn)
    "\u2800",  # Braille blank (So)
    "\ue000",  # private use (Co)
    "\u2029",  # paragraph separator (Zp)
    "\U0001d173",  # musical symbol begin beam (Cf)
]


@pytest.mark.parametrize("entrance", [EVENT, OFFICE, SOP])
@pytest.mark.parametrize("char", INVISIBLES, ids=[f"U+{ord(c):04X}" for c in INVISIBLES])
def test_invisible_characters_are_refused_by_category(project: Path, entrance: str, char: str):
    anchor = {
        EVENT: "nama: Pelatihan Menjahit Pakaian Angkatan I",
        OFFICE: "nama: Bidang Balai Latihan Kerja",
        SOP: "  nama: Penyelenggaraan Pelatihan",
    }[entrance]
    line = put(project, entrance, anchor, anchor.replace("nama: ", f"nama: A{char}B "))
    assert (entrance, line, f"berkas memuat karakter tak terlihat (U+{ord(char):04X})") in errors(project, entrance)


@pytest.mark.parametrize("char", INVISIBLES[:6], ids=[f"U+{ord(c):04X}" for c in INVISIBLES[:6]])
def test_invisible_characters_in_file_names_are_refused(project: Path, capsys, char: str):
    source = project / EVENT
    (project / "records" / "2024" / f"2024-a{char}b.yaml").write_bytes(source.read_bytes())
    assert main(["validate", "--repo", str(project)]) == 1
    assert (
        f"records/2024/2024-a<U+{ord(char):04X}>b.yaml:1:1: galat: nama berkas memuat karakter"
        in capsys.readouterr().out
    )


def test_the_table_covers_every_character_of_the_categories():
    """The table is written out for speed; this Python's Unicode database decides what it holds."""
    for first, last in table_ranges():
        for code in (first, last, (first + last) // 2):
            assert INVISIBLE.match(chr(code)), f"U+{code:04X} ({unicodedata.category(chr(code))})"
    held = {unicodedata.category(chr(c)) for first, last in table_ranges() for c in range(first, last + 1)}
    assert held >= set(CATEGORIES)
    for visible in "aZ09 -_.,é\u00a0\u3000":
        assert not INVISIBLE.match(visible)


def test_schema_patterns_say_0_9_not_backslash_d():
    for schema in (REPO / "schema").glob("*.json"):
        assert "\\\\d" not in schema.read_text(encoding="utf-8"), schema.name
