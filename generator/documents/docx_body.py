"""HTML of a document page to the blocks of a Word body, styled by the page's own CSS.

Block elements become paragraphs (loose text in a block holding blocks becomes a paragraph of
its own, as CSS makes an anonymous box); tables become Word tables with the widths CSS's auto
layout would give them, merged cells and repeated header rows. Vertical margins collapse as in
CSS and become the space before the next paragraph. Page-break wishes become Word's: a block
that avoids a break before it keeps the paragraph before it on its page (`keepNext`), one that
avoids a break inside keeps its own lines together, a heading stays with what follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from generator.documents.docx_blocks import Cell, Para, Row, Run, Table
from generator.documents.docx_css import Compound, Sheet, Style
from generator.documents.docx_text import NAME, Guard, escape

BLOCK = frozenset("div p section article header footer h1 h2 h3 h4 ol ul li table blockquote".split())
SKIP = frozenset(("style", "script", "title", "head", "template"))
SPACES = re.compile(r"[ \t\n\r\f]+")
ALIGN = {"justify": "both", "center": "center", "right": "right"}
BORDER_STYLES = {"solid": "single", "double": "double", "dashed": "dashed", "dotted": "dotted"}


@dataclass
class Frame:
    """Where a block's paragraphs sit horizontally inside their container."""

    left: float = 0.0
    right: float = 0.0
    push: float | None = None
    left_share: float = 0.0


@dataclass
class Flow:
    """The blocks of one container (the page, or one table cell) and the margin still owed."""

    blocks: list[Para | Table] = field(default_factory=list)
    gap: float = 0.0

    def add(self, block: Para | Table) -> None:
        previous = self.blocks[-1] if self.blocks else None
        if isinstance(block, Para):
            block.before = max(block.before, self.gap)
        elif isinstance(previous, Para) and self.gap:
            previous.after = max(previous.after, self.gap)
        elif self.gap or isinstance(previous, Table):  # two tables touching would become one in Word
            self.blocks.append(Para(line=max(self.gap, 1.0), exact=True, size=1.0, keep_next=True))
        self.gap = 0.0
        self.blocks.append(block)


class Converter:
    """One document page: `convert(elements)` gives its blocks in order."""

    def __init__(self, sheet: Sheet, images: Any, guard: Guard):
        self.sheet, self.images, self.guard = sheet, images, guard
        self.positional = sheet.positional

    def convert(self, elements: list[Any], flow: Flow) -> None:
        root = self.sheet.root
        chain = (Compound("html", frozenset()), Compound("body", frozenset()))
        body = self.sheet.style(self.sheet.style(root, chain[:1]), chain)
        for element in elements:
            self.block(element, body, chain, flow, Frame())

    # --- blocks ------------------------------------------------------------------------

    def style(self, element: Any, parent: Style, chain: tuple[Compound, ...]) -> tuple[Style, tuple[Compound, ...]]:
        tag = element.tag
        classes = frozenset((element.get("class") or "").split())
        first = last = False
        if tag in self.positional or "*" in self.positional:
            first = _sibling(element, "getprevious") is None
            last = _sibling(element, "getnext") is None
        chain = (*chain, Compound(tag, classes, first, last))
        return self.sheet.style(parent, chain), chain

    def block(self, element: Any, parent: Style, chain: tuple[Compound, ...], flow: Flow, frame: Frame) -> None:
        style, chain = self.style(element, parent, chain)
        if style.get("display") == "none":
            return
        if element.tag == "table":
            self.table(element, style, chain, flow, frame)
            return
        if any(k in style.values for k in ("border-top", "border-left")) and _borders(style):
            self.framed(element, style, chain, flow, frame)
            return
        top, right, bottom, left = style.box("margin")
        pad_top, pad_right, pad_bottom, pad_left = style.box("padding")
        flow.gap = max(flow.gap, top + pad_top)
        start = len(flow.blocks)
        inner = Frame(frame.left + left + pad_left, frame.right + right + pad_right, frame.push, frame.left_share)
        width = style.length("width")
        if style.get("margin-left") == "auto" and width:
            inner = Frame(pad_left, frame.right + right + pad_right, width, frame.left_share)
        share = _share(style.get("margin-left"))
        if share:
            inner.left_share, inner.left = share, frame.left + pad_left
        if element.tag in ("ol", "ul"):
            self.items(element, style, chain, flow, inner)
        elif NAME.match(element.get("data-srikandi") or ""):  # the whole block is a parameter
            self.paragraph([element], parent, chain[:-1], flow, inner)
        else:
            self.flow(element, style, chain, flow, inner)
        made = flow.blocks[start:]
        height = style.length("height")
        if height and not made:
            flow.add(Para(line=height, size=style.font_size, left=inner.left, push=inner.push))
            made = flow.blocks[start:]
        elif height and len(made) == 1 and isinstance(made[0], Para):
            made[0].line = max(made[0].line, height)
        flow.gap = max(flow.gap, bottom + pad_bottom)
        self.keeps(style, flow, start, made)

    def framed(self, element: Any, style: Style, chain: tuple[Compound, ...], flow: Flow, frame: Frame) -> None:
        """A block with a border (a receipt slip to cut out) becomes a table of one cell, the way
        Word draws a frame around paragraphs and tables alike."""
        top, _, bottom, left = style.box("margin")
        flow.gap = max(flow.gap, top)
        cell = self.cell(element, style, chain[:-1], own=(style, chain))
        table = Table([Row([cell], cant_split=style.avoid_inside)], full=True, left=frame.left + left, columns=1)
        start = len(flow.blocks)
        flow.add(table)
        flow.gap = max(flow.gap, bottom)
        self.keeps(style, flow, start, flow.blocks[start:])

    def keeps(self, style: Style, flow: Flow, start: int, made: list[Para | Table]) -> None:
        """CSS break wishes as Word's keep-with-next and page-break-before."""
        if not made:
            return
        if style.avoid_before and start > 0:
            flow.blocks[start - 1].keep()
        if style.avoid_inside:
            for block in made[:-1]:
                block.keep()
            for block in made:
                if isinstance(block, Para):
                    block.keep_lines = True
        if style.avoid_after:
            for block in made:
                block.keep()
        if style.page_before:
            first = made[0]
            if isinstance(first, Para):
                first.page_before = True
            else:
                flow.blocks.insert(start, Para(line=1.0, exact=True, size=1.0, page_before=True, keep_next=True))

    def flow(self, element: Any, style: Style, chain: tuple[Compound, ...], flow: Flow, frame: Frame) -> None:
        """The element's content: its block children, and loose inline content as paragraphs."""
        pending: list[Any] = [element.text] if element.text else []
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP or (child.get("data-docx") or "").startswith("-"):
                if child.tail:
                    pending.append(child.tail)
                continue
            if tag in BLOCK:
                self.paragraph(pending, style, chain, flow, frame)
                pending = []
                self.block(child, style, chain, flow, frame)
            else:
                pending.append(child)
            if child.tail:
                pending.append(child.tail)
        self.paragraph(pending, style, chain, flow, frame)

    def paragraph(
        self,
        pending: list[Any],
        style: Style,
        chain: tuple[Compound, ...],
        flow: Flow,
        frame: Frame,
        label: str = "",
        hanging: float = 0.0,
    ) -> None:
        if not pending:
            return
        runs: list[Run] = [_text_run(label, style), Run("tab")] if label else []
        for item in pending:
            if isinstance(item, str):
                runs.append(_text_run(item, style))
            else:
                self.inline(item, style, chain, runs)
        runs = self.collapse(runs, pre_line=style.get("white-space") == "pre-line")
        if not runs:
            return
        size = style.font_size
        para = Para(
            runs=runs,
            size=size,
            align=ALIGN.get(style.get("text-align"), ""),
            left=frame.left,
            right=frame.right,
            hanging=hanging,
            line=_line_height(style),
            push=frame.push,
            left_share=frame.left_share,
            nowrap=style.get("white-space") == "nowrap",
        )
        flow.add(para)

    def items(self, element: Any, style: Style, chain: tuple[Compound, ...], flow: Flow, frame: Frame) -> None:
        """List items with the label the print shows (a./b. or 1./2.), hanging in front."""
        letters = "huruf" in (element.get("class") or "").split() or style.get("list-style-type") == "lower-alpha"
        number = 0
        for child in element.iterchildren():
            if not isinstance(child.tag, str) or child.tag != "li":
                continue
            number += 1
            label = f"{chr(ord('a') + number - 1)}." if letters else ("\u2022" if element.tag == "ul" else f"{number}.")
            item_style, item_chain = self.style(child, style, chain)
            top, _, bottom, _ = item_style.box("margin")
            pad_left = item_style.box("padding")[3]
            hanging = pad_left or style.box("padding")[3] or 18.0
            left = frame.left + (pad_left or 0.0) + (0.0 if pad_left else hanging)
            flow.gap = max(flow.gap, top)
            start = len(flow.blocks)
            pending = [child.text] if child.text else []
            for grand in child.iterchildren():
                if isinstance(grand.tag, str) and grand.tag not in SKIP:
                    pending.append(grand)
                if grand.tail:
                    pending.append(grand.tail)
            inner = Frame(left, frame.right, frame.push, frame.left_share)
            self.paragraph(pending, item_style, item_chain, flow, inner, label=label, hanging=hanging)
            flow.gap = max(flow.gap, bottom)
            self.keeps(item_style, flow, start, flow.blocks[start:])

    # --- inline content ----------------------------------------------------------------

    def inline(self, element: Any, parent: Style, chain: tuple[Compound, ...], runs: list[Run]) -> None:
        tag = element.tag
        if tag == "br":
            runs.append(Run("br"))
            return
        style, chain = self.style(element, parent, chain)
        parameter = element.get("data-srikandi")
        if parameter and NAME.match(parameter):
            shown = " ".join(element.text_content().split())
            runs.append(replace(_text_run("${" + parameter + "}", style, kind="p"), shown=shown))
            return
        if tag == "img":
            drawing = self.images.drawing(element, style)
            if drawing is not None:
                runs.append(drawing)
            return
        if element.text:
            runs.append(_text_run(element.text, style))
        for child in element.iterchildren():
            if isinstance(child.tag, str) and child.tag not in SKIP and not (child.get("data-docx") or "").startswith("-"):
                self.inline(child, style, chain, runs)
            if child.tail:
                runs.append(_text_run(child.tail, style))

    def collapse(self, runs: list[Run], pre_line: bool = False) -> list[Run]:
        """CSS white-space: runs of spaces become one, none at the start or end of a line; then
        the text is guarded and escaped (see docx_text.Guard)."""
        out: list[Run] = []
        space_before = True  # at the start of a line
        for run in runs:
            if run.kind != "t":
                out.append(run)
                space_before = run.kind in ("br", "tab")
                continue
            parts = run.plain.split("\n") if pre_line else [run.plain]
            for i, part in enumerate(parts):
                if i:
                    _trim_end(out)
                    out.append(Run("br"))
                    space_before = True
                text = SPACES.sub(" ", part)
                if space_before:
                    text = text.lstrip(" ")
                if not text:
                    continue
                space_before = text.endswith(" ")
                out.append(Run("t", "", text, run.bold, run.italic, run.underline, run.size))
        _trim_end(out)
        while out and out[-1].kind == "br" and len(out) > 1:
            out.pop()
        return [self._guarded(run) for run in out if run.kind != "t" or run.plain]

    def _guarded(self, run: Run) -> Run:
        """In document order: Jejak's own parameter is written as it is, every text is guarded."""
        if run.kind == "p":
            return replace(run, kind="t", text=escape(self.guard.trusted(run.plain)))
        if run.kind != "t":
            self.guard.text("\n")  # a line break or tab: markup between two texts
            return run
        plain = self.guard.text(run.plain)
        return Run("t", escape(plain), plain, run.bold, run.italic, run.underline, run.size)

    # --- tables ------------------------------------------------------------------------

    def table(self, element: Any, style: Style, chain: tuple[Compound, ...], flow: Flow, frame: Frame) -> None:
        top, _, bottom, left = style.box("margin")
        flow.gap = max(flow.gap, top)
        table = Table(
            rows=[],
            full=style.get("width") == "100%",
            width=style.length("width") if not style.get("width", "").endswith("%") else None,
            left=frame.left + left,
            left_share=_share(style.get("margin-left")) or frame.left_share,
            push=frame.push,
            borders=_borders(style),
            keep_together=style.avoid_inside,
        )
        carry: dict[int, list[Any]] = {}  # column -> [rows still covered, the cell above]
        for group, row_element in _rows(element):
            group_style, group_chain = (style, chain) if group is None else self.style(group, style, chain)
            row_style, row_chain = self.style(row_element, group_style, group_chain)
            row = Row([], header=group is not None and group.tag == "thead", cant_split=row_style.avoid_inside)
            column = _carry(carry, row, 0)
            for cell_element in row_element.iterchildren():
                if cell_element.tag not in ("td", "th"):
                    continue
                cell = self.cell(cell_element, row_style, row_chain)
                row.cells.append(cell)
                if cell.rowspan > 1:
                    carry[column] = [cell.rowspan - 1, cell]
                column = _carry(carry, row, column + cell.span)
            if row_style.avoid_before and table.rows:
                table.rows[-1].keep_next = True
            table.rows.append(row)
            table.columns = max(table.columns, column)
        if not table.rows or not table.columns:
            return
        for row in table.rows:  # short rows are filled with empty cells
            width = sum(c.span for c in row.cells)
            if width < table.columns:
                row.cells.append(Cell([], span=table.columns - width))
        start = len(flow.blocks)
        flow.add(table)
        flow.gap = max(flow.gap, bottom)
        self.keeps(style, flow, start, flow.blocks[start:])

    def cell(
        self, element: Any, parent: Style, chain: tuple[Compound, ...], own: tuple[Style, Any] | None = None
    ) -> Cell:
        style, chain = own or self.style(element, parent, chain)
        inside = Flow()
        self.flow(element, style, chain, inside, Frame())
        if inside.gap and inside.blocks and isinstance(inside.blocks[-1], Para):
            inside.blocks[-1].after = max(inside.blocks[-1].after, inside.gap)
        if not inside.blocks:  # an empty cell still holds a paragraph (keep-with-next lives there)
            inside.blocks.append(Para(size=style.font_size, line=_line_height(style)))
        width = style.get("width")
        padding = style.box("padding")
        return Cell(
            inside.blocks,
            span=_int(element.get("colspan")),
            rowspan=_int(element.get("rowspan")),
            width=style.length("width") if width and not width.endswith("%") else None,
            share=_share(width),
            nowrap=style.get("white-space") == "nowrap",
            padding=padding,
            borders=_borders(style),
            fill=_colour(style.get("background") or style.get("background-color")),
            valign={"middle": "center", "bottom": "bottom"}.get(style.get("vertical-align"), ""),
            height=(style.length("height") or 0.0) + (padding[0] + padding[2] if style.length("height") else 0.0),
        )


def _carry(carry: dict[int, list[Any]], row: Row, column: int) -> int:
    """Cells merged from a rowspan above, placed before the next real cell of the row."""
    while column in carry:
        left, above = carry[column]
        row.cells.append(
            Cell([], span=above.span, merged=True, borders=above.borders, fill=above.fill, padding=above.padding)
        )
        if left <= 1:
            del carry[column]
        else:
            carry[column][0] = left - 1
        column += above.span
    return column


def _rows(table: Any) -> list[tuple[Any, Any]]:
    """(thead/tbody/tfoot or None, tr) in order; never a nested table's rows."""
    out = []
    for child in table.iterchildren():
        if child.tag == "tr":
            out.append((None, child))
        elif child.tag in ("thead", "tbody", "tfoot"):
            out += [(child, row) for row in child.iterchildren() if row.tag == "tr"]
    return out


def _sibling(element: Any, direction: str) -> Any:
    sibling = getattr(element, direction)()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = getattr(sibling, direction)()
    return sibling


def _text_run(text: str, style: Style, kind: str = "t") -> Run:
    """Text before spacing and guarding (`plain` only; `collapse` makes the XML)."""
    return Run(
        kind,
        "",
        text,
        style.bold,
        style.get("font-style") == "italic",
        "underline" in style.get("text-decoration"),
        style.font_size,
    )


def _trim_end(runs: list[Run]) -> None:
    if runs and runs[-1].kind == "t" and not runs[-1].text and runs[-1].plain.endswith(" "):
        last = runs[-1]
        runs[-1] = Run("t", "", last.plain.rstrip(" "), last.bold, last.italic, last.underline, last.size)


def _line_height(style: Style) -> float:
    value = style.get("line-height", "normal")
    if value == "normal":
        return style.font_size * 1.15
    try:
        return float(value) * style.font_size
    except ValueError:
        return style.length("line-height") or style.font_size * 1.15


def _share(value: str) -> float:
    return float(value[:-1]) / 100 if value.endswith("%") and value[:-1].replace(".", "", 1).isdigit() else 0.0


def _int(value: str | None) -> int:
    return max(1, min(int(value), 1000)) if value and value.isdigit() else 1


def _borders(style: Style) -> dict[str, tuple[str, int]]:
    out = {}
    for side in ("top", "right", "bottom", "left"):
        value = style.get(f"border-{side}")
        if not value:
            continue
        kind = next((BORDER_STYLES[t] for t in value.split() if t in BORDER_STYLES), None)
        width = next((w for t in value.split() if (w := _px(t)) is not None), 0.75)
        if kind:
            out[side] = (kind, max(2, min(round(width * 8 / (3 if kind == "double" else 1)), 96)))
    return out


def _px(token: str) -> float | None:
    from generator.documents.docx_css import to_pt

    return to_pt(token, 12.0) if token[:1].isdigit() else None


def _colour(value: str) -> str:
    found = re.search(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", value or "")
    if not found:
        return ""
    hex_value = found.group(1)
    return (hex_value if len(hex_value) == 6 else "".join(c * 2 for c in hex_value)).upper()
