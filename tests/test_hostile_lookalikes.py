"""Hostile input, round 3 — text that shows what it is not (issue 21): a name confusable with an
official's (mixed scripts, Cyrillic, Greek, Armenian or Cherokee look-alikes, fullwidth or
mathematical letters) and digits of other scripts wherever a number is written (letter numbers,
per-addressee numbers, NIP, budget codes, codes), in the office record, in records' free-text
names and anywhere else, each refused with the file, line, field and `saran:`. Zero-width joiners
are refused by the loader (test_hostile_confusables.py)."""

from __future__ import annotations

import pytest
from conftest import NOW, put

from generator.cli.main import main
from generator.records.lookalikes import lookalike
from generator.records.workspace import load_workspace

EVENT = "records/2024/2024-menjahit-1.yaml"
OFFICE = "records/kantor.yaml"

NAMES = [
    ("Yusuf H\u0456dayat", "\u0456"),  # Cyrillic i
    ("Yusuf Hid\u0430yat", "\u0430"),  # Cyrillic a
    ("\u03a5usuf Hidayat", "\u03a5"),  # Greek capital upsilon
    ("Yusuf Hidayat \u0455.T.", "\u0455"),  # Cyrillic dze in the title
    ("Rina Wulandar\u0456", "\u0456"),
    ("Ahm\u0430d F\u0430uzi", "\u0430"),
    ("Ded\u0456 Kurniawan", "\u0456"),
    ("Yusuf H\u0570dayat", "\u0570"),  # Armenian ho inside a Latin word
    ("\uff39usuf Hidayat", "\uff39"),  # one fullwidth letter
    ("Yusuf \U0001d407idayat", "\U0001d407"),  # mathematical bold H
]
WHOLE_WORDS = ["\u0420\u0430\u0440\u0430", "\u0391\u0392\u039f", "\uff39\uff55\uff53\uff55\uff46", "\u13aa\u13a0\u13ac"]


def errors(project) -> list[tuple[str, int, str, str | None]]:
    problems = load_workspace(project, now=NOW).problems
    return [(p.path, p.line, p.message, p.hint) for p in problems if p.is_error and p.code == "huruf-mirip"]


@pytest.mark.parametrize(("name", "foreign"), NAMES, ids=[n for n, _ in NAMES])
def test_an_official_confusable_in_the_office_record_is_refused(project, name: str, foreign: str):
    line = put(project, OFFICE, "nama: Yusuf Hidayat, S.T., M.M.", f"nama: {name}, S.T., M.M.")
    found = errors(project)
    assert len(found) == 1 and found[0][:2] == (OFFICE, line), found
    assert found[0][2].startswith("'orang[4].nama' memuat kata") and f"U+{ord(foreign):04X}" in found[0][2]
    assert found[0][3].startswith("ketik ulang kata ini dengan huruf Latin biasa")


@pytest.mark.parametrize(("name", "foreign"), NAMES, ids=[n for n, _ in NAMES])
@pytest.mark.parametrize(
    ("anchor", "field"),
    [
        ("{nama: Marlina, jabatan: Instruktur", "'panitia[5].nama'"),
        ("{nama: Siti Aminah, asal: Kabupaten Lahat", "'peserta[1].nama'"),
        ("{nama: Siti Aminah, jenis_kelamin: P}", "'langkah[7].jawaban[1].calon[1].nama'"),
    ],
)
def test_free_text_person_names_in_records_are_refused(project, name: str, foreign: str, anchor: str, field: str):
    old = anchor.split(",")[0]
    line = put(project, EVENT, anchor, anchor.replace(old, "{nama: " + name))
    found = errors(project)
    assert [(path, ln) for path, ln, _, _ in found] == [(EVENT, line)], found
    assert found[0][2].startswith(f"{field} memuat kata") and f"U+{ord(foreign):04X}" in found[0][2]


@pytest.mark.parametrize("word", WHOLE_WORDS)
def test_a_whole_word_of_latin_look_alikes_is_refused(project, word: str):
    line = put(project, EVENT, "catatan: Disetujui tanpa perubahan.", f"catatan: Disetujui oleh {word}.")
    found = errors(project)
    assert [(p, ln) for p, ln, _, _ in found] == [(EVENT, line)]
    assert "'langkah[2].catatan' memuat kata" in found[0][2]


DIGITS = ["\u0660\u0662\u0662", "\u0966\u0968\u0968", "\uff10\uff12\uff12", "\u09e6\u09e8\u09e8", "0\u0662\u0662"]


@pytest.mark.parametrize("digits", DIGITS)
@pytest.mark.parametrize(
    ("path", "old", "new", "field"),
    [
        (EVENT, "nomor: 500.15.4/022/BLK/2024", "nomor: 500.15.4/{d}/BLK/2024", "per_tujuan[1].nomor"),
        (EVENT, "nomor: 500.15.4/021/BLK/2024", "nomor: 500.15.4/{d}/BLK/2024", "penomoran.undangan.nomor"),
        (EVENT, "2.07.0.00.0.00.01.0000/001/2024", "2.07.0.00.0.00.01.0000/{d}/2024", "anggaran.nomor_dpa"),
        (EVENT, "nomor: 560/045/Disnaker/2024", "nomor: 560/{d}/Disnaker/2024", "jawaban[1].nomor"),
        (OFFICE, 'nip: "198004102005011002"', 'nip: "198004102005011{d}"', "orang[4].nip"),
        (EVENT, "kode: 2024-menjahit-1", "kode: 2024-menjahit-{d}", "'kode'"),
    ],
)
def test_other_script_digits_are_refused_wherever_a_number_is_written(project, digits, path, old, new, field):
    line = put(project, path, old, new.replace("{d}", digits))
    found = [f for f in errors(project) if f[0] == path]
    assert [ln for _, ln, _, _ in found] == [line], found
    assert field in found[0][2] and "dari aksara lain" in found[0][2]
    assert found[0][3] == "tulis setiap angka dengan 0-9 dari papan ketik biasa"


def test_the_cli_says_file_line_field_and_saran(project, capsys):
    line = put(project, EVENT, "nomor: 500.15.4/022/BLK/2024", "nomor: 500.15.4/\u0660\u0662\u0662/BLK/2024")
    assert main(["validate", "--repo", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"{EVENT}:{line}:" in out and "per_tujuan[1].nomor' memuat angka \u0660 (U+0660" in out
    assert "saran: tulis setiap angka dengan 0-9" in out and "Traceback" not in out


@pytest.mark.parametrize(
    "harmless",
    [
        "Yusuf Hidayat",
        "Andr\u00e9 Nurd\u00edn",
        "Zeyneb K\u0131l\u0131\u00e7",
        "\u0645\u062d\u0645\u062f",
        "\u0417\u0438\u043d\u0430",
        "m\u00b2 dan 10\u00b0C",
    ],
)
def test_honest_text_in_any_one_script_passes(harmless: str):
    assert lookalike(harmless) is None
