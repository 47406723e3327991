"""The only module that reads Git: the history of `main`, in one streamed pass.

A constant number of git processes, whatever the size of the history: `rev-parse` and
`config` (is this a repository, shallow, a partial clone, where is the Jejak root inside it),
one `log --raw --diff-merges=first-parent` over every commit reachable from the ref, one
`cat-file --batch-check` (blob sizes, and each merge's other parents' version of the paths it
changed) and one `cat-file --batch` for the texts the semantic diff needs. Everything
returned is immutable (frozen dataclasses, named tuples); what a change means lives elsewhere.
Batched object reads are in objects.py, the process plumbing in stream.py.

Nothing a commit contains can steer the parser: fields are NUL-separated and counted, and
a raw entry is recognised by its position, never by its look. Replace refs and grafts are
ignored, so nobody can shorten or rewrite the audited history from inside the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from generator.history.objects import check_objects, read_blobs
from generator.history.stream import _CONFIG, _SHA, GitError, Stream, plain_ref, run_git
from generator.records.load import MAX_BYTES, collector_paused
from generator.records.model import WIB

OK, NOT_GIT, SHALLOW, EMPTY, PARTIAL = "ok", "bukan-git", "dangkal", "kosong", "sebagian"
DATA, PRESENTATION, CODE = "data", "tampilan", "kode"
_GROUPS = (
    (DATA, ("records/", "schema/sop/", "lampiran/")),
    (PRESENTATION, ("site_templates/", "docs/", "assets/", "overrides/", "schema/aset/")),
)
NO_LINKS = ("records/", "schema/", "site_templates/", "docs/", "lampiran/")  # no symbolic link may live here
OFFICE = "records/kantor.yaml"
SOPS = "schema/sop/"
SYMLINK, SUBMODULE = "120000", "160000"

_FIELDS = "%H%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%s"
_HEADER = 9  # tokens of _FIELDS
_PARENTS = re.compile(r"([0-9a-f]{40}([0-9a-f]{24})?( (?=.)|\Z))*\Z")


class Identity(NamedTuple):
    name: str
    email: str


class Commit(NamedTuple):
    """One commit (a named tuple: ten thousand of them are made in one read, cheaply)."""

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


def group_of(path: str) -> str:
    """data / tampilan / kode: what a file shapes. Anything not named is code (it runs or checks)."""
    return next((group for group, prefixes in _GROUPS if path.startswith(prefixes)), CODE)


def is_data_text(path: str) -> bool:
    """A YAML data file whose versions the semantic diff reads."""
    return path.startswith(("records/", SOPS)) and path.endswith((".yaml", ".yml"))


class FileChange(NamedTuple):
    """One file as one commit of main's first-parent history changed it (its real net effect)."""

    landing: Commit  # the first-parent commit of main: a merge, or a commit made on main
    status: str  # A added, M modified, D deleted, R renamed (T type change counts as M)
    path: str  # after the change, relative to the Jejak root
    old_path: str  # before the change (differs from path only for a rename)
    old_blob: str | None
    new_blob: str | None
    new_mode: str = "100644"
    in_merge: bool = False  # made by the merge commit itself, not brought by its branch
    proposers: tuple[Commit, ...] = ()  # branch commits that changed this path, newest first

    @property
    def commit(self) -> Commit:
        """The commit that proposed the change: the newest branch commit, or the landing itself."""
        return self.proposers[0] if self.proposers else self.landing

    @property
    def group(self) -> str:
        return group_of(self.path)

    @property
    def forbidden_link(self) -> bool:
        return self.new_mode in (SYMLINK, SUBMODULE) and self.path.startswith(NO_LINKS)


@dataclass(frozen=True)
class History:
    state: str  # ok | bukan-git | dangkal | kosong | sebagian
    mainline: tuple[Commit, ...]  # main's first-parent commits, oldest first
    changes: tuple[FileChange, ...]  # every file change of the mainline, in the order it reached main
    contents: Mapping[str, str]  # blob id -> text, for the data files of `changes`
    by_path: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    before: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # sha -> office/SOP blobs in its parent
    foxtrots: Mapping[str, str] = field(default_factory=dict)  # merge sha -> former tip now a later parent
    oversized: Mapping[str, int] = field(default_factory=dict)  # blob id -> size, never read

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


def _read_history(root: Path, ref: str, contents: bool) -> History:
    probe = probe_repository(root)
    if probe is None:
        return unavailable(NOT_GIT)
    state, prefix = probe
    if state != OK:
        return unavailable(state)
    commits, raws = _log(root, ref)
    if not commits:
        return unavailable(EMPTY)
    mainline = _mainline(commits, next(iter(commits)))
    landing = _landing(commits, mainline)
    proposers = _proposers(raws, commits, landing, set(mainline))
    net = [r for r in raws if r[0] in landing and landing[r[0]] == r[0]]
    known = _tips(raws, commits)
    queries = _merge_queries(net, commits, known)
    # Sizes (and texts) of the data files' versions only when they are to be read.
    wanted = [b for r in net if contents and is_data_text(_inside(r[3], prefix) or "") for b in (r[4], r[5]) if b]
    found = check_objects(root, [*queries, *dict.fromkeys(wanted)])
    oversized = {b: found[b][1] for b in wanted if b in found and found[b][1] > MAX_BYTES}
    versions = {**{name: (blob, 0) for name, blob in known.items()}, **found}
    changes = _changes(net, commits, mainline, proposers, versions, prefix)
    small = [b for b in dict.fromkeys(wanted) if b in found and b not in oversized]
    texts = read_blobs(root, small) if contents else {}
    return History(
        OK,
        tuple(commits[s] for s in mainline),
        changes,
        MappingProxyType(texts),
        index_paths(changes),
        _governance(changes, mainline),
        MappingProxyType(_foxtrots(commits, mainline)),
        MappingProxyType(oversized),
    )


def index_paths(changes: tuple[FileChange, ...]) -> Mapping[str, tuple[int, ...]]:
    """Path after each change -> the positions of its changes, for `History.of_record`."""
    index: dict[str, list[int]] = {}
    for i, change in enumerate(changes):
        index.setdefault(change.path, []).append(i)
    return MappingProxyType({path: tuple(found) for path, found in index.items()})


def probe_repository(root: Path) -> tuple[str, str] | None:
    """(state, the Jejak root's path inside the work tree), or None outside a repository."""
    try:
        done = run_git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    except GitError:
        if any((folder / ".git").exists() for folder in (root.resolve(), *root.resolve().parents)):
            raise
        return None  # no Git program, and nothing that looks like a repository either
    if done.returncode != 0:
        return None
    lines = done.stdout.decode("utf-8", "replace").splitlines() + ["", ""]
    if lines[0].strip() == "true":
        return SHALLOW, ""
    config = run_git(root, "config", "--get-regexp", r"^(extensions\.partialclone|remote\..*\.promisor)$")
    if config.returncode == 0 and any(
        line.split(b" ", 1)[-1].strip() not in (b"false", b"") for line in config.stdout.splitlines()
    ):
        return PARTIAL, ""
    return OK, lines[1].strip()


_Raw = tuple[str, str, str, str, str | None, str | None, str]  # sha, status, old, new, old blob, new blob, new mode


def _log(root: Path, ref: str) -> tuple[dict[str, Commit], list[_Raw]]:
    """Commits (newest first) and the raw changes of every commit reachable from `ref`, each
    against its first parent; parsed while git still writes."""
    args = (
        *_CONFIG,
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "-M",
        "--diff-merges=first-parent",
        "--no-color",
        f"--format={_FIELDS}",
        plain_ref(ref),
        "--",
    )
    with Stream(root, args) as stream:
        commits, raws = _parse(stream.token_lists())
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


def _parse(pieces: Iterable[list[str]]) -> tuple[dict[str, Commit], list[_Raw]]:
    """Headers of exactly nine fields, each followed by its raw entries (`:mode mode blob blob status`),
    parsed block by block as the output grows."""
    commits: dict[str, Commit] = {}
    raws: list[_Raw] = []
    pending: list[str] = []
    for tokens in pieces:
        pending = pending + tokens
        done = _parse_ready(pending, commits, raws, final=False)
        pending = pending[done:]
    if _parse_ready(pending, commits, raws, final=True) < len(pending):
        raise GitError("keluaran git log terpotong; ulangi, atau laporkan versi Git yang dipakai")
    return commits, raws


def _parse_ready(t: list[str], commits: dict[str, Commit], raws: list[_Raw], *, final: bool) -> int:
    """Parse every commit whose end is visible; returns how many tokens were used."""
    i, n = 0, len(t)
    while i < n:
        if not t[i].strip():  # the end of the output
            i += 1
            continue
        if i + _HEADER > n:
            return i
        commit = _commit(t[i : i + _HEADER])
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


_KINDS = {"C": "A", "T": "M"}  # a copy adds a file; a type change modifies it


def _blob(value: str) -> str | None:
    return value if value.strip("0") else None


def _commit(header: list[str]) -> Commit:
    sha, parents, an, ae, at, cn, ce, ct, subject = header
    sha = sha.lstrip("\n")
    if not _SHA.match(sha) or not _PARENTS.match(parents) or not (at + ct).isdigit():
        raise GitError("keluaran git log tidak dapat diuraikan; laporkan versi Git yang dipakai")
    return Commit(
        sha,
        tuple(parents.split()),
        Identity(an, ae),
        datetime.fromtimestamp(int(at), WIB),
        Identity(cn, ce),
        datetime.fromtimestamp(int(ct), WIB),
        subject.strip(),
    )


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


def _foxtrots(commits: Mapping[str, Commit], mainline: list[str]) -> dict[str, str]:
    """Merges of main whose later parent was main's own earlier tip: a merge commit off the
    mainline whose first parent is on it (main was merged into a branch, then fast-forwarded)."""
    on_main = set(mainline)
    found = {}
    for sha in mainline:
        for parent in commits[sha].parents[1:]:
            former = commits.get(parent)
            if former and parent not in on_main and former.is_merge and former.parents[0] in on_main:
                found[sha] = parent
    return found


def _proposers(raws, commits, landing, mainline: set[str]) -> dict[tuple[str, str], list[Commit]]:
    """(landing, path) -> the branch commits that changed the path (not merges: they only carry)."""
    found: dict[tuple[str, str], list[Commit]] = {}
    for sha, _, old, new, *_ in raws:
        if sha in mainline or sha not in landing or commits[sha].is_merge:
            continue
        for path in {old, new}:
            found.setdefault((landing[sha], path), []).append(commits[sha])
    return found


def _tips(raws: list[_Raw], commits: Mapping[str, Commit]) -> dict[str, str]:
    """`commit:path` -> blob, known without asking git: what a non-merge commit made of a path."""
    return {f"{r[0]}:{r[3]}": r[5] or "" for r in raws if not commits[r[0]].is_merge}


def _merge_queries(net: list[_Raw], commits: Mapping[str, Commit], known: Mapping[str, str]) -> list[str]:
    """`parent:path` for every later parent of each merge and every path the merge changed,
    unless the parent itself changed the path (then its version is known)."""
    return [
        name
        for r in net
        for p in commits[r[0]].parents[1:]
        if (name := f"{p}:{r[3]}") not in known and "\n" not in r[3]
    ]


def _changes(net, commits, mainline, proposers, found, prefix: str) -> tuple[FileChange, ...]:
    """Mainline changes inside the Jejak root, oldest landing first."""
    order = {sha: i for i, sha in enumerate(mainline)}
    out = []
    for sha, status, old, new, old_blob, new_blob, mode in net:
        old_in, new_in = _inside(old, prefix), _inside(new, prefix)
        if old_in is None and new_in is None:
            continue
        commit = commits[sha]
        from_branch = any(found.get(f"{p}:{new}", ("", 0))[0] == (new_blob or "") for p in commit.parents[1:])
        change = FileChange(
            commit,
            status,
            new_in or old_in or "",
            old_in or new_in or "",
            old_blob,
            new_blob,
            mode,
            commit.is_merge and not from_branch,
            tuple(proposers.get((sha, new), ())),
        )
        out.append((order[sha], change))
    out.sort(key=lambda item: item[0])
    return tuple(change for _, change in out)


def _governance(changes: tuple[FileChange, ...], mainline: list[str]) -> Mapping[str, Mapping[str, str]]:
    """For each mainline commit, the office record and SOP blobs of its first parent."""
    current: dict[str, str] = {}
    snapshot: Mapping[str, str] = MappingProxyType({})
    by_landing: dict[str, list[FileChange]] = {}
    for change in changes:
        if change.path == OFFICE or change.path.startswith(SOPS) or change.old_path.startswith((OFFICE, SOPS)):
            by_landing.setdefault(change.landing.sha, []).append(change)
    before = {}
    for sha in mainline:
        before[sha] = snapshot
        for change in by_landing.get(sha, ()):
            current.pop(change.old_path, None)
            if change.new_blob and change.new_mode != SYMLINK:
                current[change.path] = change.new_blob
            snapshot = MappingProxyType(dict(current))
    return MappingProxyType(before)


def _inside(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    if not path.startswith(prefix):
        return None
    return path[len(prefix) :]
