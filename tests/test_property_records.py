"""Property-based tests: records mutated at random (text and values) never make validation
raise, every problem points at a line that exists, and a record that validates always
renders (portal pages and documents in-process; one real MkDocs build of many variants)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from conftest import NOW, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.documents.render import list_documents, render_html
from generator.portal.pages import Pages, Settings
from generator.portal.site import build_site
from generator.problem import ERROR, WARNING
from generator.records.workspace import load_workspace

SAMPLES = sorted((REPO / "records").glob("*/*.yaml"))
ENTRANCES = ["records/kantor.yaml", "schema/sop/penyelenggaraan-pelatihan.yaml"]
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Characters that matter to YAML, Markdown, HTML and Jinja, plus a few that hide.
SPICY = list(":-[]{}#&*!|>'\"%@`,?\\/<>=()$~ \n\t\r") + [
    "{{",
    "{%",
    "](",
    "\u200b",
    "\u202e",
    "\x00",
    "\x85",
    "\ufeff",
    "é",
    "ا",
    "😀",
    "---",
    "...",
    "  ",
    "- ",
]
snippets = st.one_of(st.sampled_from(SPICY), st.text(max_size=12), st.from_regex(r"[a-z_]{1,10}: ?", fullmatch=True))


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The text with a few random insertions, deletions, line swaps and re-indentations."""
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["insert", "delete", "swap", "indent", "duplicate", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "insert":
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + draw(snippets) + lines[i][col:]
        elif op == "delete" and lines[i]:
            a = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:a] + lines[i][a + draw(st.integers(1, 8)) :]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 12)) + lines[i].lstrip()
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines = lines[: i + 1]
        text = "\n".join(lines)
    return text


def assert_well_formed(workspace, project: Path) -> None:
    """Every problem names a file that exists and a line inside it, in Indonesian form."""
    for problem in workspace.problems:
        assert problem.severity in (ERROR, WARNING)
        assert problem.message and not problem.message.startswith("Traceback")
        path = project / problem.path
        assert path.is_file(), problem
        lines = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        assert 1 <= problem.line <= lines, problem
        assert problem.column >= 1, problem


def assert_renders(workspace) -> None:
    """A workspace without errors renders every portal page and every ready document."""
    pages = dict(Pages(workspace, NOW, Settings()).render_all())
    for event in workspace.events:
        assert f"kegiatan/{event.code}.md" in pages
        for info in list_documents(workspace, event):
            if info.ready:
                assert render_html(workspace, event, info).lstrip().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
@FAST
@given(data=st.data())
def test_mutated_event_records_never_raise_and_point_at_lines(project: Path, sample: Path, data: st.DataObject):
    target = project / sample.relative_to(REPO)
    text = data.draw(mutated(sample.read_text(encoding="utf-8")))
    target.write_text(text, encoding="utf-8", newline="")
    workspace = load_workspace(project, now=NOW)
    assert_well_formed(workspace, project)
    if workspace.ok:
        assert_renders(workspace)


@pytest.mark.parametrize("entrance", ENTRANCES)
@FAST
@given(data=st.data())
def test_mutated_office_and_sop_never_raise_and_point_at_lines(project: Path, entrance: str, data: st.DataObject):
    original = (REPO / entrance).read_text(encoding="utf-8")
    (project / entrance).write_text(data.draw(mutated(original)), encoding="utf-8", newline="")
    workspace = load_workspace(project, now=NOW)
    assert_well_formed(workspace, project)
    if workspace.ok:
        assert_renders(workspace)


@FAST
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(project: Path, raw: bytes):
    (project / "records" / "2024" / "2024-menjahit-1.yaml").write_bytes(raw)
    assert_well_formed(load_workspace(project, now=NOW), project)


# --- a schema error never hides another problem of the same record ------------------------------

# A value the schema refuses, in one step: a name typed for a person id, a date in words, a
# misspelt key.
BREAKS = [
    (re.compile(r"^(    oleh: ).+$", re.M), r"\1Nama Diketik"),
    (re.compile(r"^(    rencana: ).+$", re.M), r"\g<1>3 April"),
    (re.compile(r"^    catatan: ", re.M), "    catatn: "),
]
SCHEDULE = re.compile(r"^jadwal: \{mulai: (\S+), selesai: (\S+)\}$", re.M)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
@FAST
@given(data=st.data())
def test_a_schema_error_in_a_step_never_hides_a_reversed_schedule(project: Path, sample: Path, data: st.DataObject):
    text = sample.read_text(encoding="utf-8")
    pattern, replacement = data.draw(st.sampled_from(BREAKS))
    found = data.draw(st.sampled_from(list(pattern.finditer(text))))
    text = text[: found.start()] + found.expand(replacement) + text[found.end() :]
    text = SCHEDULE.sub(r"jadwal: {mulai: \2, selesai: \1}", text)
    (project / sample.relative_to(REPO)).write_text(text, encoding="utf-8")
    workspace = load_workspace(project, now=NOW)
    assert_well_formed(workspace, project)
    mine = [p for p in workspace.problems if p.path == sample.relative_to(REPO).as_posix()]
    assert any(p.code.startswith("skema-") for p in mine), mine
    assert any(p.code == "jadwal-terbalik" for p in mine), mine
    assert not any(p.code == "status-kurang" for p in mine), mine  # a refused value is not a missing one


# --- values: text a person may type into any field ----------------------------------------

# Printable text of any script, as a clerk could type it (the loader refuses hidden characters).
typed = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp")), min_size=1, max_size=60)
MARKUP = [
    "<script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "{{ config }}",
    "{% raw %}",
    "{: .x onclick=y }",
    "<img src=x onerror=alert(1)>",
    "**tebal** _miring_",
    "| a | b |",
    "&amp; &lt;",
    "${x}",
    "`kode`",
    "# Judul",
]
value_text = st.one_of(typed, st.sampled_from(MARKUP), st.tuples(typed, st.sampled_from(MARKUP)).map(" ".join))
# `key: value` lines of the complete sample whose value is free text.
FREE_TEXT = re.compile(
    r"^(\s*(?:- )?(?:nama|tempat|kejuruan|catatan|instruksi|hal|uraian|hasil|simpulan|penutup|"
    r"ruang_lingkup|penerima|cara|jabatan): )(.+)$",
    re.M,
)


def with_values(text: str, values: list[str]) -> str:
    """Replace the first free-text values of block lines with the given values (YAML-quoted)."""
    it = iter(values)

    def swap(match: re.Match[str]) -> str:
        value = next(it, None)
        return match.group(0) if value is None else match.group(1) + json.dumps(value, ensure_ascii=False)

    return FREE_TEXT.sub(swap, text)


@FAST
@given(values=st.lists(value_text, min_size=1, max_size=12))
def test_any_typed_text_in_free_text_fields_validates_or_points_at_a_line(project: Path, values: list[str]):
    sample = REPO / "records" / "2024" / "2024-menjahit-1.yaml"
    (project / "records" / "2024" / sample.name).write_text(
        with_values(sample.read_text(encoding="utf-8"), values), encoding="utf-8"
    )
    workspace = load_workspace(project, now=NOW)
    assert_well_formed(workspace, project)
    if workspace.ok:
        assert_renders(workspace)


# Letters a clerk may paste: Latin with accents, Arabic, Chinese, combining marks, emoji.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"-()/&<>[]{}#*_|`~$%=+"
    "éèüñçøåßÀÉ"
    "مرحبا"
    "你好世界"
    "e\u0301a\u0308"
    "😀🇮🇩"
)


def random_value(rng: random.Random) -> str:
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 50))).strip() or "x"
    return f"{text} {rng.choice(MARKUP)}" if rng.random() < 0.5 else text


def test_records_that_validate_build_with_mkdocs(project: Path):
    """Many variants with hostile text in every free-text field, one real portal build."""
    sample = (REPO / "records" / "2024" / "2024-menjahit-1.yaml").read_text(encoding="utf-8")
    rng = random.Random(20261128)
    made = 0
    for n in range(20):
        values = [random_value(rng) for _ in range(40)] if n else MARKUP
        code = f"2024-varian-{n}"
        text = with_values(sample, values).replace("kode: 2024-menjahit-1", f"kode: {code}")
        text = re.sub(r"500\.15\.4/0(\d\d)/", rf"500.15.4/{n + 1}\1/", text)
        path = project / "records" / "2024" / f"{code}.yaml"
        path.write_text(text, encoding="utf-8")
        workspace = load_workspace(project, now=NOW)
        assert_well_formed(workspace, project)
        if not workspace.ok:  # e.g. a value that looks like a phone number: that variant goes
            path.unlink()
            continue
        made += 1
    assert made >= 10
    result = build_site(project, project / "site", pdf=False, now=NOW)
    assert result.events == 4 + made
    for n in range(20):
        page = project / "site" / "kegiatan" / f"2024-varian-{n}" / "index.html"
        assert page.is_file() == (project / "records" / "2024" / f"2024-varian-{n}.yaml").is_file()
    page = (result.site_dir / "kegiatan" / "2024-varian-0" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article and "<script>" not in article
