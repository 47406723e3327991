"""What the form editor's browser tests share: a real office repository in local mode with
`jejak ubah` running, the built portal served like the intranet server serves it, and the ways a
person uses the form (log in, open a step, pick a person, type a date) and what they must never
see (English left on screen, a request leaving this computer)."""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from conftest import REPO
from playwright.sync_api import Locator, Page, expect

from generator.records.workspace import load_workspace

JEJAK = str(REPO / ".venv" / "bin" / "jejak")
STAFF, HEAD = "dedi-kurniawan", "yusuf-hidayat"
WAIT = 120_000  # ms: on a loaded machine (load average 6, or 30 when others test too) pages are slow, never wrong


@contextmanager
def patient_expectations() -> Iterator[None]:
    """Playwright's `expect` waits WAIT, not 5 s, inside the form's tests (restored afterwards)."""
    expect.set_options(timeout=WAIT)
    try:
        yield
    finally:
        expect.set_options(timeout=5_000)


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
    env = {"PATH": os.environ["PATH"], "HOME": str(root.parent), **(who or identity(root, STAFF))}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"jejak ubah berhenti: {process.stdout.read() if process.stdout else ''}"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("jejak ubah did not start")


@dataclass
class Backend:
    """`jejak ubah` as a process: started, stopped (SIGTERM, as Ctrl+C), started again."""

    root: Path
    port: int
    args: tuple[str, ...] = ("--sebagai", STAFF)
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    said: list[str] = field(default_factory=list)

    def start(self) -> None:
        env = {**os.environ, **self.env}
        self.process = subprocess.Popen(
            [JEJAK, "ubah", *self.args],
            cwd=self.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                out, _ = self.process.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                out, _ = self.process.communicate()
                raise AssertionError(f"jejak ubah did not stop within 120 s of SIGTERM; it said:\n{out}") from None
            self.said += out.splitlines()
            assert self.process.returncode == 0, out
        self.process = None


@dataclass
class Editor:
    root: Path  # the office repository the portal is built from
    url: str  # the editor page, on its own origin
    backend: Backend
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # what the page's Content-Security-Policy blocked
    portal: str = ""  # the portal, on another origin


def watch(page: Page, editor: Editor) -> None:
    page.set_default_timeout(WAIT)  # every action and navigation waits as long as the slowest machine needs
    page.set_default_navigation_timeout(WAIT)
    page.on("request", lambda request: editor.requests.append(request.url))
    page.on("console", lambda m: editor.refused.append(m.text) if "Content Security Policy" in m.text else None)


LISTED = "Pelatihan Barista Kopi Pagar Alam Angkatan I"


def log_in(page: Page, editor: Editor) -> list[str]:
    """Open the editor: in local mode it needs no login and opens on the list of events at once
    (start.js), with no "Masuk" button on the way; the English left on that list."""
    page.goto(editor.url)
    page.get_by_text(LISTED).wait_for(timeout=WAIT)
    assert page.get_by_role("button", name="Masuk").count() == 0
    return english_left(page)


def step_item(page: Page, number: int) -> Locator:
    """The form of step `number`, opened."""
    label = page.locator("label", has_text=re.compile(rf"^{number}\. "))
    item = label.locator("xpath=..")
    item.locator("xpath=./div[1]//button").first.click()
    return item


def open_object(container: Locator, name: str) -> Locator:
    """An object field (e.g. `anggaran`) inside `container`, opened."""
    block = container.locator(f"label[for^={name}-field]").first.locator("xpath=../..")
    block.locator("button").first.click()
    return block


def pick_person(field: Locator, name: str) -> None:
    field.locator("input[role=combobox]").fill(name.split()[0])
    field.page.get_by_role("option", name=re.compile(re.escape(name))).click()


def choose(field: Locator, option: str) -> None:
    field.locator("input[role=combobox]").click()
    field.page.get_by_role("option", name=option, exact=True).click()


def type_date(container: Locator, name: str, day: str, clock: str | None = None) -> None:
    """Our date widget: day-month-year typed, then the time (jam.menit) where the field has one."""
    control = container.locator(f"input[id^={name}-field]").first
    control.fill(day)
    if clock is not None:
        control.locator("xpath=../input[contains(@class,'jj-clock')]").fill(clock)


@functools.cache
def english_strings() -> dict[str, str]:
    """Every string of Decap's English locale, by key path, with its Indonesian one beside."""
    script = (
        "const fs=require('fs');const load=(p,n)=>new Function(fs.readFileSync(p,'utf8')"
        ".replace('export default '+n+';','').replace(/^export /m,'')+';return '+n)();"
        "const flat=(o,p='')=>Object.entries(o).flatMap(([k,v])=>typeof v==='object'?flat(v,p+k+'.'):[[p+k,v]]);"
        f"const en=load('{REPO}/node_modules/decap-cms-locales/dist/esm/en/index.js','en');"
        f"const id=load('{REPO}/site_templates/editor/locale-id.js','id');"
        "const ids=Object.fromEntries(flat(id));"
        "console.log(JSON.stringify(flat(en).map(([k,v])=>[k,v,ids[k]])))"
    )
    rows = json.loads(subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout)
    missing = [key for key, _, translated in rows if translated is None]
    assert not missing, f"locale-id.js lacks {missing}"
    return {key: english for key, english, translated in rows if english != translated}


# Strings Decap's widgets write without the locale (react-select, the list widget), and English
# month and day names (dates shown in the browser's language).
HARD_CODED = ("No options", "Select...", "Loading...", "Choose", "AM", "PM", "mm/dd/yyyy")
MONTHS = re.compile(
    r"\b(January|February|March|May|June|July|August|October|December)\b"
)  # April, September, November: both


def english_left(page: Page) -> list[str]:
    """English phrases of Decap that are visible on the page (and in the preview frame)."""
    text = page.inner_text("body") + "\n".join(f.locator("body").inner_text() for f in page.frames[1:])
    found = []
    for key, english in english_strings().items():
        for piece in re.split(r"%\{[^}]+\}|\|\|\|\|", english):
            piece = piece.strip(" .:!?\n\"'")
            if len(piece) >= 4 and re.search(rf"(?<![\w]){re.escape(piece)}(?![\w])", text):
                found.append(f"{key}: {piece}")
    found += [word for word in HARD_CODED if re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", text)]
    found += MONTHS.findall(text)
    return found


def only_local(editor: Editor) -> list[str]:
    return [url for url in editor.requests if not re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:)", url)]


def save(page: Page) -> None:
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Tersimpan sebagai usulan perubahan").first).to_be_visible(timeout=WAIT)


def mark_ready(page: Page) -> None:
    page.get_by_role("button", name=re.compile("^Status: Konsep")).click()
    expect(page.get_by_role("menuitem", name="Siap digabung")).to_have_count(0)  # staff never merge
    page.get_by_role("menuitem", name="Siap ditinjau").click()
    expect(page.get_by_text("Status usulan diubah")).to_be_visible(timeout=WAIT)


def save_and_mark_ready(page: Page) -> None:
    save(page)
    mark_ready(page)


def proposal(root: Path, branch: str) -> list[tuple[str, str]]:
    """(author e-mail, subject) of each commit the branch adds to main."""
    out = git(root, "log", "--format=%ae%x00%s", f"main..{branch}")
    return [tuple(line.split("\x00")) for line in out.splitlines()]  # type: ignore[misc]


def merge_as_head(root: Path, branch: str) -> None:
    """The Kepala Bidang approves: a merge commit by their identity."""
    git(root, "merge", "--no-ff", "-q", "-m", f"Merge branch '{branch}'", branch, who=identity(root, HEAD))


def jejak(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JEJAK, *args, "--repo", str(root)], capture_output=True, text=True)


def approved_and_clean(editor: Editor, branch: str, seen: list[str]) -> None:
    """The head merges the proposal; the record validates, the audit shows his approval, no English
    was left on screen, and the editor reached only its own servers."""
    merge_as_head(editor.root, branch)
    validated = jejak(editor.root, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    audited = jejak(editor.root, "audit", "--semua")
    assert "disetujui oleh Yusuf Hidayat" in audited.stdout, audited.stdout
    assert seen == []
    assert only_local(editor) == [] and editor.refused == []


def no_sideways_swipe(page: Page) -> None:
    """Nothing wider than the screen: the page scrolls only up and down."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page {widths[0]} px wide on a {widths[1]} px screen"
