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
import re
from pathlib import Path

FOLDER = "assets/dokumen"
# The rendered page's own style element: the first one, inside <head> (checked in `lift`).
STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def lift(html: str, page_path: str) -> tuple[str, str, str]:
    """(the page with a link in place of its style element, the sheet's site path, the CSS);
    the page unchanged and no sheet ("", "") when it has no style element in its head."""
    head_end = html.find("</head>")
    found = STYLE.search(html, 0, head_end) if head_end > 0 else None
    if found is None:
        return html, "", ""
    css = found.group(1)
    sheet = f"{FOLDER}/{hashlib.sha256(css.encode('utf-8')).hexdigest()[:20]}.css"
    href = os.path.relpath(sheet, os.path.dirname(page_path) or ".").replace(os.sep, "/")
    link = f'<link rel="stylesheet" href="{href}">'
    return html[: found.start()] + link + html[found.end() :], sheet, css


def write_sheet(site: Path, sheet: str, css: str, written: set[str]) -> None:
    """The shared sheet under `site`, once per build (`written` holds the sheets already there)."""
    if sheet and sheet not in written:
        target = site / sheet
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(css.encode("utf-8"))
        written.add(sheet)
