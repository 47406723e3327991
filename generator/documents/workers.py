"""Rendering spread over the processor's cores: PDFs and Word files are made one per worker
process (each document is independent), in this process when there is little to do."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

SMALL = 4  # fewer jobs than this are not worth starting processes for
CHEAP_SMALL = 64  # the same for jobs of a few milliseconds (Word files)


def run_all(
    job: Callable[..., None], arguments: Sequence[tuple[Any, ...]], workers: int | None = None, cheap: bool = False
) -> None:
    """`job(*args)` for every args tuple; the first failure is raised (after the rest have run).
    `cheap` jobs are handed to the workers in a few large batches: sending each one alone
    would cost more than making it."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(arguments)))
    if workers == 1 or len(arguments) < (CHEAP_SMALL if cheap else SMALL):
        for args in arguments:
            job(*args)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        if cheap:
            batch = -(-len(arguments) // (workers * 4))
            chunks = [arguments[i : i + batch] for i in range(0, len(arguments), batch)]
            futures = [pool.submit(_run_batch, job, chunk) for chunk in chunks]
        else:
            futures = [pool.submit(job, *args) for args in arguments]
        for future in futures:
            future.result()


def _run_batch(job: Callable[..., None], batch: Sequence[tuple[Any, ...]]) -> None:
    for args in batch:
        job(*args)
