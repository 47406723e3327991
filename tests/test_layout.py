"""The house keeps its shape: lower stages never import higher ones, only history/ runs git,
and the README's layout names the folders one to one (the wheel: tests/test_wheel.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "generator"
# What each part of the package may import from generator (besides itself).
SHARED = {"shared"}  # problem, dates, names, templates: small pieces every stage may use
ALLOWED = {
    "shared": SHARED,
    "records": SHARED | {"records", "derive"},
    "derive": SHARED | {"records"},
    "documents": SHARED | {"records", "derive", "documents"},
    "history": SHARED | {"records", "derive", "history"},
    "portal": SHARED | {"records", "derive", "documents", "history", "portal"},
    "cli": SHARED | {"records", "derive", "documents", "history", "portal", "cli"},
}


def part_of(module: Path) -> str:
    rel = module.relative_to(PACKAGE)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return "derive" if rel.stem == "derive" else "shared"


def imported(module: Path) -> set[str]:
    """The generator parts a module imports, at the top or inside a function."""
    parts = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        parts |= {name.split(".")[1] for name in names if name.startswith("generator.")}
    return {p if (PACKAGE / p).is_dir() or p == "derive" else "shared" for p in parts}


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_lower_stages_never_import_higher_ones(module: Path) -> None:
    part = part_of(module)
    assert imported(module) <= ALLOWED[part], f"{part} may import only {sorted(ALLOWED[part])}"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_history_runs_git(module: Path) -> None:
    if part_of(module) == "history":
        return
    tree = ast.parse(module.read_text(encoding="utf-8"))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not modules & {"subprocess", "git", "pygit2", "dulwich"}, "git (and any process) only in history/"
    calls = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == "git"}
    assert not calls


def test_the_layering_check_catches_a_violation(tmp_path: Path) -> None:
    """The check above would fail for records importing the portal (it is not vacuous)."""
    bad = PACKAGE / "records" / "_layering_probe.py"
    try:
        bad.write_text("from generator.portal.pages import Pages\n", encoding="utf-8")
        assert not imported(bad) <= ALLOWED[part_of(bad)]
    finally:
        bad.unlink()


def test_readme_layout_matches_the_folders() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :].split("\n## ", 1)[0]
    named = set(re.findall(r"^  ([a-z_]+)/", layout, flags=re.M))
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert named == folders
    top = set(re.findall(r"^  ([a-z_]+)\.py", layout, flags=re.M))
    assert top == {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
