"""The wheel carries what Jejak needs (issue 18.5): installed into a fresh virtual environment,
with no checkout on the import path, `jejak build` and a plain `mkdocs build` make the portal of a
copy of the repository that has no site_templates/ of its own (the packaged templates, theme
overrides and MkDocs plugin entry point come from the wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built offline from a copy of the sources (no checkout leftovers in it)."""
    source = tmp_path_factory.mktemp("quelle")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, source / name)
    for name in ("generator", "site_templates"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = source / "whl"
    subprocess.run([*PIP, "wheel", str(source), "--no-deps", "--no-build-isolation", "-w", str(out)], check=True)
    return next(out.glob("jejak-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; the dependencies are found in this
    run's environment (a .pth after the venv's own site-packages), offline."""
    env = tmp_path_factory.mktemp("venv") / "jejak"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    subprocess.run([*PIP, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], check=True)
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(own) / "zz-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_wheel_holds_the_templates_and_the_plugin(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("portal", "dokumen", "audit", "editor"):
        assert any(n.startswith(f"generator/site_templates/{folder}/") for n in names), folder
    assert "generator/site_templates/portal/overrides/main.html" in names
    assert "generator/site_templates/portal/overrides/assets/javascripts/jejak/base.js" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[mkdocs.plugins]\njejak = generator.cli.plugin:JejakPlugin" in text


def test_jejak_build_from_the_wheel_alone(installed: Path, tmp_path: Path):
    repo = tmp_path / "kantor"
    for name in ("records", "schema", "docs"):
        shutil.copytree(REPO / name, repo / name)
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    where = _run([str(installed / "bin" / "python"), "-c", "import generator; print(generator.__file__)"], repo)
    assert where.stdout.startswith(str(installed)), where  # the wheel's code, not the checkout's
    done = _run([str(installed / "bin" / "jejak"), "build", "--tanpa-pdf", "--pada", "2026-11-28T10:00"], repo)
    assert done.returncode == 0, done.stderr
    assert "portal dibangun di" in done.stdout and "Traceback" not in done.stderr
    site = repo / "site"
    event = (site / "kegiatan" / "2024-menjahit-1" / "index.html").read_text(encoding="utf-8")
    assert "Linimasa langkah SOP" in event and "Content-Security-Policy" in event
    assert (site / "assets" / "javascripts" / "jejak" / "base.js").is_file()  # the packaged theme overrides
    assert "--tanpa-pdf" in (site / "panduan" / "perintah" / "index.html").read_text(encoding="utf-8")
    plain = _run([str(installed / "bin" / "python"), "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "p")], repo)
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "p" / "kegiatan" / "2024-menjahit-1" / "index.html").is_file()
