"""Every Jinja template the build uses, read by `jejak validate` (issue 21): a template that Jinja
cannot parse, or that reaches for what only code may touch, is a problem at its file and line
before any build starts.

Read are the `.html` and `.j2` files of the repository's site_templates/ and of Jejak's own (the
repository's win), the MkDocs theme overrides included: those run in MkDocs' own environment,
which is not sandboxed, so this check is what holds them. Refused are attributes and keys that
start with `_` (`__class__`, `__globals__`, `self._TemplateReference__context`) and the `attr`
filter (which spells an attribute as text). Parsing costs about a second on a busy machine, so a
set of templates that passed is remembered by the hash of its files (outside the repository);
the sandbox still holds every template at render time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from generator.problem import ERROR, Problem

SUFFIXES = (".html", ".j2")
VERSION = b"template-check 1"  # change when the rules change: templates passed before are read again
SYNTAX = {
    "unexpected end of template": "templat berakhir sebelum blok ditutup",
    "Encountered unknown tag": "tag Jinja tidak dikenal",
    "unexpected": "tanda yang tidak terduga",
    "expected token": "tanda yang diharapkan tidak ada",
    "tag name expected": "nama tag tidak ada",
}
HINT_SYNTAX = (
    "perbaiki sintaks Jinja pada baris ini ({{ ... }}, {% ... %}), atau hapus templat ini dari site_templates/"
)
HINT_INTERNAL = "templat hanya menampilkan data yang disiapkan Python; hapus akses ini dari templat"


def packaged() -> Path:
    """Jejak's own templates: generator.templates.PACKAGED's rule, without importing Jinja (a
    validation whose templates passed before never imports it)."""
    package = Path(__file__).resolve().parents[1]
    return package / "site_templates" if (package / "site_templates").is_dir() else package.parent / "site_templates"


def template_files(root: Path) -> dict[str, Path]:
    """name (`dokumen/undangan.html`) -> file, the repository's own winning over Jejak's."""
    found: dict[str, Path] = {}
    for folder in (packaged(), root / "site_templates"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix in SUFFIXES and path.is_file():
                    found[path.relative_to(folder).as_posix()] = path
    return found


def check_templates(root: Path) -> list[Problem]:
    files = template_files(root)
    texts = {name: path.read_bytes() for name, path in files.items()}
    stamp = _stamp(root, texts)
    if stamp is not None and stamp.is_file() and not stamp.is_symlink():
        return []
    problems = [p for name, text in texts.items() for p in _problems(name, text)]
    if not problems and stamp is not None:
        _remember(stamp)
    return problems


def _problems(name: str, raw: bytes) -> list[Problem]:
    from jinja2 import Environment, TemplateSyntaxError, nodes

    rel = f"site_templates/{name}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [Problem(rel, 1, 1, ERROR, "templat bukan teks UTF-8", "simpan ulang sebagai UTF-8", "templat")]
    try:
        tree = Environment().parse(text, name, rel)
    except TemplateSyntaxError as exc:
        said = next((v for k, v in SYNTAX.items() if k.lower() in (exc.message or "").lower()), "sintaks Jinja salah")
        message = f"templat tidak dapat dibaca: {said} ({exc.message})"
        return [Problem(rel, exc.lineno or 1, 1, ERROR, message, HINT_SYNTAX, "templat")]
    found = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        what = _internal(node, nodes)
        if what:
            message = f"templat mengakses {what}: tidak diizinkan"
            found.append(Problem(rel, node.lineno, 1, ERROR, message, HINT_INTERNAL, "templat"))
    return found


def _internal(node: Any, nodes: Any) -> str | None:
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return f"atribut internal '{node.attr}'"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        if isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            return f"kunci internal '{node.arg.value}'"
    if isinstance(node, nodes.Filter) and node.name == "attr":
        return "atribut lewat filter 'attr'"
    return None


def _stamp(root: Path, texts: dict[str, bytes]) -> Path | None:
    """Where a passed set of templates is remembered; None when there is no safe place for it."""
    digest = hashlib.sha256(VERSION)
    for name, text in sorted(texts.items()):
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0" + hashlib.sha256(text).digest())
    base = os.environ.get("JEJAK_CACHE_DIR")
    if base:
        folder = Path(base)
    else:
        from platformdirs import user_cache_path

        folder = user_cache_path("jejak", appauthor=False)
    folder = folder / "templat"
    try:
        if folder.resolve().is_relative_to(root.resolve()):
            return None  # a cache inside the repository is the repository's to write
    except (OSError, RuntimeError):
        return None
    return folder / digest.hexdigest()


def _remember(stamp: Path) -> None:
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        with open(stamp, "x", encoding="utf-8") as handle:
            handle.write("ok\n")
    except OSError:
        pass  # nothing remembered: the next validation reads the templates again
