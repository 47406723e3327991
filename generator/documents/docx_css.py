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
from dataclasses import dataclass, field
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
INHERITED = ("font-size", "font-weight", "font-style", "text-align", "line-height", "white-space", "text-decoration")
PT = {"pt": 1.0, "px": 0.75, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pc": 12.0}
LENGTH = re.compile(r"^(-?[\d.]+)(pt|px|cm|mm|in|pc|em|%)?$")
COMMENT = re.compile(r"/\*.*?\*/", re.S)


@dataclass(frozen=True)
class Compound:
    tag: str | None
    classes: frozenset[str]
    first: bool = False
    last: bool = False


@dataclass(frozen=True)
class Rule:
    specificity: tuple[int, int, int]  # classes and pseudo-classes, types, order in the sheet
    parts: tuple[tuple[str, Compound], ...]  # (combinator to the left, compound), rightmost last
    declarations: tuple[tuple[str, str], ...]


@dataclass
class Style:
    """The computed style of one element: inherited values resolved, lengths kept as text."""

    values: dict[str, str]
    font_size: float  # pt
    key: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def length(self, name: str, base: float = 0.0) -> float | None:
        """A length property in points (`base` for %); None when absent or `auto`."""
        return to_pt(self.values.get(name, ""), self.font_size, base)

    def box(self, name: str, base: float = 0.0) -> tuple[float, float, float, float]:
        """margin or padding: top, right, bottom, left in points (auto counts 0)."""
        return tuple(  # type: ignore[return-value]
            to_pt(self.values.get(f"{name}-{side}", "0"), self.font_size, base) or 0.0
            for side in ("top", "right", "bottom", "left")
        )

    @property
    def bold(self) -> bool:
        return self.values.get("font-weight", "normal") in ("bold", "bolder", "600", "700", "800", "900")

    @property
    def avoid_inside(self) -> bool:
        return "avoid" in (self.get("break-inside"), self.get("page-break-inside"))

    @property
    def avoid_before(self) -> bool:
        return "avoid" in (self.get("break-before"), self.get("page-break-before"))

    @property
    def avoid_after(self) -> bool:
        return "avoid" in (self.get("break-after"), self.get("page-break-after"))

    @property
    def page_before(self) -> bool:
        return self.get("break-before") == "page" or self.get("page-break-before") == "always"


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
                    classes = sum(len(c.classes) + c.first + c.last for _, c in parsed)
                    types = sum(c.tag is not None for _, c in parsed)
                    rule = Rule((classes, types, order), parsed, declarations)
                    last = parsed[-1][1]
                    index = sorted(last.classes)[0] if last.classes else (last.tag or "*")
                    self.rules.setdefault(index, []).append(rule)
        # tags whose position among siblings matters (`:first-child`); "*" when any may
        self.positional = frozenset(
            (c.tag or "*") for rules in self.rules.values() for r in rules for _, c in r.parts if c.first or c.last
        )
        self.memo: dict[tuple[Any, ...], Style] = {}
        self.root = Style({"font-size": "12pt", "line-height": "normal"}, 12.0, key=0)

    def style(self, parent: Style, chain: tuple[Compound, ...]) -> Style:
        """The style of the last element of `chain` (all its ancestors' compounds, outermost first)."""
        key = (parent.key, chain[-1])
        found = self.memo.get(key)
        if found is not None:
            return found
        element = chain[-1]
        candidates = [r for c in element.classes for r in self.rules.get(c, ())]
        candidates += self.rules.get(element.tag or "*", [])
        matched = sorted((r for r in candidates if _matches(r.parts, chain)), key=lambda r: r.specificity)
        own: dict[str, str] = {}
        for rule in matched:
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


def _matches(parts: tuple[tuple[str, Compound], ...], chain: tuple[Compound, ...]) -> bool:
    """Right to left, as browsers match: the last compound is the element itself."""
    if not _fits(parts[-1][1], chain[-1]):
        return False
    return _match_up(parts, len(parts) - 1, chain, len(chain) - 1)


def _match_up(parts: tuple[tuple[str, Compound], ...], i: int, chain: tuple[Compound, ...], j: int) -> bool:
    if i == 0:
        return True
    combinator, wanted = parts[i][0], parts[i - 1][1]
    if combinator == ">":
        return j > 0 and _fits(wanted, chain[j - 1]) and _match_up(parts, i - 1, chain, j - 1)
    return any(_fits(wanted, chain[k]) and _match_up(parts, i - 1, chain, k) for k in range(j - 1, -1, -1))


def _fits(wanted: Compound, actual: Compound) -> bool:
    return (
        (wanted.tag is None or wanted.tag == actual.tag)
        and wanted.classes <= actual.classes
        and (not wanted.first or actual.first)
        and (not wanted.last or actual.last)
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
        parts.append((combinator, Compound(tag, classes, ":first-child" in pseudo, ":last-child" in pseudo)))
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


SIDES = ("top", "right", "bottom", "left")


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
