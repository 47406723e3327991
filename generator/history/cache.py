"""The audit cache: what one audit learnt about history, kept for the next (issue 22).

History does not change: the log read from one tip, the blobs a merge's other parents held,
and each landing's verdict (keyed by everything it depends on: the commit, the office record
and SOP versions in force, the office's zone, the Jejak root inside the repository and the
code) stay true. A second `jejak build` or `jejak audit` reads the log only from the last tip
it knows and judges only landings it has not judged.

A cache is an input someone else may write (a shared folder, a cache restored in CI), so it is
never trusted for its content: every file carries an HMAC-SHA256 over everything it holds,
with a key that never lives in the cache folder (`JEJAK_KUNCI_AUDIT`, a protected CI secret,
or a key file of the user's own in the user's data folder). A tampered, foreign, truncated or
unreadable file is treated as empty: the audit is then made from scratch, never from it.
The folder, like the cache of rendered files, is outside the repository, the user's own,
written by nobody else, and a planted link is never followed. Any failure only costs time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

CACHE_ENV = "JEJAK_CACHE_DIR"  # the cache of rendered files' folder: the audit cache is its "audit/"
KEY_ENV = "JEJAK_KUNCI_AUDIT"
MAGIC = b"jejak-audit-cache 3\n"
MAX_FILE = 512 * 1024 * 1024
STALE_DAYS = 30  # cache files of histories not audited for this long are removed


def cache_dir() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser() / "audit"
    from platformdirs import user_cache_path

    return user_cache_path("jejak", appauthor=False) / "audit"


def _key_file() -> Path:
    from platformdirs import user_data_path

    return user_data_path("jejak", appauthor=False) / "kunci-cache-audit"


def secret() -> bytes | None:
    """The MAC key: the environment's (CI), else the user's own key file, made on first use."""
    given = os.environ.get(KEY_ENV, "")
    if given.strip():
        return hashlib.sha256(b"jejak-audit\0" + given.strip().encode("utf-8", "surrogatepass")).digest()
    path = _key_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            return _read_key(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        return _read_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    """The key file only when it is a regular file of this user that nobody else can read or write."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not stat.S_ISREG(info.st_mode) or not mine or info.st_mode & 0o077 or info.st_size != 32:
            return None
        return os.read(fd, 32)
    finally:
        os.close(fd)


def usable(folder: Path, root: Path) -> Path | None:
    """The folder when it may hold the cache: outside the repository, a real folder of this user
    that nobody else may write, in a folder nobody else may write either; made when missing."""
    try:
        folder = folder.expanduser().resolve()
        if folder.is_relative_to(root.resolve()):
            return None
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        safe = all(_private(os.lstat(f)) for f in (folder, folder.parent))
    except (OSError, RuntimeError):
        return None
    return folder if safe else None


def _private(info: os.stat_result) -> bool:
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and mine and not info.st_mode & 0o022


@cache
def code_version() -> str:
    """A hash of the source a verdict is made by (history/, records/ and the shared modules at the
    package's top): a verdict made by other code is never reused; the portal's code does not judge."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    sources = [*package.glob("*.py"), *(package / "history").rglob("*.py"), *(package / "records").rglob("*.py")]
    for path in sorted(sources):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class AuditCache:
    """One file per audited history (the Jejak root's folder and the ref), under one MAC: an index
    (JSON: the log's segments, and per verdict its small part, what the audit needs at once), then
    the large parts it points at, kept as the bytes they were written as: the log's segments
    (newest first, each from its tip back to the tip of the next) and each verdict's meanings
    (decoded on first use). A save after one merge appends what is new behind what was there."""

    def __init__(self, path: Path | None, key: bytes | None, scope: str, index: dict[str, Any], lazy: bytes = b""):
        self.path, self.key, self.scope = path, key, scope
        self.index, self.lazy = index, lazy
        self.segments: tuple[bytes, bool] | None = None  # a new newest segment; True: the others stay
        self.new: dict[str, tuple[Any, bytes]] = {}  # verdicts made by this audit
        self.used: set[str] = set()  # verdict keys this audit asked for: all others are dropped on save

    @classmethod
    def disabled(cls) -> AuditCache:
        return cls(None, None, "", {})

    @classmethod
    def open(cls, root: Path, ref: str, folder: Path | None = None) -> AuditCache:
        """The cache of this history, empty when missing, unusable or not proven ours."""
        place = usable(folder or cache_dir(), root)
        key = secret() if place else None
        if place is None or key is None:
            return cls.disabled()
        scope = hashlib.sha256("\0".join((str(root.resolve()), ref)).encode("utf-8", "surrogatepass")).hexdigest()
        path = place / f"{scope}.json"
        index, lazy = _load(path, key, scope)
        return cls(path, key, scope, index, lazy)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    @property
    def log_segments(self) -> int:
        return len(self._log)

    def log(self) -> list[Any] | None:
        """The log's segments, newest first, decoded; None when there are none or one is unreadable."""
        try:
            found = [json.loads(self._part(start, end)) for start, end in self._log]
        except (TypeError, ValueError):
            return None
        return found or None

    def add_log(self, segment: Any, *, extends: bool) -> None:
        """A new newest segment (`extends`: the ones known stay behind it), else the only one."""
        self.segments = (_encode(segment), extends)

    def verdict(self, key: str) -> tuple[Any, Callable[[], Any]] | None:
        """(the small part, a function decoding the large part), or None."""
        self.used.add(key)
        entry = self._verdicts.get(key)
        try:
            small, start, end = entry  # type: ignore[misc]
            self._part(start, end)
        except (TypeError, ValueError):
            return None
        return small, lambda: json.loads(self._part(start, end))

    def set_verdict(self, key: str, small: Any, large: Any) -> None:
        self.used.add(key)
        self.new[key] = (small, _encode(large))

    @property
    def _verdicts(self) -> dict[str, Any]:
        found = self.index.get("verdicts")
        return found if isinstance(found, dict) else {}

    @property
    def _log(self) -> list[Any]:
        found = self.index.get("log")
        return found if isinstance(found, list) else []

    def _part(self, start: Any, end: Any) -> bytes:
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(self.lazy):
            raise ValueError("not a part of this cache")
        return self.lazy[start:end]

    def save(self) -> None:
        """Keep what this audit used (history rewritten away is dropped); any failure is ignored.
        New parts are appended behind the old ones; when most of the file is no longer used (history
        rewritten, many merges), every part is written again, compactly."""
        if self.path is None or self.key is None:
            return
        known = {k: v for k, v in self._verdicts.items() if k in self.used and k not in self.new}
        if self.segments is None and not self.new and len(known) == len(self._verdicts):
            _touch(self.path)  # in use: not swept as stale
            return
        try:
            lazy, log, verdicts = self._kept(known)
        except (TypeError, ValueError):
            return
        for key, (small, large) in self.new.items():
            verdicts[key] = [small, lazy.size, lazy.size + len(large)]
            lazy.add(large)
        index = _encode({"log": log, "verdicts": verdicts})
        parts = [f"{len(index)}\n".encode(), index, *lazy.chunks]
        mac = hmac.new(self.key, self.scope.encode() + b"\0", hashlib.sha256)
        for part in parts:
            mac.update(part)
        try:
            _write(self.path, [MAGIC, mac.hexdigest().encode(), b"\n", *parts])
            _sweep(self.path.parent)
        except OSError:
            pass

    def _kept(self, known: dict[str, Any]) -> tuple[_Chunks, list[list[int]], dict[str, Any]]:
        """The parts this save keeps: the old bytes as they are (offsets unchanged, never copied), or,
        when most of them are no longer used, only the used ones, written again."""
        old_log = self._log if self.segments is None or self.segments[1] else []
        used = sum(e - s for s, e in old_log) + sum(v[2] - v[1] for v in known.values())
        lazy = _Chunks()
        if used * 2 >= len(self.lazy):
            lazy.add(memoryview(self.lazy))
            log, verdicts = [list(x) for x in old_log], dict(known)
        else:
            log, verdicts = [], {}
            for start, end in old_log:
                log.append([lazy.size, lazy.size + end - start])
                lazy.add(self._part(start, end))
            for key, (small, start, end) in known.items():
                verdicts[key] = [small, lazy.size, lazy.size + end - start]
                lazy.add(self._part(start, end))
        if self.segments is not None:
            log.insert(0, [lazy.size, lazy.size + len(self.segments[0])])
            lazy.add(self.segments[0])
        return lazy, log, verdicts


class _Chunks:
    """Bytes to be written one after another, and where the next one starts."""

    def __init__(self) -> None:
        self.chunks: list[bytes | memoryview] = []
        self.size = 0

    def add(self, chunk: bytes | memoryview) -> None:
        self.chunks.append(chunk)
        self.size += len(chunk)


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _mac(key: bytes, scope: str, payload: bytes | memoryview) -> bytes:
    mac = hmac.new(key, scope.encode() + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest().encode()


def _load(path: Path, key: bytes, scope: str) -> tuple[dict[str, Any], bytes]:
    """(the index, the parts) of a file whose MAC proves it was written with this key for this history."""
    raw = _read(path)
    if raw is None or not raw.startswith(MAGIC):
        return {}, b""
    view = memoryview(raw)  # no copies of a file of many megabytes
    line = raw.find(b"\n", len(MAGIC))
    size_end = raw.find(b"\n", line + 1)
    if line < 0 or size_end < 0 or not hmac.compare_digest(raw[len(MAGIC) : line], _mac(key, scope, view[line + 1 :])):
        return {}, b""
    try:
        start = size_end + 1
        end = start + int(raw[line + 1 : size_end])
        data = json.loads(raw[start:end])
    except ValueError:
        return {}, b""
    return (data, raw[end:]) if isinstance(data, dict) else ({}, b"")


def _read(path: Path) -> bytes | None:
    """The file's bytes when it is a regular file of a sane size (never through a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_FILE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(path: Path, parts: list[bytes | memoryview]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as handle:  # never through a link planted under the temporary name
            for part in parts:
                handle.write(part)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _touch(path: Path) -> None:
    try:
        if time.time() - os.lstat(path).st_mtime > 86400:
            os.utime(path, follow_symlinks=False)
    except OSError:
        pass


def _sweep(folder: Path) -> None:
    """Remove the cache files of histories nobody audited for a month (rewritten away, deleted)."""
    limit = time.time() - STALE_DAYS * 86400
    for entry in folder.glob("*.json"):
        try:
            info = os.lstat(entry)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                entry.unlink()
        except OSError:
            continue
