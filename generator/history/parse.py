"""`git log -z --raw` read while git writes it: commits and their raw file changes.

Nothing a commit contains can steer the parser: fields are NUL-separated and counted, and
a raw entry is recognised by its position, never by its look. Dates are kept in the zone
the caller asks for (the office's), never the machine's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

from generator.history.stream import _CONFIG, _SHA, GitError, Stream, plain_ref

FIELDS = "%H%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%s"
_HEADER = 9  # tokens of FIELDS
_PARENTS = re.compile(r"([0-9a-f]{40}([0-9a-f]{24})?( (?=.)|\Z))*\Z")
_KINDS = {"C": "A", "T": "M"}  # a copy adds a file; a type change modifies it

Raw = tuple[str, str, str, str, str | None, str | None, str]  # sha, status, old, new, old blob, new blob, new mode


class Identity(NamedTuple):
    name: str
    email: str


class Commit(NamedTuple):
    """One commit (a named tuple: ten thousand of them are made in one read, cheaply)."""

    sha: str
    parents: tuple[str, ...]
    author: Identity
    authored: datetime  # in office time (an aware datetime in the office's zone)
    committer: Identity
    committed: datetime  # in office time
    subject: str

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def short(self) -> str:
        return self.sha[:7]


def run_log(root: Path, ref: str, zone: tzinfo, *, since: str | None = None) -> tuple[dict[str, Commit], list[Raw]]:
    """Commits (newest first) and the raw changes of every commit reachable from `ref` (and not
    from `since`), each against its first parent; parsed while git still writes."""
    args = (
        *_CONFIG,
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "-M",
        "--diff-merges=first-parent",
        "--no-color",
        f"--format={FIELDS}",
        plain_ref(ref),
        *([f"^{plain_ref(since)}"] if since else []),
        "--",
    )
    with Stream(root, args) as stream:
        commits, raws = parse(stream.token_lists(), zone)
    if stream.returncode != 0:
        message = stream.stderr
        if ref == "HEAD" and ("does not have any commits" in message or "bad revision" in message):
            return {}, []
        if "unknown revision" in message or "bad revision" in message:
            raise GitError(f"cabang atau commit '{ref}' tidak ditemukan di repositori ini")
        if "promisor" in message:
            raise GitError(
                "riwayat Git tidak lengkap (partial clone); buat salinan penuh dengan git clone tanpa --filter"
            )
        if any(word in message for word in ("unable to read", "bad object", "missing", "corrupt", "invalid")):
            raise GitError(
                f"repositori Git rusak: sebagian objek hilang atau rusak ({_last_line(message)}); periksa dengan "
                "`git fsck`, atau ambil salinan baru dari server"
            )
        raise GitError(f"git log gagal: {_last_line(message)}")
    return commits, raws


def _last_line(message: str) -> str:
    lines = [line for line in message.splitlines() if line.strip() and not line.startswith("hint:")]
    return (lines[-1] if lines else "").strip()[:200]


def parse(pieces: Iterable[list[str]], zone: tzinfo) -> tuple[dict[str, Commit], list[Raw]]:
    """Headers of exactly nine fields, each followed by its raw entries (`:mode mode blob blob status`),
    parsed block by block as the output grows."""
    commits: dict[str, Commit] = {}
    raws: list[Raw] = []
    pending: list[str] = []
    for tokens in pieces:
        pending = pending + tokens
        done = _parse_ready(pending, commits, raws, zone, final=False)
        pending = pending[done:]
    if _parse_ready(pending, commits, raws, zone, final=True) < len(pending):
        raise GitError("keluaran git log terpotong; ulangi, atau laporkan versi Git yang dipakai")
    return commits, raws


def _parse_ready(t: list[str], commits: dict[str, Commit], raws: list[Raw], zone: tzinfo, *, final: bool) -> int:
    """Parse every commit whose end is visible; returns how many tokens were used."""
    i, n = 0, len(t)
    while i < n:
        if not t[i].strip():  # the end of the output
            i += 1
            continue
        if i + _HEADER > n:
            return i
        commit = make_commit(t[i : i + _HEADER], zone)
        j, found = i + _HEADER, []
        while j < n and (t[j][:1] == ":" or t[j][:2] == "\n:"):
            meta = t[j].lstrip("\n")[1:].split(" ")
            if len(meta) != 5:
                raise GitError("keluaran git log tidak dapat diuraikan; laporkan versi Git yang dipakai")
            kind = meta[4][:1]
            width = 3 if kind in ("R", "C") else 2
            if j + width > n:
                if final:
                    raise GitError("keluaran git log terpotong; ulangi, atau laporkan versi Git yang dipakai")
                return i  # the rest of this entry is in the next block
            old = t[j + 1]
            new = t[j + 2] if width == 3 else old
            found.append((commit.sha, _KINDS.get(kind, kind), old, new, _blob(meta[2]), _blob(meta[3]), meta[1]))
            j += width
        if j >= n and not final:
            return i  # more raw entries of this commit may follow in the next block
        commits[commit.sha] = commit
        raws += found
        i = j
    return i


def _blob(value: str) -> str | None:
    return value if value.strip("0") else None


def make_commit(header: list[str], zone: tzinfo) -> Commit:
    """A Commit from the nine fields of FIELDS (git's output, or the audit cache's copy of it)."""
    sha, parents, an, ae, at, cn, ce, ct, subject = header
    sha = sha.lstrip("\n")
    if not _SHA.match(sha) or not _PARENTS.match(parents) or not (at + ct).isdigit():
        raise GitError("keluaran git log tidak dapat diuraikan; laporkan versi Git yang dipakai")
    return Commit(
        sha,
        tuple(parents.split()),
        Identity(an, ae),
        datetime.fromtimestamp(int(at), zone),
        Identity(cn, ce),
        datetime.fromtimestamp(int(ct), zone),
        subject.strip(),
    )


LOG_FORMAT = 1


def pack_log(
    tip: str, commits: dict[str, Commit], raws: list[Raw], found: dict[str, tuple[str, int]], since: str | None
) -> dict:
    """A segment of the log for the audit cache: the commits from `tip` back to `since` (None: all),
    their raw changes and the blobs looked up for them; one NUL-joined text per commit and per raw
    change (git's own fields never hold a NUL), which reads back ~4x faster than lists."""
    return {
        "format": LOG_FORMAT,
        "tip": tip,
        "since": since,
        "commits": ["\0".join(_fields(c)) for c in commits.values()],
        "raws": ["\0".join(x or "" for x in r) for r in raws],
        "found": {name: f"{blob} {size}" for name, (blob, size) in found.items()},
    }


def unpack_log(segments: list, zone: tzinfo) -> tuple[str, dict[str, Commit], list[Raw], dict[str, tuple[str, int]]]:
    """The segments of `pack_log`, newest first, read back as one log (the cache file was proven
    ours by its MAC; its shapes are still checked, and the segments must chain tip to tip)."""
    for newer, older in zip(segments, [*segments[1:], None], strict=True):
        if newer.get("format") != LOG_FORMAT or newer.get("since") != (older["tip"] if older else None):
            raise ValueError("segments do not chain")
    stamp = datetime.fromtimestamp
    commits: dict[str, Commit] = {}
    raws: list[Raw] = []
    known: dict[str, tuple[str, int]] = {}
    for segment in segments:
        for text in segment["commits"]:
            sha, parents, an, ae, at, cn, ce, ct, subject = text.split("\0")
            author, committer = Identity(an, ae), Identity(cn, ce)
            made = Commit(
                sha, tuple(parents.split()), author, stamp(int(at), zone), committer, stamp(int(ct), zone), subject
            )
            commits[sha] = made
        for text in segment["raws"]:
            sha, status, old, new, old_blob, new_blob, mode = text.split("\0")
            raws.append((sha, status, old, new, old_blob or None, new_blob or None, mode))
        for name, value in segment["found"].items():
            blob, size = value.split(" ")
            known[name] = (blob, int(size))
    if any(r[0] not in commits for r in raws):
        raise ValueError("raw change of an unknown commit")
    return str(segments[0]["tip"]), commits, raws, known


def _fields(commit: Commit) -> list[str]:
    return [
        commit.sha,
        " ".join(commit.parents),
        commit.author.name,
        commit.author.email,
        str(int(commit.authored.timestamp())),
        commit.committer.name,
        commit.committer.email,
        str(int(commit.committed.timestamp())),
        commit.subject,
    ]
