"""Benchmark of document rendering: Word files against the HTML they are made from, cold PDFs
of the sample events and of N synthetic events, and the warm rebuild after one record changed.

    .venv/bin/python bench/documents.py [--events 200] [--workers 2]
    .venv/bin/python bench/documents.py --word-only        # only the Word targets (seconds)

Word files (issue 22): every ready sample document is rendered to HTML and written as a Word
file, one after the other in this process, taking turns, best of --repeat rounds. Targets:
one Word file <= 1x the same document's HTML render (in total over the documents), and a Word
file no larger than its HTML. PDFs: seconds and ratios against a baseline measured in the same
run (the sample events' PDFs rendered one at a time, without cache); the warm rebuild after one
record changed must render only that record's PDFs. Ends with one `bench-row:` line per figure
(bench/common.py) and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import Row, finish  # noqa: E402
from generator.documents.docx import html_to_docx  # noqa: E402
from generator.documents.pdf import PdfStats, render_pdfs  # noqa: E402
from generator.documents.render import list_documents, render_html  # noqa: E402
from generator.records.workspace import load_workspace  # noqa: E402

NOW = datetime(2026, 11, 28, 10, 0)
TEMPLATES = ("2024/2024-menjahit-1.yaml", "2025/2025-las-listrik-1.yaml")


def make_repo(root: Path, synthetic: int) -> None:
    """A copy of the repository's data plus `synthetic` events cloned from the complete samples."""
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "records", root / "records")
    for i in range(synthetic):
        source = REPO / "records" / TEMPLATES[i % len(TEMPLATES)]
        year = source.parent.name
        code = f"{year}-sintetis-{i + 1}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^kode: .*$", f"kode: {code}", text, count=1, flags=re.M)
        text = re.sub(r"^nama: (.*)$", rf"nama: \1 (Sintetis {i + 1})", text, count=1, flags=re.M)
        text = re.sub(r"nomor: (\S+?)/(\d+)/", rf"nomor: \1/\2-{i + 1}/", text)
        (root / "records" / year / f"{code}.yaml").write_text(text, encoding="utf-8")


def pages_of(root: Path, out: Path, codes: set[str] | None = None) -> tuple[list[tuple[str, Path]], float]:
    """Load the workspace and render every ready document's HTML; returns the pages and seconds taken."""
    start = time.perf_counter()
    ws = load_workspace(root, now=NOW)
    pages = []
    for event in ws.events:
        if codes is not None and event.code not in codes:
            continue
        for info in list_documents(ws, event):
            if info.ready:
                pages.append((render_html(ws, event, info), out / event.code / f"{info.filename}.pdf"))
    return pages, time.perf_counter() - start


def timed(pages: list[tuple[str, Path]], cache: Path | None, workers: int) -> tuple[PdfStats, float]:
    start = time.perf_counter()
    stats = render_pdfs(pages, cache, workers=workers)
    return stats, time.perf_counter() - start


def word_files(repeat: int) -> list[Row]:
    """The Word targets on the sample documents: time and size against the HTML."""
    ws = load_workspace(REPO, now=NOW)
    documents = [(event, info) for event in ws.events for info in list_documents(ws, event) if info.ready]
    pages = [render_html(ws, event, info) for event, info in documents]
    for html in pages:  # warm: templates compiled, the style sheet read, the logo drawn
        html_to_docx(html, REPO)
    html_best = word_best = float("inf")
    for _ in range(repeat):  # CPU time of this process: steadier than the clock on a shared machine
        start = time.process_time()
        for event, info in documents:
            render_html(ws, event, info)
        html_best = min(html_best, time.process_time() - start)
        start = time.process_time()
        files = [html_to_docx(html, REPO) for html in pages]
        word_best = min(word_best, time.process_time() - start)
    n = len(pages)
    word_bytes, html_bytes = sum(map(len, files)), sum(len(h.encode("utf-8")) for h in pages)
    ratio = word_best / html_best
    print(
        f"word files: {n} sample documents, best of {repeat} (CPU time): "
        f"HTML render {1000 * html_best / n:.2f} ms/doc, "
        f"Word file {1000 * word_best / n:.2f} ms/doc, ratio {ratio:.2f} (target <= 1.0); "
        f"size {word_bytes / n / 1024:.1f} KB/doc against HTML {html_bytes / n / 1024:.1f} KB/doc "
        f"({word_bytes / html_bytes:.2f}x, target <= 1.0); load average {os.getloadavg()[0]:.1f}"
    )
    return [
        Row(
            f"Word file, {n} sample documents (CPU per document)",
            1000 * word_best / n,
            "ms",
            "the same document's HTML render",
            1000 * html_best / n,
            1.0,
            f"best of {repeat}",
        ),
        Row(
            "Word file size (per document)",
            word_bytes / n / 1024,
            "KB",
            "its HTML",
            html_bytes / n / 1024,
            1.0,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="synthetic events (default 200)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the Word measurement (best is shown)")
    parser.add_argument("--word-only", action="store_true", help="only the Word files' targets")
    args = parser.parse_args()
    rows = word_files(args.repeat)
    if not args.word_only:
        rows += pdfs(args)
    return finish(rows)


def pdfs(args: argparse.Namespace) -> list[Row]:
    """Cold PDFs (printed), and the warm rebuild's renders against the changed record's documents."""
    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "repo", Path(tmp) / "out"
        make_repo(root, args.events)
        samples = {p.stem for p in (REPO / "records").glob("*/*.yaml")}
        sample_pages, html_s = pages_of(root, out / "base", samples)
        n = len(sample_pages)
        _, base = timed(sample_pages, None, 1)
        per_doc = base / n
        print(
            f"baseline: {n} sample documents, 1 worker, no cache: {base:.2f} s ({per_doc:.3f} s/doc); "
            f"HTML for them {html_s:.2f} s"
        )
        _, par = timed(sample_pages, None, args.workers)
        print(
            f"samples cold, {args.workers} workers: {par:.2f} s ({par / n:.3f} s/doc, "
            f"{par / n / per_doc:.2f}x baseline per doc)"
        )
        cache = Path(tmp) / "cache"
        all_pages, html_all = pages_of(root, out / "all")
        stats, cold = timed(all_pages, cache, args.workers)
        m = len(all_pages)
        print(
            f"all events cold ({m} documents of {args.events} synthetic + sample events), {args.workers} workers: "
            f"{cold:.1f} s ({cold / m:.3f} s/doc, {cold / m / per_doc:.2f}x baseline per doc); "
            f"HTML {html_all:.1f} s; {stats}"
        )
        record = root / "records" / TEMPLATES[1]
        record.write_text(
            record.read_text(encoding="utf-8").replace("Hendra Saputra", "Hendra Saputra Jaya"), encoding="utf-8"
        )
        start = time.perf_counter()
        warm_pages, _ = pages_of(root, out / "all")
        stats, _ = timed(warm_pages, cache, args.workers)
        warm = time.perf_counter() - start
        changed = sum(1 for _, target in warm_pages if target.parent.name == record.stem)
        print(
            f"warm rebuild after one record changed (load + HTML + PDFs): {warm:.1f} s, {stats}; "
            f"{warm / cold:.3f}x the cold build"
        )
        return [
            Row(
                "PDFs rendered again by the warm rebuild after one record changed",
                stats.rendered,
                "renders",
                "",
                None,
                changed,
                f"{warm:.1f} s against the cold {cold:.1f} s; the changed record has {changed} documents",
            )
        ]


if __name__ == "__main__":
    sys.exit(main())
