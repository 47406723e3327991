"""`.gitattributes` that make what is built differ from what was reviewed (issue 21).

Git applies attributes when it writes a committed file into the work tree: a `filter`, `ident`,
`working-tree-encoding` or `eol=crlf` makes the file on disk (what `jejak build` reads) differ
from the committed blob (what the pull request, `git diff` and `jejak diff` show), and `-diff`,
`binary`, `diff=…` or `linguist-generated` on text files hide a change from the reviewer. Both
are refused wherever Git would apply them to Jejak's files; `text`, `eol=lf`, `-text` and
`binary` on binary files (PDF, images, Word) stay allowed. Plain file reading: no Git needed.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.problem import ERROR, Problem

NAME = ".gitattributes"
BINARY = tuple(
    ".pdf .png .jpg .jpeg .gif .webp .ico .bmp .avif .docx .xlsx .pptx .odt .ods .zip .woff .woff2 .ttf .otf".split()
)
SKIPPED = {".git", "node_modules", ".venv", "venv", "__pycache__", "site"}
HINT = (
    "hapus atribut itu; Jejak membangun portal dari berkas persis seperti yang di-commit (yang boleh: text, "
    "eol=lf, -text, serta binary atau -diff untuk berkas biner seperti *.pdf dan *.png)"
)
REWRITES = (
    "membuat isi berkas di folder kerja berbeda dari yang di-commit: portal dibangun dari yang satu, "
    "peninjau membaca yang lain"
)
HIDES = "menyembunyikan perubahan berkas teks dari peninjau (git diff dan halaman permintaan tarik di Git host)"


def rewriting_lines(text: str) -> list[tuple[int, str]]:
    """(line number, why) for every line that rewrites files on checkout or hides their diff."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        pattern, attributes = _pattern(line.strip())
        for attribute in attributes:
            why = _why(pattern, attribute)
            if why:
                found.append((number, f"atribut `{_shown(attribute)}` pada pola `{_shown(pattern)}` {why}"))
    return found


def _pattern(line: str) -> tuple[str, list[str]]:
    """The pattern (quoted or not) and the attributes after it."""
    if line.startswith('"'):
        end = 1
        while end < len(line) and line[end] != '"':
            end += 2 if line[end] == "\\" else 1
        return line[1:end], line[end + 1 :].split()
    pattern, *rest = line.split(None, 1)  # any run of spaces or tabs ends the pattern
    return pattern, rest[0].split() if rest else []


def _why(pattern: str, attribute: str) -> str | None:
    if attribute.startswith(("-", "!")):  # unset or unspecified: nothing is rewritten
        hidden = attribute == "-diff"
        return HIDES if hidden and not _binary(pattern) else None
    name, _, value = attribute.partition("=")
    if name in ("filter", "ident", "working-tree-encoding"):
        return REWRITES
    if name == "eol" and value.lower() != "lf":
        return REWRITES
    hides = name in ("binary", "linguist-generated", "linguist-vendored") and value.lower() != "false"
    if hides or name == "diff" and value:  # `diff` alone forces a text diff; `diff=DRIVER` may hide it
        return None if _binary(pattern) else HIDES
    return None


def _binary(pattern: str) -> bool:
    """A pattern that only names binary files (by extension), where hiding the text diff is normal."""
    return pattern.lower().endswith(BINARY)


def _shown(text: str) -> str:
    return "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text)[:120]


def attribute_files(root: Path) -> list[Path]:
    """Every attributes file Git would apply to Jejak's files: in the Jejak root, above it up to the
    repository's top, below it (not in output or tool folders), and the clone's own info/attributes."""
    root = root.resolve()
    found = []
    for folder in (root, *root.parents):
        found.append(folder / NAME)
        if (folder / ".git").exists():
            found.append(folder / ".git" / "info" / "attributes")
            break
    for walked, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        if NAME in files and Path(walked) != root:
            found.append(Path(walked) / NAME)
    return [p for p in found if p.is_file() and not p.is_symlink()]


def check_attributes(root: Path) -> list[Problem]:
    """Validation: attributes that rewrite or hide Jejak's files are errors, with file and line."""
    problems = []
    for path in attribute_files(root):
        try:
            text = path.read_bytes()[: 1 << 20].decode("utf-8", "replace")
        except OSError:
            continue
        shown = _relative(root, path)
        for line, why in rewriting_lines(text):
            problems.append(Problem(shown, line, 1, ERROR, why, HINT, "atribut-git"))
    return problems


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.path.relpath(path, root.resolve()).replace(os.sep, "/")
