"""Rendering spread over the processor's cores: PDFs and Word files are made one per worker
process (each document is independent), in this process when there is little to do."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

SMALL = 4  # fewer jobs than this are not worth starting processes for


def run_all(job: Callable[..., None], arguments: Sequence[tuple[Any, ...]], workers: int | None = None) -> None:
    """`job(*args)` for every args tuple; the first failure is raised (after the rest have run)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(arguments)))
    if workers == 1 or len(arguments) < SMALL:
        for args in arguments:
            job(*args)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(job, *args) for args in arguments]
        for future in futures:
            future.result()
