"""Shared fixtures: a real copy of the repository's data in tmp_path."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# A fixed "now" for status and lateness: the samples are dated around it.
NOW = datetime(2026, 11, 28, 10, 0)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A Jejak repository (schema, office, sample records) copied into tmp_path."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "records", root / "records")
    for name in ("mkdocs.yml",):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    for folder in ("docs", "site_templates"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("kegiatan", "_generated"))
    return root
