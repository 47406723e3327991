"""PDFs of the printable HTML documents, with WeasyPrint: rendered in parallel worker
processes and cached by the content they come from.

The cache key is a hash of the HTML (which already inlines the CSS and the logo) and of the
WeasyPrint version, so a rebuild after one record changed renders only that record's PDFs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CACHE_FORMAT = "1"  # bump when the way PDFs are made changes


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
    for html, target in pages:
        target.parent.mkdir(parents=True, exist_ok=True)
        hit = _cached(cache_dir, html)
        if hit is not None:
            shutil.copyfile(hit, target)
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


def _cached(cache_dir: Path | None, html: str) -> Path | None:
    if cache_dir is None:
        return None
    path = cache_dir / f"{content_key(html)}.pdf"
    return path if path.is_file() else None


def _render_one(html: str, target: Path, cache_dir: Path | None) -> None:
    """Render one PDF (in a worker); the cache entry is written atomically, then copied."""
    pdf = html_to_pdf(html)
    _write_atomic(target, pdf)
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(cache_dir / f"{content_key(html)}.pdf", pdf)


def html_to_pdf(html: str) -> bytes:
    """One PDF from self-contained HTML; only data: URIs are fetched, never the network or disk."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
