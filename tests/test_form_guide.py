"""Issue 19's end-to-end run: the guide's own local setup (docs/panduan/host-git.md, "Mode lokal"),
scripted from the guide's text as written, then a clerk's first event through the form and the
Kepala Bidang's approval:

office-record edit proposed and merged → `jejak ubah` → new event with the proposed plan → step 1
with three budget lines → save → ready for review → Kepala Bidang merges → `jejak build` → the
event page shows the record and the approval, the board no longer lists the proposal, reopening
the entry shows the merged data. No English on any screen visited, no request leaves 127.0.0.1,
no branch left over.

Two things differ from the guide, both because tests run side by side on one machine: the
backend's port is a free one (an `alamat` line added to the guide's office block), and the
portal is served by `make portal`'s own last command, `jejak serve`, on a free port instead of
8000 (`make portal` itself installs into the checkout). As the guide says, the clerk opens the
portal's /ubah/, which sends the browser to the form's own address (the next port). Screenshots
at 1280 and 390 px (list, form, board, event page) go to test-output/panduan/ with
`pytest --test-output`.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, free_port
from form_session import (
    HEAD,
    JEJAK,
    WAIT,
    Backend,
    Editor,
    choose,
    english_left,
    git,
    identity,
    log_in,
    no_sideways_swipe,
    only_local,
    open_object,
    patient_expectations,
    pick_person,
    save,
    step_item,
    type_date,
    watch,
)
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _patient() -> Iterator[None]:
    with patient_expectations():
        yield


GUIDE = REPO / "docs" / "panduan" / "host-git.md"
NAME = "Pelatihan Menjahit Angkatan II"
CODE = "2027-menjahit-angkatan-ii"
BRANCH = f"cms/penyelenggaraan-pelatihan/2027/{CODE}"
BUDGET = [("Honorarium instruktur", 9000000), ("Bahan praktik menjahit", 12000000), ("Konsumsi peserta", 6000000)]


def local_mode_blocks() -> list[tuple[str, str]]:
    """(language, text) of every fenced block of the guide's "Mode lokal" section, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## Mode lokal") :].split("\n## ", 1)[0]
    return re.findall(r"^```(\w+)\n(.*?)^```", section, flags=re.M | re.S)


def office_edit(root: Path, block: str, port: int) -> None:
    """The guide's office-record edit: its `penyunting` block in place of the office's."""
    office = root / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    start = text.index("\npenyunting:")
    end = text.index("\n\n", start + 1)
    ours = block.rstrip("\n") + f"\n  alamat: http://127.0.0.1:{port}/api/v1"  # a free port (see above)
    office.write_text(text[:start] + "\n" + ours + text[end:], encoding="utf-8")


class Terminal:
    """The office computer's terminal: the venv's `jejak` on PATH, git configured for its user."""

    def __init__(self, root: Path, home: Path, user: dict[str, str]):
        self.root, self.said = root, []
        home.mkdir()
        (home / ".gitconfig").write_text(
            f"[user]\n\tname = {user['GIT_AUTHOR_NAME']}\n\temail = {user['GIT_AUTHOR_EMAIL']}\n", encoding="utf-8"
        )
        keep = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env = {**keep, "HOME": str(home), "PATH": f"{Path(JEJAK).parent}:{os.environ['PATH']}"}

    def run(self, block: str) -> str:
        done = subprocess.run(["bash", "-e", "-c", block], cwd=self.root, env=self.env, capture_output=True, text=True)
        assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
        self.said.append(done.stdout + done.stderr)
        return done.stdout + done.stderr


def screens(shots: Callable[[str], Path | None]) -> Callable[[Page, str], None]:
    def take(page: Page, name: str) -> None:
        target = shots(f"panduan/{name}.png")
        if target is not None:
            page.screenshot(path=str(target), full_page=False)

    return take


def test_a_clerks_first_event_from_the_guides_setup_to_the_merged_portal(
    project: Path, tmp_path: Path, browser: Browser, shots
):
    started = time.monotonic()
    shot = screens(shots)
    # A clone of the office's repository, its history made by the Kepala Bidang; this computer's
    # Git user is the clerk (Panduan › Git sehari-hari).
    shutil.copy(REPO / ".gitignore", project / ".gitignore")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Catatan awal", who=identity(project, HEAD))
    terminal = Terminal(project, tmp_path / "home", identity(project, "dedi-kurniawan"))

    blocks = local_mode_blocks()
    kinds = [lang for lang, _ in blocks]
    assert kinds == ["yaml", "sh", "sh", "sh", "sh"], kinds
    (_, office_block), (_, propose_office), (_, portal), (_, backend), (_, approve) = blocks
    port = free_port()
    office_edit(project, office_block, port)
    refused = subprocess.run(
        [JEJAK, "ubah", "--sebagai", "dedi-kurniawan"], cwd=project, capture_output=True, text=True
    )
    assert refused.returncode == 1 and "M records/kantor.yaml" in refused.stderr and "saran:" in refused.stderr
    terminal.run(propose_office)
    assert git(project, "branch", "--format=%(refname:short)").split() == ["main"]
    assert (
        "disetujui oleh Yusuf Hidayat"
        in subprocess.run([JEJAK, "audit", "--semua"], cwd=project, capture_output=True, text=True).stdout
    )

    assert portal.strip() == "make portal"
    command = shlex.split(backend.strip())
    assert command[:2] == ["jejak", "ubah"]
    server = Backend(project, port, tuple(command[2:]), env={"HOME": terminal.env["HOME"]})
    server.start()
    try:
        with make_portal(project, terminal) as base:
            editor = Editor(project, base + "ubah/", server)
            first_event(browser, editor, shot)
            merged = terminal.run(approve)  # the guide's example is this very event
            assert f"records/2027/{CODE}.yaml" in merged and "Merge made by" in merged
            after_the_merge(browser, editor, base, shot)
            phone(browser, editor, base, shot)
    finally:
        server.stop()
    assert git(project, "branch", "--format=%(refname:short)").split() == ["main"]
    assert git(project, "worktree", "list", "--porcelain").count("worktree ") == 1
    assert any(f"usulan sudah digabung, cabangnya dihapus: {BRANCH}" in line for line in server.said)
    print(f"\nfirst event, guide setup to merged portal: {time.monotonic() - started:.0f} s")


@contextmanager
def make_portal(root: Path, terminal: Terminal) -> Iterator[str]:
    """`make portal`'s last command, `jejak serve`, on a free port; its address once a page shows."""
    port = free_port()
    process = subprocess.Popen(
        [JEJAK, "serve", "--alamat", f"127.0.0.1:{port}"],
        cwd=root,
        env=terminal.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        said = process.stdout.readline() if process.stdout else ""
        assert f"formulir di http://127.0.0.1:{port + 1}/" in said, said
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 300  # the first build, on a loaded machine
        while not answers(base):
            assert process.poll() is None and time.monotonic() < deadline, "jejak serve did not serve the portal"
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def open_when_built(page: Page, url: str) -> None:
    """Open a page of `jejak serve` once its rebuild after the merge has written it."""
    deadline = time.monotonic() + WAIT / 1000
    while (response := page.goto(url)) is None or response.status != 200:
        assert time.monotonic() < deadline, f"{url} not built within {WAIT / 1000:.0f} s"
        time.sleep(1)


def first_event(browser: Browser, editor: Editor, shot: Callable[[Page, str], None]) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})  # an English browser
    page = context.new_page()
    watch(page, editor)
    seen = log_in(page, editor)
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=WAIT)
    shot(page, "daftar-1280")
    seen += english_left(page)

    page.get_by_text(re.compile(r"^\+ Kegiatan baru$")).click()
    page.locator("input[id^=nama-field]").first.fill(NAME)
    type_date(page.locator("body"), "mulai", "01-03-2027")
    type_date(page.locator("body"), "selesai", "05-03-2027")
    expect(page.get_by_text("Senin, 1 Maret 2027").first).to_be_visible()
    preview = page.frame_locator("iframe").first
    expect(preview.get_by_text("Belum · rencana 1 Maret 2027")).to_be_visible(timeout=WAIT)  # the proposed plan
    step = step_item(page, 1)
    planned = step.locator("input[id^=rencana-field]").first.input_value()
    assert re.fullmatch(r"\d{2}-\d{2}-20\d{2}", planned), planned
    choose(step.locator("[aria-label='isian select']").first, "Selesai")
    step.locator("input[id^=mulai-field]").first.locator("xpath=..").get_by_role("button", name="Sekarang").click()
    step.locator("input[id^=selesai-field]").first.locator("xpath=..").get_by_role("button", name="Sekarang").click()
    pick_person(step.locator("[aria-label='isian relation']").first, "Dedi Kurniawan, A.Md.")
    budget = open_object(step, "anggaran")
    budget.locator("[id^=sumber-field]").fill("DPA Dinas Tahun Anggaran 2027")
    total = budget.locator("input[id^=jumlah-field]").first
    total.fill("27.000")  # a clerk starts typing the total the Indonesian way: read back, not 27
    expect(budget.get_by_text("27.000 (dua puluh tujuh ribu)")).to_be_visible()
    total.fill("27.000.00")
    expect(
        budget.get_by_text(re.compile(r"^Tulis bilangan bulat: titik hanya untuk memisahkan ribuan"))
    ).to_be_visible()
    total.fill("27.000.000")
    expect(budget.get_by_text("27.000.000 (dua puluh tujuh juta)")).to_be_visible()
    for i, (what, amount) in enumerate(BUDGET):
        budget.get_by_role("button", name="Tambah rincian").click()
        budget.locator("[id^=uraian-field]").nth(i).fill(what)
        budget.locator("input[id^=jumlah-field]").nth(i + 1).fill(str(amount))  # and one without dots
    expect(page.get_by_text("Belum disimpan")).to_be_visible()
    shot(page, "formulir-1280")
    seen += english_left(page)
    save(page)
    page.get_by_role("button", name=re.compile("^Status: Konsep")).click()
    expect(page.get_by_role("menuitem", name="Siap digabung")).to_have_count(0)
    page.get_by_role("menuitem", name="Siap ditinjau").click()
    expect(page.get_by_text("Status usulan diubah")).to_be_visible(timeout=WAIT)
    seen += english_left(page)
    page.goto(editor.url + "#/workflow")
    card = page.get_by_text(NAME)
    expect(card).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(re.compile(r"^\d{2}-\d{2}-20\d{2}$")).first).to_be_visible()  # the card's date
    shot(page, "usulan-1280")
    seen += english_left(page)
    context.close()

    root = editor.root
    assert git(root, "log", "--format=%an <%ae>|%s", f"main..{BRANCH}").splitlines() == [
        f"Dedi Kurniawan, A.Md <dedi.kurniawan@pagaralam.example>|Kegiatan baru 2027/{CODE} (lewat formulir)"
    ]
    record = git(root, "show", f"{BRANCH}:records/2027/{CODE}.yaml")
    assert f"kode: {CODE}\n" in record and record.count("    rencana: ") == 11
    assert f"      jumlah: {sum(amount for _, amount in BUDGET)}\n" in record  # typed 27.000.000
    for what, amount in BUDGET:
        assert f"{{uraian: {what}, jumlah: {amount}}}" in record
    assert seen == [], seen
    assert only_local(editor) == [] and editor.refused == []


def after_the_merge(browser: Browser, editor: Editor, base: str, shot: Callable[[Page, str], None]) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch(page, editor)
    open_when_built(page, base + f"kegiatan/{CODE}/")
    expect(page.locator("h1")).to_contain_text(NAME, timeout=WAIT)
    text = page.inner_text("body")
    assert "Honorarium instruktur" in text or "Membuat rencana kerja" in text
    assert "Yusuf Hidayat" in text and f"Kegiatan baru 2027/{CODE} (lewat formulir)" in text, text
    shot(page, "kegiatan-1280")
    seen = log_in(page, editor)
    page.goto(editor.url + "#/workflow")
    expect(page.get_by_text("0 usulan menunggu ditinjau Kepala Bidang.")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(NAME)).to_have_count(0)
    seen += english_left(page)
    page.goto(editor.url + f"#/collections/penyelenggaraan-pelatihan/entries/2027/{CODE}")
    expect(page.locator("input[id^=nama-field]").first).to_have_value(NAME, timeout=WAIT)
    step = step_item(page, 1)
    budget = open_object(step, "anggaran")
    expect(budget.locator("[id^=uraian-field]").nth(2)).to_have_value(BUDGET[2][0])
    expect(page.get_by_text("Tidak ada yang perlu disimpan")).to_be_visible()
    seen += english_left(page)
    context.close()
    assert seen == [], seen
    assert only_local(editor) == [] and editor.refused == []


def phone(browser: Browser, editor: Editor, base: str, shot: Callable[[Page, str], None]) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    watch(page, editor)
    seen = log_in(page, editor)
    expect(page.get_by_text(NAME)).to_be_visible(timeout=WAIT)
    no_sideways_swipe(page)
    shot(page, "daftar-390")
    page.get_by_text(NAME).click()
    step_item(page, 1)
    expect(page.get_by_role("button", name="Simpan", exact=True)).to_be_in_viewport()
    no_sideways_swipe(page)
    shot(page, "formulir-390")
    seen += english_left(page)
    page.goto(editor.url + "#/workflow")
    expect(page.get_by_text("0 usulan menunggu ditinjau Kepala Bidang.")).to_be_visible(timeout=WAIT)
    no_sideways_swipe(page)
    shot(page, "usulan-390")
    seen += english_left(page)
    page.goto(base + f"kegiatan/{CODE}/")
    expect(page.locator("h1")).to_contain_text(NAME, timeout=WAIT)
    shot(page, "kegiatan-390")
    context.close()
    assert seen == [], seen
    assert only_local(editor) == [] and editor.refused == []
