"""The form editor end to end: the generated /ubah/ page in Chromium against `decap-server` in git
mode (no Git host), a staff member recording a step and proposing a new event, the Kepala Bidang
merging, then `jejak validate` and `jejak audit` on the result.

Screenshots of the list, a step form and the preview go to test-output/editor/ when
JEJAK_SCREENSHOTS=1 is set.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import NOW, REPO, serve_folder
from playwright.sync_api import Browser, Page, expect

from generator.portal.site import build_site
from generator.records.workspace import load_workspace

pytestmark = pytest.mark.browser

DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
SHOTS = REPO / "test-output" / "editor"
STAFF, HEAD = "dedi-kurniawan", "yusuf-hidayat"


def identity(root: Path, person: str) -> dict[str, str]:
    """The git identity of a person of the office record: full name and first e-mail."""
    office = load_workspace(root).office
    assert office is not None
    someone = office.people[person]
    name, email = someone.name, someone.emails[0]
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def git(root: Path, *args: str, who: dict[str, str] | None = None) -> str:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(root.parent), **(who or identity(root, STAFF))}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Editor:
    root: Path  # the repository decap-server commits to
    url: str  # the editor page
    requests: list[str]


def use_local_server(root: Path, port: int) -> None:
    """Point the office record's `penyunting` block at the local decap-server."""
    office = root / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    start = text.index("\npenyunting:")
    office.write_text(
        text[:start] + f"\npenyunting:\n  jenis: lokal\n  alamat: http://127.0.0.1:{port}/api/v1\n", encoding="utf-8"
    )


@pytest.fixture
def editor(project: Path, tmp_path: Path) -> Iterator[Editor]:
    port = free_port()
    use_local_server(project, port)
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "merge.ff", "false")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Catatan awal", who=identity(project, HEAD))
    site = build_site(project, tmp_path / "site", pdf=False, now=NOW).site_dir
    env = {**os.environ, "PORT": str(port), "MODE": "git", "GIT_REPO_DIRECTORY": str(project)}
    env.update(identity(project, STAFF))
    log = open(tmp_path / "decap-server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, cwd=tmp_path, stdout=log, stderr=log)
    try:
        wait_for_port(port, server)
        with serve_folder(site) as base:
            yield Editor(project, base + "ubah/", [])
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def wait_for_port(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "decap-server berhenti"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("decap-server did not start")


@pytest.fixture
def page(browser: Browser, editor: Editor) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("request", lambda request: editor.requests.append(request.url))
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    if os.environ.get("JEJAK_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def log_in(page: Page, editor: Editor) -> None:
    page.goto(editor.url)
    page.get_by_role("button", name="Masuk").click()


def step_item(page: Page, number: int):
    """The form of step `number`, opened."""
    label = page.locator("label", has_text=re.compile(rf"^{number}\. "))
    item = label.locator("xpath=..")
    item.locator("xpath=./div[1]//button").first.click()
    return item


def pick_person(field, name: str) -> None:
    field.locator("input[role=combobox]").fill(name.split()[0])
    field.page.get_by_role("option", name=re.compile(re.escape(name))).click()


def test_explore(page: Page, editor: Editor):
    log_in(page, editor)
    page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I").click()
    step = step_item(page, 8)
    shot(page, "explore")
    print(step.inner_text())
    print(step.inner_html()[:6000])
