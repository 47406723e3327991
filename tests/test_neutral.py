"""Generic code never names a field or a document of an SOP (issue 18).

Every SOP file (the repository's and the tests' second SOP) declares its fields and documents;
the generic modules ask the SOP ("which fields are letters?") through the kinds of
generator/records/kinds.py, whose constants are the only vocabulary they share. A string in a
generic module that equals an SOP's field name or document id (or a dotted path through one)
fails this test, with the module and line. Only the document builders, registered by document
id, may know their own document's fields."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from generator.records.load import load_file

PACKAGE = REPO / "generator"
SOP_FILES = sorted((REPO / "schema" / "sop").glob("*.yaml")) + sorted(
    (REPO / "tests" / "second_sop" / "schema" / "sop").glob("*.yaml")
)
# The document builders, each registered by its document id (documents/builders.py), and the
# demo writer, which stages the history of the sample records themselves.
BUILDERS = {"documents/builders.py", "documents/letters.py", "documents/reports.py", "documents/laporan.py"}
DATA_WRITERS = {"history/demo.py"}
KINDS_MODULE = "records/kinds.py"  # the kinds' own vocabulary, named once
PATH = re.compile(r"^[a-z_]+(?:[.-][a-z_]+)*$")


def property_names(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, child in (node.get("properties") or {}).items():
            yield key
            yield from property_names(child)
        for key in ("items", "additionalProperties"):
            yield from property_names(node.get(key))
        for child in (node.get("definitions") or {}).values():
            yield from property_names(child)


def sop_names() -> set[str]:
    """Every field name and document id any SOP file declares."""
    names: set[str] = set()
    for path in SOP_FILES:
        data = load_file(path).data
        fields = [data.get("isian_kegiatan") or {}] + [s.get("isian") or {} for s in data["langkah"]]
        for mapping in fields:
            for key, node in mapping.items():
                names |= {key, *property_names(node)}
        names |= {d["id"] for s in data["langkah"] for d in s.get("dokumen", ())}
    return names


# Jejak's own formats, whose words an SOP's field may share by chance: the audit's JSON output
# (temuan, bukti), a problem's default code (umum), the markers of a Word template (isi, tembusan).
OWN_FORMATS = {"temuan", "bukti", "umum", "isi", "tembusan", "lampiran"}


def common_names() -> set[str]:
    """What generic code may name: the keys every record has (the skeleton: kode, jadwal, langkah,
    status …), the keys of the office record and of an SOP file (which it reads), their choices
    (an SOP step's symbol `keputusan`), and Jejak's own formats."""
    found = set(OWN_FORMATS)
    for name in ("kegiatan.schema.json", "kantor.schema.json", "sop.schema.json"):
        schema = json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
        found |= {*schema.get("properties", {}), *property_names(schema), *choices(schema)}
    return found


def choices(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        yield from (v for v in node.get("enum", ()) if isinstance(v, str))
        for child in node.values():
            yield from choices(child)
    elif isinstance(node, list):
        for child in node:
            yield from choices(child)


def generic_modules() -> list[Path]:
    skip = BUILDERS | DATA_WRITERS | {KINDS_MODULE}
    found = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
    return [p for p in found if p.relative_to(PACKAGE).as_posix() not in skip]


def strings(module: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of each string constant that is not a docstring."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def named(text: str, names: set[str]) -> str | None:
    """The SOP name a string is, or is a dotted path through (`surat.undangan.kepada`)."""
    if text in names:
        return text
    if PATH.match(text) and "." in text:
        return next((part for part in text.split(".") if part in names), None)
    return None


def offenders(module: Path, names: set[str]) -> list[str]:
    rel = module.relative_to(REPO).as_posix()
    return [f"{rel}:{line}: '{text}' ({found})" for line, text in strings(module) if (found := named(text, names))]


def test_the_sops_have_names_of_their_own() -> None:
    names = sop_names() - common_names()
    assert {"penomoran", "tanda_tangan", "undangan", "peserta", "permohonan", "surat-izin"} <= names


@pytest.mark.parametrize("module", generic_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_generic_code_names_no_field_or_document_of_any_sop(module: Path) -> None:
    assert offenders(module, sop_names() - common_names()) == []


def test_the_check_sees_a_name(tmp_path: Path) -> None:
    """The check itself: a module naming a field, a document or a path through one is caught."""
    module = tmp_path / "contoh.py"
    module.write_text('"""Docstrings may say penomoran."""\nA = "penomoran"\nB = f"x{1}"\nC = "surat.undangan"\n')
    assert [line.split(": ", 1)[1] for line in offenders_at(module)] == [
        "'penomoran' (penomoran)",
        "'surat.undangan' (surat)",
    ]


def offenders_at(module: Path) -> list[str]:
    names = sop_names() - common_names()
    return [f"{line}: '{text}' ({found})" for line, text in strings(module) if (found := named(text, names))]
