"""The preview after a saved record (issue 22): only the pages the record touches are made again,
and they are exactly what a full build of the saved repository makes at the same moment. Any
other change (the office record, a new or renamed record, a record with an error) builds all."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import NOW, put, signal_other_thread, start_serve

from generator.portal.portal_build import PortalBuild
from generator.portal.preview_after import FORK, Afterwards, Item
from generator.portal.preview_build import Incremental

RECORD = "records/2027/2027-tata-rias-1.yaml"
CODE = "2027-tata-rias-1"
SERVE_URL = "http://127.0.0.1:8000/"


class Preview:
    """A full build as `jejak serve` makes it (serving, letters written after), at a fixed moment."""

    def __init__(self, root: Path, site: Path, now: datetime):
        from mkdocs.config import load_config

        self.root, self.site, self.now = root, site, now
        self.config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = self.config.plugins["jejak"]
        self.incremental = Incremental(self.plugin, clock=lambda zone: now)

    def full(self) -> None:
        from mkdocs.commands.build import build

        self.plugin.prepare(PortalBuild(now=self.now))
        build(self.config, serve_url=SERVE_URL)
        self.incremental.built()
        self.incremental.wait()

    def close(self) -> None:
        self.incremental.finish()
        self.config.plugins.on_shutdown()


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[Preview]:
    shown = Preview(project, tmp_path / "pratinjau", NOW)
    shown.full()
    yield shown
    shown.close()


def _full_build_of(root: Path, tmp_path: Path) -> Path:
    again = tmp_path / "salinan"
    shutil.copytree(root, again, ignore=shutil.ignore_patterns("site*"))
    other = Preview(again, tmp_path / "penuh", NOW)
    try:
        other.full()
    finally:
        other.close()
    return tmp_path / "penuh"


def _search(site: Path) -> set[tuple[str, str, str]]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {(d["location"], d["title"], d["text"]) for d in docs}


def test_a_saved_record_rebuilds_its_pages_as_a_full_build_would(preview: Preview, tmp_path: Path):
    record = preview.root / RECORD
    put(
        preview.root,
        RECORD,
        "nama: Pelatihan Tata Rias Wajah Angkatan I",
        "nama: Pelatihan Tata Rias Pengantin Angkatan I",
    )
    put(
        preview.root,
        RECORD,
        "    status: berjalan\n    rencana: 2026-11-25\n    mulai: 2026-11-27 08:00\n",
        "    status: selesai\n    rencana: 2026-11-25\n    mulai: 2026-11-27 08:00\n    selesai: 2026-11-27 15:00\n",
    )
    untouched = (preview.site / "kegiatan" / "2026-barista-1" / "index.html").stat().st_mtime_ns
    assert preview.incremental.rebuild([record]) is True
    preview.incremental.wait()
    full = _full_build_of(preview.root, tmp_path)
    pages = [
        f"kegiatan/{CODE}/index.html",
        "index.html",
        "rekap/index.html",
        "rekap/2027/index.html",
        "sop/index.html",
        "sop/penyelenggaraan-pelatihan/index.html",
    ]
    pages += [p.relative_to(full).as_posix() for p in (full / "kegiatan" / CODE / "dokumen").glob("*.html")]
    assert len(pages) > 6  # step 1 done: its letters are made
    for page in pages:
        assert (preview.site / page).read_text(encoding="utf-8") == (full / page).read_text(encoding="utf-8"), page
    event = (preview.site / f"kegiatan/{CODE}/index.html").read_text(encoding="utf-8")
    assert "Pelatihan Tata Rias Pengantin Angkatan I" in event
    # The event's own entries are new; the dashboard's and the recaps' stay as the last full build
    # made them (indexing a thousand rows again would cost more than the rest of the save).
    mine = {e for e in _search(preview.site) if e[0].startswith(f"kegiatan/{CODE}/")}
    assert mine == {e for e in _search(full) if e[0].startswith(f"kegiatan/{CODE}/")}
    assert any("Pengantin" in title for _, title, _ in mine)
    assert (preview.site / "kegiatan" / "2026-barista-1" / "index.html").stat().st_mtime_ns == untouched
    letters = {p.relative_to(full).as_posix() for p in full.glob("kegiatan/*/dokumen/*.html")}
    assert letters == {p.relative_to(preview.site).as_posix() for p in preview.site.glob("kegiatan/*/dokumen/*.html")}


def test_a_save_stops_the_work_after_at_once_and_it_is_finished_later(preview: Preview):
    """The letters of a full build are written after it, by a copy of the process; a save kills
    that copy at once, plans its own pages and letters first, and everything is written in the end."""
    record = preview.root / RECORD
    expected = {p.relative_to(preview.site).as_posix() for p in preview.site.glob("kegiatan/*/dokumen/*.html")}
    assert len({p.split("/")[1] for p in expected}) == 4
    after = preview.incremental.after
    for turn in range(3):
        after.stop()
        after.todo = [("letters", e.code) for e in preview.plugin.build.checked.events]
        for letter in preview.site.glob("kegiatan/*/dokumen/*.html"):
            letter.unlink()
        preview.incremental._start()
        put(preview.root, RECORD, "kuota: 16" if turn == 0 else f"kuota: {15 + turn}", f"kuota: {16 + turn}")
        assert preview.incremental.rebuild([record]) is True
        letters = [what for kind, what in after.todo if kind == "letters"]
        assert letters[0] == CODE and len(letters) >= 1
        assert after.todo[0] == ("page", ("sop", ""))  # the save's own pages before anything older
    preview.incremental.wait()
    assert after.todo == []
    assert {p.relative_to(preview.site).as_posix() for p in preview.site.glob("kegiatan/*/dokumen/*.html")} == expected


@pytest.mark.parametrize(
    "change",
    ["office record", "new record", "renamed code", "record with an error", "deleted record", "guide"],
)
def test_anything_but_a_saved_event_record_needs_a_full_build(preview: Preview, change: str):
    root = preview.root
    if change == "office record":
        paths = [root / "records" / "kantor.yaml"]
        put(root, "records/kantor.yaml", "nama: Bidang", "# ubah\nnama: Bidang")
    elif change == "new record":
        paths = [root / "records" / "2027" / "2027-tata-rias-2.yaml"]
        paths[0].write_text((root / RECORD).read_text(encoding="utf-8").replace(CODE, "2027-tata-rias-2"))
    elif change == "renamed code":
        paths = [root / RECORD]
        put(root, RECORD, f"kode: {CODE}", "kode: 2027-tata-rias-9")
    elif change == "record with an error":
        paths = [root / RECORD]
        put(root, RECORD, "kuota: 16", "kuota: enam belas")
    elif change == "deleted record":
        paths = [root / RECORD]
        paths[0].unlink()
    else:
        paths = [root / "docs" / "panduan" / "memulai.md"]
        put(root, "docs/panduan/memulai.md", "# ", "# Baru: ")
    before = (preview.site / "index.html").read_text(encoding="utf-8")
    assert preview.incremental.rebuild(paths) is False
    assert (preview.site / "index.html").read_text(encoding="utf-8") == before  # nothing half done


def test_a_record_taking_a_letter_number_already_used_is_left_to_the_full_build(preview: Preview):
    """The checks across records still hold: a number another event uses (written differently)
    makes the save a full build, which shows the error; a fresh number is a quick save."""
    barista = "records/2026/2026-barista-1.yaml"
    put(preview.root, barista, "nomor: 500.15.4/215/BLK/2026", "nomor: 500.15.4/315/BLK/2026")
    assert preview.incremental.rebuild([preview.root / barista]) is True
    put(preview.root, barista, "nomor: 500.15.4/315/BLK/2026", "nomor: 500.15.4 / 21 / blk / 2024")
    assert preview.incremental.rebuild([preview.root / barista]) is False  # 500.15.4/021/BLK/2024 of menjahit
    put(preview.root, barista, "nomor: 500.15.4 / 21 / blk / 2024", "nomor: 500.15.4/316/BLK/2026")
    assert preview.incremental.rebuild([preview.root / barista]) is True  # the count of the refused save is undone


def test_the_preview_reads_the_audit_once_per_commit(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A full rebuild of the preview (a template or the office record changed) reuses the audit
    while Git's history, the office record and the SOPs are unchanged; a new commit reads it again."""

    from generator.portal import generate

    def git(*args: str) -> None:
        env = {"GIT_AUTHOR_NAME": "Dedi", "GIT_AUTHOR_EMAIL": "d@pagaralam.example", "PATH": "/usr/bin:/bin"}
        env |= {"GIT_COMMITTER_NAME": "Dedi", "GIT_COMMITTER_EMAIL": "d@pagaralam.example", "HOME": str(tmp_path)}
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "Awal")
    reads: list[int] = []
    original = generate.AuditPages.build
    monkeypatch.setattr(generate.AuditPages, "build", lambda *a, **k: (reads.append(1), original(*a, **k))[1])
    shown = Preview(project, tmp_path / "pratinjau", NOW)
    try:
        shown.full()
        put(project, "site_templates/portal/event.md.j2", "## Identitas", "## Identitas kegiatan")
        shown.full()
        assert len(reads) == 1
        put(project, "records/kantor.yaml", "nama: Bidang", "# ubah\nnama: Bidang")
        shown.full()
        assert len(reads) == 2  # the office record decides who approves
        git("commit", "-q", "-am", "Data kantor")
        shown.full()
        assert len(reads) == 3
        event = (shown.site / "kegiatan" / CODE / "index.html").read_text(encoding="utf-8")
        assert "Identitas kegiatan" in event
        assert "Data kantor" in (shown.site / "audit" / "index.html").read_text(encoding="utf-8")
    finally:
        shown.close()


def test_the_copy_working_after_a_save_holds_no_listening_socket(tmp_path: Path):
    """The portal's and the editor's sockets are closed in the copy: a preview stopped while the
    copy still writes letters leaves both ports free (jejak serve, then jejak serve again)."""
    assert FORK  # Linux: the work after a save is a copy of the process
    portal, editor = socket.create_server(("127.0.0.1", 0)), socket.create_server(("127.0.0.1", 0))
    seen = tmp_path / "seen.json"
    after = Afterwards()
    after.not_inherited = [portal.fileno(), editor.fileno()]
    after.plan([("letters", "a")])

    def run(item: Item) -> None:
        def is_open(descriptor: int) -> bool:
            try:
                os.fstat(descriptor)
            except OSError:
                return False
            return True

        seen.write_text(json.dumps([is_open(portal.fileno()), is_open(editor.fileno())]), encoding="utf-8")

    try:
        after.start(run)
        after.wait()
        assert json.loads(seen.read_text(encoding="utf-8")) == [False, False]
        assert after.todo == []
        portal.getsockname()  # the preview's own sockets stay open
        editor.getsockname()
    finally:
        portal.close()
        editor.close()


def test_the_copy_stops_when_the_preview_is_killed(tmp_path: Path):
    """A preview killed outright (no Ctrl+C, no SIGTERM handler) leaves no copy writing letters on."""
    marks = tmp_path / "marks"
    marks.mkdir()

    def killed_preview() -> None:  # a process of its own, like `jejak serve`
        after = Afterwards()
        after.plan([("letters", str(i)) for i in range(200)])

        def run(item: Item) -> None:
            time.sleep(0.1)
            (marks / str(item[1])).touch()

        after.start(run)
        time.sleep(0.5)
        os._exit(0)  # as SIGKILL: no finally, no stop()

    preview = multiprocessing.get_context("fork").Process(target=killed_preview)
    preview.start()
    preview.join()
    time.sleep(3)
    stopped_at = len(list(marks.iterdir()))
    time.sleep(2)
    assert len(list(marks.iterdir())) == stopped_at < 200


def test_the_pages_open_in_a_browser_are_made_before_the_reload_the_others_after(preview: Preview, tmp_path: Path):
    """The saved event's page and the other pages a browser shows are written before the reload;
    the dashboard, when no browser shows it, after (issue 22), and the end is a full build's."""
    put(
        preview.root,
        RECORD,
        "nama: Pelatihan Tata Rias Wajah Angkatan I",
        "nama: Pelatihan Tata Rias Pengantin Angkatan I",
    )
    incremental = preview.incremental
    assert incremental.rebuild([preview.root / RECORD], shown={f"kegiatan/{CODE}/", "rekap/2027/", "panduan/"})
    assert incremental.pages is not None and incremental.pages.shown == [("rekap", "2027")]
    pages = [what for kind, what in incremental.after.todo if kind == "page"]
    assert pages[0] == ("beranda", "") and ("rekap", "2027") not in pages
    for page in (f"kegiatan/{CODE}/index.html", "rekap/2027/index.html"):  # written before rebuild() returned
        assert "Pelatihan Tata Rias Pengantin Angkatan I" in (preview.site / page).read_text(encoding="utf-8")
    incremental.wait()
    full = _full_build_of(preview.root, tmp_path)
    for page in (f"kegiatan/{CODE}/index.html", "index.html", "rekap/2027/index.html", "rekap/index.html"):
        assert (preview.site / page).read_text(encoding="utf-8") == (full / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize("aim", ["a thread", "the process, again and again"])
def test_ctrl_c_or_sigterm_ends_the_preview_cleanly(project: Path, tmp_path: Path, aim: str):
    """`jejak serve` stops on Ctrl+C or SIGTERM whichever of its threads Linux hands it to, and
    however often it comes: no traceback, its temporary site removed. A KeyboardInterrupt raised
    inside MkDocs' wait for changes once ended it in `RuntimeError: cannot release un-acquired lock`."""
    temporary, log = tmp_path / "tmp", tmp_path / "serve.log"
    temporary.mkdir()
    proc, _ = start_serve(project, temporary, log)
    try:
        deadline = time.monotonic() + 90
        while "Portal tersaji" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        if aim == "a thread":
            signal_other_thread(proc.pid, signal.SIGINT)
        else:
            for number in [signal.SIGINT, signal.SIGTERM] * 10:  # Ctrl+C again and again, a service manager
                if proc.poll() is None:
                    proc.send_signal(number)
                time.sleep(0.02)
        proc.wait(timeout=60)
    finally:
        proc.kill()
    said = log.read_text(encoding="utf-8")
    assert "Traceback" not in said and "dibatalkan" not in said, said  # the clean-up ran to its end
    assert "Menghentikan pratinjau" in said
    assert list(temporary.glob("jejak-pratinjau-*")) == []
    # A signal that arrives while Python itself is exiting, after the clean-up, ends it by the
    # signal's default action (CPython restores it then): the exit status says so, nothing is lost.
    assert proc.returncode == 0 or (aim != "a thread" and proc.returncode in (-signal.SIGINT, -signal.SIGTERM))
