"""The documents of `jejak build`, made in other processes while MkDocs builds the pages: each
ready document's published page (its print CSS in a shared style sheet, document_styles.py)
and its Word file, written under a staging folder and moved into the site afterwards.

The processes start with the build (`start_early`), before the records are checked: each reads
the office, the SOPs and its share of the records itself (read_unchecked), while the main
process checks every record (a second of one core that otherwise did nothing else). Their work
is kept only when the checked records are the very texts they read (`fingerprint`); a record
with an error stops the build before anything is kept, and records changed in between are made
again from the checked workspace (`start_documents`)."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.portal.document_styles import FOLDER as SHEETS
from generator.portal.document_styles import lift, write_sheet
from generator.portal.pages import document_path
from generator.portal.policy import document_page
from generator.portal.portal_build import PortalBuild
from generator.records.model import Event
from generator.records.workspace import Workspace, event_files, fingerprint

if TYPE_CHECKING:
    from generator.documents.published import SharedImage

FAILED = "galat-dokumen.txt"
PRINTED = "tercetak"  # under a document process's folder: the rendered pages, for the PDFs
READ = "dibaca.json"  # under an early process's folder: the fingerprint of what it read
UNREAD = 3  # an early process's exit code: it could not read (or render from) the unchecked records


class DocumentsFailed(Exception):
    """A document could not be made; the message (Indonesian) lists which and why."""


def start_documents(workspace: Workspace, staged: Path, given: PortalBuild, root: Path) -> Sequence[BaseProcess]:
    """Fork processes writing every ready document page (with its shared style sheet) and its Word
    file under `staged`, one per core, each taking every n-th event; none where fork is missing
    (the plugin then renders the pages). One per core, not one fewer for MkDocs' own process: the
    documents take about twice MkDocs' time, so with one process fewer the build waited for them
    alone on one core after MkDocs was done (100 events, load 2: 15.7 s against 9.5 s with one per core)."""
    count = max(1, min(_cores(), len(workspace.events)))
    return _fork(
        _write_documents,
        [(workspace, workspace.events[number::count], staged / str(number), given, root) for number in range(count)],
    )


def start_early(staged: Path, given: PortalBuild, root: Path) -> Sequence[BaseProcess]:
    """Like start_documents, before the records are checked: each process reads its share of the
    record files itself (every n-th, in event_files' order); none without fork or records."""
    count = min(_cores(), len(event_files(root)))
    return _fork(_write_early, [(number, count, staged / str(number), given, root) for number in range(count)])


def _fork(target: Any, shares: list[tuple[Any, ...]]) -> Sequence[BaseProcess]:
    if "fork" not in multiprocessing.get_all_start_methods() or not shares:
        return []
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=target, args=args, name=f"jejak-dokumen-{number}") for number, args in enumerate(shares)
    ]
    gc.freeze()  # the children's garbage collector would otherwise copy every shared page
    try:
        for worker in workers:
            worker.start()
    finally:
        gc.unfreeze()
    return workers


def _cores() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _write_early(number: int, count: int, staged: Path, given: PortalBuild, root: Path) -> None:
    """An early process: its share of the records as read, its fingerprint, then their documents.
    Whatever goes wrong comes from a record the checks refuse (the main process then says which)
    or is found again when the documents are made from the checked records: it exits quietly."""
    from generator.records.workspace import read_unchecked

    try:
        workspace = read_unchecked(root, lambda paths: paths[number::count])
        staged.mkdir(parents=True, exist_ok=True)
        read = fingerprint(workspace, workspace.events)
        (staged / READ).write_text(json.dumps(read, sort_keys=True), encoding="utf-8")
        _write_documents(workspace, workspace.events, staged, given, root)
    except SystemExit:
        raise
    except BaseException:  # noqa: BLE001 - no traceback from records nobody has checked yet
        raise SystemExit(UNREAD) from None


def _write_documents(
    workspace: Workspace, events: Sequence[Event], staged: Path, given: PortalBuild, root: Path
) -> None:
    """The published pages under `staged`, each with a link to its shared sheet in place of its
    style element; the Word file of each (from the rendered page); the rendered pages themselves
    under `staged`/PRINTED when PDFs are to be made from them."""
    from generator.documents.docx import write_docx
    from generator.documents.published import office_logo
    from generator.documents.render import render_ready

    staged.mkdir(parents=True, exist_ok=True)
    logo = office_logo(root, workspace.office.letterhead.logo if workspace.office else None)
    failures: list[str] = []
    sheets: set[str] = set()
    for event in events:
        try:
            pages = render_ready(workspace, event)
        except ValueError as exc:
            failures.append(f"{event.code}: {exc}")
            continue
        word = []
        for number, (info, html) in enumerate(pages):
            path = document_path(event, info)
            target = staged / path
            if number == 0:
                target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_published(html, path, staged, logo, sheets), encoding="utf-8")
            if given.pdf:
                printed = staged / PRINTED / path
                printed.parent.mkdir(parents=True, exist_ok=True)
                printed.write_text(html, encoding="utf-8")
            word.append((html, target.with_suffix(".docx")))
        if given.word:
            try:
                write_docx(word, root, given.cache, workers=1)
            except (OSError, ValueError) as exc:
                failures.append(f"{event.code}: berkas Word: {exc}")
    if failures:
        (staged / FAILED).write_text("\n".join(failures), encoding="utf-8")
        raise SystemExit(1)


def _published(html: str, path: str, staged: Path, logo: SharedImage | None, shared: set[str]) -> str:
    """The portal's copy of a rendered page: its style sheet and the office logo linked as shared
    files (each written under `staged` once), the page compacted (documents/published.py)."""
    from generator.documents.published import compact, lift_logo

    published, sheet, css = lift(html, path)
    write_sheet(staged, sheet, css, shared)
    published, linked = lift_logo(compact(published), path, logo)
    if linked and logo is not None and logo.path not in shared:
        (staged / logo.path).parent.mkdir(parents=True, exist_ok=True)
        (staged / logo.path).write_bytes(logo.data)
        shared.add(logo.path)
    return document_page(published)


def finish_documents(workers: Sequence[BaseProcess], staged: Path, out: Path, checked: Workspace | None = None) -> bool:
    """Wait for the document processes, then move each event's dokumen/ folder and the shared
    style sheets into the site. Early processes (start_early) are first held against the checked
    workspace: False, and nothing moved, when one could not read the records or read other texts."""
    for worker in workers:
        worker.join()
    if checked is not None and not _read_the_same(workers, staged, checked):
        return False
    for number, worker in enumerate(workers):
        if worker.exitcode != 0:
            failed = staged / str(number) / FAILED
            why = failed.read_text(encoding="utf-8") if failed.is_file() else f"kode keluar {worker.exitcode}"
            raise DocumentsFailed(f"dokumen gagal dibuat:\n{why}")
    for number in range(len(workers)):
        part = staged / str(number)
        for folder in sorted((part / "kegiatan").glob("*/dokumen")):
            folder.rename(out / "kegiatan" / folder.parent.name / "dokumen")
        for sheet in sorted((part / SHEETS).glob("*")):  # the style sheets and the logo
            target = out / SHEETS / sheet.name
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                sheet.rename(target)
    return True


def _read_the_same(workers: Sequence[BaseProcess], staged: Path, checked: Workspace) -> bool:
    """Every early process read exactly its share of the checked records, text for text."""
    count = len(workers)
    for number, worker in enumerate(workers):
        if worker.exitcode == UNREAD:
            return False
        try:
            read = json.loads((staged / str(number) / READ).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if read != fingerprint(checked, checked.events[number::count]):
            return False
    return True
