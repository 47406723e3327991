"""The portal's copy of a document page: the kop's logo as one shared file instead of a data:
URI in every page.

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
