"""The portal's copy of a document page: the kop's logo as one shared file instead of a data:
URI in every page, and the page without what a browser does not need (`compact`).

A rendered page carries the office logo inline (common.kop), so that its PDF, its Word file and
`jejak dokumen`'s files need nothing beside them. On the portal that is the same ~0.7 KB in
each of an event's ~13 pages; the published copy links `assets/dokumen/<hash>.<ext>` instead,
a file named by its content (like the shared style sheet, portal/document_styles.py), allowed by
the documents' policy (`img-src 'self'`). Only the office's own checked logo is lifted, by exact
match: any other data: image a template writes stays inline, where an SVG can never run a script.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.documents.common import inline_logo

FOLDER = "assets/dokumen"
EXTENSIONS = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


@dataclass(frozen=True)
class SharedImage:
    uri: str  # the data: URI the pages carry
    path: str  # where the site keeps it: assets/dokumen/<hash>.<ext>
    data: bytes


def office_logo(root: Path, logo: str | None) -> SharedImage | None:
    """The office logo as the documents inline it (the same checked bytes), and its shared file;
    None when the kop has no logo."""
    uri = inline_logo(root, logo)
    if uri is None:
        return None
    kind, _, encoded = uri.removeprefix("data:").partition(";base64,")
    data = base64.b64decode(encoded)
    name = hashlib.sha256(data).hexdigest()[:20]
    return SharedImage(uri, f"{FOLDER}/{name}.{EXTENSIONS[kind]}", data)


def lift_logo(html: str, page_path: str, logo: SharedImage | None) -> tuple[str, bool]:
    """(the page with its logo's data: URI replaced by a link relative to `page_path`, whether
    it carried one); the page unchanged when there is no logo or it does not show it."""
    if logo is None:
        return html, False
    inline = f'src="{logo.uri}"'
    if inline not in html:
        return html, False
    href = os.path.relpath(logo.path, os.path.dirname(page_path) or ".").replace(os.sep, "/")
    return html.replace(inline, f'src="{href}"'), True


# Whitespace between a table's rows and cells: a browser keeps it out of every cell and draws
# nothing for it (HTML's "in table text": only the text of a cell shows).
_TABLE_SPACE = re.compile(
    r"(<(?:table|thead|tbody|tfoot|tr)\b[^>]*>|</(?:td|th|tr|thead|tbody|tfoot)>)\s+(?=<(?:/?(?:thead|tbody|tfoot|tr)|td|th)\b|</table>)"
)
# End tags HTML lets a page leave out, where exactly what follows closes the element anyway
# (https://html.spec.whatwg.org/multipage/syntax.html#optional-tags).
_OPTIONAL_END = re.compile(
    r"</t[dh]>(?=<t[dh][\s>]|</tr>)"
    r"|</tr>(?=<tr[\s>]|</t(?:body|head|foot)>|</table>)"
    r"|</t(?:body|foot)>(?=</table>)"
    r"|</li>(?=<li[\s>]|</[ou]l>)"
)


def compact(html: str) -> str:
    """The page a browser builds the same: without the whitespace between table rows and cells
    and without the end tags that the next tag implies. Only for the portal's copy: the PDF and
    the Word file are made from the rendered page."""
    return _OPTIONAL_END.sub("", _TABLE_SPACE.sub(r"\1", html))
