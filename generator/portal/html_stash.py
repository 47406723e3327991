"""Generated HTML kept out of Python-Markdown.

The pages are mostly HTML tables that Python built and escaped. Python-Markdown would parse
every tag twice (MkDocs' anchor scan, then its own HTML block scan) only to pass the block
through unchanged: about half of MkDocs' work on an event page. Each such block becomes a
placeholder paragraph and is put back, as it was, into the HTML Markdown made.
"""

from __future__ import annotations

import re

BLOCK_START = re.compile(r"<(table|div|p)[\s>]")
ANCHOR = re.compile(r"<[a-z][^>]*\sid=\"([^\"]+)\"")


def stash_html(markdown: str, token: str) -> tuple[str, list[str]]:
    """(Markdown with `<token><n>` paragraphs in place of its top-level HTML blocks, the blocks).

    A block starts a paragraph with <table, <div or <p and ends on the line closing that tag,
    followed by a blank line: exactly the blocks Python-Markdown would leave untouched."""
    lines, out, blocks = markdown.split("\n"), [], []
    index, after_blank = 0, True
    while index < len(lines):
        line = lines[index]
        start = BLOCK_START.match(line) if after_blank else None
        end = _block_end(lines, index, start.group(1)) if start else None
        if end is not None:
            blocks.append("\n".join(lines[index : end + 1]))
            out.append(f"{token}{len(blocks) - 1}")
            index, after_blank = end + 1, False
            continue
        out.append(line)
        index, after_blank = index + 1, not line.strip()
    return "\n".join(out), blocks


def _block_end(lines: list[str], start: int, tag: str) -> int | None:
    """The line closing the block opened on `lines[start]`, if it ends there and a blank line follows."""
    pattern, depth = re.compile(f"<(/?){tag}[\\s>]"), 0
    for index in range(start, len(lines)):
        for closing in pattern.findall(lines[index]):
            depth += -1 if closing else 1
        if depth <= 0:
            ends = lines[index].rstrip().endswith(f"</{tag}>")
            last = index + 1 == len(lines) or not lines[index + 1].strip()
            return index if ends and last and depth == 0 else None
    return None


def restore_html(html: str, blocks: list[str], token: str) -> tuple[str, list[str]]:
    """The page's HTML with the blocks back in place, and the ids the blocks carry (MkDocs would
    have found them in the raw HTML). Markdown ends each raw block with a newline and strips the
    page's ends: so do we."""
    html = re.sub(f"<p>{token}([0-9]+)</p>", lambda m: blocks[int(m.group(1))] + "\n", html).strip()
    return html, ANCHOR.findall("\n".join(blocks))
