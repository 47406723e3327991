"""Objects and ancestry read from Git in batches: blob sizes and texts, `commit:path` lookups,
and whether published history is still history (issue 14)."""

from __future__ import annotations

from pathlib import Path

from generator.history.stream import _SHA, plain_ref, run_git


def check_objects(root: Path, names: list[str]) -> dict[str, tuple[str, int]]:
    """name (`blob` or `commit:path`) -> (object id, size) through one `cat-file --batch-check`;
    missing names are left out. Sizes come first so that no big blob is ever read."""
    if not names:
        return {}
    done = run_git(root, "cat-file", "-z", "--batch-check", stdin=b"\0".join(n.encode() for n in names) + b"\0")
    out, pos, found = done.stdout, 0, {}
    for name in names:
        missing = f"{name} missing\n".encode()
        if out.startswith(missing, pos):
            pos += len(missing)
            continue
        end = out.find(b"\n", pos)
        if end < 0:
            break
        parts = out[pos:end].split()
        pos = end + 1
        if len(parts) == 3 and parts[2].isdigit():
            found[name] = (parts[0].decode(), int(parts[2]))
    return found


def read_blobs(root: Path, blobs: list[str]) -> dict[str, str]:
    """Contents of many blobs through one `git cat-file --batch` process."""
    if not blobs:
        return {}
    done = run_git(root, "cat-file", "--batch", stdin="\n".join(blobs).encode() + b"\n")
    out, pos, texts = done.stdout, 0, {}
    for blob in blobs:
        end = out.find(b"\n", pos)
        if end < 0:
            break
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        texts[blob] = out[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1
    return texts


def commits_between(root: Path, old: str, new: str) -> tuple[bool, bool]:
    """(is `old` an ancestor of `new`, is it on `new`'s first-parent chain): has published history
    been rewritten, or was main's old tip pushed aside by a foxtrot merge?"""
    if not _SHA.match(old):
        return False, False
    ancestor = run_git(root, "merge-base", "--is-ancestor", old, plain_ref(new)).returncode == 0
    if not ancestor:
        return False, False
    chain = run_git(root, "rev-list", "--first-parent", plain_ref(new))
    return True, old.encode() in chain.stdout.split()


def is_ancestor(root: Path, old: str, new: str) -> bool:
    return bool(_SHA.match(old)) and run_git(root, "merge-base", "--is-ancestor", old, plain_ref(new)).returncode == 0


def tip(root: Path, ref: str = "HEAD") -> str | None:
    done = run_git(root, "rev-parse", "--verify", "--quiet", f"{plain_ref(ref)}^{{commit}}")
    return done.stdout.decode().strip() or None if done.returncode == 0 else None
