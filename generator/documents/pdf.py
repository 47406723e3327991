"""PDFs of the printable HTML documents, with WeasyPrint: rendered in parallel worker
processes and cached by the content they come from.

The cache key is a hash of the HTML (which already inlines the CSS and the logo) and of the
WeasyPrint version, so a rebuild after one record changed renders only that record's PDFs.

The cache can be turned against the office (a planted file published as a letter, a symbolic
link publishing /etc/passwd), so it lives outside the repository (the user's cache folder,
`JEJAK_CACHE_DIR` or `jejak build --cache`), is used only when it is a real folder of the
user's own that nobody else may write, holds regular files only (never followed through a
link), and each entry carries its own key and the hash of its PDF: a file renamed or planted
under another key, or cut short, is never served. Every cache operation may fail at any
moment (the folder deleted mid-build): the PDF is then simply rendered.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CACHE_FORMAT = "2"  # bump when the way PDFs are made changes
CACHE_ENV = "JEJAK_CACHE_DIR"
MAX_ENTRY = 64 * 1024 * 1024
MAGIC = b"jejak-pdf-cache\n"


def default_cache_dir() -> Path:
    """JEJAK_CACHE_DIR, else the user's cache folder (XDG_CACHE_HOME on Linux) + jejak/pdf."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("jejak", appauthor=False) / "pdf"


def usable_cache(cache_dir: Path | None) -> Path | None:
    """The cache folder when it is safe to trust: a real folder (no link) owned by this user and
    writable by nobody else; created when missing. None otherwise (PDFs are then all rendered)."""
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(cache_dir)
    except OSError:
        return None
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if not stat.S_ISDIR(info.st_mode) or not mine or info.st_mode & 0o022:
        return None
    return cache_dir


@dataclass(frozen=True)
class PdfStats:
    rendered: int
    cached: int


def content_key(html: str) -> str:
    """The cache key of one document: its HTML plus the renderer's version."""
    import weasyprint

    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, weasyprint.__version__, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def render_pdfs(pages: Sequence[tuple[str, Path]], cache_dir: Path | None, workers: int | None = None) -> PdfStats:
    """Write each (html, target) as a PDF; cached ones are copied, the rest rendered in parallel."""
    todo: list[tuple[str, Path]] = []
    cached = 0
    cache_dir = usable_cache(cache_dir)
    for html, target in pages:
        target.parent.mkdir(parents=True, exist_ok=True)
        hit = _cached(cache_dir, content_key(html)) if cache_dir else None
        if hit is not None:
            _write_atomic(target, hit)
            cached += 1
        else:
            todo.append((html, target))
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if workers == 1 or len(todo) < 2:
        for html, target in todo:
            _render_one(html, target, cache_dir)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            jobs = [pool.submit(_render_one, html, target, cache_dir) for html, target in todo]
            for job in jobs:
                job.result()
    return PdfStats(rendered=len(todo), cached=cached)


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pdf"


def _cached(cache_dir: Path, key: str) -> bytes | None:
    """The PDF cached under `key`, or None: a missing, linked, special, foreign or damaged entry is a miss."""
    try:
        fd = os.open(_entry(cache_dir, key), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    header, _, pdf = data.partition(b"\n\n")
    expected = MAGIC + f"{key}\n{hashlib.sha256(pdf).hexdigest()}".encode("ascii")
    return pdf if header == expected and pdf.startswith(b"%PDF-") else None


def _store(cache_dir: Path, key: str, pdf: bytes) -> None:
    """Keep a PDF under its key, with the key and the PDF's hash in front; any failure is ignored."""
    path = _entry(cache_dir, key)
    header = MAGIC + f"{key}\n{hashlib.sha256(pdf).hexdigest()}".encode("ascii")
    try:
        path.parent.mkdir(exist_ok=True, mode=0o700)
        _write_atomic(path, header + b"\n\n" + pdf)
    except OSError:
        pass


def _render_one(html: str, target: Path, cache_dir: Path | None) -> None:
    """Render one PDF (in a worker); the cache entry is written atomically, then copied."""
    pdf = html_to_pdf(html)
    _write_atomic(target, pdf)
    if cache_dir is not None:
        _store(cache_dir, content_key(html), pdf)


def html_to_pdf(html: str) -> bytes:
    """One PDF from self-contained HTML; only data: URIs are fetched, never the network or disk."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as handle:  # never through a link planted under the temporary name
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
