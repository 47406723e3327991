"""The pieces of a Word body: paragraphs and tables as small objects that know their
measurements, laid out once the width they live in is known, then written as WordprocessingML.

Lengths are points until `xml()`, which writes twips (1/20 pt), half-points and eighths.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.documents.docx_columns import auto_width, distribute
from generator.documents.docx_text import measure_text

TWIP = 20


def tw(points: float) -> int:
    return round(points * TWIP)


FIT = 1.01  # LibreOffice and Word set text a little wider than the font's units (hinting, twips)


@dataclass(eq=False, slots=True)
class Para:
    runs: list[Run] = field(default_factory=list)
    size: float = 12.0
    align: str = ""
    left: float = 0.0
    right: float = 0.0
    hanging: float = 0.0  # the first line starts this much left of the others (negative: right)
    before: float = 0.0
    after: float = 0.0
    line: float = 0.0  # at least, in points
    exact: bool = False
    keep_next: bool = False
    keep_lines: bool = False
    page_before: bool = False
    push: float | None = None  # inside a block this wide, pushed right (margin-left: auto)
    left_share: float = 0.0  # margin-left in % of the container
    nowrap: bool = False
    scale: float = 1.0  # a line that must not wrap, made smaller to fit

    def keep(self) -> None:
        self.keep_next = True

    def measure(self) -> tuple[float, float]:
        """(min-content, max-content) width in points, indents included."""
        lines, smallest = [0.0], 0.0
        for run in self.runs:
            if run.kind == "br":
                lines.append(0.0)
            elif run.kind in ("t", "p"):
                width, longest = measure_text(run.shown or run.plain, run.size, run.bold)
                if run.shown:  # the file shows the parameter until SRIKANDI fills it in: room for both
                    own, own_longest = measure_text(run.plain, run.size, run.bold)
                    width, longest = max(width, own), max(longest, own_longest)
                lines[-1] += width
                if longest > smallest:
                    smallest = longest
            elif run.kind == "tab":
                lines[-1] = max(lines[-1], self.hanging)
            else:
                lines[-1] += run.width
                smallest = max(smallest, run.width)
        indent = self.left + self.right
        low, high = smallest * FIT + indent, max(lines) * FIT + indent
        if self.nowrap:
            low = high
        if self.push is not None:
            low = max(low, self.push + self.right)
        return low, max(low, high)

    def resolve(self, width: float) -> None:
        if self.left_share:
            self.left += width * self.left_share
        if self.push is not None:
            self.left += max(0.0, width - self.push - self.right)
        if self.nowrap:
            room = width - self.left - self.right
            _, high = self.measure()
            need = (high - self.left - self.right) / FIT  # the text itself, without the margin of error
            if need > room > 0:
                self.scale = room / need

    def xml(self) -> str:
        size = self.size * self.scale
        key = (
            self.keep_next,
            self.keep_lines,
            self.page_before,
            round(self.before * 20),
            round(self.after * 20),
            round((self.line or self.size * 1.15) * 20),
            self.exact,
            round(self.left * 20),
            round(self.right * 20),
            round(self.hanging * 20),
            self.align,
            max(2, int(size * 2)),
        )
        props = _PARAGRAPH_PROPS.get(key)
        if props is None:
            props = _PARAGRAPH_PROPS[key] = _paragraph_props(*key)
        scale = self.scale
        runs = "".join([run.xml(scale) for run in self.runs])
        return f"<w:p>{props}{runs}</w:p>"


_PARAGRAPH_PROPS: dict[tuple, str] = {}  # type: ignore[type-arg]


def _paragraph_props(
    keep_next: bool,
    keep_lines: bool,
    page_before: bool,
    before: int,
    after: int,
    line: int,
    exact: bool,
    left: int,
    right: int,
    hanging: int,
    align: str,
    size: int,
) -> str:
    """<w:pPr> of a paragraph; the same few dozen are made again and again, so they are kept."""
    props = ["<w:keepNext/>" if keep_next else "", "<w:keepLines/>" if keep_lines else ""]
    props.append("<w:pageBreakBefore/>" if page_before else "")
    rule = "exact" if exact else "atLeast"
    props.append(f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>')
    if left or right or hanging:
        hang = f' w:hanging="{hanging}"' if hanging > 0 else f' w:firstLine="{-hanging}"' if hanging else ""
        props.append(f'<w:ind w:left="{left}" w:right="{right}"{hang}/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    if size != 24:
        props.append(f'<w:rPr><w:sz w:val="{size}"/></w:rPr>')
    return f"<w:pPr>{''.join(props)}</w:pPr>"


def laid_out(blocks: list[Para | Table], width: float) -> list[str]:
    """The blocks' XML once laid out in `width` points; a body or cell ends with a paragraph."""
    if not blocks or isinstance(blocks[-1], Table):
        blocks.append(Para(line=1.0, exact=True, size=1.0))
    out = []
    for block in blocks:
        block.resolve(width)
        out.append(block.xml())
    return out


def half_points(size: float) -> int:
    return max(2, int(size * 2))


class Run(NamedTuple):
    kind: str  # t (text), p (a SRIKANDI parameter before guarding), br, tab, raw (a drawing)
    text: str = ""  # escaped XML text, or the drawing
    plain: str = ""  # what is measured
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = 12.0
    width: float = 0.0  # a drawing's width
    shown: str = ""  # what the print shows where a parameter stands: measured instead of it

    def xml(self, scale: float = 1.0) -> str:
        key = (self.bold, self.italic, self.underline, half_points(self.size * scale))
        head = _RUN_HEADS.get(key)
        if head is None:
            head = _RUN_HEADS[key] = _run_head(*key)
        kind = self.kind
        if kind == "t" or kind == "p":
            return f'{head}<w:t xml:space="preserve">{self.text}</w:t></w:r>'
        if kind == "br":
            return f"{head}<w:br/></w:r>"
        if kind == "tab":
            return f"{head}<w:tab/></w:r>"
        return f"{head}{self.text}</w:r>"


_RUN_HEADS: dict[tuple[bool, bool, bool, int], str] = {}


def _run_head(bold: bool, italic: bool, underline: bool, size: int) -> str:
    props = ["<w:b/><w:bCs/>" if bold else "", "<w:i/><w:iCs/>" if italic else ""]
    if size != 24:
        props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    if underline:
        props.append('<w:u w:val="single"/>')
    joined = "".join(props)
    return f"<w:r><w:rPr>{joined}</w:rPr>" if joined else "<w:r>"


Border = tuple[str, int]  # (w:val, size in eighths of a point)


@dataclass(eq=False, slots=True)
class Cell:
    blocks: list[Para | Table]
    span: int = 1
    rowspan: int = 1
    merged: bool = False  # a continuation of a rowspan above
    width: float | None = None  # CSS width in points, or None
    share: float = 0.0  # CSS width in % of the table
    nowrap: bool = False
    padding: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    borders: dict[str, Border] = field(default_factory=dict)
    fill: str = ""
    valign: str = ""
    height: float = 0.0
    actual: float = 0.0  # laid-out width
    measured: tuple[float, float] | None = None

    def measure(self) -> tuple[float, float]:
        if self.measured is None:
            self.measured = self._measure()
        return self.measured

    def _measure(self) -> tuple[float, float]:
        low = high = 0.0
        for block in self.blocks:
            small, big = block.measure()
            low, high = max(low, small), max(high, big)
        if self.nowrap:
            low = high
        pad = self.padding[1] + self.padding[3]
        if self.width is not None:  # its width is its max-content width; its words still its minimum
            return low + pad, max(low, self.width) + pad
        return low + pad, high + pad


@dataclass(eq=False, slots=True)
class Row:
    cells: list[Cell]
    header: bool = False
    cant_split: bool = False
    keep_next: bool = False


@dataclass(eq=False)
class Table:
    rows: list[Row]
    full: bool = False  # width: 100%
    width: float | None = None
    left: float = 0.0
    left_share: float = 0.0
    push: float | None = None
    borders: dict[str, Border] = field(default_factory=dict)
    keep_together: bool = False
    grid: list[float] = field(default_factory=list)
    columns: int = 0
    widths: list[float | None] = field(default_factory=list)  # <col> widths in points, by column
    fixed_layout: bool = False  # table-layout: fixed (a <col>'s width is the column's, whatever it holds)
    closing: list[Para | Table] = field(default_factory=list)  # written with the last rows (a signature)
    _measured: tuple[list[float], list[float]] | None = None
    _fixed: list[float] = field(default_factory=list)
    _open: bool = False  # as wide as its container

    def keep(self) -> None:
        if self.closing:
            self.closing[-1].keep()
        elif self.rows:
            self.rows[-1].keep_next = True

    def keeps_next(self) -> bool:
        if self.closing:
            last = self.closing[-1]
            return last.keep_next if isinstance(last, Para) else last.keeps_next()
        return bool(self.rows) and self.rows[-1].keep_next

    def measure(self) -> tuple[float, float]:
        lows, highs = self._columns()
        total = self.width
        if total is not None:
            return max(total, sum(lows)) + self.left, max(total, sum(lows)) + self.left
        return sum(lows) + self.left, sum(highs) + self.left

    def _columns(self) -> tuple[list[float], list[float]]:
        if self._measured is None:
            self._measured = self._measure_columns()
        lows, highs = self._measured
        return list(lows), list(highs)

    def _measure_columns(self) -> tuple[list[float], list[float]]:
        """Each column's min- and max-content width (CSS auto table layout; spanning cells
        only widen their columns when they would not fit)."""
        lows, highs = [0.0] * self.columns, [0.0] * self.columns
        fixed = [0.0] * self.columns
        spans = []
        for row in self.rows:
            column = 0
            for cell in row.cells:
                if cell.span == 1 and not cell.merged:
                    low, high = cell.measure()
                    lows[column], highs[column] = max(lows[column], low), max(highs[column], high)
                    if cell.width is not None:
                        fixed[column] = max(fixed[column], cell.width + cell.padding[1] + cell.padding[3])
                elif cell.span > 1:
                    spans.append((column, cell))
                column += cell.span
        for column, cell in spans:
            low, high = cell.measure()
            columns = range(column, column + cell.span)
            have_low, have_high = sum(lows[c] for c in columns), sum(highs[c] for c in columns)
            for c in columns:
                if low > have_low:
                    lows[c] += (low - have_low) / cell.span
                if high > have_high:
                    highs[c] += (high - have_high) / cell.span
                highs[c] = max(highs[c], lows[c])
        for c, width in enumerate(fixed):
            if width:
                highs[c] = max(lows[c], width)
        for c, col in enumerate(self.widths[: self.columns]):
            if col and self.fixed_layout:  # the column's width, whatever it holds
                fixed[c] = lows[c] = highs[c] = col
            elif col:  # a <col>'s width holds its cells' padding
                fixed[c] = max(fixed[c], col)
                highs[c] = max(lows[c], fixed[c])
        self._fixed = fixed
        return lows, highs

    def resolve(self, width: float) -> None:
        self.left += width * self.left_share
        if self.push is not None:
            self.left += max(0.0, width - self.push)
        available = max(width - self.left, 36.0)
        lows, highs = self._columns()
        shares = self._shares()
        if self.width is not None:
            total = min(self.width, available)
        elif self.full:
            total = available
        else:
            total = min(available, auto_width(lows, highs, shares))
        self.grid = distribute(lows, highs, total, [bool(f) for f in self._fixed], shares, FIT)
        for row in self.rows:
            column = 0
            for cell in row.cells:
                cell.actual = sum(self.grid[column : column + cell.span])
                inner = cell.actual - cell.padding[1] - cell.padding[3]
                for block in cell.blocks:
                    block.resolve(max(inner, 12.0))
                column += cell.span
        # what closes the table shares its last row only when the table is as wide as its place
        self._open = sum(self.grid) >= available - 0.5
        for block in self.closing:
            block.resolve(sum(self.grid) if self._open else width)

    def _shares(self) -> list[float]:
        """Each column's width in % of the table; past 100% in all, the last columns lose theirs (as
        browsers do: a nested table's cells matched by `.dua-ttd td { width: 50% }` ask 150%)."""
        shares = [0.0] * self.columns
        for row in self.rows:
            column = 0
            for cell in row.cells:
                if cell.span == 1 and cell.share:
                    shares[column] = max(shares[column], cell.share)
                column += cell.span
        left = 1.0
        for c, share in enumerate(shares):
            shares[c] = min(share, left)
            left -= shares[c]
        return shares

    def xml(self) -> str:
        cells = [c for row in self.rows for c in row.cells if not c.merged]
        padding = Counter(c.padding for c in cells).most_common(1)[0][0] if cells else (0.0, 0.0, 0.0, 0.0)
        shared = cells[0].borders if cells and not self.borders else {}
        if not (len(shared) == 4 and all(c.borders == shared for c in cells)):
            shared = {}
        table_borders = self.borders or {**shared, **{f"inside{a}": shared["top"] for a in "HV" if shared}}
        rows = [self._row_xml(i, row, padding, bool(shared)) for i, row in enumerate(self.rows)]
        tail = self.kept_tail() if self.closing and self._open else 0
        if not tail:
            after = "".join(block.xml() for block in self.closing)  # then kept with it, as they can
            return f"{self._head(table_borders, padding, self.left)}{''.join(rows)}</w:tbl>{after}"
        # What must stay with the table's last rows (a signature) shares one row with them that
        # cannot split, so LibreOffice and Word move them whole, under the repeated header:
        # LibreOffice keeps no row with the next, and a table only whole. The rows sit in a table
        # of the same grid inside it; the line above them is the outer table's.
        inner = {side: border for side, border in table_borders.items() if side != "top"}
        nested = f"{self._head(inner, padding, 0.0)}{''.join(rows[tail:])}</w:tbl>"
        closing = "".join(block.xml() for block in self.closing)
        if isinstance(self.closing[-1], Table):
            closing += Para(line=1.0, exact=True, size=1.0).xml()
        span = f'<w:gridSpan w:val="{self.columns}"/>' if self.columns > 1 else ""
        cell = (
            f'<w:tc><w:tcPr><w:tcW w:w="{tw(sum(self.grid))}" w:type="dxa"/>{span}{OPEN_CELL}</w:tcPr>'
            f"{nested}{closing}</w:tc>"
        )
        row = f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>"
        return f"{self._head(table_borders, padding, self.left)}{''.join(rows[:tail])}{row}</w:tbl>"

    def _head(self, table_borders: dict[str, Border], padding: Padding, indent: float) -> str:
        """<w:tbl> with its properties and grid."""
        borders = "".join(
            _border(side, *table_borders[side])
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            if side in table_borders
        )
        top, right, bottom, left = (tw(p) for p in padding)
        props = [
            f'<w:tblW w:w="{tw(sum(self.grid))}" w:type="dxa"/>',
            f'<w:tblInd w:w="{tw(indent)}" w:type="dxa"/>' if indent else "",
            f"<w:tblBorders>{borders}</w:tblBorders>" if borders else "",
            '<w:tblLayout w:type="fixed"/>',
            f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tblCellMar>',
        ]
        grid = "".join(f'<w:gridCol w:w="{tw(w)}"/>' for w in self.grid)
        return f"<w:tbl><w:tblPr>{''.join(props)}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"

    def kept_tail(self) -> int:
        """Where the run of rows that keep with what follows the table starts, the last row
        counted in (0: none of the rows may leave the others, or all of them must go)."""
        tail = len(self.rows) - 1
        while tail > 0 and (self.rows[tail - 1].keep_next or self.keep_together):
            tail -= 1
        if tail == 0 or all(row.header for row in self.rows[:tail]):
            return 0
        if any(cell.merged for cell in self.rows[tail].cells):
            return 0  # a rowspan crosses the cut
        return tail

    def _row_xml(self, index: int, row: Row, padding: Padding, shared_borders: bool) -> str:
        last = index == len(self.rows) - 1
        keep = row.keep_next or (self.keep_together and not last)
        props = []
        if row.cant_split or self.keep_together:
            props.append("<w:cantSplit/>")
        height = max((c.height for c in row.cells), default=0.0)
        if height:
            props.append(f'<w:trHeight w:val="{tw(height)}" w:hRule="atLeast"/>')
        if row.header:
            props.append("<w:tblHeader/>")
        cells = []
        for cell in row.cells:
            if keep:
                for block in cell.blocks:
                    block.keep()
            cells.append(_cell_xml(cell, padding, shared_borders, keep))
        return f"<w:tr><w:trPr>{''.join(props)}</w:trPr>{''.join(cells)}</w:tr>"


Padding = tuple[float, float, float, float]
# A cell holding the last rows and what follows them: no padding, no lines of its own.
OPEN_CELL = (
    '<w:tcBorders><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
    '<w:tcMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="0" w:type="dxa"/></w:tcMar>'
)


def _border(side: str, kind: str, size: int) -> str:
    return f'<w:{side} w:val="{kind}" w:sz="{size}" w:space="0" w:color="000000"/>'


def _cell_xml(cell: Cell, padding: Padding, shared_borders: bool, keep: bool = False) -> str:
    """A cell; its margins and borders only where they differ from the table's. The paragraph
    closing a cell that ends with a table keeps with the next like the row's own (LibreOffice
    reads a row's keep-with-next from its last paragraph)."""
    props = [f'<w:tcW w:w="{tw(cell.actual)}" w:type="dxa"/>']
    if cell.span > 1:
        props.append(f'<w:gridSpan w:val="{cell.span}"/>')
    if cell.merged:
        props.append("<w:vMerge/>")
    elif cell.rowspan > 1:
        props.append('<w:vMerge w:val="restart"/>')
    if cell.borders and not shared_borders:
        sides = "".join(
            _border(side, *cell.borders[side]) for side in ("top", "left", "bottom", "right") if side in cell.borders
        )
        props.append(f"<w:tcBorders>{sides}</w:tcBorders>")
    if cell.fill:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>')
    if cell.nowrap:
        props.append("<w:noWrap/>")
    if cell.padding != padding:
        top, right, bottom, left = (tw(p) for p in cell.padding)
        props.append(
            f'<w:tcMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tcMar>'
        )
    if cell.valign:
        props.append(f'<w:vAlign w:val="{cell.valign}"/>')
    body = [block.xml() for block in cell.blocks]
    if not cell.blocks or isinstance(cell.blocks[-1], Table):
        body.append(Para(line=1.0, exact=True, size=1.0, keep_next=keep).xml())  # a cell ends with a paragraph
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{''.join(body)}</w:tc>"
