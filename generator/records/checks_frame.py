"""What every record has, checked before its steps: its code agrees with its file, folder and
schedule, the schedule runs forward, and there is exactly one block per SOP step, in order."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.dates import long_date
from generator.records.model import Event, Sop

if TYPE_CHECKING:
    from generator.records.checks import Report


def check_frame(event: Event, report: Report) -> None:
    """What every record has: its code agrees with its file, folder and schedule, which runs forward."""
    src = event.source
    stem = event.source.path.stem
    if event.code != stem:
        report.add(
            src.where("kode"),
            f"kode '{event.code}' berbeda dengan nama berkas '{stem}.yaml'",
            f"samakan keduanya: ganti kode menjadi '{stem}' atau ganti nama berkas menjadi '{event.code}.yaml'",
            code="kode-berkas",
        )
    folder = event.source.path.parent.name
    if re.fullmatch("[0-9]{4}", folder) and folder != event.code[:4]:
        report.add(
            src.where("kode"),
            f"kegiatan tahun {event.code[:4]} disimpan di folder records/{folder}/",
            f"pindahkan berkas ke records/{event.code[:4]}/ (kode kegiatan diawali tahunnya)",
            code="kode-folder",
        )
    if str(event.start.year) != event.code[:4]:
        report.add(
            src.where("jadwal", "mulai"),
            f"jadwal mulai ({long_date(event.start)}) tidak di tahun kode kegiatan ({event.code[:4]})",
            f"kode, nama berkas dan folder mengikuti tahun pelatihan: ganti kode menjadi "
            f"'{event.start.year}{event.code[4:]}' dan pindahkan berkas ke records/{event.start.year}/",
            code="kode-tahun",
        )
    if event.end < event.start:
        report.add(
            src.where("jadwal", "selesai"),
            f"jadwal selesai ({long_date(event.end)}) lebih awal dari jadwal mulai ({long_date(event.start)})",
            "periksa urutan tanggal pada 'jadwal'",
            code="jadwal-terbalik",
        )


def check_step_numbers(event: Event, sop: Sop, report: Report) -> bool:
    """Exactly one block per SOP step, in order. True when the steps can be checked further."""
    total = len(sop.steps)
    seen: dict[int, int] = {}
    ok = True
    for index, step in enumerate(event.steps):
        if step.no > total:
            report.add(
                step.source.where("no"),
                f"langkah {step.no} tidak ada di SOP '{sop.identity['nama']}' ({total} langkah)",
                "hapus blok ini atau perbaiki nomornya",
                code="langkah-asing",
            )
            ok = False
        elif step.no in seen:
            report.add(
                step.source.where("no"),
                f"langkah {step.no} ditulis dua kali",
                "hapus salah satu blok langkah ini",
                code="langkah-ganda",
            )
            ok = False
        seen.setdefault(step.no, index)
    missing = [n for n in range(1, total + 1) if n not in seen]
    for no in missing:
        report.add(
            event.source.where("langkah", key=True),
            f"langkah {no} ('{sop.step(no).activity}') tidak ada",
            f"tambahkan blok `- no: {no}` dengan `status: belum` di tempatnya",
            code="langkah-hilang",
        )
    if ok and not missing and [s.no for s in event.steps] != list(range(1, total + 1)):
        first = next(s for i, s in enumerate(event.steps) if s.no != i + 1)
        report.add(
            first.source.where("no"),
            f"urutan langkah tidak sesuai SOP: langkah {first.no} ada di tempat langkah {event.steps.index(first) + 1}",
            f"urutkan blok langkah dari 1 sampai {total}",
            code="langkah-urutan",
        )
        ok = False
    return ok and not missing
