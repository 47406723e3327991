"""What a save of the preview leaves for after the page has reloaded, in order: the SOP pages and
the recaps, the search index, then the letters (the saved events' first). It is done by a copy
of the preview process (fork): the next save kills it at once, and what it finished stays done,
so a save never waits for it and it never competes with the preview for Python's interpreter.
Every file is written whole (`write_atomically`), so a reader never sees half a page.

Where the system cannot fork, a thread does the same and stops between two items.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Hashable
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

FORK = "fork" in multiprocessing.get_all_start_methods()
NICE = 10  # the copy's lower priority: a tenth of a busy core's share against the preview and the browser
Item = tuple[str, Hashable]  # ("page", ("sop", id)), ("search", ""), ("letters", code)


class Afterwards:
    """The work still to do, and the copy of the process (or the thread) doing it."""

    def __init__(self) -> None:
        self.todo: list[Item] = []
        self.worker: BaseProcess | threading.Thread | None = None
        self.done: Any = None  # how many of `todo` the running worker has finished
        self.halt = threading.Event()
        self.not_inherited: list[int] = []  # descriptors a copy closes first (the server's socket)

    def plan(self, first: list[Item]) -> None:
        """`first` before what is still to do from earlier (each item once)."""
        self.todo = list(dict.fromkeys([*first, *self.todo]))

    def drop(self, items: list[Item]) -> None:
        """These are done already."""
        self.todo = [item for item in self.todo if item not in items]

    def start(self, run: Callable[[Item], None]) -> None:
        """Do the work, in order, with `run`. Called by the thread that builds, never while it builds."""
        self.stop()
        if not self.todo:
            return
        items = list(self.todo)
        if FORK:
            context = multiprocessing.get_context("fork")
            self.done = context.Value("i", 0, lock=False)
            self.worker = context.Process(
                target=_work,
                args=(run, items, self.done, None, self.not_inherited, os.getpid()),
                daemon=True,
                name="jejak-sesudah",
            )
        else:
            self.done, self.halt = _Count(), threading.Event()
            self.worker = threading.Thread(target=_work, args=(run, items, self.done, self.halt), name="jejak-sesudah")
        self.worker.start()

    def interrupt(self) -> None:
        """Stop now, without waiting for the copy of the process to be gone (`stop` waits: a
        process as large as the preview takes tens of milliseconds to end). A thread is waited for."""
        if isinstance(self.worker, threading.Thread):
            self.stop()
        elif self.worker is not None:
            self.worker.terminate()

    def stop(self) -> None:
        """Stop now; what is not finished stays to do."""
        if isinstance(self.worker, threading.Thread):
            self.halt.set()
        elif self.worker is not None:
            self.worker.terminate()
        self._reap()

    def wait(self) -> None:
        """Let the work run to its end (tests, bench/serve.py)."""
        self._reap()

    def _reap(self) -> None:
        if self.worker is not None:
            self.worker.join()
            self.todo = self.todo[self.done.value :]
            self.worker = None


class _Count:
    value = 0


def _work(
    run: Callable[[Item], None],
    items: list[Item],
    done: Any,
    halt: threading.Event | None = None,
    close: Any = (),
    parent: int | None = None,
) -> None:
    if halt is None:  # the copy of the process: `stop()` ends it with SIGTERM, at once and quietly
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with contextlib.suppress(OSError):
            os.nice(NICE)  # the browser reloading the saved page, and the next save, go first
    for descriptor in close:  # a copy outliving a killed preview must not keep its port
        with contextlib.suppress(OSError):
            os.close(descriptor)
    for item in items:
        if halt is not None and halt.is_set():
            return
        if parent is not None and os.getppid() != parent:  # the preview was killed: its work is moot
            return
        run(item)
        done.value += 1


def write_atomically(path: Path, data: bytes) -> None:
    """A reader of the served folder sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
