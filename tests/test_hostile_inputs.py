"""Hostile and careless input at every entrance: event records, the office record, SOP
files, file names and `jejak new` arguments. Each must give a Problem at the right line
with an Indonesian message (never a traceback), and `jejak validate` must exit 1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import NOW, fill_placeholders

from generator.cli.main import main
from generator.records.workspace import load_workspace

EVENT = "records/2024/2024-menjahit-1.yaml"
OFFICE = "records/kantor.yaml"
SOP = "schema/sop/penyelenggaraan-pelatihan.yaml"
# One line that exists in each file, and the value on it that the cases below replace.
ANCHORS = {
    EVENT: "nama: Pelatihan Menjahit Pakaian Angkatan I",
    OFFICE: "nama: Bidang Balai Latihan Kerja",
    SOP: "  nama: Penyelenggaraan Pelatihan",
}
INVISIBLE = "berkas memuat karakter tak terlihat"
CONTROL = "berkas memuat karakter kendali yang tidak terlihat"

# (name, text that replaces the anchor's value, column of the problem, message)
CASES = [
    ("zero-width space", "Pelatihan\u200bMenjahit", 16, f"{INVISIBLE} (U+200B)"),
    ("right-to-left override", "\u202eitahjneM", 7, f"{INVISIBLE} (U+202E)"),
    ("isolate", "\u2067Menjahit\u2069", 7, f"{INVISIBLE} (U+2067)"),
    ("soft hyphen", "Men\u00adjahit", 10, f"{INVISIBLE} (U+00AD)"),
    ("BOM in mid-file", "A\ufeffB", 8, f"{INVISIBLE} (U+FEFF)"),
    ("line separator", "Men\u2028jahit", 10, f"{INVISIBLE} (U+2028)"),
    ("next line (NEL)", "Men\x85jahit", 10, f"{INVISIBLE} (U+0085)"),
    ("NUL byte", "Men\x00jahit", 10, f"{CONTROL} (U+0000)"),
    ("escape character", "Men\x1bjahit", 10, f"{CONTROL} (U+001B)"),
    ("control char via escape", '"Men\\x1bjahit"', 7, f"{CONTROL} (U+001B)"),
    ("NUL via escape", '"Men\\0jahit"', 7, f"{CONTROL} (U+0000)"),
    ("zero-width via escape", '"Men\\u200bjahit"', 7, f"{INVISIBLE} (U+200B)"),
    (
        "python tag",
        "!!python/object/apply:os.system [echo dipanggil]",
        7,
        "tag YAML '!!python/object/apply:os.system' tidak diizinkan",
    ),
    ("unknown local tag", "!rahasia Menjahit", 7, "tag YAML '!rahasia' tidak diizinkan"),
    (
        "verbatim tag",
        "!<tag:yaml.org,2002:python/name:os.system> x",
        7,
        "tag YAML '!!python/name:os.system' tidak diizinkan",
    ),
    ("anchor and alias", "&a Menjahit", None, "anchor dan alias (& dan *) tidak diizinkan"),
    ("deep flow nesting", "[" * 50 + "]" * 50, None, "struktur bersarang terlalu dalam (lebih dari 40 tingkat)"),
    ("huge flow nesting", "[" * 100_000 + "]" * 100_000, None, "struktur bersarang terlalu dalam"),
    ("huge integer", "9" * 5000, 7, "bilangan terlalu panjang (lebih dari 18 digit)"),
    ("infinite float", "1.0e999", 7, "bilangan terlalu besar"),
    (
        "surrogate escape",
        '"\\ud800"',
        None,
        "urutan escape \\u… menuliskan kode yang bukan karakter (misalnya separuh pasangan surrogate)",
    ),
]


def _replace(project: Path, entrance: str, value: str) -> int:
    path = project / entrance
    text = path.read_text(encoding="utf-8")
    anchor = ANCHORS[entrance]
    key = anchor[: anchor.index(":") + 2]
    if value.startswith("&a"):  # an alias needs an anchor first and a use afterwards
        indent = anchor[: len(anchor) - len(anchor.lstrip())]
        value = f"&a Menjahit\n{indent}{key.strip()[:-1]}_lagi: *a"
    path.write_bytes(text.replace(anchor, key + value, 1).encode("utf-8"))
    return text[: text.index(anchor)].count("\n") + 1


@pytest.mark.parametrize("entrance", [EVENT, OFFICE, SOP])
@pytest.mark.parametrize(("case", "value", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_hostile_value_is_refused_at_its_line(project, capsys, entrance, case, value, column, message):
    line = _replace(project, entrance, value)
    workspace = load_workspace(project, now=NOW)
    found = [p for p in workspace.problems if p.path == entrance and p.is_error]
    assert len(found) == 1, found
    problem = found[0]
    assert problem.message.startswith(message)
    assert problem.line == line
    if column is not None:
        assert problem.column == column + (len(ANCHORS[entrance]) - len(ANCHORS[entrance].lstrip()))
    assert main(["validate", "--repo", str(project)]) == 1
    out = capsys.readouterr()
    assert f"{entrance}:{line}:" in out.out and "Traceback" not in out.out + out.err


def test_a_billion_laughs_is_refused_at_the_first_anchor(project: Path):
    lines = ["kode: 2024-menjahit-1", 'a: &a ["tawa","tawa","tawa","tawa","tawa","tawa","tawa","tawa","tawa"]']
    for n in range(ord("b"), ord("k")):
        prev = chr(n - 1)
        lines.append(f"{chr(n)}: &{chr(n)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    (project / EVENT).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = [p for p in load_workspace(project, now=NOW).problems if p.path == EVENT]
    assert (problem.line, problem.column, problem.message) == (2, 4, "anchor dan alias (& dan *) tidak diizinkan")


@pytest.mark.parametrize("entrance", [EVENT, OFFICE, SOP])
def test_ten_megabyte_file_is_refused_without_being_read(project: Path, entrance: str):
    path = project / entrance
    with path.open("ab") as handle:
        handle.write(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    found = [p for p in load_workspace(project, now=NOW).problems if p.path == entrance]
    assert [(p.line, p.message) for p in found] == [
        (1, f"berkas terlalu besar ({path.stat().st_size // 1024} KiB; batas 1024 KiB)")
    ]


@pytest.mark.parametrize("entrance", [EVENT, OFFICE, SOP])
@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_windows_and_old_mac_line_endings_keep_positions(project: Path, entrance: str, newline: str):
    line = _replace(project, entrance, "Men\u200bjahit")
    path = project / entrance
    path.write_bytes(path.read_bytes().replace(b"\n", newline.encode()))
    (problem,) = [p for p in load_workspace(project, now=NOW).problems if p.path == entrance]
    assert problem.line == line and problem.message == f"{INVISIBLE} (U+200B)"


@pytest.mark.parametrize("entrance", [EVENT, OFFICE, SOP])
def test_a_bom_and_windows_line_endings_are_fine(project: Path, entrance: str):
    path = project / entrance
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert [p for p in load_workspace(project, now=NOW).problems if p.path == entrance and p.is_error] == []


@pytest.mark.parametrize(
    ("encoded", "where", "message"),
    [
        ("latin-1", None, "berkas bukan teks UTF-8 yang sah (byte 0xe9)"),
        ("utf-16", (1, 1), "berkas disimpan sebagai UTF-16"),
        ("cp1252", None, "berkas bukan teks UTF-8 yang sah (byte 0x93)"),
    ],
)
def test_mixed_encodings_point_at_the_first_bad_byte(project: Path, encoded: str, where, message: str):
    path = project / EVENT
    text = path.read_text(encoding="utf-8")
    line = _replace(project, EVENT, "Pelatihan")
    tail = {"latin-1": "Pelatihan Caf\u00e9".encode("latin-1"), "cp1252": "\u201cMenjahit\u201d".encode("cp1252")}
    if encoded == "utf-16":
        path.write_bytes(text.encode("utf-16"))
    else:
        data = path.read_bytes().replace(b"nama: Pelatihan", b"nama: " + tail[encoded], 1)
        path.write_bytes(data)
        where = (line, 7 + tail[encoded].index(b"\xe9" if encoded == "latin-1" else b"\x93"))
    (problem,) = [p for p in load_workspace(project, now=NOW).problems if p.path == EVENT]
    assert ((problem.line, problem.column), problem.message) == (where, message)


def test_very_long_names_are_refused_by_the_schema(project: Path):
    line = _replace(project, EVENT, "A" * 100_000)
    (problem,) = [p for p in load_workspace(project, now=NOW).problems if p.path == EVENT]
    assert problem.line == line and "terlalu panjang" in problem.message


def test_symlinks_out_of_the_repository_are_not_read(project: Path, tmp_path: Path):
    outside = tmp_path / "luar"
    outside.mkdir()
    secret = outside / "2030-rahasia.yaml"
    secret.write_text((project / EVENT).read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(secret, project / "records" / "2024" / "2024-bocor.yaml")
    os.symlink(outside, project / "records" / "2030")
    os.symlink("/etc/hostname", project / "records" / "2024" / "2024-sistem.yaml")
    found = [(p.path, p.message) for p in load_workspace(project, now=NOW).problems if p.code == "di-luar-repositori"]
    message = "berkas ini tautan simbolik ke luar repositori; tidak dibaca"
    assert found == [
        ("records/2024/2024-bocor.yaml", message),
        ("records/2024/2024-sistem.yaml", message),
        ("records/2030/2030-rahasia.yaml", message),
    ]


def test_symlinked_office_record_outside_is_refused(project: Path, tmp_path: Path):
    moved = tmp_path / "kantor.yaml"
    (project / OFFICE).rename(moved)
    os.symlink(moved, project / OFFICE)
    workspace = load_workspace(project, now=NOW)
    assert workspace.office is None
    assert [(p.path, p.code) for p in workspace.problems if p.is_error] == [(OFFICE, "di-luar-repositori")]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("2024-a\nb.yaml", "records/2024/2024-a<U+000A>b.yaml"),
        ("2024-\u202elmth.yaml", "records/2024/2024-<U+202E>lmth.yaml"),
        ("2024-\x1b[31mmerah.yaml", "records/2024/2024-<U+001B>[31mmerah.yaml"),
    ],
)
def test_file_names_with_hidden_characters_are_shown_safely(project: Path, capsys, name: str, shown: str):
    (project / "records" / "2024" / name).write_text("kode: x\n", encoding="utf-8")
    found = [p for p in load_workspace(project, now=NOW).problems if p.code == "nama-berkas"]
    assert [(p.path, p.line, p.message) for p in found] == [
        (shown, 1, "nama berkas memuat karakter kendali atau tak terlihat")
    ]
    assert main(["validate", "--repo", str(project), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert f"::error file={shown},line=1,col=1,title=jejak nama-berkas::" in out
    assert all(line.startswith("::") for line in out.splitlines())  # no line smuggled in


@pytest.mark.parametrize(
    "name",
    ["2024-<script>.yaml", "2024-menjahit 1.yaml", "2024-Menjahit-1.yaml", "2024-mènjahit-1.yaml"],
)
def test_odd_but_printable_file_names_are_told_to_match_the_code(project: Path, name: str):
    (project / EVENT).rename(project / "records" / "2024" / name)
    found = [p for p in load_workspace(project, now=NOW).problems if p.is_error]
    assert [(p.path, p.code) for p in found] == [(f"records/2024/{name}", "kode-berkas")]


# --- `jejak new` --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sop", "../../../../etc/hostname", "Las"], "jejak: galat: id SOP '../../../../etc/hostname' tidak sah"),
        (["--tahun", "99999", "Las"], "jejak: galat: tahun 99999 tidak sah"),
        (["--tahun", "-5", "Las"], "jejak: galat: tahun -5 tidak sah"),
        (["--kode", "../../2026-x", "Las"], "jejak: galat: kode '../../2026-x' tidak sah"),
        (["--kode", "2026-x\n", "Las"], "jejak: galat: kode '2026-x\n' tidak sah"),
        (
            ["Las\u202eListrik"],
            "jejak: galat: nama kegiatan harus diisi, berupa teks biasa, paling banyak 200 karakter",
        ),
        (
            ["Las\u200bListrik"],
            "jejak: galat: nama kegiatan harus diisi, berupa teks biasa, paling banyak 200 karakter",
        ),
        (["Las\x1b[2J"], "jejak: galat: nama kegiatan harus diisi, berupa teks biasa, paling banyak 200 karakter"),
        (["A" * 201], "jejak: galat: nama kegiatan harus diisi, berupa teks biasa, paling banyak 200 karakter"),
        (["   "], "jejak: galat: nama kegiatan harus diisi, berupa teks biasa, paling banyak 200 karakter"),
    ],
)
def test_new_refuses_hostile_arguments(project: Path, capsys, args: list[str], message: str):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    code = main(["new", "--repo", str(project), "--tahun", "2026", *args])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(message) and "Traceback" not in err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_new_with_a_name_full_of_markup_makes_a_record_that_validates(project: Path, capsys):
    name = 'Las <script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1)){: onclick="a"} # "kutip" \\ : -'
    assert main(["new", "--repo", str(project), "--mulai", "2026-03-02", "--kode", "2026-las-x", name]) == 0
    fill_placeholders(project / "records" / "2026" / "2026-las-x.yaml")
    workspace = load_workspace(project, now=NOW)
    assert [p for p in workspace.problems if p.is_error] == []
    assert workspace.event("2026-las-x").name == name


# --- the office logo: copied into the portal as assets/logo-kota.svg and into every letter ---


@pytest.mark.parametrize(
    ("logo", "content", "message"),
    [
        (
            "../../../../etc/hostname.svg",
            None,
            "logo '../../../../etc/hostname.svg' harus berupa jalur relatif di dalam repositori",
        ),
        ("/etc/passwd", None, "logo '/etc/passwd' harus berupa jalur relatif di dalam repositori"),
        ("schema/aset/logo.gif", b"GIF89a", "logo 'schema/aset/logo.gif' harus berupa SVG, PNG atau JPEG"),
        ("schema/aset/tidak-ada.svg", None, "berkas logo 'schema/aset/tidak-ada.svg' tidak ditemukan"),
        (
            "schema/aset/skrip.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo 'schema/aset/skrip.svg' ditolak: SVG memuat elemen <script> yang tidak diizinkan",
        ),
        (
            "schema/aset/onload.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "logo 'schema/aset/onload.svg' ditolak: SVG memuat atribut 'onload' yang tidak diizinkan",
        ),
        (
            "schema/aset/entitas.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)">x</a></svg>',
            "logo 'schema/aset/entitas.svg' ditolak: SVG memuat elemen <a> yang tidak diizinkan",
        ),
        (
            "schema/aset/palsu.png",
            b"<svg/>",
            "berkas logo 'schema/aset/palsu.png' berakhiran .png tetapi isinya bukan PNG",
        ),
        ("schema/aset/teks.svg", b"bukan gambar", "berkas logo 'schema/aset/teks.svg' bukan SVG"),
    ],
)
def test_the_office_logo_must_be_an_inert_image_inside_the_repository(project: Path, logo, content, message):
    if content is not None:
        (project / logo).write_bytes(content)
    office = project / OFFICE
    text = office.read_text(encoding="utf-8")
    old = "  logo: schema/aset/logo-kota.svg"
    line = text[: text.index(old)].count("\n") + 1
    office.write_text(text.replace(old, f"  logo: {json.dumps(logo)}"), encoding="utf-8")
    found = [(p.line, p.column, p.message) for p in load_workspace(project, now=NOW).problems if p.code == "logo"]
    assert found == [(line, 9, message)]


def test_a_logo_linked_to_a_file_outside_is_refused(project: Path, tmp_path: Path):
    secret = tmp_path / "rahasia.svg"
    secret.write_bytes(b"<svg/>")
    os.symlink(secret, project / "schema" / "aset" / "tautan.svg")
    office = project / OFFICE
    office.write_text(office.read_text(encoding="utf-8").replace("logo-kota.svg", "tautan.svg"), encoding="utf-8")
    found = [p.message for p in load_workspace(project, now=NOW).problems if p.code == "logo"]
    assert found == ["berkas logo 'schema/aset/tautan.svg' menunjuk ke luar repositori"]
