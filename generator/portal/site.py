"""Build the portal: check the records, run MkDocs into a temporary folder, then publish.

The finished site replaces the old one only when everything succeeded, so a failed build
never leaves half a portal (and the old site keeps being served).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.documents.cache import default_cache_dir
from generator.portal.portal_build import PortalBuild
from generator.portal.published import RECORD as PUBLISHED_RECORD
from generator.portal.site_documents import (
    PRINTED,
    DocumentsFailed,
    finish_documents,
    start_documents,
    start_early,
)
from generator.problem import Problem, format_text
from generator.records.workspace import Workspace, load_workspace

CONFIG = "mkdocs.yml"
PLUGIN = "jejak"  # the entry point name (pyproject.toml)


class BuildError(Exception):
    """The portal was not built; the message (Indonesian) says why. The old site is untouched."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    events: int
    pages: int  # generated Markdown pages
    documents: int  # document HTML pages
    pdfs: int
    seconds: float


def build_site(
    root: Path,
    site_dir: Path,
    *,
    pdf: bool = True,
    now: datetime | None = None,
    acknowledge: str | None = None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Build the portal of the repository at `root` into `site_dir`, atomically; one build at a time."""
    started = time.perf_counter()
    if not (root / CONFIG).is_file():
        raise BuildError(f"{CONFIG} tidak ditemukan di {root}")
    early = _start_early(root, site_dir, pdf, cache_dir)  # the documents, while the records are checked
    try:
        workspace = load_workspace(root, now=now)
        now = workspace.now  # office time, whatever the machine's zone
        errors = tuple(p for p in workspace.problems if p.is_error)
        if not errors and workspace.office is not None:
            from generator.documents.render import template_problems

            errors = tuple(template_problems(workspace))  # the office's own document templates
        if errors or workspace.office is None:
            raise BuildError("catatan berisi galat; portal tidak dibangun (situs lama tetap dipakai)", errors)
        site_dir = site_dir.resolve()
        check_target(root.resolve(), site_dir)
        cache = check_cache(root.resolve(), cache_dir or default_cache_dir())
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(site_dir):
            given = PortalBuild(workspace=workspace, now=now, pdf=pdf, word=True, cache=cache)
            # issue 14: no silent rewrite of published history
            given.published = _published(root, site_dir, acknowledge, now)
            pdfs = _build_and_publish(root, site_dir, workspace, given, early)
    finally:
        if early is not None:
            _stop(*early)
    s = given.stats
    return BuildResult(
        site_dir, len(workspace.events), s.get("pages", 0), s.get("documents", 0), pdfs, time.perf_counter() - started
    )


Documents = tuple[Path, Sequence[BaseProcess]]  # the staging folder and the processes writing under it


def _start_early(root: Path, site_dir: Path, pdf: bool, cache_dir: Path | None) -> Documents | None:
    """The document processes, started before the records are checked (site_documents.py); none
    when the output or cache folder will be refused (said after the records' own problems) or its
    parent folder does not exist yet."""
    try:
        target = site_dir.resolve()
        check_target(root.resolve(), target)
        cache = check_cache(root.resolve(), cache_dir or default_cache_dir())
    except BuildError:
        return None
    if not target.parent.is_dir():
        return None
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.dokumen-{os.getpid()}-", dir=target.parent))
    workers = start_early(staged, PortalBuild(pdf=pdf, word=True, cache=cache), root)
    if not workers:
        shutil.rmtree(staged, ignore_errors=True)
        return None
    return staged, workers


def _stop(staged: Path, workers: Sequence[BaseProcess]) -> None:
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
            worker.join()
    shutil.rmtree(staged, ignore_errors=True)


def _build_and_publish(
    root: Path, site_dir: Path, workspace: Workspace, given: PortalBuild, early: Documents | None
) -> int:
    sweep_leftovers(site_dir)
    mode = site_mode(site_dir)
    tag = f"{os.getpid()}-"
    fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.baru-{tag}", dir=site_dir.parent))
    staged, workers = early or _start_documents(site_dir, workspace, given, root)
    given.render_documents = not workers
    try:
        _run_mkdocs(root, fresh, given)
        if workers and not _finish(workers, staged, fresh, workspace if early else None):
            # the records changed after the early processes read them: again, from the checked ones
            _stop(staged, workers)
            staged, workers = _start_documents(site_dir, workspace, given, root)
            _finish(workers, staged, fresh, None)
        # The PDFs are made from the rendered pages (the published ones link their style sheet).
        printed = [staged / str(n) / PRINTED for n in range(len(workers))] or [fresh]
        pdfs = _render_pdfs(printed, fresh, given) if given.pdf else 0
        if not workers:
            _render_docx(fresh, given, root)
        (fresh / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        (fresh / PUBLISHED_RECORD).write_text(given.published.record(), encoding="utf-8")
        fresh.chmod(mode)  # mkdtemp made it 0700: the web server would answer 403
        publish(fresh, site_dir)
    finally:
        _stop(staged, workers)
        shutil.rmtree(fresh, ignore_errors=True)
    return pdfs


def _start_documents(site_dir: Path, workspace: Workspace, given: PortalBuild, root: Path) -> Documents:
    staged = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.dokumen-{os.getpid()}-", dir=site_dir.parent))
    return staged, start_documents(workspace, staged, given, root)


def _finish(workers: Sequence[BaseProcess], staged: Path, out: Path, checked: Workspace | None) -> bool:
    try:
        return finish_documents(workers, staged, out, checked)
    except DocumentsFailed as exc:
        raise BuildError(str(exc)) from None


def site_mode(site_dir: Path) -> int:
    """The published folder's permissions: the old site's, else what the user's umask gives a new folder."""
    try:
        return stat.S_IMODE(os.stat(site_dir).st_mode) if site_dir.is_dir() else _umask_mode()
    except OSError:
        return _umask_mode()


def _umask_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def check_cache(root: Path, cache_dir: Path) -> Path:
    """The cache of rendered files must not be inside the repository: a committed file there would be trusted."""
    resolved = cache_dir.expanduser().resolve()
    if resolved.is_relative_to(root):
        raise BuildError(
            f"folder cache dokumen (PDF dan Word) {resolved} berada di dalam repositori; berkas yang "
            "di-commit ke sana akan diterbitkan sebagai surat (pilih folder di luar repositori dengan "
            "--cache atau JEJAK_CACHE_DIR, "
            "atau biarkan bawaannya)"
        )
    return resolved


@contextlib.contextmanager
def build_lock(site_dir: Path) -> Iterator[None]:
    """One build per output folder at a time: a second build waits for the first to publish."""
    lock = site_dir.with_name(f".{site_dir.name}.kunci")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise BuildError(f"berkas kunci {lock} tidak dapat dibuka: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _published(root: Path, site_dir: Path, acknowledge: str | None, now: datetime):
    from generator.portal.published import RewriteRefused, check

    try:
        return check(root, site_dir, acknowledge, now)
    except RewriteRefused as exc:
        raise BuildError(str(exc)) from None


def _run_mkdocs(root: Path, out: Path, given: PortalBuild) -> None:
    from jinja2 import TemplateError
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    try:
        config = load_config(config_file=str(root / CONFIG), site_dir=str(out))
        plugin = config.plugins.get(PLUGIN)
        if plugin is None or not hasattr(plugin, "prepare"):
            raise BuildError(
                f"{CONFIG} tidak memuat plugin Jejak; tambahkan `- {PLUGIN}` di bawah `plugins:` "
                "(lihat mkdocs.yml bawaan Jejak)"
            )
        plugin.prepare(given)
        build(config)
    except (MkDocsException, Abort) as exc:
        # Our own refusals (a shallow clone) are written for the user; MkDocs only logs them.
        raise BuildError(given.failure or f"MkDocs gagal membangun portal: {exc}") from None
    except TemplateError as exc:
        raise BuildError(f"templat portal rusak: {exc}") from None


def _render_pdfs(printed: list[Path], out: Path, given: PortalBuild) -> int:
    """PDF beside each document page (issue 3's renderer, with its content-hash cache), made from
    the rendered page, which is in one of the `printed` folders."""
    if not given.documents:
        return 0
    from generator.documents.pdf import render_pdfs

    pages = [
        (_printed(printed, path).read_text(encoding="utf-8"), out / (path.removesuffix(".html") + ".pdf"))
        for path in given.documents
    ]
    try:
        stats = render_pdfs(pages, given.cache)
    except (OSError, ValueError) as exc:
        raise BuildError(f"PDF dokumen gagal dibuat: {exc}") from None
    return stats.rendered + stats.cached


def _printed(folders: list[Path], path: str) -> Path:
    found = [folder / path for folder in folders if (folder / path).is_file()]
    return found[0] if found else folders[0] / path


def _render_docx(out: Path, given: PortalBuild, root: Path) -> None:
    """A Word file beside each document page, for SRIKANDI (issue 11)."""
    from generator.documents.docx import write_docx

    pages = [
        ((out / path).read_text(encoding="utf-8"), out / (path.removesuffix(".html") + ".docx"))
        for path in given.documents
    ]
    try:
        write_docx(pages, root, given.cache)
    except (OSError, ValueError) as exc:
        raise BuildError(f"berkas Word dokumen gagal dibuat: {exc}") from None


MARKER = ".jejak-situs"
MARKER_TEXT = "Folder ini dibuat oleh `jejak build`; seluruh isinya diganti pada setiap pembangunan.\n"
PROTECTED = ("records", "schema", "docs", "site_templates", "generator", "tests", ".git")


def check_target(root: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy anything but an old portal:
    the whole old folder is swapped away and deleted on publish."""
    if root.is_relative_to(site_dir) or any(site_dir.is_relative_to(root / name) for name in PROTECTED):
        raise BuildError(
            f"folder keluaran {site_dir} berisi atau berada di dalam data repositori; portal tidak "
            "dibangun agar tidak ada yang terhapus (pilih folder lain, misalnya site/)"
        )
    if site_dir.exists() and not _old_portal(site_dir):
        raise BuildError(
            f"{site_dir} sudah ada dan bukan portal Jejak; portal tidak dibangun agar isinya tidak "
            "terhapus (pilih folder kosong atau folder portal lama)"
        )


def _old_portal(folder: Path) -> bool:
    """An empty folder, one a Jejak build wrote, or one a plain `mkdocs build` wrote."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    return (
        not any(folder.iterdir()) or (folder / MARKER).is_file() or (folder / "search" / "search_index.json").is_file()
    )


def publish(fresh: Path, site_dir: Path) -> None:
    """Put the freshly built folder in place of the old site: one atomic exchange on Linux,
    else two renames (a reader may then find no site for an instant)."""
    if site_dir.is_dir() and not site_dir.is_symlink() and _exchange(fresh, site_dir):
        shutil.rmtree(fresh, ignore_errors=True)  # it now holds the old site
        return
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.lama-{os.getpid()}-{time.time_ns()}")
        site_dir.rename(old)
    fresh.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two folders atomically; False where unsupported."""
    import ctypes
    import os

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def sweep_leftovers(site_dir: Path, older_than: float = 3600.0) -> None:
    """Remove the temporary folders of builds that were killed (no clean-up code ran): only those
    whose build process is gone (its id is in the name), never another live build's."""
    limit = time.time() - older_than
    for folder in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        kind, _, rest = folder.name[len(site_dir.name) + 2 :].partition("-")
        if kind not in ("baru", "dokumen", "lama") or not folder.is_dir() or folder.is_symlink():
            continue
        pid = rest.split("-", 1)[0]
        gone = not _alive(int(pid)) if pid.isdigit() and pid.isascii() else folder.stat().st_mtime < limit
        if gone:
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def describe_failure(error: BuildError) -> str:
    """The text `jejak build` prints for a failed build: problems first, like `jejak validate`."""
    text = format_text(error.problems)
    return (text + "\n" if text else "") + f"jejak: galat: {error}"
