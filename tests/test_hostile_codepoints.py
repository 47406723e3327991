"""Hostile input, round 3 — code points no text may hold (issue 21): Unicode's non-characters
(U+FFFE, U+FFFF, U+FDD0..U+FDEF, the last two of every plane), lone surrogates, and C0/C1 controls
are refused when the file is read, written as they are or through a double-quoted escape, in a
value, a key or a list, in a record, the office record and an SOP, each with file:line:col, an
Indonesian message and `saran:`. Before, they passed validation and the build stopped inside
the Word writer with a message naming no file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, REPO, put

from generator.cli.main import main
from generator.records.attachments import judge
from generator.records.invisible import NONCHARACTER
from generator.records.workspace import load_workspace

EVENT = "records/2024/2024-menjahit-1.yaml"
OFFICE = "records/kantor.yaml"
SOP = "schema/sop/penyelenggaraan-pelatihan.yaml"
ANCHORS = {
    EVENT: "nama: Pelatihan Menjahit Pakaian Angkatan I",
    OFFICE: "nama: Bidang Balai Latihan Kerja",
    SOP: "  nama: Penyelenggaraan Pelatihan",
}
NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]
CONTROLS = ["\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x80", "\x9f"]


def code(char: str) -> str:
    return f"U+{ord(char):04X}"


def escape(char: str) -> str:
    return f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}"


def validate(project: Path, capsys) -> tuple[int, str]:
    status = main(["validate", "--repo", str(project)])
    return status, capsys.readouterr().out


@pytest.mark.parametrize("entrance", [EVENT, OFFICE, SOP])
@pytest.mark.parametrize("char", NONCHARACTERS, ids=code)
@pytest.mark.parametrize("how", ["written", "escaped", "escaped-key"])
def test_noncharacters_are_refused_where_they_stand(project: Path, capsys, entrance: str, char: str, how: str):
    anchor = ANCHORS[entrance]
    indent = anchor[: len(anchor) - len(anchor.lstrip())]
    if how == "written":
        new, column = anchor.replace("nama: ", f"nama: A{char}B "), len(indent) + 8
    elif how == "escaped":
        new, column = anchor.replace("nama: ", f'nama: "A{escape(char)}B" # '), len(indent) + 7
    else:
        new, column = f'{anchor}\n{indent}"x{escape(char)}": 1', len(indent) + 1
    line = put(project, entrance, anchor, new) + (how == "escaped-key")
    status, out = validate(project, capsys)
    assert status == 1
    assert f"{entrance}:{line}:{column}: galat: berkas memuat kode {code(char)}, yang bukan karakter teks" in out
    assert "saran: hapus karakter tersebut" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("char", CONTROLS, ids=code)
@pytest.mark.parametrize("how", ["written", "escaped", "escaped-key", "in-a-list"])
def test_controls_are_refused_however_they_are_written(project: Path, capsys, char: str, how: str):
    anchor = ANCHORS[EVENT]
    new = {
        "written": anchor.replace("nama: ", f"nama: A{char}B "),
        "escaped": anchor.replace("nama: ", f'nama: "A{escape(char)}B" # '),
        "escaped-key": f'{anchor}\n"x{escape(char)}": 1',
        "in-a-list": f'{anchor}\ncatatan_lain: [a, "b{escape(char)}"]',
    }[how]
    line = put(project, EVENT, anchor, new) + (how in ("escaped-key", "in-a-list"))
    status, out = validate(project, capsys)
    assert status == 1
    assert f"{EVENT}:{line}:" in out and f"karakter kendali yang tidak terlihat ({code(char)})" in out, out
    assert "saran:" in out and "Traceback" not in out


@pytest.mark.parametrize("escaped", ["\\uD800", "\\uDFFF", "\\uDBFF\\uDBFF"])
def test_a_lone_surrogate_escape_is_refused_in_indonesian(project: Path, capsys, escaped: str):
    anchor = ANCHORS[EVENT]
    line = put(project, EVENT, anchor, anchor.replace("nama: ", f'nama: "A{escaped}B" # '))
    status, out = validate(project, capsys)
    assert status == 1
    assert f"{EVENT}:{line}:" in out and "urutan escape \\u… menuliskan kode yang bukan karakter" in out, out
    assert "saran:" in out and "invalid" not in out


def test_a_surrogate_written_as_bytes_is_not_utf8(project: Path, capsys):
    path = project / EVENT
    text = path.read_bytes()
    path.write_bytes(text.replace(b"nama: Pelatihan", b"nama: \xed\xa0\x80Pelatihan", 1))
    line = text[: text.index(b"nama: Pelatihan")].count(b"\n") + 1
    status, out = validate(project, capsys)
    assert status == 1 and f"{EVENT}:{line}:7: galat: berkas bukan teks UTF-8 yang sah (byte 0xed)" in out


@pytest.mark.parametrize("char", ["\ufffe", "\ufdd0", "\x01"], ids=code)
def test_attachment_names_with_such_code_points_are_refused(project: Path, char: str):
    name = f"lampiran/a{char}b.pdf"
    why, hint, _ = judge(name, project, project.resolve())
    assert why is not None and "memuat karakter yang tidak diizinkan" in why and hint


def test_the_pattern_holds_all_66_noncharacters_and_nothing_else():
    members = [c for c in range(0x110000) if NONCHARACTER.match(chr(c))]
    assert len(members) == 66
    assert all(0xFDD0 <= c <= 0xFDEF or c & 0xFFFE == 0xFFFE for c in members)


def test_the_build_refuses_before_writing_and_names_the_file(project: Path):
    """The class as reported: the build itself, as a process, says where, and writes no site."""
    anchor = ANCHORS[EVENT]
    line = put(project, EVENT, anchor, anchor.replace("nama: ", 'nama: "A\\uFFFEB" # '))
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--tanpa-pdf", "--repo", str(project)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))},
    )
    assert done.returncode == 1, done.stderr
    assert f"{EVENT}:{line}:7: galat: berkas memuat kode U+FFFE" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and not (project / "site").exists()


def test_a_record_holding_none_of_them_still_loads(project: Path):
    put(project, EVENT, ANCHORS[EVENT], ANCHORS[EVENT] + " \u00e9\u4e2d\U0001f600 " + json.dumps("x")[1:-1])
    assert load_workspace(project, now=NOW).ok
