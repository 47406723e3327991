"""`jejak new`: start a new event file from the SOP, every step `belum`."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

from generator.records.load import LoadError, load_file
from generator.records.model import Sop
from generator.records.workspace import SOP_DIR, find_root

CODE = re.compile(r"^\d{4}-[a-z0-9]+(-[a-z0-9]+)*$")
SOP_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("nama", help='nama kegiatan, misalnya "Pelatihan Las Listrik Angkatan I"')
    parser.add_argument("--kode", help="kode kegiatan (bawaan: tahun + nama disingkat, misalnya 2026-las-listrik-1)")
    parser.add_argument("--tahun", type=int, default=date.today().year, help="tahun kegiatan (bawaan: tahun ini)")
    parser.add_argument(
        "--sop", default=None, help="id SOP (nama berkas di schema/sop/); ditanyakan bila ada lebih dari satu SOP"
    )
    parser.add_argument("--repo", type=Path, default=None, help="folder repositori Jejak (bawaan: folder kerja)")


def run(args: argparse.Namespace) -> int:
    root = find_root(args.repo)
    name = " ".join(args.nama.split())
    if not name or len(name) > 200 or not name.isprintable():
        return _fail("nama kegiatan harus diisi, berupa teks biasa, paling banyak 200 karakter")
    if not 2000 <= args.tahun <= 2099:
        return _fail(f"tahun {args.tahun} tidak sah", "tulis tahun empat angka, misalnya --tahun 2026")
    chosen = args.sop or choose_sop(root)
    if chosen is None:
        return 2
    if not SOP_ID.fullmatch(chosen):
        return _fail(f"id SOP '{chosen}' tidak sah", "id SOP adalah nama berkas di schema/sop/ tanpa .yaml")
    code = args.kode or f"{args.tahun}-{slug(name)}"
    if not CODE.fullmatch(code) or not code.startswith(f"{args.tahun}-"):
        return _fail(
            f"kode '{code}' tidak sah",
            f"kode diawali tahun lalu huruf kecil/angka dipisah '-', misalnya {args.tahun}-menjahit-1",
        )
    try:
        sop = Sop.from_loaded(load_file(root / SOP_DIR / f"{chosen}.yaml"))
    except (LoadError, KeyError, TypeError):
        return _fail(f"SOP '{chosen}' tidak ditemukan atau tidak sah", "jalankan `jejak validate` untuk rinciannya")
    target = root / "records" / str(args.tahun) / f"{code}.yaml"
    if target.exists():
        return _fail(f"{target.relative_to(root)} sudah ada; berkas tidak ditimpa", "pakai --kode lain")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(skeleton(code, name, sop, args.tahun))
    print(f"dibuat: {target.relative_to(root)}")
    print(f"langkah berikutnya: isi jadwal dan langkah {sop.steps[0].no}, lalu jalankan `jejak validate`")
    return 0


def choose_sop(root: Path) -> str | None:
    """The only SOP, or the one the person picks at the terminal; None (with the reason) otherwise."""
    ids = sorted(p.stem for p in (root / SOP_DIR).glob("*.yaml"))
    if len(ids) == 1:
        return ids[0]
    if not ids:
        _fail("tidak ada SOP di schema/sop/", "tambahkan berkas SOP lebih dahulu")
        return None
    if not sys.stdin.isatty():
        _fail(f"ada {len(ids)} SOP; pilih salah satu dengan --sop", "SOP yang ada: " + ", ".join(ids))
        return None
    for number, sop_id in enumerate(ids, 1):
        print(f"  {number}. {sop_id}")
    answer = input(f"Kegiatan ini mengikuti SOP nomor berapa (1-{len(ids)})? ").strip()
    if not answer.isdigit() or not 1 <= int(answer) <= len(ids):
        _fail(f"pilihan '{answer}' tidak ada", f"jawab dengan angka 1 sampai {len(ids)}, atau pakai --sop")
        return None
    return ids[int(answer) - 1]


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_name) if w and w != "pelatihan"]
    return "-".join(words[:4]) or "kegiatan"


def skeleton(code: str, name: str, sop: Sop, year: int) -> str:
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    lines = [
        "# yaml-language-server: $schema=../../schema/kegiatan.schema.json",
        f"kode: {code}",
        f"sop: {sop.id}",
        f'nama: "{quoted}"',
        f"jadwal: {{mulai: {year}-01-01, selesai: {year}-01-01}}  # ganti dengan tanggal pelatihan",
        "panitia: []",
        "peserta: []",
        "langkah:",
    ]
    for step in sop.steps:
        lines += [f"  - no: {step.no}  # {step.activity}", "    status: belum"]
    return "\n".join(lines) + "\n"


def _fail(message: str, hint: str | None = None) -> int:
    print(f"jejak: galat: {message}", file=sys.stderr)
    if hint:
        print(f"  saran: {hint}", file=sys.stderr)
    return 2
