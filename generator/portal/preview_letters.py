"""The preview's letters (dokumen/*.html), written after the pages, in order, by a process of
their own: a save stops it at once (it is killed; what it finished stays done) instead of
waiting for the letter it is on, and it never holds the preview's own interpreter.

Where the system cannot fork, a thread writes them and stops between two events.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import threading
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from generator.documents.render import render_ready
from generator.portal.generate import document_path
from generator.portal.policy import document_page
from generator.records.workspace import Workspace

FORK = "fork" in multiprocessing.get_all_start_methods()


class Letters:
    def __init__(self) -> None:
        self.pending: list[str] = []  # event codes whose letters are not written yet, in this order
        self.process: BaseProcess | threading.Thread | None = None
        self.done: Any = None  # how many of `pending` the running writer has finished
        self.halt = threading.Event()

    def put_first(self, codes: list[str]) -> None:
        self.pending = codes + [code for code in self.pending if code not in codes]

    def start(self, workspace: Workspace, site: Path) -> None:
        self.stop()  # one writer at a time: an older one would write an older workspace's letters
        if not self.pending:
            return
        if FORK:
            context = multiprocessing.get_context("fork")
            self.done = context.Value("i", 0, lock=False)
            self.process = context.Process(
                target=write, args=(workspace, site, list(self.pending), self.done), daemon=True, name="jejak-surat"
            )
        else:
            self.done, self.halt = _Count(), threading.Event()
            self.process = threading.Thread(
                target=write, args=(workspace, site, list(self.pending), self.done, self.halt), name="jejak-surat"
            )
        self.process.start()

    def stop(self) -> None:
        """Stop writing now; what is not finished stays pending."""
        if isinstance(self.process, threading.Thread):
            self.halt.set()
        elif self.process is not None:
            self.process.terminate()
        self._reap()

    def wait(self) -> None:
        """Write everything pending (tests, bench/serve.py)."""
        self._reap()

    def _reap(self) -> None:
        if self.process is not None:
            self.process.join()
            self.pending = self.pending[self.done.value :]
            self.process = None


class _Count:
    value = 0


def write(workspace: Workspace, site: Path, codes: list[str], done: Any, halt: threading.Event | None = None) -> None:
    for code in codes:
        if halt is not None and halt.is_set():
            return
        event = workspace.event(code)
        try:
            for info, html in render_ready(workspace, event) if event is not None else []:
                write_atomically(site / document_path(event, info), document_page(html).encode("utf-8"))
        except (ValueError, OSError) as exc:  # a broken template: this event's letters are missing, say why
            print(f"peringatan: surat kegiatan {code} tidak dapat dibuat di pratinjau: {exc}", file=sys.stderr)
        done.value += 1


def write_atomically(path: Path, data: bytes) -> None:
    """A reader of the served folder sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
