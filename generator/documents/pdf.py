"""PDFs of the printable HTML documents, with WeasyPrint: rendered in parallel worker
processes and kept in the cache of rendered files (see cache.py).

The cache key is a hash of the HTML (which already inlines the CSS and the logo) and of the
WeasyPrint version, so a rebuild after one record changed renders only that record's PDFs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.documents.cache import cached, store, usable_cache, write_atomic
from generator.documents.cache import content_key as cache_key
from generator.documents.workers import run_all

CACHE_FORMAT = "2"  # bump when the way PDFs are made changes
SUFFIX = ".pdf"


@dataclass(frozen=True)
class PdfStats:
    rendered: int
    cached: int


def content_key(html: str) -> str:
    """The cache key of one document: its HTML plus the renderer's version."""
    import weasyprint

    return cache_key(CACHE_FORMAT, weasyprint.__version__, html)


def render_pdfs(pages: Sequence[tuple[str, Path]], cache_dir: Path | None, workers: int | None = None) -> PdfStats:
    """Write each (html, target) as a PDF; cached ones are copied, the rest rendered in parallel."""
    todo: list[tuple[str, Path]] = []
    hits = 0
    cache_dir = usable_cache(cache_dir)
    for html, target in pages:
        target.parent.mkdir(parents=True, exist_ok=True)
        hit = cached(cache_dir, content_key(html), SUFFIX, b"%PDF-") if cache_dir else None
        if hit is not None:
            write_atomic(target, hit)
            hits += 1
        else:
            todo.append((html, target))
    run_all(_render_one, [(html, target, cache_dir) for html, target in todo], workers)
    return PdfStats(rendered=len(todo), cached=hits)


def _render_one(html: str, target: Path, cache_dir: Path | None) -> None:
    """Render one PDF (in a worker); the cache entry is written atomically, then copied."""
    pdf = html_to_pdf(html)
    write_atomic(target, pdf)
    if cache_dir is not None:
        store(cache_dir, content_key(html), SUFFIX, pdf)


def html_to_pdf(html: str) -> bytes:
    """One PDF from self-contained HTML; only data: URIs are fetched, never the network or disk."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
