"""Published history cannot be rewritten silently.

Each portal records the commit it was built from, its audit summary and every rewrite that
was acknowledged (`jejak-terbitan.json` at the site's root). The next build checks that this
commit is still an ancestor of the new one: if not (force push, rebase, `git filter-repo`), it
refuses, unless the rewrite is acknowledged with a reason, which is then carried in every later
portal and shown on the Jejak Audit page. The previous record is read from the output folder,
or, where every build starts from an empty folder (CI), from the file named by
`JEJAK_TERBITAN_SEBELUMNYA` (the CI files fetch it from the published portal, or keep a copy).

The reason is published verbatim, so it is checked like any record text: no personal data
(a reason like "menghapus NIK …" would publish the NIK again), no control or invisible
characters, and a bounded length. Reasons carried from an earlier record are bounded and have
personal data masked, whoever wrote that file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.history.log import GitError
from generator.history.objects import commits_between, tip
from generator.history.stream import _SHA
from generator.records.invisible import INVISIBLE
from generator.records.load import LoadError, load_file
from generator.records.privacy import MESSAGES, Own, find_personal, mask_personal, normalise
from generator.records.workspace import printable

RECORD = "jejak-terbitan.json"
PREVIOUS_ENV = "JEJAK_TERBITAN_SEBELUMNYA"
MAX_REASON = 300
_MAX = 1 << 20
_MAX_ACKS = 200
EXAMPLE = '--akui-tulis-ulang "Penghapusan data pribadi peserta atas permintaan, nota dinas 800/12/BLK/2026"'


class RewriteRefused(Exception):
    """The published history was rewritten and nobody acknowledged it, or the acknowledgement
    or the previous record cannot be used (Indonesian message, with `saran:`)."""


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
    own = _own(root)
    reason = check_reason(acknowledge, own) if acknowledge is not None else None
    previous = _previous(site_dir, own)
    try:
        current = tip(root)
    except GitError:
        current = None
    published = Published(current, list(previous.get("pengakuan_tulis_ulang", [])))
    old = previous.get("commit")
    if not isinstance(old, str) or not _SHA.match(old) or current is None or old == current:
        return published
    ancestor, first_parent = commits_between(root, old, current)
    if ancestor and not first_parent:
        published.notes.append(
            f"commit {old[:7]} yang terakhir diterbitkan kini bukan bagian jalur utama commit {current[:7]} "
            "(penggabungan foxtrot: cabang utama digabungkan ke cabang lain lalu dimajukan)"
        )
    if ancestor:
        return published
    if not reason:
        raise RewriteRefused(
            f"riwayat yang sudah diterbitkan (commit {old[:7]}) tidak lagi menjadi bagian riwayat sekarang "
            f"(commit {current[:7]}): cabang utama ditulis ulang (force push, rebase atau filter-repo); "
            "portal tidak dibangun. Bila penulisan ulang itu disengaja (misalnya menghapus data pribadi), "
            'bangun ulang dengan --akui-tulis-ulang "ALASAN"; alasan itu dicatat di halaman Jejak Audit'
            f"\n  saran: kembalikan cabang utama ke riwayat yang diterbitkan, atau bangun dengan {EXAMPLE}"
        )
    published.acknowledged.append(
        {"waktu": now.strftime("%Y-%m-%d %H.%M"), "dari": old[:64], "ke": current, "alasan": reason}
    )
    return published


def check_reason(text: str, own: Own) -> str:
    """The acknowledgement's reason as it will be published, or `RewriteRefused` saying why not."""
    reason = " ".join(text.split())
    hint = f"\n  saran: tulis alasannya tanpa data pribadi dan tanpa karakter khusus, misalnya {EXAMPLE}"
    if not reason:
        raise RewriteRefused("alasan --akui-tulis-ulang kosong" + hint)
    if len(reason) > MAX_REASON:
        raise RewriteRefused(
            f"alasan --akui-tulis-ulang terlalu panjang ({len(reason)} karakter; paling banyak {MAX_REASON}): "
            "alasan itu diterbitkan apa adanya di halaman Jejak Audit" + hint
        )
    hidden = [c for c in reason if not c.isprintable() or INVISIBLE.match(c)]
    if hidden:
        raise RewriteRefused(
            f"alasan --akui-tulis-ulang memuat karakter kendali atau tak terlihat (U+{ord(hidden[0]):04X})" + hint
        )
    found = find_personal(normalise(reason), own)
    if found:
        what = MESSAGES[found[0].kind][0].replace("catatan memuat ", "").replace(" ini menyerupai NIK", " (NIK)")
        raise RewriteRefused(
            f"alasan --akui-tulis-ulang memuat data pribadi ({what}): alasan itu diterbitkan apa adanya di "
            "halaman Jejak Audit dan di jejak-terbitan.json, sehingga data yang dihapus dari riwayat terbit lagi" + hint
        )
    return reason


def _own(root: Path) -> Own:
    """The office's own addresses, which a reason may name."""
    try:
        return Own.of_data(load_file(root / "records" / "kantor.yaml").data)
    except (LoadError, OSError):
        return Own()


def _previous(site_dir: Path, own: Own) -> dict[str, Any]:
    """The previous portal's record: the file named by JEJAK_TERBITAN_SEBELUMNYA, else the output
    folder's own; a named file that cannot be read is refused (the check would silently not run)."""
    named = os.environ.get(PREVIOUS_ENV, "").strip()
    if named:
        data = _read(Path(named).expanduser())
        if data is None or not isinstance(data.get("commit"), str) or not _SHA.match(data["commit"]):
            raise RewriteRefused(
                f"catatan terbitan sebelumnya {printable(named)} ({PREVIOUS_ENV}) tidak dapat dibaca: bukan "
                f"{RECORD} yang utuh; pemeriksaan riwayat yang ditulis ulang tidak dapat dijalankan\n  saran: ambil "
                f"{RECORD} dari portal yang terbit (misalnya dengan curl), atau kosongkan {PREVIOUS_ENV} bila portal "
                "belum pernah diterbitkan"
            )
    else:
        data = _read(site_dir / RECORD) or {}
    acks = data.get("pengakuan_tulis_ulang")
    data["pengakuan_tulis_ulang"] = [
        {k: mask_personal(" ".join(str(v).split())[:500], own) for k, v in a.items() if k in ACK_FIELDS}
        for a in (acks if isinstance(acks, list) else [])[-_MAX_ACKS:]
        if isinstance(a, dict)
    ]
    return data


ACK_FIELDS = ("waktu", "dari", "ke", "alasan")


def _read(path: Path) -> dict[str, Any] | None:
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > _MAX:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
