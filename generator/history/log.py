"""The only module that reads Git: the history of `main`, in one streamed pass.

A constant number of git processes, whatever the size of the history: `rev-parse` and
`config` (is this a repository, shallow, a partial clone, where is the Jejak root inside it),
one `log --raw --diff-merges=first-parent` (parse.py) over every commit reachable from the
ref, one `cat-file --batch-check` (blob sizes, and each merge's other parents' version of the
paths it changed) and one `cat-file --batch` for the texts the semantic diff needs. With the
audit cache (cache.py) git reads only the commits after the last tip it knows, and only the
texts of landings not judged yet (`with_texts`). Dates are in the office's zone. Everything
returned is immutable (frozen dataclasses, named tuples); what a change means lives elsewhere.
Replace refs and grafts are ignored, so nobody can shorten or rewrite the audited history
from inside the repository.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from generator.clock import zone as office_zone
from generator.history.cache import AuditCache
from generator.history.objects import check_objects, is_ancestor, read_blobs
from generator.history.objects import tip as tip_of
from generator.history.parse import Commit, Identity, Raw, pack_log, run_log, unpack_log
from generator.history.stream import GitError, run_git
from generator.records.load import MAX_BYTES, collector_paused

__all__ = ["Commit", "GitError", "Identity"]

OK, NOT_GIT, SHALLOW, EMPTY, PARTIAL = "ok", "bukan-git", "dangkal", "kosong", "sebagian"
DATA, PRESENTATION, CODE = "data", "tampilan", "kode"
DATA_FOLDERS = ("records/", "schema/sop/", "lampiran/")
# Inert presentation: files that are only shown and can neither run, nor fetch, nor change how
# anything else is shown. Raster images are pixels; Markdown and plain text are words (their raw
# HTML is checked by validation). Everything else changes what runs or what a page shows, so it
# is code: templates (Jinja runs Python-like code at every build), scripts (the editor's run where
# staff's Git tokens live), hooks, configuration, schemas, SVG (may carry script), CSS (can hide
# the audit's findings, or fetch a URL per keystroke), fonts (can draw any glyph for any
# character: a "1" that reads "7" in every letter), Word templates (fields, remote templates).
INERT = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".avif", ".md", ".txt")
_WHY = (
    ((".html", ".htm", ".j2", ".jinja", ".jinja2"), "templat: dijalankan Jinja pada setiap pembangunan portal"),
    (
        (".js", ".mjs", ".cjs"),
        "JavaScript: berjalan di peramban setiap pembaca, juga di penyunting yang menyimpan token Git staf",
    ),
    ((".py",), "program Python: dijalankan pada setiap pembangunan atau pemeriksaan"),
    ((".css",), "CSS: dapat menyembunyikan atau mengganti apa yang tampil di portal (juga temuan audit)"),
    ((".svg",), "SVG: gambar yang dapat memuat skrip"),
    ((".woff", ".woff2", ".ttf", ".otf"), "fon: dapat menggambar huruf atau angka apa pun untuk setiap karakter"),
    ((".docx", ".dotx", ".docm", ".dotm"), "templat Word: dapat memuat isian, templat jarak jauh atau makro"),
)
NO_LINKS = ("records/", "schema/", "site_templates/", "docs/", "lampiran/")  # no symbolic link may live here
OFFICE = "records/kantor.yaml"
SOPS = "schema/sop/"
SYMLINK, SUBMODULE = "120000", "160000"


def group_of(path: str) -> str:
    """data / tampilan / kode, by what a file does: data is what records say, presentation only
    inert files (see INERT); anything that runs, configures or changes what a page shows is code."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.startswith(".git"):  # .gitattributes, .gitmodules: how Git writes every file
        return CODE
    if path.startswith(DATA_FOLDERS):
        return DATA
    return PRESENTATION if name.endswith(INERT) else CODE


def why_code(path: str) -> str:
    """What a code file does, in words, for the review summary and the audit."""
    name = path.rsplit("/", 1)[-1].lower()
    if is_attributes(path):
        return ".gitattributes: menentukan bagaimana Git menulis setiap berkas ke folder kerja"
    if name == "mkdocs.yml":
        return "konfigurasi MkDocs: menentukan kait (hooks) dan plugin yang dijalankan saat membangun portal"
    for suffixes, why in _WHY:
        if name.endswith(suffixes):
            return why
    return "kode: mengubah cara Jejak memeriksa atau membangun portal"


def is_attributes(path: str) -> bool:
    """A .gitattributes file: it decides how Git writes every file below it into the work tree."""
    return path == ".gitattributes" or path.endswith("/.gitattributes")


def is_read_text(path: str) -> bool:
    """A file whose versions the audit reads: data for the semantic diff, and .gitattributes."""
    return is_data_text(path) or is_attributes(path)


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
    prefix: str = ""  # the Jejak root's folder inside the repository's work tree ("" at its top)

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


def read_history(
    root: Path, ref: str = "HEAD", *, contents: bool = True, zone: tzinfo | None = None, cache: AuditCache | None = None
) -> History:
    """The whole history of `ref` as seen from the Jejak root, dates in the office's `zone`; never
    raises for a non-repository. With a cache, git reads only what the cache does not know."""
    with collector_paused():
        return _read_history(root, ref, contents, zone or office_zone(), cache or AuditCache.disabled())


def _read_history(root: Path, ref: str, contents: bool, zone: tzinfo, cache: AuditCache) -> History:
    probe = probe_repository(root)
    if probe is None:
        return unavailable(NOT_GIT)
    state, prefix = probe
    if state != OK:
        return unavailable(state)
    read = _log(root, ref, zone, cache)
    head, commits, raws, known = read.head, read.commits, read.raws, read.known
    if not commits:
        return unavailable(EMPTY)
    mainline = _mainline(commits, head)
    landing = _landing(commits, mainline)
    proposers = _proposers(raws, commits, landing, set(mainline))
    net = [r for r in raws if r[0] in landing and landing[r[0]] == r[0]]
    tips = _tips(raws, commits)
    queries = [q for q in _merge_queries(net, commits, tips) if q not in known]
    looked_up = _objects(root, queries)
    _keep(cache, read, looked_up)
    found = {**known, **looked_up}
    versions = {**{name: (blob, 0) for name, blob in tips.items()}, **found}
    changes = _changes(net, commits, mainline, proposers, versions, prefix)
    history = History(
        OK,
        tuple(commits[s] for s in mainline),
        changes,
        MappingProxyType({}),
        index_paths(changes),
        _governance(changes, mainline),
        MappingProxyType(_foxtrots(commits, mainline)),
        prefix=prefix,
    )
    return with_texts(root, history, wanted_texts(changes)) if contents else history


def wanted_texts(changes: tuple[FileChange, ...] | list[FileChange]) -> list[str]:
    """The blobs Jejak reads of these changes: data files (the semantic diff) and .gitattributes."""
    return list(dict.fromkeys(b for c in changes if is_read_text(c.path) for b in (c.old_blob, c.new_blob) if b))


def with_texts(root: Path, history: History, blobs: list[str]) -> History:
    """The history with these blobs' texts added; a blob above the record size limit is never read."""
    missing = [b for b in dict.fromkeys(blobs) if b not in history.contents and b not in history.oversized]
    if not missing:
        return history
    sizes = check_objects(root, missing)
    big = {b: sizes[b][1] for b in missing if b in sizes and sizes[b][1] > MAX_BYTES}
    texts = read_blobs(root, [b for b in missing if b in sizes and b not in big])
    return replace(
        history,
        contents=MappingProxyType({**history.contents, **texts}),
        oversized=MappingProxyType({**history.oversized, **big}),
    )


def _objects(root: Path, names: list[str]) -> dict[str, tuple[str, int]]:
    """`commit:path` -> (blob, size); a name git does not find is kept as ("", 0), the same as
    a path the parent does not have."""
    found = check_objects(root, names)
    return {name: found.get(name, ("", 0)) for name in names}


class _Read(NamedTuple):
    head: str
    commits: dict[str, Commit]  # newest first
    raws: list[Raw]
    known: dict[str, tuple[str, int]]  # `commit:path` -> blob, from the cache
    new: tuple[dict[str, Commit], list[Raw]] | None  # what git read: for the cache
    since: str | None  # the tip the cache knew, when git read only what came after it


def _log(root: Path, ref: str, zone: tzinfo, cache: AuditCache) -> _Read:
    """The log of `ref`: from the cache when it knows this tip, else git reads only the commits
    after the last tip the cache knows (all of them when that is no ancestor: history rewritten)."""
    head = tip_of(root, ref) if cache.enabled else None
    saved = cache.log() if head else None
    if head and saved:
        try:
            old, commits, raws, known = unpack_log(saved, zone)
        except (GitError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            old = None
        if old == head:
            return _Read(head, commits, raws, known, None, None)
        if old and is_ancestor(root, old, head):
            newer, new_raws = run_log(root, head, zone, since=old)
            return _Read(head, {**newer, **commits}, new_raws + raws, known, (newer, new_raws), old)
    commits, raws = run_log(root, ref, zone)
    return _Read(head or next(iter(commits), ""), commits, raws, {}, (commits, raws), None)


SEGMENTS = 64  # log segments in the cache before they are written as one again


def _keep(cache: AuditCache, read: _Read, found: dict[str, tuple[str, int]]) -> None:
    """What git read (and the blobs looked up for it), as the cache's newest log segment; every
    SEGMENTS merges, the whole log as one segment (one decode per segment when it is read)."""
    if not cache.enabled or read.new is None or not read.commits:
        return
    if read.since is not None and cache.log_segments < SEGMENTS:
        commits, raws = read.new
        cache.add_log(pack_log(read.head, commits, raws, found, read.since), extends=True)
    else:
        cache.add_log(pack_log(read.head, read.commits, read.raws, {**read.known, **found}, None), extends=False)


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


def _tips(raws: list[Raw], commits: Mapping[str, Commit]) -> dict[str, str]:
    """`commit:path` -> blob, known without asking git: what a non-merge commit made of a path."""
    return {f"{r[0]}:{r[3]}": r[5] or "" for r in raws if not commits[r[0]].is_merge}


def _merge_queries(net: list[Raw], commits: Mapping[str, Commit], known: Mapping[str, str]) -> list[str]:
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
