"""The pieces of a Word body: paragraphs and their runs as small objects that know their
measurements, laid out once the width they live in is known, then written as WordprocessingML
(tables: docx_table).

Lengths are points until `xml()`, which writes twips (1/20 pt), half-points and eighths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from generator.documents.docx_text import Kept, measure_text, text_units

TWIP = 20


def tw(points: float) -> int:
    return round(points * TWIP)


FIT = 1.01  # LibreOffice and Word set text a little wider than the font's units (hinting, twips)


@dataclass(eq=False, slots=True)
class Para:
    # the fields a paragraph of text is made with come first, in this order: docx_body passes
    # them by position (keyword arguments cost more than the rest of making one)
    runs: list[Run] = field(default_factory=list)
    size: float = 12.0
    align: str = ""
    left: float = 0.0
    right: float = 0.0
    hanging: float = 0.0  # the first line starts this much left of the others (negative: right)
    line: float = 0.0  # at least, in points
    push: float | None = None  # inside a block this wide, pushed right (margin-left: auto)
    left_share: float = 0.0  # margin-left in % of the container
    nowrap: bool = False
    keep_next: bool = False
    before: float = 0.0
    after: float = 0.0
    exact: bool = False
    keep_lines: bool = False
    page_before: bool = False
    scale: float = 1.0  # a line that must not wrap, made smaller to fit

    def keep(self) -> None:
        self.keep_next = True

    def measure(self) -> tuple[float, float]:
        """(min-content, max-content) width in points, indents included."""
        line = widest = smallest = 0.0
        for run in self.runs:
            kind = run.kind
            if kind == "t" or kind == "p":
                units, longest_units = text_units(run.shown or run.plain, run.bold)
                scale = run.size / 1000
                width, longest = units * scale, longest_units * scale  # as measure_text() gives them
                if run.shown:  # the file shows the parameter until SRIKANDI fills it in: room for both
                    own, own_longest = measure_text(run.plain, run.size, run.bold)
                    width, longest = max(width, own), max(longest, own_longest)
                line += width
                if longest > smallest:
                    smallest = longest
            elif kind == "br":
                if line > widest:
                    widest = line
                line = 0.0
            elif kind == "tab":
                line = max(line, self.hanging)
            else:
                line += run.width
                smallest = max(smallest, run.width)
        if line > widest:
            widest = line
        indent = self.left + self.right
        low, high = smallest * FIT + indent, widest * FIT + indent
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
        scale = self.scale
        # keyed by the raw values (the XML rounds them): cheaper than rounding each paragraph's
        key = (
            self.keep_next,
            self.keep_lines,
            self.page_before,
            self.before,
            self.after,
            self.line or self.size * 1.15,
            self.exact,
            self.left,
            self.right,
            self.hanging,
            self.align,
            self.size * scale,
        )
        props = _PARAGRAPH_PROPS[key]
        runs = self.runs
        body = runs[0].xml(scale) if len(runs) == 1 else "".join([run.xml(scale) for run in runs])
        return f"<w:p>{props}{body}</w:p>"


def _paragraph_props(
    keep_next: bool,
    keep_lines: bool,
    page_before: bool,
    before: float,
    after: float,
    line: float,
    exact: bool,
    left: float,
    right: float,
    hanging: float,
    align: str,
    size: float,
) -> str:
    """<w:pPr> of a paragraph (lengths in points); the same few dozen are made again and again,
    so they are kept."""
    props = ["<w:keepNext/>" if keep_next else "", "<w:keepLines/>" if keep_lines else ""]
    props.append("<w:pageBreakBefore/>" if page_before else "")
    rule = "exact" if exact else "atLeast"
    spacing = f'w:before="{round(before * 20)}" w:after="{round(after * 20)}" w:line="{round(line * 20)}"'
    props.append(f'<w:spacing {spacing} w:lineRule="{rule}"/>')
    left_tw, right_tw, hanging_tw = round(left * 20), round(right * 20), round(hanging * 20)
    if left_tw or right_tw or hanging_tw:
        hang = f' w:hanging="{hanging_tw}"' if hanging_tw > 0 else f' w:firstLine="{-hanging_tw}"' if hanging_tw else ""
        props.append(f'<w:ind w:left="{left_tw}" w:right="{right_tw}"{hang}/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    half = half_points(size)
    if half != 24:
        props.append(f'<w:rPr><w:sz w:val="{half}"/></w:rPr>')
    return f"<w:pPr>{''.join(props)}</w:pPr>"


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
    markup: str = ""  # its XML at full size, when made with it (text_run)

    def xml(self, scale: float = 1.0) -> str:
        if scale == 1.0 and self.markup:
            return self.markup
        head = _head(self.bold, self.italic, self.underline, self.size * scale)
        kind = self.kind
        if kind == "t" or kind == "p":
            return f"{head}{text_element(self.text)}</w:r>"
        if kind == "br":
            return f"{head}<w:br/></w:r>"
        if kind == "tab":
            return f"{head}<w:tab/></w:r>"
        return f"{head}{self.text}</w:r>"


def text_run(plain: str, text: str, bold: bool, italic: bool, underline: bool, size: float, shown: str) -> Run:
    """A run of text (`text` escaped) with its XML made at once: the same runs (a label, a
    name) are kept and written in many documents (docx_body.Converter.one_text)."""
    markup = f"{_head(bold, italic, underline, size)}{text_element(text)}</w:r>"
    return Run("t", text, plain, bold, italic, underline, size, 0.0, shown, markup)


def text_element(text: str) -> str:
    """<w:t> of escaped text; xml:space="preserve" only where a space would otherwise be lost
    (at either end, or two in a row: line breaks and tabs are never in a run's text)."""
    if text and text[0] != " " and text[-1] != " " and "  " not in text:
        return f"<w:t>{text}</w:t>"
    return f'<w:t xml:space="preserve">{text}</w:t>'


def _head(bold: bool, italic: bool, underline: bool, size: float) -> str:
    """A run's opening and properties (<w:r><w:rPr>…), kept per distinct kind of run."""
    return _RUN_HEADS[bold, italic, underline, size]


def _run_head(bold: bool, italic: bool, underline: bool, points: float) -> str:
    size = half_points(points)
    props = ["<w:b/><w:bCs/>" if bold else "", "<w:i/><w:iCs/>" if italic else ""]
    if size != 24:
        props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    if underline:
        props.append('<w:u w:val="single"/>')
    joined = "".join(props)
    return f"<w:r><w:rPr>{joined}</w:rPr>" if joined else "<w:r>"


# kept by the raw values (the XML rounds them): cheaper than rounding each paragraph's and run's
_PARAGRAPH_PROPS = Kept(_paragraph_props, 50_000)
_RUN_HEADS = Kept(_run_head, 10_000)
