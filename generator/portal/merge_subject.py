"""A merge's own subject ("Merge pull request #1 from rina/usulan", "Merge branch 'x' into
'main'") says nothing to office staff, in English: show what was approved instead."""

from __future__ import annotations

import re
from collections.abc import Iterable

MERGE = re.compile(
    r"^Merge (?:pull request #(?P<pr>\d+)|(?:remote-tracking )?branch '[^']*'(?: of \S+)?(?: into '?[^']*'?)?"
    r"|branch \S+)(?: from \S+)?\s*$"
)


def readable_subject(subject: str, names: Iterable[str]) -> str:
    """`Usulan #1 digabungkan: Pelatihan Menjahit Angkatan I` for a host's merge subject; other subjects unchanged."""
    found = MERGE.match(subject)
    if not found:
        return subject
    what = f"Usulan #{found.group('pr')} digabungkan" if found.group("pr") else "Usulan digabungkan"
    listed = ", ".join(dict.fromkeys(names))
    return f"{what}: {listed}" if listed else what
