"""Hostile input, round 3 — templates are code anyone with commit access can change (issue 21).

- `jejak validate` reads every template the build uses (the repository's site_templates/, Jejak's
  own, the MkDocs theme overrides) and refuses one Jinja cannot parse, or one reaching for an
  attribute or key starting with `_` or the `attr` filter, at its file and line;
- every template renders in Jinja's immutable sandbox: the attribute walks that ran `os.popen`
  fail with an Indonesian message naming the template and its line;
- every document and page of the samples renders byte-identically with and without the sandbox.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import NOW, REPO
from jinja2 import Environment

import generator.templates as templates
from generator.cli.main import main
from generator.documents.render import list_documents, render_html
from generator.portal.pages import Pages, Settings
from generator.records.workspace import load_workspace
from generator.templates import TemplateRefused, environment

LETTER = "dokumen/undangan.html"


def override(project: Path, name: str, text: str) -> Path:
    path = project / "site_templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def validate(project: Path, capsys) -> tuple[int, str]:
    status = main(["validate", "--repo", str(project)])
    return status, capsys.readouterr().out


BROKEN = [
    ("{% if a %}\nhalo\n", 1, "templat berakhir sebelum blok ditutup"),  # said where the block opens
    ("baris satu\n{{ nama \n", 2, "templat berakhir sebelum blok ditutup"),
    ("a\nb\n{% frobnicate %}\n", 3, "tag Jinja tidak dikenal"),
    ("{% for x in y %}\n{% endif %}\n", 2, "tag Jinja tidak dikenal"),
    ("{{ a }}}}\n{{ b | }}\n", 2, "tanda yang diharapkan tidak ada"),
]


@pytest.mark.parametrize("name", [LETTER, "portal/event.md.j2", "portal/overrides/main.html", "audit/audit.md.j2"])
@pytest.mark.parametrize(("text", "line", "said"), BROKEN)
def test_a_broken_template_fails_validation_at_its_line(project: Path, capsys, name, text, line, said):
    override(project, name, text)
    status, out = validate(project, capsys)
    assert status == 1
    assert f"site_templates/{name}:{line}:1: galat: templat tidak dapat dibaca: {said}" in out, out
    assert "saran: perbaiki sintaks Jinja pada baris ini" in out and "Traceback" not in out


INTERNAL = [
    ("{{ ''.__class__.__mro__ }}", "atribut internal '__mro__'"),
    ("{{ cycler.__init__.__globals__.os }}", "atribut internal '__globals__'"),
    ("{{ self._TemplateReference__context }}", "atribut internal '_TemplateReference__context'"),
    ("{{ lipsum['__globals__'] }}", "kunci internal '__globals__'"),
    ("{{ range|attr('__globals__') }}", "atribut lewat filter 'attr'"),
]


@pytest.mark.parametrize("name", [LETTER, "portal/overrides/main.html"])
@pytest.mark.parametrize(("payload", "said"), INTERNAL)
def test_reaching_for_internals_fails_validation(project: Path, capsys, name: str, payload: str, said: str):
    override(project, name, "{# ok #}\n" + payload + "\n")
    status, out = validate(project, capsys)
    assert status == 1 and f"site_templates/{name}:2:1: galat: templat mengakses {said}: tidak diizinkan" in out


def test_templates_that_passed_are_not_read_again_until_one_changes(project: Path, capsys):
    assert validate(project, capsys)[0] == 0
    assert validate(project, capsys)[0] == 0  # remembered
    override(project, LETTER, "{% if %}\n")
    assert validate(project, capsys)[0] == 1


WALKS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context.cycler }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ range.__globals__ }}",
    "{% set a = '__cla' ~ 'ss__' %}{{ ''[a] }}",
    "{% set n = '__glo' ~ 'bals__' %}{{ lipsum|attr(n) }}",
    "{% set x = [] %}{{ x.append(1) }}",
    "{% set d = {} %}{{ d.update(a=1) }}",
    "{{ (1).__class__.__base__ }}",
]


@pytest.mark.parametrize("walk", WALKS)
def test_attribute_walks_fail_in_the_sandbox_naming_the_template(project: Path, walk: str):
    """Rendered as the build renders a letter (the validation check is passed by: these run)."""
    original = (REPO / "site_templates" / LETTER).read_text(encoding="utf-8")
    override(project, LETTER, "{# serangan #}\n" + walk + "\n" + original)
    workspace = load_workspace(project, now=NOW)
    event = workspace.event("2024-menjahit-1")
    info = next(i for i in list_documents(workspace, event) if i.ready and i.filename.startswith("undangan"))
    with pytest.raises(Exception) as refused:  # TemplateRefused, or the renderer's own error that carries it
        render_html(workspace, event, info)
    message = str(refused.value)
    assert (
        isinstance(refused.value, TemplateRefused)
        or isinstance(refused.value.__cause__, TemplateRefused)
        or (f"site_templates/{LETTER}:2: templat ditolak: " in message)
    ), message
    assert f"site_templates/{LETTER}:2: templat ditolak: " in message, message
    assert "tidak diizinkan; templat hanya menampilkan data" in message


def test_the_sandbox_keeps_dict_keys_and_plain_values(tmp_path: Path):
    override(tmp_path, "portal/uji.md.j2", "{{ a.b }} {{ a['c'] }} {{ n|round(1) }} {{ s.upper() }} {{ l|join(',') }}")
    text = environment(tmp_path).get_template("portal/uji.md.j2").render(a={"b": 1, "c": 2}, n=2.25, s="x", l=[1, 2])
    assert text == "1 2 2.2 X 1,2"


SANDBOXED = templates._environment


def _plain(root: str) -> Environment:
    """The environment as it was before the sandbox: the same options, no checks."""
    sandboxed = SANDBOXED(root)
    return Environment(
        loader=sandboxed.loader,
        autoescape=True,
        undefined=sandboxed.undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def rendered(workspace) -> dict[str, str]:
    out = dict(Pages(workspace, NOW, Settings()).render_all())
    for event in workspace.events:
        for info in list_documents(workspace, event):
            if info.ready:
                out[f"{event.code}/{info.filename}"] = render_html(workspace, event, info)
    return out


def test_every_document_and_page_renders_byte_identically_in_the_sandbox(tmp_path: Path, monkeypatch):
    project = tmp_path / "repo"
    for name in ("schema", "records"):
        shutil.copytree(REPO / name, project / name)
    workspace = load_workspace(project, now=NOW)
    sandboxed = rendered(workspace)
    templates._environment.cache_clear()
    monkeypatch.setattr(templates, "_environment", _plain)
    plain = rendered(workspace)
    monkeypatch.undo()
    templates._environment.cache_clear()
    assert len(sandboxed) > 40 and sandboxed.keys() == plain.keys()
    assert [k for k in sandboxed if sandboxed[k] != plain[k]] == []
