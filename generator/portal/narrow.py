"""Tables readable on a phone (390 px) without a sideways swipe.

On a narrow screen every table with column headings is shown row by row, each cell on its own
line under its heading (jejak.css: `table[data-tumpuk]`, `td[data-label]`). The headings come
from the table itself: each body cell gets the heading of its column (`data-label`, with the
spans of a two-row heading such as the SOP flowchart's worked out), and a cell showing only "-"
is marked (`data-kosong`) so the phone can leave it out. Wide screens see the table unchanged.
"""

from __future__ import annotations

import re

_TABLE = re.compile(r"(<table\b)([^>]*>)(.*?)(</table>)", re.DOTALL)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</\1>", re.DOTALL)
_SPAN = re.compile(r"""\b(colspan|rowspan)=["']?([0-9]{1,2})""")
_TAGS = re.compile(r"<[^>]+>")
# A row's start, or a cell's opening tag with the text up to the next tag (to see "-" or nothing).
_OPENING = re.compile(r"(<tr\b[^>]*>)|<(t[hd])\b([^>]*)>([^<]*)(</t[hd]>)?")


def stack_tables(html: str) -> str:
    return _TABLE.sub(_stacked, html) if "<thead>" in html else html


def _stacked(table: re.Match[str]) -> str:
    opening, rest, body, closing = table.groups()
    head = _HEAD.search(body)
    if head is None or "data-tumpuk" in rest:
        return table.group(0)
    labels = column_labels(head.group(1))
    before, after = body[: head.end()], body[head.end() :]
    return f"{opening} data-tumpuk{rest}{before}{_labelled_body(after, labels)}{closing}"


def column_labels(thead: str) -> list[str]:
    """The heading of each column: the lowest header cell covering it (spans worked out)."""
    grid: dict[tuple[int, int], str] = {}
    rows = _ROW.findall(thead)
    for r, row in enumerate(rows):
        column = 0
        for _, attributes, inner in _CELL.findall(row):
            while (r, column) in grid:
                column += 1
            spans = dict(_SPAN.findall(attributes))
            text = _text(inner)
            for dr in range(int(spans.get("rowspan", 1))):
                for dc in range(int(spans.get("colspan", 1))):
                    grid[(r + dr, column + dc)] = text
            column += int(spans.get("colspan", 1))
    width = max((c for _, c in grid), default=-1) + 1
    return [next((grid[(r, c)] for r in reversed(range(len(rows))) if (r, c) in grid), "") for c in range(width)]


def _labelled_body(body: str, labels: list[str]) -> str:
    """Every <td> of the body with its column's heading: one pass, counting columns per row
    (the dashboard and the recaps have a thousand rows)."""
    named = [f' data-label="{label}"' if label else "" for label in labels]
    column = 0

    def cell(match: re.Match[str]) -> str:
        nonlocal column
        if match.group(1) is not None:  # a new row
            column = 0
            return match.group(0)
        tag, attributes = match.group(2), match.group(3)
        here, span = column, _SPAN.search(attributes)
        column += int(span.group(2)) if span and span.group(1) == "colspan" else 1
        if tag == "th" or "data-label" in attributes:
            return match.group(0)
        label = named[here] if here < len(named) else ""
        text, closed = match.group(4), match.group(5) or ""
        empty = " data-kosong" if closed and text.strip() in ("-", "") else ""
        return f"<td{label}{empty}{attributes}>{text}{closed}"

    return _OPENING.sub(cell, body)


def _text(inner: str) -> str:
    """A cell's text as it may stand in a quoted attribute (entities stay as they are)."""
    return " ".join(_TAGS.sub(" ", inner).split()).replace('"', "&quot;")
