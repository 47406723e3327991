"""The `jejak` command line: parse arguments, call one stage, turn errors into exit codes.

Each command lives in its own module exposing `configure(parser)` and `run(args) -> int`;
this file only lists them. Exit codes: 0 fine, 1 problems found, 2 usage errors.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from collections.abc import Sequence
from datetime import datetime

from generator.cli.common import fail
from generator.records.workspace import NotARepository

# (command, module, one-line help in Indonesian)
COMMANDS = [
    ("validate", "generator.cli.validate", "periksa catatan kegiatan terhadap skema dan SOP"),
    ("new", "generator.cli.new", "buat berkas kegiatan baru dari SOP"),
    ("status", "generator.cli.status", "tampilkan posisi setiap kegiatan dan keterlambatannya"),
    ("dokumen", "generator.cli.dokumen", "buat surat dan laporan kegiatan (HTML siap cetak, PDF dengan --pdf)"),
    ("build", "generator.cli.build", "bangun portal (situs statis) dari catatan"),
    ("serve", "generator.cli.serve", "tampilkan pratinjau portal dengan muat ulang otomatis"),
    ("diff", "generator.cli.diff", "uraikan perubahan catatan antara dua cabang (ringkasan tinjauan)"),
    ("audit", "generator.cli.audit", "periksa siapa mengusulkan dan menyetujui setiap perubahan catatan"),
    (
        "ubah",
        "generator.cli.ubah",
        "jalankan server Git formulir /ubah/ di komputer ini (mode lokal)",
    ),
    ("demo", "generator.cli.demo", "buat repositori peragaan dengan riwayat persetujuan, lalu bangun portalnya"),
]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "penggunaan: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, speaking Indonesian for the messages a user sees."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        message = (
            message.replace("the following arguments are required", "argumen berikut wajib diisi")
            .replace("unrecognized arguments", "argumen tidak dikenal")
            .replace("invalid choice", "pilihan tidak sah")
            .replace("choose from", "pilih dari")
            .replace("expected one argument", "membutuhkan satu nilai")
            .replace("argument", "argumen")
        )
        self.exit(2, f"{self.prog}: galat: {message}\n")


OS_ERRORS = {
    errno.EEXIST: "sudah ada dan bukan folder",
    errno.ENOTDIR: "bukan folder",
    errno.EISDIR: "adalah folder",
    errno.ENOENT: "tidak ditemukan",
    errno.EACCES: "tidak ada izin",
    errno.EPERM: "tidak ada izin",
    errno.ENOSPC: "disk penuh",
    errno.EROFS: "hanya dapat dibaca",
}


def moment_argument(text: str) -> datetime:
    """`--pada 2026-12-01` (or `2026-12-01T09:00`): the moment status and lateness are computed for."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan tanggal TTTT-BB-HH") from None
    if not 2000 <= moment.year <= 2099:
        raise argparse.ArgumentTypeError(f"tahun {moment.year} di luar rentang 2000–2099")
    return moment


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (some import heavy libraries)."""
    parser = _Parser(
        prog="jejak", description="Jejak: portal SOP Penyelenggaraan Pelatihan BLK Kota Pagar Alam.", add_help=False
    )
    _help(parser)
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", title="perintah", parser_class=_Parser)
    for name, module, summary in COMMANDS:
        command = sub.add_parser(name, help=summary, description=summary, add_help=False)
        _help(command)
        if name == chosen:
            loaded = importlib.import_module(module)
            loaded.configure(command)
            command.set_defaults(run=loaded.run)
    return parser


def command_parser(name: str) -> argparse.ArgumentParser:
    """The configured parser of one command, as `jejak NAME -h` shows it (the command guide is made from it)."""
    parser = build_parser(name)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices[name]


def _help(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "argumen"
    parser._optionals.title = "pilihan"
    parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(chosen)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except NotARepository as exc:
        return fail(str(exc), "jalankan perintah dari dalam folder repositori Jejak", code=2)
    except OSError as exc:  # a folder or file the command was told to use is not usable
        what = OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
        return fail(
            f"{exc.filename or 'berkas'}: {what}", "periksa jalur yang diberikan (folder keluaran, folder repositori)"
        )
    except KeyboardInterrupt:
        print("jejak: dibatalkan", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
