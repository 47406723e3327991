"""`jejak new`: start a new event file from the SOP, every step `belum`."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from generator.cli.common import add_repo_option, fail
from generator.clock import office_now
from generator.dates import date_range, long_date
from generator.derive import Calendar, proposed_plan
from generator.names import slug
from generator.records import template
from generator.records.labels import label
from generator.records.load import LoadError, load_file
from generator.records.model import Office, Sop
from generator.records.pasted import plain_punctuation
from generator.records.workspace import OFFICE_FILE, SOP_DIR, find_root, office_zone

CODE = re.compile(r"^\d{4}-[a-z0-9]+(-[a-z0-9]+)*$")
SOP_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("nama", help='nama kegiatan, misalnya "Pelatihan Las Listrik Angkatan I"')
    parser.add_argument("--kode", help="kode kegiatan (bawaan: tahun + nama disingkat, misalnya 2026-las-listrik-1)")
    parser.add_argument("--mulai", type=_day, help="tanggal mulai pelatihan, TTTT-BB-HH (menentukan tahun kegiatan)")
    parser.add_argument(
        "--selesai", type=_day, help="tanggal selesai pelatihan, TTTT-BB-HH (bawaan: sama dengan --mulai)"
    )
    parser.add_argument(
        "--tahun", type=int, default=None, help="tahun kegiatan (bawaan: tahun --mulai, atau tahun ini)"
    )
    parser.add_argument(
        "--sop", default=None, help="id SOP (nama berkas di schema/sop/); ditanyakan bila ada lebih dari satu SOP"
    )
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    root = find_root(args.repo)
    name = " ".join(plain_punctuation(args.nama).split())
    if not name or len(name) > 200 or not name.isprintable():
        return fail("nama kegiatan harus diisi, berupa teks biasa, paling banyak 200 karakter", code=2)
    if args.tahun is None:
        args.tahun = args.mulai.year if args.mulai else office_now(office_zone(root)).year
    elif args.mulai and args.mulai.year != args.tahun:
        return fail(f"--tahun {args.tahun} berbeda dengan tahun --mulai ({args.mulai.year})", "hapus --tahun", code=2)
    if not 2000 <= args.tahun <= 2099:
        return fail(f"tahun {args.tahun} tidak sah", "tulis tahun empat angka, misalnya --tahun 2026", code=2)
    chosen = args.sop or choose_sop(root)
    if chosen is None:
        return 2
    if not SOP_ID.fullmatch(chosen):
        return fail(f"id SOP '{chosen}' tidak sah", "id SOP adalah nama berkas di schema/sop/ tanpa .yaml", code=2)
    code = args.kode or f"{args.tahun}-{slug(name, skip=('pelatihan',), words=4, fallback='kegiatan')}"
    if not CODE.fullmatch(code) or not code.startswith(f"{args.tahun}-"):
        return fail(
            f"kode '{code}' tidak sah",
            f"kode diawali tahun lalu huruf kecil/angka dipisah '-', misalnya {args.tahun}-menjahit-1",
            code=2,
        )
    try:
        sop = Sop.from_loaded(load_file(root / SOP_DIR / f"{chosen}.yaml"))
    except (LoadError, KeyError, TypeError):
        return fail(
            f"SOP '{chosen}' tidak ditemukan atau tidak sah", "jalankan `jejak validate` untuk rinciannya", code=2
        )
    target = root / "records" / str(args.tahun) / f"{code}.yaml"
    if target.exists():
        return fail(f"{target.relative_to(root)} sudah ada; berkas tidak ditimpa", "pakai --kode lain", code=2)
    schedule = (args.mulai, args.selesai or args.mulai)
    if schedule[0] and schedule[1] and schedule[1] < schedule[0]:
        return fail(f"--selesai {schedule[1]} lebih awal dari --mulai {schedule[0]}", "periksa urutan tanggal", code=2)
    plan = plan_for(root, sop, schedule)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(skeleton(code, name, sop, schedule, plan))
    print(f"dibuat: {target.relative_to(root)}")
    if plan:
        print(f"rencana: diusulkan untuk setiap langkah dari jadwal dan waktu baku SOP ({_plan_span(plan)});")
        print("  ini usulan: sesuaikan tanggal 'rencana' bila perlu")
    _warn_if_past(root, schedule[1])
    print(
        "langkah berikutnya: ganti setiap 'ISI: …'"
        + ("" if args.mulai else " dan 'TTTT-BB-HH'")
        + f", isi langkah {sop.steps[0].no}, lalu jalankan `jejak validate`"
    )
    return 0


def _warn_if_past(root: Path, end: date | None) -> None:
    """A training that ended before today (office time) is most often a mistyped year: said at
    once, since every step of such an event is late from the start."""
    if end is None:
        return
    today = office_now(office_zone(root)).date()
    if end < today:
        print(
            f"peringatan: jadwal pelatihan ini sudah lewat (selesai {long_date(end)}, hari ini {long_date(today)});"
            "\n  bila tahunnya salah, hapus berkas ini lalu buat lagi dengan --mulai yang benar"
        )


def plan_for(root: Path, sop: Sop, schedule: tuple[date | None, date | None]) -> dict[int, date]:
    """The proposed `rencana` of every step, from the schedule; none without one (or without a
    readable office record: `jejak validate` then says what is wrong with it)."""
    start, end = schedule
    if start is None or end is None:
        return {}
    try:
        office = Office.from_loaded(load_file(root / OFFICE_FILE))
        calendar = Calendar.of(office)
        return proposed_plan(sop, calendar, start, end, office_now(office.zone).date())
    except (LoadError, KeyError, TypeError, ValueError):
        return {}


def _plan_span(plan: dict[int, date]) -> str:
    days = sorted(plan.values())
    return date_range(days[0], days[-1])


def choose_sop(root: Path) -> str | None:
    """The only SOP, or the one the person picks at the terminal; None (with the reason) otherwise."""
    ids = sorted(p.stem for p in (root / SOP_DIR).glob("*.yaml"))
    if len(ids) == 1:
        return ids[0]
    if not ids:
        fail("tidak ada SOP di schema/sop/", "tambahkan berkas SOP lebih dahulu")
        return None
    if not sys.stdin.isatty():
        fail(f"ada {len(ids)} SOP; pilih salah satu dengan --sop", "SOP yang ada: " + ", ".join(ids))
        return None
    for number, sop_id in enumerate(ids, 1):
        print(f"  {number}. {sop_id}")
    answer = input(f"Kegiatan ini mengikuti SOP nomor berapa (1-{len(ids)})? ").strip()
    if not answer.isdigit() or not 1 <= int(answer) <= len(ids):
        fail(f"pilihan '{answer}' tidak ada", f"jawab dengan angka 1 sampai {len(ids)}, atau pakai --sop")
        return None
    return ids[int(answer) - 1]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan tanggal TTTT-BB-HH, misalnya 2026-11-25") from None


def _event_line(key: str, node: Mapping[str, Any], schedule: tuple[date | None, date | None]) -> str:
    """One event field of a new record: the schedule, an empty list, or what to write there."""
    if key == "jadwal":
        return f"jadwal: {{mulai: {schedule[0] or template.DATE}, selesai: {schedule[1] or template.DATE}}}"
    if node.get("type") == "array":
        return f"{key}: []"
    wanted = template.placeholder(label(key, node), node).replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}: "{wanted}"'


def skeleton(
    code: str, name: str, sop: Sop, schedule: tuple[date | None, date | None], plan: dict[int, date] | None = None
) -> str:
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    lines = [
        "# yaml-language-server: $schema=../../schema/kegiatan.schema.json",
        f"kode: {code}",
        f"sop: {sop.id}",
        f'nama: "{quoted}"',
        *(_event_line(key, node, schedule) for key, node in sop.event_fields.items()),
        "langkah:",
    ]
    if "jadwal" not in sop.event_fields:
        lines.insert(-1, _event_line("jadwal", {}, schedule))
    for step in sop.steps:
        lines += [f"  - no: {step.no}  # {step.activity}", "    status: belum"]
        if plan and step.no in plan:
            lines.append(f"    rencana: {plan[step.no].isoformat()}")
    return "\n".join(lines) + "\n"
