"""`jejak build` renders the documents in bulk (documents.document_pages / render_ready: each
document built once per event): the result must be what list_documents + render_html give."""

from __future__ import annotations

from pathlib import Path

from conftest import NOW

from generator.documents.render import document_pages, list_documents, render_html, render_ready
from generator.records.workspace import load_workspace


def test_bulk_rendering_matches_one_by_one(project: Path):
    ws = load_workspace(project, now=NOW)
    assert ws.events
    ready_seen = 0
    for event in ws.events:
        infos = list_documents(ws, event)
        pages = document_pages(ws, event)
        assert [info for info, _ in pages] == infos
        for info, html in pages:
            assert (html is not None) == info.ready
            if info.ready:
                ready_seen += 1
                assert html == render_html(ws, event, info)
        assert render_ready(ws, event) == [(info, html) for info, html in pages if info.ready]
        assert [info for info, html in document_pages(ws, event, render=False)] == infos
        assert all(html is None for _, html in document_pages(ws, event, render=False))
    assert ready_seen > 0


def test_a_changed_logo_is_read_again(project: Path):
    """The kop's logo is remembered per file version, so `jejak serve` shows a new logo."""
    ws = load_workspace(project, now=NOW)
    event = next(e for e in ws.events if any(i.ready for i in list_documents(ws, e)))
    logo = project / ws.office.letterhead.logo
    before = render_ready(ws, event)[0][1]
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", "<!-- baru --></svg>"), encoding="utf-8")
    after = render_ready(ws, event)[0][1]
    assert before != after
