"""`jejak status`: every event, its current step, who acts next, and how late it is."""

from __future__ import annotations

import argparse

from generator.cli.common import add_repo_option
from generator.cli.main import moment_argument
from generator.derive import event_status, next_actors
from generator.problem import format_text
from generator.records.workspace import find_root, load_workspace


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pada",
        type=moment_argument,
        default=None,
        metavar="TTTT-BB-HH",
        help="hitung status pada tanggal ini (bawaan: sekarang)",
    )
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    workspace = load_workspace(find_root(args.repo), now=args.pada)
    now = workspace.now  # office time (`zona_waktu`), whatever the machine's zone
    if workspace.office is None:
        print(format_text(workspace.problems))
        return 1
    calendar = workspace.calendar
    for event in sorted(workspace.events, key=lambda e: e.code):
        sop = workspace.sops[event.sop]
        status = event_status(event, sop, calendar, now)
        print(f"{event.code}  {event.name}")
        if status.current is None:
            print("  selesai: semua langkah SOP telah dikerjakan")
            continue
        step = sop.step(status.current)
        who = ", ".join(next_actors(event, sop, workspace.office, step.no, now.date()))
        print(f"  langkah {step.no}/{len(sop.steps)}: {step.activity}")
        print(f"  giliran: {who}")
        late = f"terlambat {calendar.describe(status.late, status.working)}" if status.late else status.label.lower()
        print(f"  status: {late} (waktu baku {step.duration.label})")
    errors = sum(p.is_error for p in workspace.problems)
    if errors:
        print(f"\n{errors} galat di catatan; jalankan `jejak validate` untuk rinciannya")
    return 0
