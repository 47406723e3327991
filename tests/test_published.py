"""Published history cannot be rewritten silently: the next build refuses, unless acknowledged."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from generator.history.demo import GitWriter
from generator.portal.published import RECORD
from generator.portal.site import BuildError, build_site

NOW = datetime(2026, 11, 28, 10, 0)
RECORD_PATH = "records/2024/2024-menjahit-1.yaml"


def test_rewrite_is_refused_then_recorded_when_acknowledged(project: Path, tmp_path: Path) -> None:
    repo = GitWriter(project)
    repo.init()
    repo.write(".gitignore", "site/\n.jejak-cache/\n")
    repo.commit("Mulai", "dedi", "2024-01-22 08:00")
    text = (project / RECORD_PATH).read_text(encoding="utf-8")
    repo.write(RECORD_PATH, text.replace("kuota: 12", "kuota: 13", 1))
    repo.commit("Kuota", "dedi", "2024-01-23 08:00")
    site = tmp_path / "situs"
    build_site(project, site, pdf=False, now=NOW)
    first = json.loads((site / RECORD).read_text(encoding="utf-8"))
    assert first["commit"] == repo.git("rev-parse", "HEAD").strip()
    assert first["audit"]["perubahan"] == 2 and first["pengakuan_tulis_ulang"] == []

    repo.git("commit", "-q", "--amend", "-m", "Kuota (ditulis ulang)", author="dedi", when="2024-01-23 09:00")
    with pytest.raises(BuildError, match="cabang utama ditulis ulang") as refused:
        build_site(project, site, pdf=False, now=NOW)
    assert first["commit"][:7] in str(refused.value) and "--akui-tulis-ulang" in str(refused.value)
    assert json.loads((site / RECORD).read_text(encoding="utf-8")) == first  # the old portal stays

    build_site(project, site, pdf=False, now=NOW, acknowledge="Penghapusan NIK peserta dengan git filter-repo")
    after = json.loads((site / RECORD).read_text(encoding="utf-8"))
    (ack,) = after["pengakuan_tulis_ulang"]
    assert ack["dari"] == first["commit"] and ack["ke"] == after["commit"]
    page = (site / "audit" / "index.html").read_text(encoding="utf-8")
    assert "Penulisan ulang riwayat yang diakui" in page and "Penghapusan NIK peserta dengan git filter-repo" in page
    build_site(project, site, pdf=False, now=NOW)  # carried forward by every later build
    assert json.loads((site / RECORD).read_text(encoding="utf-8"))["pengakuan_tulis_ulang"] == [ack]
