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
MAGIC = b"jejak-audit-cache 2\n"
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
    """One file per audited history (the Jejak root's folder and the ref): the log of its last tip
    and the verdict of each landing, under one MAC. Each verdict has a small part, read at once,
    and a large part (the meaning of every changed file, mostly sentences for the portal), kept
    as bytes and decoded only when something asks for it."""

    def __init__(self, path: Path | None, key: bytes | None, scope: str, data: dict[str, Any], lazy: bytes = b""):
        self.path, self.key, self.scope = path, key, scope
        self.data = data
        self.lazy = lazy  # the large parts, each at (start, end) of its verdict's entry
        self.new: dict[str, bytes] = {}  # large parts of verdicts made by this audit
        self.used: set[str] = set()  # verdict keys this audit asked for: all others are dropped on save
        self.changed = False

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
        data, lazy = _load(path, key, scope)
        return cls(path, key, scope, data, lazy)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def log(self) -> dict[str, Any] | None:
        found = self.data.get("log")
        return found if isinstance(found, dict) else None

    def set_log(self, value: dict[str, Any]) -> None:
        self.data["log"] = value
        self.changed = True

    def verdict(self, key: str) -> tuple[Any, Callable[[], Any]] | None:
        """(the small part, a function decoding the large part), or None."""
        self.used.add(key)
        entry = self._verdicts.get(key)
        try:
            small, start, end = entry  # type: ignore[misc]
            if not 0 <= start <= end <= len(self.lazy):
                return None
        except (TypeError, ValueError):
            return None
        return small, lambda: json.loads(self.lazy[start:end])

    @property
    def _verdicts(self) -> dict[str, Any]:
        found = self.data.get("verdicts")
        return found if isinstance(found, dict) else {}

    def set_verdict(self, key: str, small: Any, large: Any) -> None:
        self.used.add(key)
        self.data.setdefault("verdicts", {})[key] = [small, 0, 0]
        self.new[key] = json.dumps(large, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        self.changed = True

    def save(self) -> None:
        """Keep what this audit used (history rewritten away is dropped); any failure is ignored."""
        if self.path is None or self.key is None:
            return
        verdicts = self.data.get("verdicts", {})
        if not self.changed and len(verdicts) == len(self.used):
            _touch(self.path)  # in use: not swept as stale
            return
        kept, lazy = {}, bytearray()
        for key, entry in verdicts.items():
            if key in self.used and isinstance(entry, list) and len(entry) == 3:
                part = self.new.get(key) or self.lazy[entry[1] : entry[2]]
                kept[key] = [entry[0], len(lazy), len(lazy) + len(part)]
                lazy += part
        self.data["verdicts"] = kept
        main = json.dumps(self.data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        body = f"{len(main)}\n".encode() + main + bytes(lazy)
        try:
            _write(self.path, MAGIC + _mac(self.key, self.scope, body) + b"\n" + body)
            _sweep(self.path.parent)
        except OSError:
            pass


def _mac(key: bytes, scope: str, payload: bytes | memoryview) -> bytes:
    mac = hmac.new(key, scope.encode() + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest().encode()


def _load(path: Path, key: bytes, scope: str) -> tuple[dict[str, Any], bytes]:
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


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as handle:  # never through a link planted under the temporary name
            handle.write(data)
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
