"""One shared stylesheet for the published documents instead of a <style> block in each.

Every document page carries the print CSS it was rendered with (about 7 KB of each 12 KB page,
the same for every letter of a paper size). The portal's copy of a page gets a `<link>` to
`assets/dokumen/<hash>.css` in its place, a file named by its content, so the documents of every
event share one file per distinct style sheet, and a browser loads it once. The PDF and Word
files are made from the rendered page itself (site.py), so they stay as they were.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

FOLDER = "assets/dokumen"
OPEN, CLOSE = "<style>", "</style>"  # the rendered page's own style element: the first one, inside <head>


def lift(html: str, page_path: str) -> tuple[str, str, str]:
    """(the page with a link in place of its style element, the sheet's site path, the CSS);
    the page unchanged and no sheet ("", "") when it has no style element in its head."""
    head_end = html.find("</head>")
    start = html.find(OPEN, 0, head_end) if head_end > 0 else -1
    end = html.find(CLOSE, start + len(OPEN), head_end) if start >= 0 else -1
    if end < 0:
        return html, "", ""
    css = html[start + len(OPEN) : end]
    sheet = sheet_path(css)
    href = os.path.relpath(sheet, os.path.dirname(page_path) or ".").replace(os.sep, "/")
    link = f'<link rel="stylesheet" href="{href}">'
    return html[:start] + link + html[end + len(CLOSE) :], sheet, css


@lru_cache(maxsize=64)
def sheet_path(css: str) -> str:
    """The sheet's site path, named by its content (the same few sheets come back for every letter)."""
    return f"{FOLDER}/{hashlib.sha256(css.encode('utf-8')).hexdigest()[:20]}.css"


def write_sheet(site: Path, sheet: str, css: str, written: set[str]) -> None:
    """The shared sheet under `site`, once per build (`written` holds the sheets already there)."""
    if sheet and sheet not in written:
        target = site / sheet
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(css.encode("utf-8"))
        written.add(sheet)
