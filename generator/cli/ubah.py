"""`jejak ubah`: the form editor's local mode, the form's Git backend on this computer.

For an office without a Git server (kantor.yaml `penyunting: {jenis: lokal}`): the form at the
portal's /ubah/ saves proposals as branches of this repository, committed as the chosen person
of the office record; the Kepala Bidang merges them here. See generator/portal/editor_server.py.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from generator.cli.common import add_repo_option, fail
from generator.history.form_backend import Identity, decap_server, log_file, start_decap
from generator.history.stream import GitError
from generator.history.worktree import FormWorktree, close_worktree, is_repository, open_worktree, uncommitted
from generator.portal.editor import GitHost
from generator.portal.editor_server import Guard, listen_address, serve
from generator.records.load import LoadError, load_file
from generator.records.model import Office, Person
from generator.records.workspace import OFFICE_FILE, find_root

GUIDE = "Panduan › Menyiapkan host Git › Mode lokal"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sebagai",
        metavar="ID",
        help="id orang di data kantor yang menyimpan usulan (nama dan surelnya menjadi identitas commit); "
        "ditanyakan bila tidak diberikan",
    )
    add_repo_option(parser)


def run(args: argparse.Namespace) -> int:
    root = find_root(args.repo)
    if not is_repository(root):
        return fail(f"{root} bukan repositori Git", "ambil repositori kantor dengan `git clone`, lalu ulangi")
    try:
        office = Office.from_loaded(load_file(root / OFFICE_FILE))
    except (LoadError, KeyError, TypeError, ValueError):
        return fail(
            "data kantor (records/kantor.yaml) tidak dapat dibaca", "jalankan `jejak validate` untuk rinciannya"
        )
    host = GitHost.of(office)
    if host is not None and host.kind != "lokal":
        return fail(
            f"data kantor memakai server Git ({host.kind}, {host.url}): formulir menyimpan ke sana, "
            "bukan ke komputer ini",
            f"untuk mode lokal ubah 'penyunting' di data kantor menjadi 'jenis: lokal' ({GUIDE})",
        )
    address = listen_address(host.url if host else None)
    if address is None:
        return fail(
            f"alamat penyunting '{host.url if host else ''}' bukan alamat komputer ini",
            "tulis 'alamat: http://127.0.0.1:8081/api/v1' atau hapus 'alamat' dari blok penyunting",
        )
    who = chosen_person(office, args.sebagai)
    if who is None:
        return 2
    changed = uncommitted(root)
    if changed:
        return refuse_dirty(changed)
    script = decap_server(root)
    if script is None:
        return fail("decap-server belum terpasang", "jalankan `make install` (memasang paket npm), lalu ulangi")
    return run_backend(root, host.branch if host else "main", who, address)


def refuse_dirty(changed: list[str]) -> int:
    shown = "\n".join(f"    {line}" for line in changed[:10]) + ("\n    …" if len(changed) > 10 else "")
    return fail(
        f"ada perubahan yang belum di-commit di repositori ini:\n{shown}\n"
        "  formulir hanya melihat yang sudah di-commit, dan Kepala Bidang menggabungkan usulan di sini",
        "usulkan perubahan itu dulu lewat cabang dan commit (" + GUIDE + "), "
        "atau simpan sementara dengan `git stash`; lalu jalankan lagi `jejak ubah`",
    )


def chosen_person(office: Office, wanted: str | None) -> Identity | None:
    """The person commits are made as: `--sebagai`, else asked at the terminal."""
    people = sorted((p for p in office.people.values() if p.emails), key=lambda p: p.name)
    if wanted is None:
        return ask_person(people)
    person = office.people.get(wanted)
    if person is None:
        listed = ", ".join(p.id for p in people)
        fail(f"'{wanted}' tidak ada di data kantor", f"pilih salah satu id: {listed}")
        return None
    if not person.emails:
        fail(
            f"{person.name} belum punya surel di data kantor; commit dan persetujuan dikenali dari surel",
            f"tambahkan 'surel' untuk '{person.id}' di data kantor (usulkan perubahannya), lalu ulangi",
        )
        return None
    return Identity(person.name, person.emails[0])


def ask_person(people: list[Person]) -> Identity | None:
    if not sys.stdin.isatty():
        fail("siapa yang menyimpan usulan? pilih dengan --sebagai", "id yang ada: " + ", ".join(p.id for p in people))
        return None
    for number, person in enumerate(people, 1):
        print(f"  {number}. {person.name} ({person.id})")
    answer = input(f"Usulan disimpan atas nama siapa (1-{len(people)})? ").strip()
    if not answer.isdigit() or not 1 <= int(answer) <= len(people):
        fail(f"pilihan '{answer}' tidak ada", f"jawab dengan angka 1 sampai {len(people)}, atau pakai --sebagai")
        return None
    person = people[int(answer) - 1]
    return Identity(person.name, person.emails[0])


def run_backend(root: Path, branch: str, who: Identity, address: tuple[str, int, str]) -> int:
    """Serve until Ctrl+C (or SIGTERM); the worktree and its branch are removed at the end."""
    host, port, path = address
    script = decap_server(root)
    assert script is not None
    try:
        tree = open_worktree(root, branch)
    except GitError as exc:
        return fail(str(exc), "hentikan `jejak ubah` yang lain bila ada, atau periksa repositori dengan `git status`")
    decap = None
    try:
        with open(log_file(tree), "ab") as log:
            decap, inner = start_decap(tree, who, script, log)
            guard = Guard(tree, inner, path, port, say)
            server = serve(guard)
            stopped: list[int] = []
            _on_signals(stopped.append)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            say(f"formulir lokal siap: http://{host}:{port}{path} (hanya dari komputer ini)")
            say(f"usulan disimpan atas nama: {who.name} <{who.email}>")
            say("buka /ubah/ di portal (alamat bawaan `make portal`: http://127.0.0.1:8000/ubah/)")
            say("Ctrl+C untuk berhenti")
            # Never wait for ever: Linux may hand Ctrl+C or SIGTERM to the server's thread, and Python runs
            # the handler only in this one, between two sleeps. A plain list, not an Event: Event.set
            # takes a lock that this thread, interrupted inside Event.wait, may be holding.
            while not stopped:
                time.sleep(0.5)
            server.shutdown()
            server.server_close()
            # a request still running holds the lock: let it finish before the worktree goes
            guard.lock.acquire(timeout=120)
    except OSError as exc:
        return fail(f"alamat {host}:{port} tidak dapat dipakai ({exc.strerror})", "hentikan `jejak ubah` yang lain")
    except GitError as exc:
        return fail(str(exc), f"rinciannya di {log_file(tree)}")
    finally:
        if decap is not None:
            decap.terminate()
            decap.wait(timeout=30)
        cleaned = _close(tree)
    say("formulir lokal berhenti")
    return 0 if cleaned else 1


def _close(tree: FormWorktree) -> bool:
    """Remove the form's worktree; a failure is said (the proposals themselves are branches, kept)."""
    try:
        close_worktree(tree)
    except GitError as exc:
        say(f"galat: salinan kerja formulir tidak dapat dihapus: {exc}")
        print("saran: jalankan `git worktree prune` di repositori ini, lalu `jejak ubah` lagi", flush=True)
        return False
    return True


def say(line: str) -> None:
    print(f"jejak ubah: {line}", flush=True)


def _on_signals(stop: Callable[[int], None]) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop(signum)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
