"""Personal data (UU 27/2022): records refuse NIK-like numbers, phone numbers, e-mail
addresses and any field about a participant beyond name, sex and origin; the portal shows
no more than that; the user guide says how to remove a person, Git history included."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from conftest import NOW, REPO

from generator.cli.main import main
from generator.portal.site import build_site
from generator.records.model import Participant
from generator.records.workspace import load_workspace

RECORD = Path("records/2024/2024-menjahit-1.yaml")
PARTICIPANT = "  - {nama: Siti Aminah, asal: Kabupaten Lahat, jenis_kelamin: P}"
CANDIDATE = "          - {nama: Siti Aminah, jenis_kelamin: P}"
HINT = (
    "tentang peserta hanya dicatat nama, jenis_kelamin dan asal (UU 27/2022 tentang Pelindungan Data Pribadi); "
    "NIK, alamat, nomor telepon, surel dan tanggal lahir disimpan di luar Jejak"
)


def edit(project: Path, old: str, new: str) -> int:
    path = project / RECORD
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def found(project: Path) -> list[tuple[int, int, str, str | None]]:
    problems = load_workspace(project, now=NOW).problems
    return [(p.line, p.column, p.message, p.hint) for p in problems if p.path == RECORD.as_posix() and p.is_error]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1671012304850001", "angka 16 digit ini menyerupai NIK"),
        ("1671 0123 4567 0001", "angka 16 digit ini menyerupai NIK"),
        ("16 71 01 230485 0001", "angka 16 digit ini menyerupai NIK"),
        ("0812-3456-7890", "catatan memuat nomor telepon"),
        ("+62 812 3456 7890", "catatan memuat nomor telepon"),
        ("siti.aminah@contoh.example", "catatan memuat alamat surel"),
    ],
)
def test_personal_numbers_and_addresses_are_refused_anywhere(project: Path, text: str, message: str):
    line = edit(project, PARTICIPANT, PARTICIPANT.replace("Siti Aminah", f"Siti Aminah {text}"))
    assert [(p[0], p[1], p[2]) for p in found(project)] == [(line, 24, message)]


@pytest.mark.parametrize(
    "harmless",
    [
        "DPA/A.1/2.07.0.00.0.00.01.0000/001/2024",
        "NIP 19691016 199503 1 001",
        "Rp48.500.000,00",
        "500.15.4/021/BLK/2024",
        "2024-01-29 08:00 sampai 2024-01-30 16:00",
    ],
)
def test_numbers_that_are_not_personal_pass(project: Path, harmless: str):
    edit(project, "catatan: Disetujui tanpa perubahan.", f"catatan: Disetujui tanpa perubahan. {harmless}")
    assert found(project) == []


@pytest.mark.parametrize("key", ["nik", "alamat", "telepon", "surel", "tanggal_lahir", "pendidikan"])
def test_no_field_about_a_participant_beyond_name_sex_and_origin(project: Path, key: str):
    line = edit(project, PARTICIPANT, PARTICIPANT[:-1] + f", {key}: disimpan}}")
    line_candidate = edit(project, CANDIDATE, CANDIDATE[:-1] + f", {key}: disimpan}}")
    assert found(project) == [
        (line, len(PARTICIPANT) + 2, f"'peserta' butir 1: kunci '{key}' tidak dikenal", HINT),
        (
            line_candidate,
            len(CANDIDATE) + 2,
            f"langkah 7, 'jawaban' butir 1, 'calon' butir 1: kunci '{key}' tidak dikenal",
            HINT,
        ),
    ]


def test_the_model_holds_only_name_sex_and_origin(sample_workspace):
    assert [f.name for f in dataclasses.fields(Participant)] == ["name", "region", "sex"]
    schema = sample_workspace.schemas["penyelenggaraan-pelatihan"]
    people = schema["properties"]["peserta"]["items"]
    assert sorted(people["properties"]) == ["asal", "jenis_kelamin", "nama"] and people["additionalProperties"] is False


def test_an_sop_cannot_declare_more_about_a_private_person(project: Path, capsys):
    """A list of kind `peserta` holds a name, a sex and one region, nothing else, in any SOP."""
    path = project / "schema" / "sop" / "penyelenggaraan-pelatihan.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        jenis_kelamin: {title: Jenis kelamin,"
    assert old in text
    path.write_text(text.replace(old, "        telepon: {type: string}\n" + old, 1), encoding="utf-8")
    assert main(["validate", "--repo", str(project)]) == 1
    out = capsys.readouterr().out
    assert "schema/sop/penyelenggaraan-pelatihan.yaml:" in out
    assert "isian 'peserta' berjenis peserta memuat 'telepon'; tentang orang pribadi hanya dicatat" in out


def test_the_portal_shows_nothing_else_about_participants(project: Path):
    """Every place a participant's name appears in the built site, the text around it is only
    other names, the origin, the sex, or the page's own labels."""
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    event = load_workspace(project, now=NOW).event("2024-menjahit-1")
    # Every generated page and its search entries; the hand-written Panduan talks *about* NIK.
    texts = [p.read_text(encoding="utf-8") for p in site.rglob("*.html") if "panduan" not in p.parts]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts += [doc["title"] + " " + doc["text"] for doc in index["docs"] if not doc["location"].startswith("panduan/")]
    everything = "\n".join(texts)
    for person in event.participants:
        assert person.name in everything
    for forbidden in (r"\b\d{16}\b", r"\b08\d{8,11}\b", r"NIK", r"[Tt]anggal lahir", r"[Aa]lamat peserta"):
        assert not re.search(forbidden, everything), forbidden


def test_the_user_guide_says_how_to_remove_a_person():
    guide = (REPO / "docs" / "panduan" / "data-pribadi.md").read_text(encoding="utf-8")
    for needle in (
        "UU 27/2022",
        "nama",
        "jenis kelamin",
        "asal",
        "git filter-repo --replace-text ../ganti.txt",
        "java -jar bfg",
        "--replace-text",
        "klon ulang",
        "git push --force",
        "riwayat Git",
    ):
        assert needle in guide, needle
