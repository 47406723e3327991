"""`jejak build --keluaran` can never replace the records, the repository, or a folder that is not a portal."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOW

from generator.portal.site import MARKER, BuildError, build_site


@pytest.mark.parametrize("target", [".", "records", "records/2024", "schema", "docs", ".git", ".."])
def test_refuses_targets_holding_repository_data(project: Path, target: str):
    (project / ".git").mkdir(exist_ok=True)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    with pytest.raises(BuildError, match="portal tidak dibangun"):
        build_site(project, project / target, pdf=False, now=NOW)
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_refuses_a_folder_that_is_not_a_portal(project: Path, tmp_path: Path):
    other = tmp_path / "laporan-penting"
    other.mkdir()
    (other / "catatan.txt").write_text("jangan dihapus")
    with pytest.raises(BuildError, match="bukan portal Jejak"):
        build_site(project, other, pdf=False, now=NOW)
    assert (other / "catatan.txt").read_text() == "jangan dihapus"
    file_target = tmp_path / "berkas.txt"
    file_target.write_text("x")
    with pytest.raises(BuildError, match="bukan portal Jejak"):
        build_site(project, file_target, pdf=False, now=NOW)
    assert file_target.read_text() == "x"


def test_a_portal_folder_is_replaced_and_marked(project: Path):
    site = project / "site"
    build_site(project, site, pdf=False, now=NOW)
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    build_site(project, site, pdf=False, now=NOW)  # its own earlier output may be replaced
    assert (site / "index.html").is_file()
