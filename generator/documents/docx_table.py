"""Tables of a Word body: cells, rows and the table, laid out once the width they live in is
known (column widths: docx_columns) and written as WordprocessingML, with what must stay with a
table's last rows (a signature) in one row that cannot split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.documents.docx_blocks import FIT, Para, tw
from generator.documents.docx_columns import auto_width, distribute
from generator.documents.docx_text import Kept

Border = tuple[str, int]  # (w:val, size in eighths of a point)


def laid_out(blocks: list[Para | Table], width: float) -> list[str]:
    """The blocks' XML once laid out in `width` points; a body or cell ends with a paragraph."""
    if not blocks or isinstance(blocks[-1], Table):
        blocks.append(Para(line=1.0, exact=True, size=1.0))
    out = []
    for block in blocks:
        block.resolve(width)
        out.append(block.xml())
    return out


@dataclass(eq=False, slots=True)
class Cell:  # docx_body makes cells passing the fields up to `height` by position
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
        measured = self.measured
        if measured is None:
            measured = self.measured = self._measure()
        return measured

    def _measure(self) -> tuple[float, float]:
        low = high = 0.0
        for block in self.blocks:
            small, big = block.measure()
            if small > low:
                low = small
            if big > high:
                high = big
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
        grid = self.grid
        for row in self.rows:
            column = 0
            for cell in row.cells:
                span = cell.span
                cell.actual = actual = grid[column] if span == 1 else sum(grid[column : column + span])
                inner = max(actual - cell.padding[1] - cell.padding[3], 12.0)
                for block in cell.blocks:
                    block.resolve(inner)
                column += span
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
        padding = _most_common([c.padding for c in cells]) if cells else (0.0, 0.0, 0.0, 0.0)
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
        height = 0.0
        for cell in row.cells:
            if cell.height > height:
                height = cell.height
        if height:
            props.append(f'<w:trHeight w:val="{tw(height)}" w:hRule="atLeast"/>')
        if row.header:
            props.append("<w:tblHeader/>")
        if keep:
            for cell in row.cells:
                for block in cell.blocks:
                    block.keep()
        cells = [_cell_xml(cell, padding, shared_borders, keep) for cell in row.cells]
        head = f"<w:tr><w:trPr>{''.join(props)}</w:trPr>" if props else "<w:tr>"
        return f"{head}{''.join(cells)}</w:tr>"


Padding = tuple[float, float, float, float]
# A cell holding the last rows and what follows them: no padding, no lines of its own.
OPEN_CELL = (
    '<w:tcBorders><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
    '<w:tcMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="0" w:type="dxa"/></w:tcMar>'
)


def _most_common(paddings: list[Padding]) -> Padding:
    """The padding most cells have (the first of the most frequent, as Counter.most_common)."""
    first = paddings[0]
    if paddings.count(first) == len(paddings):  # usually every cell's
        return first
    counts: dict[Padding, int] = {}
    for padding in paddings:
        counts[padding] = counts.get(padding, 0) + 1
    return max(counts.items(), key=lambda item: item[1])[0]


def _border(side: str, kind: str, size: int) -> str:
    return f'<w:{side} w:val="{kind}" w:sz="{size}" w:space="0" w:color="000000"/>'


def _cell_xml(cell: Cell, padding: Padding, shared_borders: bool, keep: bool = False) -> str:
    """A cell; its margins and borders only where they differ from the table's. The paragraph
    closing a cell that ends with a table keeps with the next like the row's own (LibreOffice
    reads a row's keep-with-next from its last paragraph)."""
    key = (
        cell.span,
        cell.merged,
        cell.rowspan > 1,
        tuple(cell.borders.items()) if cell.borders and not shared_borders else (),
        cell.fill,
        cell.nowrap,
        cell.padding if cell.padding != padding else None,
        cell.valign,
    )
    props = _CELL_PROPS[key]
    body = [block.xml() for block in cell.blocks]
    if not cell.blocks or isinstance(cell.blocks[-1], Table):
        body.append(Para(line=1.0, exact=True, size=1.0, keep_next=keep).xml())  # a cell ends with a paragraph
    return f'<w:tc><w:tcPr><w:tcW w:w="{round(cell.actual * 20)}" w:type="dxa"/>{props}</w:tcPr>{"".join(body)}</w:tc>'


def _cell_props(
    span: int,
    merged: bool,
    restart: bool,
    borders: tuple[tuple[str, Border], ...],
    fill: str,
    nowrap: bool,
    padding: Padding | None,
    valign: str,
) -> str:
    props = []
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if merged:
        props.append("<w:vMerge/>")
    elif restart:
        props.append('<w:vMerge w:val="restart"/>')
    if borders:
        own = dict(borders)
        sides = "".join(_border(side, *own[side]) for side in ("top", "left", "bottom", "right") if side in own)
        props.append(f"<w:tcBorders>{sides}</w:tcBorders>")
    if fill:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    if nowrap:
        props.append("<w:noWrap/>")
    if padding is not None:
        top, right, bottom, left = (tw(p) for p in padding)
        props.append(
            f'<w:tcMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tcMar>'
        )
    if valign:
        props.append(f'<w:vAlign w:val="{valign}"/>')
    return "".join(props)


# A cell's properties after its width: the same few for most cells of a build, so kept.
_CELL_PROPS = Kept(_cell_props, 10_000)
