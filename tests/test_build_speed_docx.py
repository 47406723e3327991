"""Issue 22 (cold build): the logo the Word writer drew from its SVG is kept in the cache of
rendered files, so a document process of the next build makes the same Word file without
importing cairosvg."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import NOW

from generator.documents.docx import write_docx
from generator.documents.render import document_pages
from generator.records.workspace import load_workspace


def ready_pages(project: Path) -> list[str]:
    ws = load_workspace(project, now=NOW)
    return [html for event in ws.events for _, html in document_pages(ws, event) if html is not None]


DRAW = """
import sys
from pathlib import Path
from generator.documents.docx import write_docx
html = Path(sys.argv[1]).read_text(encoding="utf-8")
write_docx([(html, Path(sys.argv[2]))], Path(sys.argv[3]), Path(sys.argv[4]), workers=1)
print("cairosvg" in sys.modules)
"""


def test_the_drawn_logo_is_taken_from_the_cache(project: Path, tmp_path: Path) -> None:
    """A process that finds the logo drawn in the cache makes the same Word file without
    importing cairosvg (a fifth of a second in each document process)."""
    html = next(h for h in ready_pages(project) if "data:image/svg+xml" in h)
    page, first, second = tmp_path / "halaman.html", tmp_path / "pertama.docx", tmp_path / "kedua.docx"
    page.write_text(html, encoding="utf-8")
    drew, kept = tmp_path / "cache-1", tmp_path / "cache-2"
    write_docx([(html, first)], project, drew, workers=1)
    logos = list(drew.glob("*/*.logo"))
    assert len(logos) == 1
    (kept / logos[0].parent.name).mkdir(parents=True)
    shutil.copy(logos[0], kept / logos[0].parent.name / logos[0].name)  # the logo only, no Word file
    run = [sys.executable, "-c", DRAW, str(page), str(second), str(project), str(kept)]
    done = subprocess.run(run, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert second.read_bytes() == first.read_bytes()
