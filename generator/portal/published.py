"""Published history cannot be rewritten silently.

Each portal records the commit it was built from, its audit summary and every rewrite that
was acknowledged (`jejak-terbitan.json` at the site's root). The next build into the same
folder checks that this commit is still an ancestor of the new one: if not (force push,
rebase, `git filter-repo`), it refuses, unless the rewrite is acknowledged with a reason,
which is then carried in every later portal and shown on the Jejak Audit page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.history.log import GitError
from generator.history.objects import commits_between, tip

RECORD = "jejak-terbitan.json"
_MAX = 1 << 20


class RewriteRefused(Exception):
    """The published history was rewritten and nobody acknowledged it (Indonesian message)."""


@dataclass
class Published:
    commit: str | None  # what this build is made from
    acknowledged: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)  # the audit result, filled in by the audit page

    def record(self) -> str:
        return json.dumps(
            {"commit": self.commit, "audit": self.summary, "pengakuan_tulis_ulang": self.acknowledged},
            ensure_ascii=False,
            indent=2,
        )


def check(root: Path, site_dir: Path, acknowledge: str | None, now: datetime) -> Published:
    """What the new portal says about its predecessor; raises `RewriteRefused`."""
    previous = _previous(site_dir)
    try:
        current = tip(root)
    except GitError:
        current = None
    published = Published(current, list(previous.get("pengakuan_tulis_ulang", [])))
    old = previous.get("commit")
    if not isinstance(old, str) or current is None or old == current:
        return published
    ancestor, first_parent = commits_between(root, old, current)
    if ancestor and not first_parent:
        published.notes.append(
            f"commit {old[:7]} yang terakhir diterbitkan kini bukan bagian jalur utama commit {current[:7]} "
            "(penggabungan foxtrot: cabang utama digabungkan ke cabang lain lalu dimajukan)"
        )
    if ancestor:
        return published
    if not acknowledge or not acknowledge.strip():
        raise RewriteRefused(
            f"riwayat yang sudah diterbitkan (commit {old[:7]}) tidak lagi menjadi bagian riwayat sekarang "
            f"(commit {current[:7]}): cabang utama ditulis ulang (force push, rebase atau filter-repo); "
            "portal tidak dibangun. Bila penulisan ulang itu disengaja (misalnya menghapus data pribadi), "
            'bangun ulang dengan --akui-tulis-ulang "ALASAN"; alasan itu dicatat di halaman Jejak Audit'
        )
    published.acknowledged.append(
        {
            "waktu": now.strftime("%Y-%m-%d %H.%M"),
            "dari": old,
            "ke": current,
            "alasan": " ".join(acknowledge.split())[:500],
        }
    )
    return published


def _previous(site_dir: Path) -> dict[str, Any]:
    path = site_dir / RECORD
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > _MAX:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    acks = data.get("pengakuan_tulis_ulang")
    data["pengakuan_tulis_ulang"] = [
        {k: str(v) for k, v in a.items() if k in ("waktu", "dari", "ke", "alasan")}
        for a in (acks if isinstance(acks, list) else [])
        if isinstance(a, dict)
    ]
    return data
