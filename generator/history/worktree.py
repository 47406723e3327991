"""The form's own Git working tree for local mode (`jejak ubah`).

decap-server checks branches out in the folder it is given. Given the repository the portal is
served from, every save and every listing would switch that folder's branch under the portal.
So the form gets a worktree of its own, inside the repository's git folder, on a branch of its
own (FORM_BRANCH) kept equal to the official branch: proposals (`cms/…` branches) are shared
with the repository, where the Kepala Bidang merges them, and nothing the form does is seen in
the served folder until it is merged.

Before every request of the form, `sync` makes that worktree clean, moves FORM_BRANCH up to the
official branch when it has moved (a merge), and deletes every proposal branch that the
official branch already contains (merged, or left empty by a save that failed).
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from generator.history.stream import GitError, plain_ref, run_git

FORM_BRANCH = "formulir-lokal"
PROPOSALS = "refs/heads/cms/"
FOLDER = "jejak-formulir"  # inside the repository's git folder, never in the served tree
LOCK = "jejak-formulir.kunci"  # held while a `jejak ubah` works on the repository


@dataclass(frozen=True)
class FormWorktree:
    repo: Path  # the repository the portal is served from
    path: Path  # the form's own working tree
    main: str  # the official branch (kantor.yaml `penyunting.cabang`, bawaan main)
    branch: str = FORM_BRANCH
    lock: int | None = None  # the open lock file: one `jejak ubah` per repository


def _git(where: Path, *args: str) -> str:
    done = run_git(where, *args)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} gagal: {detail[-1] if detail else 'tanpa keterangan'}")
    return done.stdout.decode("utf-8", "replace")


def _oid(where: Path, ref: str) -> str | None:
    done = run_git(where, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0:
        return None
    return done.stdout.decode().strip() or None


def uncommitted(repo: Path) -> list[str]:
    """What `git status` shows as changed or new (ignored files aside): `M records/kantor.yaml`."""
    out = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    entries, rest = [], out.split("\0")
    while rest:
        entry = rest.pop(0)
        if not entry:
            continue
        if entry[:1] in "RC":  # a rename names its source next
            rest.pop(0)
        entries.append(f"{entry[:2].strip()} {entry[3:]}")
    return entries


def is_repository(repo: Path) -> bool:
    return run_git(repo, "rev-parse", "--git-dir").returncode == 0


def open_worktree(repo: Path, main: str) -> FormWorktree:
    """The form's worktree on FORM_BRANCH at `main`, made afresh (a stale one is removed first)."""
    plain_ref(main)
    if _oid(repo, f"refs/heads/{main}") is None:
        raise GitError(f"cabang '{main}' tidak ada di repositori ini")
    common = Path(_git(repo, "rev-parse", "--path-format=absolute", "--git-common-dir").strip())
    tree = FormWorktree(repo, common / FOLDER, main, lock=_lock(common / LOCK))
    try:
        _remove(tree)
        _git(repo, "worktree", "add", "--quiet", "-B", tree.branch, str(tree.path), f"refs/heads/{main}")
    except GitError:
        close_worktree(tree)
        raise
    return tree


def _lock(path: Path) -> int:
    """Another `jejak ubah` on the same repository would remove this one's worktree under it."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise GitError(
            "`jejak ubah` lain sedang berjalan untuk repositori ini; hentikan dulu (Ctrl+C di jendelanya)"
        ) from None
    return handle


def close_worktree(tree: FormWorktree) -> None:
    """Remove the worktree and its branch, then let another `jejak ubah` start; proposals stay
    (they are the staff's work)."""
    try:
        _remove(tree)
    finally:
        if tree.lock is not None:
            os.close(tree.lock)


def _remove(tree: FormWorktree) -> None:
    if tree.path.exists():
        _git(tree.repo, "worktree", "remove", "--force", str(tree.path))
    _git(tree.repo, "worktree", "prune")
    if _oid(tree.repo, f"refs/heads/{tree.branch}") is not None:
        _git(tree.repo, "branch", "-D", tree.branch)


def sync(tree: FormWorktree) -> list[str]:
    """Before a request of the form: a clean worktree on FORM_BRANCH, moved up to the official
    branch, and no proposal the official branch already contains. Returns the deleted proposals."""
    _clean(tree)
    main = _oid(tree.repo, f"refs/heads/{tree.main}")
    if main is None:
        raise GitError(f"cabang '{tree.main}' tidak ada lagi di repositori ini")
    if _oid(tree.path, "HEAD") != main and _is_ancestor(tree.path, "HEAD", main):
        _git(tree.path, "merge", "--ff-only", "--quiet", main)
    return prune_merged(tree.repo, main)


def official_head(tree: FormWorktree) -> str | None:
    """The official branch's last commit (one git process): what `sync` would move up to."""
    return _oid(tree.repo, f"refs/heads/{tree.main}")


def _clean(tree: FormWorktree) -> None:
    """Undo what a failed request left: another branch checked out, files written but not committed."""
    head = run_git(tree.path, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.decode().strip()
    if head != tree.branch:
        _git(tree.path, "checkout", "--quiet", "--force", tree.branch)
    if uncommitted(tree.path):
        _git(tree.path, "reset", "--quiet", "--hard")
        _git(tree.path, "clean", "--quiet", "-d", "--force")


def _is_ancestor(where: Path, older: str, newer: str) -> bool:
    return run_git(where, "merge-base", "--is-ancestor", older, newer).returncode == 0


def prune_merged(repo: Path, main: str) -> list[str]:
    """Delete every proposal branch whose last commit the official branch contains, with its
    status; a branch that moved meanwhile is kept (the deletion names the commit it expects)."""
    listed = _git(repo, "for-each-ref", "--merged", main, "--format=%(refname)%00%(objectname)", PROPOSALS)
    deleted = []
    for line in listed.splitlines():
        ref, oid = line.split("\0")
        if run_git(repo, "update-ref", "-d", ref, oid).returncode == 0:
            name = ref.removeprefix("refs/heads/")
            run_git(repo, "config", "--remove-section", f"branch.{name}")
            deleted.append(name)
    return deleted


def proposals(repo: Path) -> list[str]:
    """The proposal branches (`cms/…`) of the repository."""
    return _git(repo, "for-each-ref", "--format=%(refname:short)", PROPOSALS).split()
