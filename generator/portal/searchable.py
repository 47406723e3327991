"""Generated HTML made readable, and cheap, for the search index.

The search plugin keeps only the text between tags: `<td>Kabupaten Lahat</td><td>Siti Aminah</td>`
became "Kabupaten LahatSiti Aminah", and `…/BLK/2024</td><td>1 Februari` became "2024" + "1": a
participant or a letter number typed in the search box then found nothing. A space between
cells, list items and after a line break changes nothing on screen and separates the words.

The search plugin (Material's) reads every page through Python's HTMLParser, one Python call per
tag: on an event page (~400 tags, nearly all table cells) and on the dashboard (~2,000) that was
a quarter of the portal's own build time. It only keeps headings (they start the sections), the
text, and a few tags (p, li, code…) it writes into the index; every other tag it passes over.
`search_view` is the page as the index needs it: those other tags (tables, spans, links…)
removed, the kept ones without attributes. The index holds the same sections with the same
words; only the number of spaces between two words may differ."""

from __future__ import annotations

import re

BOUNDARY = re.compile(r"(</(?:td|th|li|dd|dt)>(?=<)|<br\s*/?>(?!\s))")

# The rest of one HTML tag, quoted attribute values (which may hold ">") included.
_REST = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>"""
# Tags the search plugin passes over and that never hold a heading in a generated page: each
# becomes a NUL (never in a record), then such tags in a row, with the spaces around and between
# them, become one space where there was any (the plugin too writes a single space for the spaces
# between two tags), else nothing.
_PASSED = re.compile(
    r"</?(?:a|abbr|b|br|em|i|img|small|span|strong|table|tbody|td|tfoot|th|thead|time|tr)(?=[\s/>])" + _REST
)
_SPACED = re.compile(r"(?:\s+\0|\0+\s)[\s\0]*")
# Tags the index keeps (written as `<p>`, `<li>`…): their attributes are not kept.
_KEPT = re.compile(r"<(p|li|ol|ul|code|sub|sup)\s" + _REST)
# What makes the plugin skip or treat a part differently: such a page is read as it is.
_SPECIAL = ("data-search-", "linenodiv", "<pre", "\0")


def separate_cells(html: str) -> str:
    return BOUNDARY.sub(r"\1 ", html)


def search_view(html: str) -> str | None:
    """What the search plugin needs of a generated page's HTML, or None when it must read the page itself."""
    if any(special in html for special in _SPECIAL):
        return None
    return _KEPT.sub(r"<\1>", _SPACED.sub(" ", _PASSED.sub("\0", html)).replace("\0", ""))
