"""records/reload.py: reading some records again gives what reading everything gives (the preview
checks only what a save changed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOW, put

from generator.records.reload import Unique, reload_events
from generator.records.workspace import load_workspace

BARISTA = "records/2026/2026-barista-1.yaml"


MENJAHIT = "records/2024/2024-menjahit-1.yaml"


@pytest.mark.parametrize(
    ("record", "old", "new"),
    [
        (BARISTA, "nama: Pelatihan Barista Kopi Pagar Alam Angkatan I", "nama: Pelatihan Barista Angkatan II"),
        (BARISTA, "kuota: 16", "kuota: enam belas"),  # a schema error
        (BARISTA, "nomor: 500.15.4/215/BLK/2026", "nomor: 500.15.4 / 21 / blk / 2024"),  # menjahit's, written otherwise
        (BARISTA, "kode: 2026-barista-1", "kode: 2024-menjahit-1"),  # another event's code
        # an earlier record takes a later one's number: the full load blames the later, unchanged record
        (MENJAHIT, "nomor: 500.15.4/021/BLK/2024", "nomor: 500.15.4/215/BLK/2026"),
    ],
    ids=["name", "error", "number-used", "code-used", "blames-another-record"],
)
@pytest.mark.parametrize("with_unique", [False, True], ids=["all-checks", "unique-index"])
def test_reading_one_record_again_is_reading_everything_again(
    project: Path, record: str, old: str, new: str, with_unique: bool
):
    workspace = load_workspace(project, now=NOW)
    unique = Unique(workspace.events, workspace.sops) if with_unique else None
    put(project, record, old, new)
    again = reload_events(workspace, [project / record], NOW, unique)
    full = load_workspace(project, now=NOW)
    assert [(e.code, e.name) for e in again.events] == [(e.code, e.name) for e in full.events]
    assert again.problems == full.problems
    assert set(again.attachments) == set(full.attachments)
    if record == MENJAHIT:
        assert [p.path for p in again.problems if p.code == "nomor-ganda"] == [BARISTA]
