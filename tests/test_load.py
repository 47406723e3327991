"""The strict loader: the YAML 1.1 traps cannot slip through, and positions are kept; with
libyaml and with PyYAML's pure parser (what the form's validator runs in the browser) alike."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import REPO

from generator.records import load as loader
from generator.records.load import MAX_BYTES, LoadError, load_file, load_text


@pytest.fixture(autouse=True, params=sorted(loader.PARSERS))
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs with each parser."""
    monkeypatch.setattr(loader, "_Parser", loader.PARSERS[request.param])
    return str(request.param)


def load(text: str):
    return load_text(text, Path("x.yaml")).data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", {"a": "no"}),
        ("a: yes", {"a": "yes"}),
        ("a: off", {"a": "off"}),
        ("no: 1", {"no": 1}),  # the step key stays the string "no", not False
        ("a: 08:30", {"a": "08:30"}),  # not 510 (base 60)
        ("a: 0777", {"a": "0777"}),  # not 511 (octal)
        ("a: 2024-01-15", {"a": "2024-01-15"}),  # not a date object
        ("a: 2024-01-15 08:00", {"a": "2024-01-15 08:00"}),
        ("a: true\nb: false", {"a": True, "b": False}),
        ("a: 12\nb: -3\nc: 1.5", {"a": 12, "b": -3, "c": 1.5}),
        ("a: ~\nb: null\nc:", {"a": None, "b": None, "c": None}),
        ("a: 1_000", {"a": "1_000"}),
        ("a: 0x1F", {"a": "0x1F"}),
        ("a: .inf", {"a": ".inf"}),
        ("a: '12'", {"a": "12"}),
        ("a: !!str 12", {"a": "12"}),
    ],
)
def test_values_are_explicit(text: str, expected: dict):
    assert load(text) == expected


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", (3, 1), "kunci 'a' ditulis dua kali (pertama di baris 1)"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            (1, 4),
            "tag YAML '!!python/object/apply:os.system' tidak diizinkan",
        ),
        ("a: !!int abc\n", (1, 4), "tag YAML '!!int' tidak diizinkan"),
        ("a: !!binary aGVsbG8=\n", (1, 4), "tag YAML '!!binary' tidak diizinkan"),
        ("a: !custom x\n", (1, 4), "tag YAML '!custom' tidak diizinkan"),
        ("a: &x 1\nb: *x\n", (1, 4), "anchor dan alias (& dan *) tidak diizinkan"),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", (3, 3), "kunci gabungan '<<' tidak diizinkan"),
        ("b: *nothing\n", (1, 4), "alias (*) merujuk anchor yang tidak ada"),
        ("a:\n  b: 1\n\tc: 2\n", (3, 1), "karakter tab tidak boleh dipakai"),
        ("? [a, b]\n: 1\n", (1, 3), "kunci harus berupa teks biasa"),
        ("a: 'unclosed\n", (2, 1), "berkas berakhir sebelum tanda kutip atau kurung ditutup"),
        ("a: \x07bell\n", (1, 4), "berkas memuat karakter kendali yang tidak terlihat (U+0007)"),
        ("a: \x00\n", (1, 4), "berkas memuat karakter kendali yang tidak terlihat (U+0000)"),
        ('a: "\\q"\n', (1, 5), "urutan escape dengan garis miring terbalik tidak dikenal"),
        ("a: {b: c:}\n", (1, 9), "tanda titik dua ':' di tempat yang tidak semestinya"),
        ("a: [1, 2\n", (2, 1), "kurung siku '[' belum ditutup atau butirnya tidak dipisah koma"),
        ("a: {b: 1\n", (2, 1), "kurung kurawal '{' belum ditutup atau isiannya tidak dipisah koma"),
        ("- a\nb: 1\n", (2, 1), "indentasi daftar tidak sesuai"),
        ("a: `x`\n", (1, 4), "karakter ini tidak boleh mengawali nilai"),
        ("a: |x\n", (1, 5), "penanda teks berbaris (| atau >) harus diikuti akhir baris"),
        ("a: b\n- c\n", (2, 1), "indentasi tidak sesuai dengan baris di atasnya"),
    ],
)
def test_refused_with_position(text: str, where: tuple[int, int], message: str):
    with pytest.raises(LoadError) as caught:
        load(text)
    assert (caught.value.where, caught.value.message) == (where, message)


def test_positions_point_at_values_and_keys():
    loaded = load_text("kode: x\nlangkah:\n  - no: 1\n    status: belum\n", Path("x.yaml"))
    assert loaded.where(("langkah", 0, "status")) == (4, 13)
    assert loaded.where(("langkah", 0, "status"), key=True) == (4, 5)
    assert loaded.where(("langkah", 0, "tidak-ada")) == (3, 5)  # nearest enclosing value


def test_bom_and_windows_line_endings(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: dua\r\n")
    assert load_file(path).data == {"a": 1, "b": "dua"}


def test_utf16_and_invalid_utf8(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(LoadError, match="UTF-16"):
        load_file(path)
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(LoadError) as caught:
        load_file(path)
    assert caught.value.where == (2, 7)


def test_huge_file_refused_without_parsing(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))
    with pytest.raises(LoadError, match="berkas terlalu besar"):
        load_file(path)


def test_billion_laughs_refused_quickly():
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        levels.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(LoadError, match="anchor dan alias"):
        load("\n".join(levels))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: " + "[" * 45 + "]" * 45, (1, 44)),  # our own limit, on the built data
        ("a: " + "[" * 5000, (1, 1003)),  # the parser's (libyaml's 1000 levels)
        ("a: " + "{b: " * 1200, (1, 4000)),
        ("a:\n" + "".join(" " * i + "- \n" for i in range(1200)), (1001, 1000)),
        ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 1200)), (1000, 1001)),
    ],
    ids=["ours", "flow", "flow-maps", "block-lists", "block-maps"],
)
def test_deep_nesting_refused(text: str, where: tuple[int, int]):
    with pytest.raises(LoadError, match="bersarang terlalu dalam") as caught:
        load(text)
    assert caught.value.where == where


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: {b: Apa kabar?}", {"a": {"b": "Apa kabar?"}}),  # libyaml's flow rules, not PyYAML 1.1's
        ("a: [x?y, z]", {"a": ["x?y", "z"]}),
        ("a: {b: c:d}", {"a": {"b": "c:d"}}),
        ("a: {b:c}", {"a": {"b:c": None}}),
    ],
)
def test_flow_values_read_alike(text: str, expected: dict):
    assert load(text) == expected


def mutations(seed: int, count: int):
    """Sample records with one to three random edits each: what a hurried hand does to YAML."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "records").glob("*/*.yaml"))]
    chance = random.Random(seed)
    pieces = [*":-[]{}#'\"&*!|>?%@`,\n\\", "  ", "\n  ", "- ", ": "]
    for _ in range(count):
        text = chance.choice(texts)
        for _ in range(chance.randint(1, 3)):
            i = chance.randrange(len(text) + 1)
            roll = chance.random()
            if roll < 0.4:
                text = text[:i] + chance.choice(pieces) + text[i:]
            elif roll < 0.7:
                text = text[:i] + text[i + chance.randint(1, 5) :]
            else:
                j = chance.randrange(len(text) + 1)
                text = text[:i] + text[j : j + 20] + text[i:]
        yield text


def outcome(text: str) -> object:
    try:
        return load(text)
    except LoadError as exc:
        return exc.message, exc.where, exc.hint


def test_both_parsers_agree_on_broken_records(parser: str, monkeypatch: pytest.MonkeyPatch):
    """Both parsers give the same data, or the same message at the same place, for 40 damaged records."""
    if parser != "python":
        return  # compared once, against libyaml
    texts = list(mutations(seed=20, count=40))
    pure = [outcome(t) for t in texts]
    monkeypatch.setattr(loader, "_Parser", loader.PARSERS["libyaml"])
    fast = [outcome(t) for t in texts]
    differing = [(t, a, b) for t, a, b in zip(texts, pure, fast, strict=True) if a != b]
    assert differing == []
    assert sum(isinstance(o, tuple) for o in fast) > 20  # most edits broke the file


def test_missing_file(tmp_path: Path):
    with pytest.raises(LoadError, match="tidak dapat dibaca"):
        load_file(tmp_path / "tidak-ada.yaml")
