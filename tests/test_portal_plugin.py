"""The portal is a real MkDocs plugin (issue 18.4): found through its entry point, configured by a
declared schema, its state on the plugin and fresh for every build, serving known from
MkDocs' own `on_startup(command)` (issue 21: a plain `mkdocs build` whose site_url is the serve
address once published an error portal), and the theme's compiled templates shared."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import NOW, REPO, free_port, put

from generator.portal import plugin as portal_plugin
from generator.portal.site import BuildError, build_site

BROKEN = "records/2025/rusak.yaml"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def test_mkdocs_finds_the_plugin_by_its_entry_point_and_no_shim_remains():
    from mkdocs.plugins import get_plugins

    assert get_plugins()["jejak"].value == "generator.cli.plugin:JejakPlugin"
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:" not in config and re.search(r"^  - jejak$", config, re.MULTILINE)
    assert not re.search(r"^repo_url:", config, re.MULTILINE)  # links follow kantor.yaml penyunting
    code = [p for p in (REPO / "generator").rglob("*.py")] + list((REPO / "site_templates").rglob("*.py"))
    assert not [p for p in code if "sys.path.insert" in p.read_text(encoding="utf-8")]
    assert [name for name, _ in portal_plugin.PortalPlugin.config_scheme] == ["edit_url", "commit_url"]


def test_a_plain_build_whose_site_url_is_the_serve_address_refuses_a_broken_record(project: Path, tmp_path: Path):
    config = project / "mkdocs.yml"
    config.write_text("site_url: http://127.0.0.1:8000/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    (project / BROKEN).write_text("kode: [\n", encoding="utf-8")
    done = _run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "keluar")], project)
    assert done.returncode == 1
    assert "catatan berisi galat; portal tidak dibangun" in done.stderr and "rusak.yaml" in done.stderr
    assert not (tmp_path / "keluar" / "index.html").exists()  # no error portal published


def test_plain_mkdocs_serve_shows_the_problems_and_reloads_without_inline_script(project: Path):
    (project / BROKEN).write_text("kode: [\n", encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = _fetch(f"http://127.0.0.1:{port}/kegiatan/2024-menjahit-1/", seconds=180)
        assert "Catatan berisi galat" in page and "records/2025/rusak.yaml" in page
        assert '<meta http-equiv="Content-Security-Policy"' in page
        script = re.search(r'<script src="(/assets/javascripts/jejak/livereload\.js)" data-epoch="\d+"', page)
        assert script, page[-600:]
        assert "location.reload()" in _fetch(f"http://127.0.0.1:{port}{script.group(1)}")
        assert "livereload(" not in page  # MkDocs' own inline script is not injected
    finally:
        server.terminate()
        server.wait(timeout=30)


def _fetch(url: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_a_serve_session_in_the_same_process_does_not_make_a_later_build_lenient(project: Path):
    """MkDocs keeps a plugin with on_startup for the whole process: on_shutdown ends serving."""
    from mkdocs.config import load_config

    jejak = load_config(config_file=str(project / "mkdocs.yml")).plugins["jejak"]
    jejak.on_startup(command="serve", dirty=False)
    assert load_config(config_file=str(project / "mkdocs.yml")).plugins["jejak"] is jejak
    jejak.on_shutdown()
    (project / BROKEN).write_text("kode: [\n", encoding="utf-8")
    with pytest.raises(BuildError, match="catatan berisi galat"):
        build_site(project, project / "site", pdf=False, now=NOW)


def test_each_build_has_its_own_state(project: Path, tmp_path: Path):
    """Two repositories built one after the other in one process: nothing of the first in the second."""
    other = tmp_path / "lain"
    shutil.copytree(project, other)
    (other / "records" / "2026" / "2026-barista-1.yaml").unlink()
    put(other, "records/kantor.yaml", "repositori: blk-pagaralam/jejak", "repositori: kantor-lain/jejak")
    first = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    second = build_site(other, other / "site", pdf=False, now=NOW).site_dir
    assert (first / "kegiatan" / "2026-barista-1" / "index.html").is_file()
    assert not (second / "kegiatan" / "2026-barista-1").exists()
    home = (second / "index.html").read_text(encoding="utf-8")
    assert "2026-barista-1" not in home and "kantor-lain/jejak" in home and "blk-pagaralam/jejak" not in home


def test_the_theme_templates_are_compiled_once_per_process(project: Path, monkeypatch: pytest.MonkeyPatch):
    compiled: list[str] = []
    dump = portal_plugin.THEME_BYTECODE.dump_bytecode
    monkeypatch.setattr(portal_plugin.THEME_BYTECODE, "dump_bytecode", lambda b: (compiled.append(b.key), dump(b)))
    build_site(project, project / "site", pdf=False, now=NOW)
    first = len(compiled)
    build_site(project, project / "site", pdf=False, now=NOW)
    assert len(compiled) == first  # on_env is called: MkDocs' theme environment reads the shared cache
    assert first > 0 or len(portal_plugin.THEME_BYTECODE._code) > 0


def test_mkdocs_yml_without_the_plugin_is_refused_in_indonesian(project: Path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - jejak\n", ""), encoding="utf-8")
    with pytest.raises(BuildError, match="mkdocs.yml tidak memuat plugin Jejak; tambahkan `- jejak`"):
        build_site(project, project / "site", pdf=False, now=NOW)
