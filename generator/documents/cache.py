"""The cache of rendered files (PDFs, Word files), found by the content they come from: a
rebuild after one record changed renders only that record's files.

The cache can be turned against the office (a planted file published as a letter, a symbolic
link publishing /etc/passwd), so it lives outside the repository (the user's cache folder,
`JEJAK_CACHE_DIR` or `jejak build --cache`), is used only when it is a real folder of the
user's own that nobody else may write, holds regular files only (never followed through a
link), and each entry carries its own key and the hash of its content: a file renamed or
planted under another key, or cut short, is never served. Every cache operation may fail at
any moment (the folder deleted mid-build): the file is then simply rendered.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

CACHE_ENV = "JEJAK_CACHE_DIR"
MAX_ENTRY = 64 * 1024 * 1024
MAGIC = b"jejak-pdf-cache\n"  # the first kind it held; every entry of every kind starts with it


def default_cache_dir() -> Path:
    """JEJAK_CACHE_DIR, else the user's cache folder (XDG_CACHE_HOME on Linux) + jejak/pdf."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("jejak", appauthor=False) / "pdf"


def usable_cache(cache_dir: Path | None) -> Path | None:
    """The cache folder when it is safe to trust: a real folder (no link) owned by this user and
    writable by nobody else; created when missing. None otherwise (files are then all rendered)."""
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


def content_key(*parts: str) -> str:
    """The key of one rendered file: everything it is made from (renderer versions, source)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def entry(cache_dir: Path, key: str, suffix: str) -> Path:
    return cache_dir / key[:2] / f"{key}{suffix}"


def cached(cache_dir: Path, key: str, suffix: str, starts: bytes) -> bytes | None:
    """The file cached under `key`, or None: a missing, linked, special, foreign or damaged
    entry, or one whose content does not start as its kind must, is a miss."""
    try:
        fd = os.open(entry(cache_dir, key, suffix), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
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
    header, _, content = data.partition(b"\n\n")
    return content if header == _header(key, content) and content.startswith(starts) else None


def store(cache_dir: Path, key: str, suffix: str, content: bytes) -> None:
    """Keep a file under its key, with the key and the content's hash in front; any failure is ignored."""
    path = entry(cache_dir, key, suffix)
    data = _header(key, content) + b"\n\n" + content
    try:
        try:
            write_atomic(path, data)
        except FileNotFoundError:  # the first entry of its folder (a build stores thousands: no mkdir each)
            path.parent.mkdir(exist_ok=True, mode=0o700)
            write_atomic(path, data)
    except OSError:
        pass


def _header(key: str, content: bytes) -> bytes:
    return MAGIC + f"{key}\n{hashlib.sha256(content).hexdigest()}".encode("ascii")


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as handle:  # never through a link planted under the temporary name
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
