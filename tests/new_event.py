"""The test event the developers had not seen (issue 23): a fictional record under
tests/kegiatan_baru/ of three weeks over two national holidays (17 and 25 August 2026), 40
participants from 6 regions, its letters signed by a Plh. Kepala Dinas and its report known by a
Plh. Kepala Bidang. Those two acting terms are added to a copy of the office record here."""

from __future__ import annotations

import shutil
from pathlib import Path

FOLDER = Path(__file__).parent / "kegiatan_baru"
CODE = "2026-operator-komputer-2"
RECORD = f"records/2026/{CODE}.yaml"
# (a term of the office record, the acting term added after it)
ACTING = (
    (
        "      - {jabatan: sekretaris, mulai: 2020-02-03}\n",
        "      - {jabatan: kepala_dinas, sebagai: Plh., mulai: 2026-07-13, sampai: 2026-07-14}\n",
    ),
    (
        "      - {jabatan: staf, mulai: 2014-02-01}\n",
        "      - {jabatan: kepala_bidang, sebagai: Plh., mulai: 2026-08-31, sampai: 2026-09-04}\n",
    ),
)


def with_acting_officials(project: Path) -> Path:
    """The project's office record with a Plh. Kepala Dinas (13-14 July 2026, Hj. Nurhayati) and a
    Plh. Kepala Bidang (31 August - 4 September 2026, Sri Lestari)."""
    office = project / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    for after, added in ACTING:
        assert text.count(after) == 1, after
        text = text.replace(after, after + added)
    office.write_text(text, encoding="utf-8")
    return project


def with_new_event(project: Path) -> Path:
    shutil.copytree(FOLDER, project, dirs_exist_ok=True)
    return with_acting_officials(project)
