"""The handwritten guides (docs/) publish text, never code.

The guides share the portal's origin with the form editor (/ubah/), whose page keeps each user's
Git token: a script anywhere in docs/ could read it. So, at build time:
- raw HTML written in a guide is refused, except a few inline tags without attributes (RAW_ALLOWED);
- what Markdown itself makes is checked too: an attribute list (`{: onclick=… }`) or a link to
  `javascript:` is refused (ATTRIBUTES, SCHEMES);
- files beside the guides are published only when they cannot run: images, CSS, PDF; an SVG is
  published through the same checked parse as the office logo.
Every refusal names the file and line, in Indonesian, with what to write instead.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.preprocessors import Preprocessor

from generator.problem import ERROR, Problem
from generator.records.images import ImageRefused, published_bytes

RAW_ALLOWED = frozenset({"br", "kbd", "sub", "sup", "small", "mark", "b", "i", "em", "strong", "u", "s", "del", "ins"})
ATTRIBUTES = frozenset(
    {"id", "class", "title", "href", "src", "alt", "align", "colspan", "rowspan", "start", "width", "height"}
)
SCHEMES = ("http:", "https:", "mailto:", "tel:")
URL_ATTRIBUTES = ("href", "src")
FILE_KINDS = {".md", ".css", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".pdf", ".svg"}
HINT_RAW = (
    "tulis dengan Markdown (tabel, daftar, **tebal**, `kode`, !!! note); HTML yang boleh hanya tag tanpa atribut: "
    + ", ".join(f"<{t}>" for t in sorted(RAW_ALLOWED))
)
_TAG = re.compile(r"^</?([A-Za-z][A-Za-z0-9-]*)(\s[^>]*)?/?>$", re.DOTALL)
_ENTITY = re.compile(r"^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});$")
_COMMENT = re.compile(r"^<!--(?:(?!-->).)*-->$", re.DOTALL)


# --- raw HTML as written -----------------------------------------------------------------


class RawHtml(Extension):
    """A Python-Markdown extension recording the raw HTML a page's author wrote (block and
    inline), as Markdown finds it: text inside code spans and code blocks is not HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        if isinstance(md.preprocessors["html_block"], _RecordedBlocks):
            return  # named twice in the configuration: record once
        md.preprocessors.register(_RecordedBlocks(md, md.preprocessors["html_block"], self.found), "html_block", 20)
        pattern = md.inlinePatterns["html"].compiled_re.pattern
        md.inlinePatterns.register(_RecordedInline(pattern, md, self.found), "html", 90)


class _RecordedBlocks(Preprocessor):
    def __init__(self, md: Markdown, original: Any, found: list[str]):
        super().__init__(md)
        self.original, self.found = original, found

    def run(self, lines: list[str]) -> list[str]:
        stash, store = self.md.htmlStash, self.md.htmlStash.store

        def recorded(html: Any) -> str:
            self.found.append(str(html))
            return store(html)

        previous = stash.__dict__.get("store")
        stash.store = recorded  # type: ignore[method-assign]
        try:
            return self.original.run(lines)
        finally:
            if previous is None:
                del stash.store  # the class's own method again
            else:
                stash.store = previous  # type: ignore[method-assign]


class _RecordedInline(HtmlInlineProcessor):
    def __init__(self, pattern: str, md: Markdown, found: list[str]):
        super().__init__(pattern, md)
        self.found = found

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802
        self.found.append(m.group(1))
        return super().handleMatch(m, data)


def raw_problems(path: str, source: str, fragments: list[str]) -> list[Problem]:
    """A problem for every raw HTML fragment that is not an allowed tag, entity or comment."""
    problems = []
    for fragment in fragments:
        text = fragment.strip()
        if not text or _ENTITY.match(text) or _COMMENT.match(text):
            continue
        tag = _TAG.match(text)
        if tag and tag.group(1).lower() in RAW_ALLOWED and not (tag.group(2) or "").strip(" /"):
            continue
        shown = " ".join(text.split())[:60]
        line = line_of(source, text.split("\n", 1)[0])
        problems.append(
            Problem(path, line, 1, ERROR, f"HTML mentah tidak diizinkan di panduan: {shown}", HINT_RAW, "panduan-html")
        )
    return problems


# --- what Markdown made ------------------------------------------------------------------


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.wrong: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name not in ATTRIBUTES or (name in URL_ATTRIBUTES and not safe_url(value)):
                self.wrong.append((tag, name, value))

    handle_startendtag = handle_starttag


def safe_url(value: str) -> bool:
    """A link within the site, or to the web, e-mail or a phone: never `javascript:` or `data:`."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    scheme = re.match(r"^[a-z][a-z0-9+.-]*:", cleaned)
    return scheme is None or cleaned.startswith(SCHEMES)


def output_problems(path: str, source: str, html: str) -> list[Problem]:
    """Attributes and links in a guide's HTML that could run code, wherever they came from."""
    parser = _Attributes()
    parser.feed(html)
    problems = []
    for tag, name, value in parser.wrong:
        line = line_of(source, value) if value else line_of(source, name)
        what = f"tautan '{value[:60]}'" if name in URL_ATTRIBUTES else f"atribut '{name}' pada <{tag}>"
        problems.append(
            Problem(
                path,
                line,
                1,
                ERROR,
                f"{what} tidak diizinkan di panduan",
                "tautan hanya ke halaman portal, http(s):, mailto: atau tel:; daftar atribut Markdown ({: … }) "
                "hanya boleh memuat #id, .kelas dan title",
                "panduan-html",
            )
        )
    return problems


def line_of(source: str, needle: str) -> int:
    """The first line of `source` holding `needle`, else the longest end of it (the source may
    spell its start as an entity, `&#106;avascript:`); 1 when it cannot be found."""
    lines = source.splitlines()
    needle = needle.strip()
    for start in range(0, max(len(needle) - 5, 1)):
        part = needle[start:]
        for number, line in enumerate(lines, 1):
            if part and part in line:
                return number
    return 1


# --- files beside the guides -------------------------------------------------------------


def file_problem(docs: Path, path: str) -> Problem | None:
    """A file under docs/ that MkDocs would publish as it is: only kinds that cannot run."""
    suffix = Path(path).suffix.lower()
    shown = f"docs/{path}"
    if suffix not in FILE_KINDS:
        return Problem(
            shown,
            1,
            1,
            ERROR,
            f"berkas '{Path(path).name}' tidak diterbitkan dari docs/: jenis {suffix or 'tanpa akhiran'} dapat "
            "menjalankan kode di portal",
            "simpan di docs/ hanya halaman Markdown (.md), gambar (PNG, JPEG, GIF, WebP, SVG), CSS atau PDF",
            "panduan-berkas",
        )
    if suffix == ".svg":
        try:
            published_bytes(docs / path, "SVG")
        except (ImageRefused, OSError) as exc:
            return Problem(
                shown,
                1,
                1,
                ERROR,
                f"gambar SVG ditolak: {exc}",
                "simpan ulang sebagai SVG sederhana (tanpa skrip, gaya atau gambar dari luar), atau sebagai PNG",
                "panduan-berkas",
            )
    return None
