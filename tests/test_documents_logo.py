"""Documents rendered in bulk remember the kop's logo per file version (a new logo shows)."""

from __future__ import annotations

from pathlib import Path

from conftest import NOW

from generator.documents.render import list_documents, render_ready
from generator.records.workspace import load_workspace


def test_a_changed_logo_is_read_again(project: Path):
    """The kop's logo is remembered per file version, so `jejak serve` shows a new logo."""
    ws = load_workspace(project, now=NOW)
    event = next(e for e in ws.events if any(i.ready for i in list_documents(ws, e)))
    logo = project / ws.office.letterhead.logo
    before = render_ready(ws, event)[0][1]
    # A visible change: the published logo is the SVG parse, so a comment alone would not count.
    logo.write_text(logo.read_text(encoding="utf-8").replace('fill="#fff"', 'fill="#000"'), encoding="utf-8")
    after = render_ready(ws, event)[0][1]
    assert before != after
