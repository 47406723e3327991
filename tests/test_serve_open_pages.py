"""`jejak serve` knows which pages a browser shows (issue 22): the live reload's requests name
their page, so a save writes those at once and leaves the others for after the reload. Material's
files, whose names carry their content's digest, are kept by the browser across reloads. And
the watched files are looked at without following a linked folder or counting scratch files."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.portal.preview import Changes, OpenPages

BUNDLE = "assets/javascripts/bundle.a5f9d56c.min.js"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[object, OpenPages, str]]:
    """MkDocs' own preview server on a free port, with the preview's request handler."""
    from mkdocs.livereload import LiveReloadServer

    site = tmp_path / "situs"
    for path in ("index.html", "kegiatan/2027-tata-rias-1/index.html", BUNDLE, "assets/jejak.css"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("<html><body><h1>Jejak</h1></body></html>", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site), mount_path="/")
    opened = OpenPages(server.mount_path)
    server._serve_request = opened.serving(server._serve_request)  # type: ignore[method-assign]
    server.server_bind()
    server.server_activate()
    # MkDocs' shutdown() stops the server's own serve_thread only: a thread of ours beside it went
    # on polling the closed socket, busy, for the rest of the worker's run.
    server.serve_thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    server.serve_thread.start()
    try:
        yield server, opened, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        with server._epoch_cond:  # answer the waiting requests, then stop
            server._visible_epoch += 1
            server._epoch_cond.notify_all()
        server.shutdown()  # closes the socket too
        server.serve_thread.join(5)


def _poll(url: str, epoch: int, referer: str | None, answers: list[bytes]) -> threading.Thread:
    """A page's live reload: it waits on the server until the next reload."""
    headers = {"Referer": referer} if referer else {}
    request = urllib.request.Request(f"{url}livereload/{epoch}/{len(answers) + 1}", headers=headers)
    thread = threading.Thread(target=lambda: answers.append(urllib.request.urlopen(request, timeout=60).read()))
    thread.start()
    return thread


def _until(condition: object) -> None:
    deadline = time.monotonic() + 30
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the server did not see the request"
        time.sleep(0.02)


def test_the_pages_waiting_for_a_reload_are_the_open_pages(served):
    server, opened, url = served
    assert opened.now() == set()
    answers: list[bytes] = []
    epoch = server._visible_epoch
    waiting = [_poll(url, epoch, f"{url}kegiatan/2027-tata-rias-1/", answers), _poll(url, epoch, url, answers)]
    _until(lambda: opened.now() == {"kegiatan/2027-tata-rias-1/", ""})
    with server._epoch_cond:  # a save: the pages reload
        server._visible_epoch += 1
        server._epoch_cond.notify_all()
    for thread in waiting:
        thread.join(timeout=60)
    assert answers == [str(server._visible_epoch).encode()] * 2
    # While they reload (and before they ask again) they still count as open.
    assert opened.now() == {"kegiatan/2027-tata-rias-1/", ""}


def test_a_page_that_does_not_name_itself_makes_the_open_pages_unknown(served):
    server, opened, url = served
    answers: list[bytes] = []
    thread = _poll(url, server._visible_epoch, None, answers)
    _until(lambda: opened.now() is None)
    with server._epoch_cond:
        server._visible_epoch += 1
        server._epoch_cond.notify_all()
    thread.join(timeout=60)
    assert opened.now() is None  # the preview then writes the dashboard before the reload, as it always did


def test_materials_fingerprinted_files_are_kept_by_the_browser(served):
    _, _, url = served
    with urllib.request.urlopen(url + BUNDLE, timeout=60) as answer:
        assert answer.headers["Cache-Control"] == "max-age=31536000, immutable"
    for page in ("assets/jejak.css", "kegiatan/2027-tata-rias-1/"):  # may change at the next build
        with urllib.request.urlopen(url + page, timeout=60) as answer:
            assert answer.headers["Cache-Control"] is None


def test_the_watched_files_are_what_changed_without_scratch_files_or_linked_folders(tmp_path: Path):
    root = tmp_path / "repo"
    record = root / "records" / "2027" / "2027-tata-rias-1.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("kode: 2027-tata-rias-1\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "lain.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "records" / "tautan").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    changes = Changes(root)
    assert changes.since_last() == set()
    record.write_text("kode: 2027-tata-rias-1\nnama: Baru\n", encoding="utf-8")
    for scratch in (".2027-tata-rias-1.yaml.swp", "2027-tata-rias-1.yaml~", "4913"):
        (record.parent / scratch).write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere" / "lain.yaml").write_text("a: 2\n", encoding="utf-8")
    assert changes.since_last() == {record}
    record.unlink()
    assert changes.since_last() == {record}
