"""`jejak diff`: the files a branch changes against the point where it left its base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.clock import zone
from generator.history.log import _inside, is_read_text, probe_repository
from generator.history.objects import check_objects, read_blobs
from generator.history.parse import Raw, parse
from generator.history.stream import GitError, plain_ref, run_git
from generator.records.load import MAX_BYTES


@dataclass(frozen=True)
class FilePair:
    """One file as it was at the base and as it is at the head of a proposed change."""

    path: str
    old_path: str
    status: str
    old_text: str | None
    new_text: str | None
    new_mode: str = "100644"
    too_big: bool = False


def compare(root: Path, base: str, head: str) -> list[FilePair]:
    """Files changed between the merge base of `base` and `head`, and `head` (a pull request)."""
    probe = probe_repository(root)
    if probe is None:
        raise GitError("folder ini bukan repositori Git; `jejak diff` membandingkan dua cabang Git")
    prefix = probe[1]
    found = run_git(root, "merge-base", plain_ref(base), plain_ref(head))
    if found.returncode != 0:
        raise GitError(
            f"tidak dapat menemukan titik cabang antara '{base}' dan '{head}'; periksa nama cabang "
            "(di CI, ambil riwayat lengkap: fetch-depth: 0)"
        )
    start = found.stdout.decode().strip()
    done = run_git(root, "diff", "-z", "--raw", "--no-abbrev", "-M", start, head, "--")
    if done.returncode != 0:
        raise GitError(f"git diff gagal: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    rows = [(*r[1:],) for r in _parse_diff(done.stdout)]
    rows = [r for r in rows if _inside(r[1], prefix) is not None or _inside(r[2], prefix) is not None]
    blobs = [b for r in rows if is_read_text(_inside(r[2], prefix) or "") for b in r[3:5] if b]
    sizes = check_objects(root, list(dict.fromkeys(blobs)))
    texts = read_blobs(root, [b for b in dict.fromkeys(blobs) if b in sizes and sizes[b][1] <= MAX_BYTES])
    return [
        FilePair(
            _inside(new, prefix) or new,
            _inside(old, prefix) or old,
            status,
            texts.get(ob) if ob else None,
            texts.get(nb) if nb else None,
            mode,
            any(b and b in sizes and sizes[b][1] > MAX_BYTES for b in (ob, nb)),
        )
        for status, old, new, ob, nb, mode in rows
    ]


def _parse_diff(raw: bytes) -> list[Raw]:
    """`git diff -z --raw` output: the raw entries of `_parse` without a commit header."""
    tokens = raw.decode("utf-8", "replace").split("\0")
    _, raws = parse([["0" * 40, "", "", "", "0", "", "", "0", "", *tokens]], zone())  # no dates: any zone
    return [r for r in raws if r[2] or r[3]]
