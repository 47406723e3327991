"""The Content-Security-Policy of every published page: no inline script anywhere.

The portal is static and its web server is the office's, so the policy travels inside each page
as `<meta http-equiv="Content-Security-Policy">`, put there after the theme rendered the page:
no template (the repository's own overrides included) can leave it out. Material's two inline
scripts were moved into files (site_templates/portal/overrides/assets/javascripts/jejak/): hashes
would differ per page, because one of them carries the page's depth (`base_url`).

The form editor (ubah/index.html) has its own policy (editor.py); letters (dokumen/*.html) get
one without any script, their styles from the site's own sheets (or by hash).
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.exceptions import PluginError

# Pages of the portal (Material): scripts, styles, the search worker and index from the site only.
# `img-src data:`: Material draws its icons with CSS masks of data: SVGs.
PORTAL = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
# Letters: no script at all; their print rules from the site's shared sheet (document_styles.py),
# or a <style> of their own allowed by its hash (the preview's letters keep theirs).
DOCUMENT = (
    "default-src 'none'; script-src 'none'; style-src 'self'{styles}; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)

_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_DATA_TYPES = ("application/json", "application/ld+json")


def meta(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def with_policy(html: str, policy: str = PORTAL) -> str:
    """The page with the policy as the first thing after its charset (else its <head>)."""
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return meta(policy) + html
    return html[: anchor.end()] + meta(policy) + html[anchor.end() :]


def inline_scripts(html: str) -> list[str]:
    """The opening tags of scripts that would run from the page's own text (no `src`, not data)."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group(1)
        if re.search(r"\ssrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = re.search(r"\stype\s*=\s*[\"']?([\w/+-]+)", attributes, re.IGNORECASE)
        if kind and kind.group(1).lower() in _DATA_TYPES:
            continue
        found.append(match.group(0))
    return found


def portal_page(html: str, where: str) -> str:
    """A rendered portal page, checked and given the policy. A template that adds an inline
    script is refused here: the policy would block it in the browser anyway, silently."""
    scripts = inline_scripts(html)
    if scripts:
        raise PluginError(
            f"{where}: templat menyisipkan skrip langsung di halaman ({scripts[0][:80]}); portal tidak "
            "dibangun. Saran: pindahkan skripnya ke berkas .js di site_templates/portal/overrides/assets/ "
            "dan muat dengan <script src=...>; Content-Security-Policy portal menolak skrip di dalam halaman"
        )
    return with_policy(html)


def document_page(html: str) -> str:
    """A letter (dokumen/*.html) with a policy allowing exactly its own style blocks."""
    hashes = [_sha256(style) for style in _STYLE.findall(html)]
    styles = "".join(f" 'sha256-{h}'" for h in hashes)
    return with_policy(html, DOCUMENT.format(styles=styles))


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
