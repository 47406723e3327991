"""Generated HTML made readable for the search index.

The search plugin keeps only the text between tags: `<td>Kabupaten Lahat</td><td>Siti Aminah</td>`
became "Kabupaten LahatSiti Aminah", and `…/BLK/2024</td><td>1 Februari` became "2024" + "1": a
participant or a letter number typed in the search box then found nothing. A space between
cells, list items and after a line break changes nothing on screen and separates the words."""

from __future__ import annotations

import re

BOUNDARY = re.compile(r"(</(?:td|th|li|dd|dt)>(?=<)|<br\s*/?>(?!\s))")


def separate_cells(html: str) -> str:
    return BOUNDARY.sub(r"\1 ", html)
