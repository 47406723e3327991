"""Dates that cannot be true: a landing dated after the audit's own time, or out of order with
the landings around it (issue 21: a merge dated inside an acting term scheduled next year).

Git dates are written by whoever commits, so a date is only believed when it agrees with the
order of main's history. The landings that disagree are those outside every longest run of
non-decreasing dates along main: one forward- or backdated landing among honest ones is the
only one named, and where the dates alone cannot tell which of two is wrong, both are named.
A date after the audit's own time (office time) is never believed.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from generator.dates import long_date
from generator.history.log import Commit


def when(moment: datetime) -> str:
    """`30 Januari 2024 10.15 WIB`: in the office's zone, named as the office names it."""
    return f"{long_date(moment.date())} {moment:%H.%M} {moment.tzname() or ''}".rstrip()


def misdated(mainline: tuple[Commit, ...], now: datetime | None) -> dict[str, str]:
    """sha -> why its committer date cannot be right, for main's first-parent commits."""
    found = {}
    limit = now.timestamp() if now is not None else float("inf")
    eligible = []
    for commit in mainline:
        if commit.committed.timestamp() > limit:
            assert now is not None
            found[commit.sha] = (
                f"bertanggal {when(commit.committed)}, setelah waktu audit ini ({when(now)}): tanggal commit di "
                "masa depan tidak dapat dipercaya"
            )
        else:
            eligible.append(commit)
    outside = _outside_every_run([c.committed.timestamp() for c in eligible])
    if outside:
        later, earlier = _neighbours(eligible)
        for index in outside:
            found[eligible[index].sha] = _why(eligible[index], later[index], earlier[index])
    return found


def _outside_every_run(times: list[float]) -> list[int]:
    """Indices not in every longest non-decreasing subsequence of `times` (O(n log n))."""
    ending = _run_lengths(times)
    starting = _run_lengths([-t for t in reversed(times)])[::-1]
    longest = max(ending, default=0)
    on_some = [e + s - 1 == longest for e, s in zip(ending, starting, strict=True)]
    count: dict[int, int] = {}
    for index, on in enumerate(on_some):
        if on:
            count[ending[index]] = count.get(ending[index], 0) + 1
    return [i for i, on in enumerate(on_some) if not on or count[ending[i]] > 1]


def _run_lengths(values: list[float]) -> list[int]:
    """For each position, the length of the longest non-decreasing run ending there."""
    tails: list[float] = []
    lengths = []
    for value in values:
        position = bisect_right(tails, value)
        if position == len(tails):
            tails.append(value)
        else:
            tails[position] = value
        lengths.append(position + 1)
    return lengths


def _neighbours(commits: list[Commit]) -> tuple[list[Commit | None], list[Commit | None]]:
    """For each position: the earliest-dated commit after it, and the latest-dated one before it."""
    later: list[Commit | None] = [None] * len(commits)
    earlier: list[Commit | None] = [None] * len(commits)
    best: Commit | None = None
    for index in range(len(commits) - 1, -1, -1):
        later[index] = best
        if best is None or commits[index].committed < best.committed:
            best = commits[index]
    best = None
    for index, commit in enumerate(commits):
        earlier[index] = best
        if best is None or commit.committed > best.committed:
            best = commit
    return later, earlier


def _why(this: Commit, later: Commit | None, earlier: Commit | None) -> str:
    if later is not None and later.committed < this.committed:
        return (
            f"bertanggal {when(this.committed)}, setelah perubahan yang masuk sesudahnya ({later.short}, "
            f"{when(later.committed)}): tanggal ini tidak sesuai dengan urutan riwayat"
        )
    assert earlier is not None  # outside every longest run: some neighbour disagrees
    what = "commit induknya" if this.parents[:1] == (earlier.sha,) else "perubahan sebelumnya"
    return f"bertanggal {when(this.committed)}, sebelum {what} ({earlier.short}, {when(earlier.committed)})"
