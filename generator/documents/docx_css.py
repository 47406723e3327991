"""The documents' own print style sheet, read for the Word files: the same CSS that lays out
the PDF gives the Word file its widths, margins, fonts and page-break wishes.

Only what cetak.css uses is understood: type, class and descendant/child selectors with
`:first-child`/`:last-child`, lengths in cm/mm/pt/px/em/%, and a few properties. Anything else
(pseudo-elements, sibling combinators, @-rules) is skipped, never guessed. Styles are computed
once per distinct chain of (tag, classes) and kept for the process: every document of a build
has the same few hundred chains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# The browser's defaults that cetak.css relies on (WeasyPrint's and Chromium's agree here).
USER_AGENT = """
strong, b, th, h1, h2, h3 { font-weight: bold }
em, i { font-style: italic }
u { text-decoration: underline }
th { text-align: center }
td, th { padding: 1px }
ol, ul { padding-left: 40px; margin: 1em 0 }
p { margin: 1em 0 }
h2 { font-size: 1.5em; margin: 0.83em 0 }
table { text-align: left }
"""
# text-decoration is not inherited in CSS, but an underline is drawn under every child's text.
INHERITED = (
    "font-size", "font-weight", "font-style", "text-align", "text-indent", "line-height", "white-space",
    "text-decoration",
)  # fmt: skip
PT = {"pt": 1.0, "px": 0.75, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pc": 12.0}
LENGTH = re.compile(r"^(-?[\d.]+)(pt|px|cm|mm|in|pc|em|%)?$")
COMMENT = re.compile(r"/\*.*?\*/", re.S)


# One element as selectors see it: (tag, classes, first child?, last child?); a chain is the
# element and its ancestors as nested pairs (compound, parent chain), the root's parent None.
Compound = tuple[str | None, frozenset[str], bool, bool]
Chain = tuple[Compound, Any]


@dataclass(frozen=True)
class Rule:
    specificity: tuple[int, int, int]  # classes and pseudo-classes, types, order in the sheet
    parts: tuple[tuple[str, Compound], ...]  # (combinator to the left, compound), rightmost last
    declarations: tuple[tuple[str, str], ...]


BOLD = frozenset(("bold", "bolder", "600", "700", "800", "900"))
SIDES = ("top", "right", "bottom", "left")
BORDER_STYLES = {"solid": "single", "double": "double", "dashed": "dashed", "dotted": "dotted"}


class Style:
    """The computed style of one element, with everything Word needs worked out once: styles
    are shared by every element with the same chain, in every document of the process."""

    __slots__ = (
        "values", "font_size", "key", "margin", "padding", "width", "width_share", "height", "bold", "italic",
        "underline", "align", "nowrap", "pre_line", "line", "borders", "fill", "valign", "none", "avoid_inside",
        "avoid_before", "avoid_after", "page_before", "margin_auto", "margin_share", "full_width", "indent", "breaks",
    )  # fmt: skip

    def __init__(self, values: dict[str, str], font_size: float, key: int = 0):
        self.values, self.font_size, self.key = values, font_size, key
        get = values.get
        self.margin = self._box("margin")
        self.padding = self._box("padding")
        width = get("width", "")
        self.width = None if width.endswith("%") else to_pt(width, font_size)
        self.width_share = _share(width)
        self.full_width = width == "100%"
        self.height = to_pt(get("height", ""), font_size)
        self.bold = get("font-weight", "normal") in BOLD
        self.italic = get("font-style") == "italic"
        self.underline = "underline" in get("text-decoration", "")
        self.align = {"justify": "both", "center": "center", "right": "right"}.get(get("text-align", ""), "")
        self.nowrap = get("white-space") == "nowrap"
        self.indent = to_pt(get("text-indent", "0"), font_size) or 0.0  # the first line's, in points
        self.pre_line = get("white-space") == "pre-line"
        self.line = _line_height(get("line-height", "normal"), font_size)
        self.borders = _borders(values)
        self.fill = _colour(get("background") or get("background-color") or "")
        self.valign = {"middle": "center", "bottom": "bottom"}.get(get("vertical-align", ""), "")
        self.none = get("display") == "none"
        self.avoid_inside = "avoid" in (get("break-inside"), get("page-break-inside"))
        self.avoid_before = "avoid" in (get("break-before"), get("page-break-before"))
        self.avoid_after = "avoid" in (get("break-after"), get("page-break-after"))
        self.page_before = get("break-before") == "page" or get("page-break-before") == "always"
        self.breaks = self.avoid_inside or self.avoid_before or self.avoid_after or self.page_before  # any wish
        self.margin_auto = get("margin-left") == "auto"
        self.margin_share = _share(get("margin-left", ""))

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def _box(self, name: str) -> tuple[float, float, float, float]:
        """margin or padding: top, right, bottom, left in points (auto and % count 0 here)."""
        return tuple(  # type: ignore[return-value]
            to_pt(self.values.get(f"{name}-{side}", "0"), self.font_size) or 0.0 for side in SIDES
        )


def _share(value: str) -> float:
    return float(value[:-1]) / 100 if value.endswith("%") and value[:-1].replace(".", "", 1).isdigit() else 0.0


def _line_height(value: str, size: float) -> float:
    if value == "normal":
        return size * 1.15
    try:
        return float(value) * size
    except ValueError:
        return to_pt(value, size) or size * 1.15


def _borders(values: dict[str, str]) -> dict[str, tuple[str, int]]:
    """CSS borders as Word's (w:val, eighths of a point); a double line's width is its total."""
    out = {}
    for side in SIDES:
        value = values.get(f"border-{side}")
        if not value:
            continue
        kind = next((BORDER_STYLES[t] for t in value.split() if t in BORDER_STYLES), None)
        width = next((w for t in value.split() if t[:1].isdigit() and (w := to_pt(t, 12.0)) is not None), 0.75)
        if kind:
            out[side] = (kind, max(2, min(round(width * 8 / (3 if kind == "double" else 1)), 96)))
    return out


def _colour(value: str) -> str:
    found = re.search(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", value)
    if not found:
        return ""
    hex_value = found.group(1)
    return (hex_value if len(hex_value) == 6 else "".join(c * 2 for c in hex_value)).upper()


def to_pt(value: str, font_size: float, base: float = 0.0) -> float | None:
    found = LENGTH.match(value.strip())
    if not found:
        return None
    number, unit = float(found.group(1)), found.group(2) or "px"
    if unit == "em":
        return number * font_size
    if unit == "%":
        return number * base / 100
    return number * PT[unit]


class Sheet:
    """One style sheet; `style(parent, tag, classes, first, last, ancestors)` computes a style."""

    def __init__(self, css: str):
        self.rules: dict[str, list[Rule]] = {}  # by the rightmost compound's class or tag
        self.page = _page_rule(css)
        order = 0
        for text in (USER_AGENT, css):
            for selectors, body in _blocks(text):
                declarations = _declarations(body)
                for selector in selectors.split(","):
                    parsed = _selector(selector.strip())
                    if parsed is None:
                        continue
                    order += 1
                    classes = sum(len(c[1]) + c[2] + c[3] for _, c in parsed)
                    types = sum(c[0] is not None for _, c in parsed)
                    rule = Rule((classes, types, order), parsed, declarations)
                    last = parsed[-1][1]
                    index = sorted(last[1])[0] if last[1] else (last[0] or "*")
                    self.rules.setdefault(index, []).append(rule)
        # tags whose being a first (`:first-child`) or last child matters; "*" when any tag's may
        compounds = [c for rules in self.rules.values() for r in rules for _, c in r.parts]
        self.first_child = frozenset((c[0] or "*") for c in compounds if c[2])
        self.last_child = frozenset((c[0] or "*") for c in compounds if c[3])
        self.memo: dict[tuple[Any, ...], Style] = {}
        self.by_element: dict[tuple[Any, ...], tuple[Style, Any]] = {}  # docx_body.Converter.style's
        self.root = Style({"font-size": "12pt", "line-height": "normal"}, 12.0, key=0)

    def style(self, parent: Style, chain: Chain) -> Style:
        """The style of the element at the head of `chain`, whose parent has `parent`."""
        key = (parent.key, chain[0])
        found = self.memo.get(key)
        if found is not None:
            return found
        tag, classes, _, _ = chain[0]
        candidates = [r for c in classes for r in self.rules.get(c, ())] + self.rules.get(tag or "*", [])
        own: dict[str, str] = {}
        for rule in sorted((r for r in candidates if _matches(r.parts, chain)), key=lambda r: r.specificity):
            own.update(rule.declarations)
        values = {k: v for k, v in parent.values.items() if k in INHERITED}
        size = to_pt(own.get("font-size", ""), parent.font_size, parent.font_size * 100)
        values.update(own)
        style = Style(values, size if size is not None else parent.font_size, key=len(self.memo) + 1)
        self.memo[key] = style
        return style


@lru_cache(maxsize=8)
def sheet(css: str) -> Sheet:
    return Sheet(css)


def _matches(parts: tuple[tuple[str, Compound], ...], chain: Chain) -> bool:
    """Right to left, as browsers match: the last compound is the element itself."""
    return _fits(parts[-1][1], chain[0]) and _match_up(parts, len(parts) - 1, chain)


def _match_up(parts: tuple[tuple[str, Compound], ...], i: int, chain: Chain) -> bool:
    if i == 0:
        return True
    combinator, wanted = parts[i][0], parts[i - 1][1]
    above = chain[1]
    if combinator == ">":
        return above is not None and _fits(wanted, above[0]) and _match_up(parts, i - 1, above)
    while above is not None:
        if _fits(wanted, above[0]) and _match_up(parts, i - 1, above):
            return True
        above = above[1]
    return False


def _fits(wanted: Compound, actual: Compound) -> bool:
    return (
        (wanted[0] is None or wanted[0] == actual[0])
        and wanted[1] <= actual[1]
        and (not wanted[2] or actual[2])
        and (not wanted[3] or actual[3])
    )


COMPOUND = re.compile(r"^([a-z][a-z0-9]*|\*)?((?:\.[\w-]+)*)((?::first-child|:last-child)*)$")


def _selector(text: str) -> tuple[tuple[str, Compound], ...] | None:
    tokens = re.sub(r"\s*>\s*", " > ", text).split()
    parts: list[tuple[str, Compound]] = []
    combinator = " "
    for token in tokens:
        if token == ">":
            combinator = ">"
            continue
        found = COMPOUND.match(token)
        if not found or not token:
            return None  # pseudo-elements, attributes, siblings: not for Word
        tag = found.group(1) if found.group(1) not in (None, "*") else None
        classes = frozenset(c for c in found.group(2).split(".") if c)
        pseudo = found.group(3)
        parts.append((combinator, (tag, classes, ":first-child" in pseudo, ":last-child" in pseudo)))
        combinator = " "
    return tuple(parts) or None


def _blocks(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of the top-level rules; @-rules and their blocks are skipped."""
    css = COMMENT.sub("", css)
    out, i, depth, start = [], 0, 0, 0
    prelude = ""
    while i < len(css):
        char = css[i]
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                if not prelude.startswith("@"):
                    out.append((prelude, css[start:i]))
                start = i + 1
        i += 1
    return out


def _declarations(body: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for item in body.split(";"):
        name, _, value = item.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not name or not value:
            continue
        if name in ("margin", "padding"):
            values = value.split()[:4]
            if len(values) < 4:
                values = (values * 4)[:2] * 2 if len(values) < 3 else [*values, values[1]]
            out += [(f"{name}-{side}", v) for side, v in zip(SIDES, values, strict=False)]
        elif name == "border":
            out += [(f"border-{side}", value) for side in SIDES]
        else:
            out.append((name, value))
    return tuple(out)


def _page_rule(css: str) -> dict[str, str]:
    """The @page rule's own declarations (size, margin), nested @-blocks left out."""
    found = re.search(r"@page\s*\{", css)
    if not found:
        return {}
    body, depth, i = [], 1, found.end()
    while i < len(css) and depth:
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        if depth == 1 and css[i] != "}":
            body.append(css[i])
        i += 1
    text = re.sub(r"@[\w-]+\s*[^;{]*", "", "".join(body))
    return dict(_declarations(text))
