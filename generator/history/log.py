"""The only module that talks to Git: the history of `main`, read in one pass.

A constant number of git processes, whatever the size of the history: one `rev-parse`
(is this a repository, is it shallow, where is the Jejak root inside it), one `log --raw`
over every commit reachable from the ref, and one `cat-file --batch` for the file contents
the semantic diff needs. Everything returned is a plain frozen dataclass; classification
and the meaning of a change live elsewhere and are tested without Git.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from generator.records.load import collector_paused
from generator.records.model import WIB

AUDITED = ("records/", "schema/sop/")  # the files whose changes need an approval
OK, NOT_GIT, SHALLOW, EMPTY = "ok", "bukan-git", "dangkal", "kosong"

_FIELDS = "%H%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%cn%x1f%ce%x1f%ct%x1f%s"
_RECORD = re.compile(r"[0-9a-f]{40}\x1f")
_CONFIG = (
    "-c",
    "core.quotepath=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "diff.renames=true",
    "-c",
    "log.mailmap=false",
)


class GitError(Exception):
    """Git failed in a way a person can act on; the message is in Indonesian."""


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: Identity
    authored: datetime  # in WIB
    committer: Identity
    committed: datetime  # in WIB
    subject: str

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class FileChange:
    """One file changed by one commit, and the commit of `main` that brought it there."""

    commit: Commit
    landing: Commit  # first-parent commit of main: the merge (approval), or the commit itself
    status: str  # A added, M modified, D deleted, R renamed (T type change counts as M)
    path: str  # after the change, relative to the Jejak root
    old_path: str  # before the change (differs from path only for a rename)
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True)
class History:
    state: str  # ok | bukan-git | dangkal | kosong
    mainline: tuple[Commit, ...]  # main's first-parent commits, oldest first
    changes: tuple[FileChange, ...]  # audited files only, in the order they reached main
    contents: Mapping[str, str]  # blob id -> text, for the blobs of `changes`
    by_path: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # path after a change -> indexes in `changes`

    @property
    def available(self) -> bool:
        return self.state == OK

    def of_record(self, path: str) -> tuple[FileChange, ...]:
        """Every change to one file, oldest first, following renames back in time."""
        by_path = self.by_path or index_paths(self.changes)
        found: set[int] = set()
        todo = [(path, len(self.changes))]
        while todo:
            name, before = todo.pop()
            for index in by_path.get(name, ()):
                change = self.changes[index]
                if index < before and index not in found:
                    found.add(index)
                    if change.status == "R" and change.old_path != name:
                        todo.append((change.old_path, index))
        return tuple(self.changes[i] for i in sorted(found))

    def text(self, blob: str | None) -> str | None:
        return None if blob is None else self.contents.get(blob)


def unavailable(state: str) -> History:
    return History(state, (), (), MappingProxyType({}))


def read_history(root: Path, ref: str = "HEAD", *, contents: bool = True) -> History:
    """The whole history of `ref` as seen from the Jejak root; never raises for a non-repository."""
    with collector_paused():
        return _read_history(root, ref, contents)


def _plain_ref(ref: str) -> str:
    """A branch or commit name, never something git would read as an option (`--output=…`)."""
    if not ref or ref.startswith("-"):
        raise GitError(f"'{ref}' bukan nama cabang atau commit")
    return ref


def _read_history(root: Path, ref: str, contents: bool) -> History:
    probe = _probe(root)
    if probe is None:
        return unavailable(NOT_GIT)
    shallow, prefix = probe
    if shallow:
        return unavailable(SHALLOW)
    commits, changes = _log(root, ref)
    if not commits:
        return unavailable(EMPTY)
    mainline = _mainline(commits, ref_sha=next(iter(commits)))
    landing = _landing(commits, mainline)
    found = _audited(changes, commits, landing, prefix)
    texts = read_blobs(root, _blobs(found)) if contents else {}
    return History(OK, tuple(commits[s] for s in mainline), found, MappingProxyType(texts), index_paths(found))


def index_paths(changes: tuple[FileChange, ...]) -> Mapping[str, tuple[int, ...]]:
    """Path after each change -> the positions of its changes, for `History.of_record`."""
    index: dict[str, list[int]] = {}
    for i, change in enumerate(changes):
        index.setdefault(change.path, []).append(i)
    return MappingProxyType({path: tuple(found) for path, found in index.items()})


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(
            ["git", *_CONFIG, *args], cwd=root, input=stdin, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError("program git tidak ditemukan; pasang Git lalu ulangi") from None


def _probe(root: Path) -> tuple[bool, str] | None:
    """(shallow?, the Jejak root's path inside the work tree), or None outside a repository."""
    try:
        done = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    except GitError:
        if any((folder / ".git").exists() for folder in (root.resolve(), *root.resolve().parents)):
            raise
        return None  # no Git program, and nothing that looks like a repository either
    if done.returncode != 0:
        return None
    lines = done.stdout.decode("utf-8", "replace").splitlines() + ["", ""]
    return lines[0].strip() == "true", lines[1].strip()


def _log(root: Path, ref: str) -> tuple[dict[str, Commit], list[tuple[str, str, str, str, str | None, str | None]]]:
    """Commits (newest first) and raw file changes of every non-merge commit reachable from `ref`.

    The output is parsed while git still writes it, so the two run side by side.
    """
    commits: dict[str, Commit] = {}
    changes: list[tuple[str, str, str, str, str | None, str | None]] = []
    args = ("log", "-z", "--raw", "--no-abbrev", "-M", "--no-color", f"--format=%x1e{_FIELDS}", _plain_ref(ref), "--")
    with _Stream(root, args) as stream:
        for chunk in _chunks(stream.pieces()):
            header, _, raw = chunk.partition("\0")
            commit = _commit(header)
            commits[commit.sha] = commit
            changes += _raw(commit.sha, raw)
    if stream.returncode != 0:
        message = stream.stderr
        if ref == "HEAD" and ("does not have any commits" in message or "bad revision" in message):
            return {}, []
        if "unknown revision" in message or "bad revision" in message:
            raise GitError(f"cabang atau commit '{ref}' tidak ditemukan di repositori ini")
        raise GitError(f"git log gagal: {message.strip()}")
    return commits, changes


class _Stream:
    """One git process whose output is parsed while git still writes it; always waited for.

    Git writes into a temporary file, which is read behind it with `pread`: a pipe alone
    costs git ~40% more time than a file (many small writes, each waking the reader).
    """

    def __init__(self, root: Path, args: tuple[str, ...]):
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
        self.out = tempfile.TemporaryFile()
        self.err = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(
                ["git", *_CONFIG, *args], cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=self.out, stderr=self.err
            )
        except FileNotFoundError:
            self._close()
            raise GitError("program git tidak ditemukan; pasang Git lalu ulangi") from None
        self.returncode = 0
        self.stderr = ""

    def __enter__(self) -> _Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.proc.kill()
        self.returncode = self.proc.wait()
        self.err.seek(0)
        self.stderr = self.err.read().decode("utf-8", "replace")
        self._close()

    def _close(self) -> None:
        self.out.close()
        self.err.close()

    def blocks(self) -> Iterator[bytes]:
        """The output as it grows, until git has exited and everything is read."""
        fd, offset = self.out.fileno(), 0
        if not hasattr(os, "pread"):  # Windows: read it all once git is done
            self.proc.wait()
            self.out.seek(0)
            yield self.out.read()
            return
        while True:
            block = os.pread(fd, 1 << 20, offset)
            if block:
                offset += len(block)
                yield block
            elif self.proc.poll() is not None:
                block = os.pread(fd, 1 << 30, offset)
                if not block:
                    return
                offset += len(block)
                yield block
            else:
                time.sleep(0.0005)

    def pieces(self) -> Iterator[str]:
        """The output split on the record separator, decoded, as it arrives."""
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        tail = ""
        for block in self.blocks():
            *complete, tail = (tail + decoder.decode(block)).split("\x1e")
            yield from complete
        tail += decoder.decode(b"", final=True)
        if tail:
            yield tail


def _chunks(pieces: Iterable[str]) -> Iterator[str]:
    """Commits from the separated pieces; a separator inside a subject is glued back to its commit."""
    pending: str | None = None
    for piece in pieces:
        if pending is None:  # the (empty) text before the first separator
            pending = piece
            continue
        if _RECORD.match(piece):
            if pending:
                yield pending
            pending = piece
        else:
            pending = pending + "\x1e" + piece
    if pending:
        yield pending


def _commit(header: str) -> Commit:
    sha, parents, an, ae, ad, cn, ce, cd, subject = (header.split("\x1f", 8) + [""] * 9)[:9]
    return Commit(sha, tuple(parents.split()), Identity(an, ae), _wib(ad), Identity(cn, ce), _wib(cd), subject.strip())


def _wib(seconds: str) -> datetime:
    """A Unix time from git, as a moment in WIB."""
    return datetime.fromtimestamp(int(seconds or 0), WIB)


def _raw(sha: str, raw: str) -> list[tuple[str, str, str, str, str | None, str | None]]:
    """`:mode mode blob blob status\\0path\\0[path\\0]` entries of one commit."""
    tokens = raw.lstrip("\n").split("\0")
    found = []
    i, end = 0, len(tokens)
    while i < end and tokens[i][:1] == ":":
        _, _, old_blob, new_blob, status = tokens[i].split(" ")
        kind = status[0]
        if kind == "R" or kind == "C":
            old, new, i = tokens[i + 1], tokens[i + 2], i + 3
        else:
            old = new = tokens[i + 1]
            i += 2
        kind = _KINDS.get(kind, kind)
        found.append(
            (sha, kind, old, new, old_blob if old_blob.strip("0") else None, new_blob if new_blob.strip("0") else None)
        )
    return found


_KINDS = {"C": "A", "T": "M"}  # a copy adds a file; a type change modifies it


def _mainline(commits: Mapping[str, Commit], ref_sha: str) -> list[str]:
    """First-parent chain from the tip, oldest first."""
    chain, sha = [], ref_sha
    while sha in commits:
        chain.append(sha)
        parents = commits[sha].parents
        sha = parents[0] if parents else ""
    return chain[::-1]


def _landing(commits: Mapping[str, Commit], mainline: list[str]) -> dict[str, str]:
    """Each commit -> the first-parent commit that brought it to main.

    Walking main oldest first, everything reachable from an earlier main commit is already
    assigned, so each merge claims exactly the commits its side branches introduced.
    """
    landed: dict[str, str] = {}
    for tip in mainline:
        landed[tip] = tip
        stack = list(commits[tip].parents[1:])
        while stack:
            sha = stack.pop()
            if sha in landed or sha not in commits:
                continue
            landed[sha] = tip
            stack += commits[sha].parents
    return landed


def _audited(changes, commits, landing, prefix: str) -> tuple[FileChange, ...]:
    """Changes to audited files, relative to the Jejak root, in the order they reached main."""
    main_index = {sha: i for i, sha in enumerate(dict.fromkeys(landing.values()))}
    found = []
    for position, (sha, status, old, new, old_blob, new_blob) in enumerate(changes):
        if sha not in landing:
            continue
        old, new = _inside(old, prefix), _inside(new, prefix)
        if not any(p and p.startswith(AUDITED) for p in (old, new)):
            continue
        # The log lists newest first: a later position is an older change within the same landing.
        found.append(
            (
                main_index[landing[sha]],
                -position,
                FileChange(
                    commits[sha], commits[landing[sha]], status, new or old or "", old or new or "", old_blob, new_blob
                ),
            )
        )
    found.sort(key=lambda item: item[:2])
    return tuple(item[2] for item in found)


def _inside(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    if not path.startswith(prefix):
        return None
    return path[len(prefix) :]


def _blobs(changes: Iterable[FileChange]) -> list[str]:
    return list(dict.fromkeys(b for c in changes for b in (c.old_blob, c.new_blob) if b))


def read_blobs(root: Path, blobs: list[str]) -> dict[str, str]:
    """Contents of many blobs through one `git cat-file --batch` process."""
    if not blobs:
        return {}
    done = _git(root, "cat-file", "--batch", stdin="\n".join(blobs).encode() + b"\n")
    out, pos, texts = done.stdout, 0, {}
    for blob in blobs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        texts[blob] = out[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1
    return texts


@dataclass(frozen=True)
class FilePair:
    """One file as it was at the base and as it is at the head of a proposed change."""

    path: str
    old_path: str
    status: str
    old_text: str | None
    new_text: str | None


def compare(root: Path, base: str, head: str) -> list[FilePair]:
    """Audited files changed between the merge base of `base` and `head`, and `head` (a pull request)."""
    probe = _probe(root)
    if probe is None:
        raise GitError("folder ini bukan repositori Git; `jejak diff` membandingkan dua cabang Git")
    prefix = probe[1]
    found = _git(root, "merge-base", _plain_ref(base), _plain_ref(head))
    if found.returncode != 0:
        raise GitError(
            f"tidak dapat menemukan titik cabang antara '{base}' dan '{head}'; periksa nama cabang "
            "(di CI, ambil riwayat lengkap: fetch-depth: 0)"
        )
    start = found.stdout.decode().strip()
    done = _git(root, "diff", "-z", "--raw", "--no-abbrev", "-M", start, head, "--")
    if done.returncode != 0:
        raise GitError(f"git diff gagal: {done.stderr.decode('utf-8', 'replace').strip()}")
    rows = [
        r
        for r in _raw("", done.stdout.decode("utf-8", "replace"))
        if any((p := _inside(x, prefix)) and p.startswith(AUDITED) for x in (r[2], r[3]))
    ]
    texts = read_blobs(root, [b for r in rows for b in r[4:] if b])
    return [
        FilePair(
            _inside(new, prefix) or new,
            _inside(old, prefix) or old,
            status,
            texts.get(ob) if ob else None,
            texts.get(nb) if nb else None,
        )
        for _, status, old, new, ob, nb in rows
    ]
