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
from typing import Any

from generator.documents.docx_blocks import Para, Run, text_run
from generator.documents.docx_css import SIDES, Chain, Sheet, Style
from generator.documents.docx_flow import Flow, Frame, Gap, first_margin, unbreakable
from generator.documents.docx_table import Cell, Row, Table
from generator.documents.docx_text import NAME, Guard, Kept, escape

BLOCK = frozenset("div p section article header footer h1 h2 h3 h4 ol ul li table blockquote".split())
SKIP = frozenset(("style", "script", "title", "head", "template"))
SPACES = re.compile(r"[ \t\n\r\f]+")
NO_CLASSES: frozenset[str] = frozenset()
# A paragraph's content before spacing and guarding: ("t" text or "p" parameter, its text, its
# style, what the print shows for a parameter), or a finished run (line break, tab, drawing).
Item = tuple[str, str, Style, str] | Run
BR, TAB = Run("br"), Run("tab")
CELL_FRAME = Frame()  # a cell's own content starts at its edges (a Frame is never changed once passed on)


class Converter:
    """One document page: `convert(elements)` gives its blocks in order."""

    def __init__(self, sheet: Sheet, images: Any, guard: Guard):
        self.sheet, self.images, self.guard = sheet, images, guard
        # a child's position is looked up only where a selector asks for it (lxml makes an
        # object for every sibling it steps to)
        self.first_child, self.last_child = sheet.first_child, sheet.last_child
        self.any_first, self.any_last = "*" in sheet.first_child, "*" in sheet.last_child
        # (parent style, tag, class attribute, first, last) -> (style, compound): the sheet's
        # own memo needs the classes as a set first
        self.styles: dict[tuple[Any, ...], tuple[Style, Any]] = sheet.by_element

    def convert(self, elements: list[Any], flow: Flow) -> None:
        root = self.sheet.root
        html: Chain = (("html", NO_CLASSES, False, False), None)
        chain: Chain = (("body", NO_CLASSES, False, False), html)
        body = self.sheet.style(self.sheet.style(root, html), chain)
        for element in elements:
            self.block(element, body, chain, flow, Frame())

    # --- blocks ------------------------------------------------------------------------

    def style(self, element: Any, parent: Style, chain: Chain) -> tuple[Style, Chain]:
        tag = element.tag
        names = element.get("class")
        first = (self.any_first or tag in self.first_child) and _previous(element) is None
        last = (self.any_last or tag in self.last_child) and _next(element) is None
        key = (parent.key, tag, names, first, last)
        found = self.styles.get(key)
        if found is None:  # once per distinct element under a distinct parent style
            compound = (tag, _classes(names) if names else NO_CLASSES, first, last)
            found = self.styles[key] = (self.sheet.style(parent, (compound, chain)), compound)
        return found[0], (found[1], chain)

    def block(self, element: Any, parent: Style, chain: Chain, flow: Flow, frame: Frame) -> None:
        style, chain = self.style(element, parent, chain)
        if style.none:
            return
        if element.tag == "table":
            self.table(element, style, chain, flow, frame)
            return
        if style.borders:
            self.framed(element, style, chain, flow, frame)
            return
        if style.avoid_inside and element.tag not in ("ol", "ul") and _holds_blocks(element):
            self.together(element, style, chain, flow, frame)
            return
        top, right, bottom, left = style.margin
        pad_top, pad_right, pad_bottom, pad_left = style.padding
        flow.gap = max(flow.gap, top + pad_top)
        start = len(flow.blocks)
        inner = Frame(frame.left + left + pad_left, frame.right + right + pad_right, frame.push, frame.left_share)
        width = style.width
        if style.margin_auto and width:
            inner = Frame(pad_left, frame.right + right + pad_right, width, frame.left_share)
        share = style.margin_share
        if share:
            inner.left_share, inner.left = share, frame.left + pad_left
        if element.tag in ("ol", "ul"):
            self.items(element, style, chain, flow, inner)
        elif NAME.match(element.get("data-srikandi") or ""):  # the whole block is a parameter
            self.paragraph([element], parent, chain[1], flow, inner)
        else:
            self.flow(element, style, chain, flow, inner)
        made = flow.blocks[start:]
        height = style.height
        if height and not made:
            flow.add(Para(line=height, size=style.font_size, left=inner.left, push=inner.push))
            made = flow.blocks[start:]
        elif height and len(made) == 1 and isinstance(made[0], Para):
            made[0].line = max(made[0].line, height)
        flow.gap = max(flow.gap, bottom + pad_bottom)
        self.keeps(style, flow, start, made)

    def together(self, element: Any, style: Style, chain: Chain, flow: Flow, frame: Frame) -> None:
        """A block of several paragraphs that must not break (a signature) becomes a table of
        one row that cannot split: LibreOffice drops a long chain of keep-with-next paragraphs,
        a row it always moves whole."""
        top, right, bottom, left = style.margin
        inside = Flow()
        self.flow(element, style, chain, inside, Frame(style.padding[3], style.padding[1]))
        # CSS collapses the first and last children's margins with the block's own (no border or
        # padding between them): they stay outside the table, where a page break may drop them
        flow.gap = max(flow.gap, top, first_margin(inside.blocks) if not style.padding[0] else 0.0)
        if inside.gap and inside.blocks and isinstance(inside.blocks[-1], Para) and style.padding[2]:
            inside.blocks[-1].after = max(inside.blocks[-1].after, inside.gap)
        width = style.width
        table = Table(
            [Row([Cell(inside.blocks or [Para(size=style.font_size)])], cant_split=True)],
            full=width is None,
            width=width,
            left=frame.left + left,
            push=width if style.margin_auto and width else frame.push,
            columns=1,
        )
        start = len(flow.blocks)
        flow.add(table)
        flow.gap = max(flow.gap, bottom, inside.gap if not style.padding[2] else 0.0)
        self.keeps(style, flow, start, flow.blocks[start:])

    def framed(self, element: Any, style: Style, chain: Chain, flow: Flow, frame: Frame) -> None:
        """A block with a border (a receipt slip to cut out) becomes a table of one cell, the way
        Word draws a frame around paragraphs and tables alike."""
        top, _, bottom, left = style.margin
        flow.gap = max(flow.gap, top)
        cell = self.cell(element, style, chain[1], own=(style, chain))
        table = Table([Row([cell], cant_split=style.avoid_inside)], full=True, left=frame.left + left, columns=1)
        start = len(flow.blocks)
        flow.add(table)
        flow.gap = max(flow.gap, bottom)
        self.keeps(style, flow, start, flow.blocks[start:])

    def keeps(self, style: Style, flow: Flow, start: int, made: list[Para | Table]) -> None:
        """CSS break wishes as Word's keep-with-next and page-break-before."""
        if not made or not style.breaks:
            return
        own = made[1:] if isinstance(made[0], Gap) else made  # the margin before it is not its own
        if style.avoid_before and start > 0:
            before = flow.blocks[start - 1]
            if style.avoid_inside and unbreakable(before):
                # LibreOffice keeps no table with what follows it: an unbreakable block (a tembusan)
                # that must not be parted from the unbreakable table before it (the signature)
                # shares that table's one row
                row = Row([Cell([before, *made])], cant_split=True)
                flow.blocks[start - 1 :] = made = own = [Table([row], full=True, columns=1)]
            elif style.avoid_inside and isinstance(before, Table) and (before.closing or before.kept_tail()):
                before.rows[-1].keep_next = True
                before.closing += made  # written in one row with the table's last rows (docx_blocks)
                del flow.blocks[start:]
                return
            else:
                before.keep()
                if own is not made:
                    made[0].keep()
        if style.avoid_inside:
            for block in own[:-1]:
                block.keep()
            for block in own:
                if isinstance(block, Para):
                    block.keep_lines = True
        if style.avoid_after:
            for block in own:
                block.keep()
        if style.page_before:
            first = made[0]
            if isinstance(first, Para):
                first.page_before = True
            else:
                flow.blocks.insert(start, Para(line=1.0, exact=True, size=1.0, page_before=True, keep_next=True))

    def flow(self, element: Any, style: Style, chain: Chain, flow: Flow, frame: Frame) -> None:
        """The element's content: its block children, and loose inline content as paragraphs."""
        text = element.text  # lxml makes a new string at each access: read once
        if not len(element):  # no children (most cells): its text is all
            if text:
                self.paragraph([text], style, chain, flow, frame)
            return
        pending: list[Any] = [text] if text else []
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP or _hidden(child):
                pass
            elif tag in BLOCK:
                self.paragraph(pending, style, chain, flow, frame)
                pending = []
                self.block(child, style, chain, flow, frame)
            else:
                pending.append(child)
            tail = child.tail
            if tail:
                pending.append(tail)
        self.paragraph(pending, style, chain, flow, frame)

    def paragraph(
        self,
        pending: list[Any],
        style: Style,
        chain: Chain,
        flow: Flow,
        frame: Frame,
        label: str = "",
        hanging: float = 0.0,
    ) -> None:
        if len(pending) == 1 and not label and not style.pre_line and isinstance(pending[0], str):
            runs, heading = self.one_text(pending[0], style)  # none when it is only spaces
        elif not pending or (not label and _blank(pending)):
            return  # only the spaces between two blocks
        else:
            items: list[Item] = [("t", label, style, ""), TAB] if label else []
            for item in pending:
                if isinstance(item, str):
                    items.append(("t", item, style, ""))
                else:
                    self.inline(item, style, chain, items)
            runs, heading = self.collapse(items, pre_line=style.pre_line)
        if not runs:
            return
        para = Para(  # by position, in the order of Para's fields
            runs,
            style.font_size,
            style.align,
            frame.left,
            frame.right,
            hanging or -style.indent,
            style.line,
            frame.push,
            frame.left_share,
            style.nowrap,
            heading,  # keep_next: a bold line alone ("2. Saran") is a heading, it stays with its text
        )
        flow.add(para)

    def items(self, element: Any, style: Style, chain: Chain, flow: Flow, frame: Frame) -> None:
        """List items with the label the print shows (a./b. or 1./2.), hanging in front."""
        letters = "huruf" in (element.get("class") or "").split() or style.get("list-style-type") == "lower-alpha"
        number = 0
        for child in element.iterchildren():
            if not isinstance(child.tag, str) or child.tag != "li":
                continue
            number += 1
            label = f"{chr(ord('a') + number - 1)}." if letters else ("\u2022" if element.tag == "ul" else f"{number}.")
            item_style, item_chain = self.style(child, style, chain)
            top, _, bottom, _ = item_style.margin
            pad_left = item_style.padding[3]
            hanging = pad_left or style.padding[3] or 18.0
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

    def inline(self, element: Any, parent: Style, chain: Chain, items: list[Item]) -> None:
        tag = element.tag
        if tag == "br":
            items.append(BR)
            return
        style, chain = self.style(element, parent, chain)
        parameter = element.get("data-srikandi")
        if parameter and NAME.match(parameter):
            shown = " ".join("".join(element.itertext()).split())
            items.append(("p", "${" + parameter + "}", style, shown))
            return
        if tag == "img":
            drawing = self.images.drawing(element, style)
            if drawing is not None:
                items.append(drawing)
            return
        unbroken = _unbroken if style.nowrap else str
        if element.text:
            items.append(("t", unbroken(element.text), style, ""))
        for child in element.iterchildren():
            if isinstance(child.tag, str) and child.tag not in SKIP and not _hidden(child):
                self.inline(child, style, chain, items)
            if child.tail:
                items.append(("t", unbroken(child.tail), style, ""))

    def one_text(self, raw: str, style: Style) -> tuple[list[Run], bool]:
        """`collapse` of a paragraph that is one text (most are: a cell, a line of the kop),
        kept per distinct text and style; only the guard sees each text again."""
        text, run, heading = _ONE_TEXT[raw, style]
        if not text:
            return [], False
        guarded = self.guard.text(text)
        if guarded is not text:  # a brace after a dollar sign, broken by the guard
            return [_run(guarded, style, "")], style.bold and len(guarded) < 80
        return [run], heading

    def collapse(self, items: list[Item], pre_line: bool = False) -> tuple[list[Run], bool]:
        """CSS white-space (runs of spaces become one, none at the start or end of a line), then,
        in document order, Jejak's own parameters written as they are and every text guarded
        (docx_text.Guard) and escaped; and whether the runs make a heading (bold, short)."""
        spaced = _spaced(items, pre_line)
        guard = self.guard
        out = []
        bold, length, texts = True, 0, 0
        for item in spaced:
            if isinstance(item, Run):  # a line break, tab or drawing: nothing for the guard
                out.append(item)
                continue
            kind, plain, style, shown = item
            if kind == "t":
                if not plain:
                    continue
                plain = guard.text(plain)
            else:
                plain = guard.trusted(plain)
            bold, length, texts = bold and style.bold, length + len(plain), texts + 1
            out.append(_run(plain, style, shown))
        return out, texts > 0 and bold and length < 80

    # --- tables ------------------------------------------------------------------------

    def table(self, element: Any, style: Style, chain: Chain, flow: Flow, frame: Frame) -> None:
        top, _, bottom, left = style.margin
        flow.gap = max(flow.gap, top)
        table = Table(
            rows=[],
            full=style.full_width,
            width=style.width,
            left=frame.left + left,
            left_share=style.margin_share or frame.left_share,
            push=frame.push,
            borders=style.borders,
            keep_together=style.avoid_inside,
        )
        table.widths = self.column_widths(element, style, chain)
        table.fixed_layout = style.get("table-layout") == "fixed"
        carry: dict[int, list[Any]] = {}  # column -> [rows still covered, the cell above]
        for group, row_element in _rows(element):
            group_style, group_chain = (style, chain) if group is None else self.style(group, style, chain)
            row_style, row_chain = self.style(row_element, group_style, group_chain)
            row = Row([], header=group is not None and group.tag == "thead", cant_split=row_style.avoid_inside)
            column = _carry(carry, row, 0) if carry else 0
            for cell_element in row_element.iterchildren("td", "th"):
                cell = self.cell(cell_element, row_style, row_chain)
                row.cells.append(cell)
                if cell.rowspan > 1:
                    carry[column] = [cell.rowspan - 1, cell]
                column += cell.span
                if carry:
                    column = _carry(carry, row, column)
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

    def column_widths(self, element: Any, style: Style, chain: Chain) -> list[float | None]:
        """The widths its <colgroup>/<col> give each column (None where they give none)."""
        widths: list[float | None] = []
        for group in element.iterchildren("colgroup"):
            group_style, group_chain = self.style(group, style, chain)
            for col in group.iterchildren("col"):
                width = self.style(col, group_style, group_chain)[0].width
                widths += [width] * _int(col.get("span"))
        return widths

    def cell(self, element: Any, parent: Style, chain: Chain, own: tuple[Style, Any] | None = None) -> Cell:
        """A table cell, or a framed block (`own`: its style) as the one cell of a table."""
        style, chain = own or self.style(element, parent, chain)
        inside = Flow()
        parameter = element.get("data-srikandi")
        if parameter and NAME.match(parameter):  # the cell is the signature's place
            self.paragraph([element], parent, chain[1], inside, CELL_FRAME)
        else:
            self.flow(element, style, chain, inside, CELL_FRAME)
        if inside.gap and inside.blocks and isinstance(inside.blocks[-1], Para):
            inside.blocks[-1].after = max(inside.blocks[-1].after, inside.gap)
        if not inside.blocks:  # an empty cell still holds a paragraph (keep-with-next lives there)
            inside.blocks.append(Para(size=style.font_size, line=style.line))
        # a framed block's text keeps clear of its lines as in the print (a collapsed table's
        # lines take nothing from its cells' text in the PDF)
        padding = _inset(style.padding, style.borders) if own else style.padding
        return Cell(  # by position, in the order of Cell's fields
            inside.blocks,
            _int(element.get("colspan")),
            _int(element.get("rowspan")),
            False,  # merged
            style.width,
            style.width_share,
            style.nowrap,
            padding,
            style.borders,
            style.fill,
            style.valign,
            style.height + style.padding[0] + style.padding[2] if style.height else 0.0,
        )


def _inset(
    padding: tuple[float, float, float, float], borders: dict[str, tuple[str, int]]
) -> tuple[float, float, float, float]:
    """Padding and the width of the line on each side (a double line's size is one of its thirds)."""
    widths = [size / 8 * (3 if kind == "double" else 1) for kind, size in (borders.get(s, ("", 0)) for s in SIDES)]
    return tuple(p + w for p, w in zip(padding, widths, strict=True))  # type: ignore[return-value]


def _holds_blocks(element: Any) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK for c in element.iterchildren())


def _hidden(element: Any) -> bool:
    """Marked for the print only (`data-docx="-"`: the konsep marks, the paraf table)."""
    return (element.get("data-docx") or "")[:1] == "-"


_CLASSES: dict[str, frozenset[str]] = {}


def _classes(names: str) -> frozenset[str]:
    found = _CLASSES.get(names)
    if found is None:
        found = _CLASSES[names] = frozenset(names.split())
    return found


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


def _previous(element: Any) -> Any:
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


def _next(element: Any) -> Any:
    sibling = element.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling


def _unbroken(text: str) -> str:
    """Text of an inline `white-space: nowrap` (a NIP): Word wraps at no non-breaking space."""
    inner = text.strip(" \t\n\r\f")
    if not inner:
        return text
    joined = SPACES.sub("\u00a0", inner)
    return (" " if inner[0] != text[0] else "") + joined + (" " if inner[-1] != text[-1] else "")


def _run(plain: str, style: Style, shown: str) -> Run:
    """A run of guarded text in the element's style."""
    return text_run(plain, escape(plain), style.bold, style.italic, style.underline, style.font_size, shown)


def _one_text(raw: str, style: Style) -> tuple[str, Run, bool]:
    """A one-text paragraph's spaced text, its run before guarding, and whether it is a heading."""
    text = (SPACES.sub(" ", raw) if not raw.isalnum() else raw).strip(" ")
    return text, _run(text, style, ""), style.bold and len(text) < 80


_ONE_TEXT = Kept(_one_text, 50_000)  # Converter.one_text's


def _blank(pending: list[Any]) -> bool:
    """Only spaces between two blocks (strings, no element)."""
    for item in pending:
        if not isinstance(item, str) or item.strip(" \t\n\r\f"):
            return False
    return True


def _spaced(items: list[Item], pre_line: bool) -> list[Item]:
    """CSS white-space collapsing over a paragraph's items: runs of spaces become one, none at
    the start or end of a line (`pre-line`: each newline a line break)."""
    spaced: list[Item] = []
    line_start = True
    for item in items:
        if isinstance(item, Run) or item[0] == "p":
            spaced.append(item)
            line_start = item[0] == "br" or item[0] == "tab"
            continue
        _, plain, style, shown = item
        parts = plain.split("\n") if pre_line else (plain,)
        for i, part in enumerate(parts):
            if i:
                _trim_end(spaced)
                spaced.append(BR)
                line_start = True
            text = SPACES.sub(" ", part) if not part.isalnum() else part
            if line_start:
                text = text.lstrip(" ")
            if text:
                line_start = text[-1] == " "
                spaced.append(("t", text, style, shown))
    _trim_end(spaced)
    while len(spaced) > 1 and spaced[-1][0] == "br":
        spaced.pop()
    return spaced


def _trim_end(items: list[Item]) -> None:
    last = items[-1] if items else None
    if last is not None and not isinstance(last, Run) and last[0] == "t" and last[1].endswith(" "):
        items[-1] = ("t", last[1].rstrip(" "), last[2], last[3])


def _int(value: str | None) -> int:
    return max(1, min(int(value), 1000)) if value and value.isdigit() else 1
