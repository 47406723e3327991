"""The form editor end to end: the generated /ubah/ page in Chromium against `decap-server` in git
mode (no Git host), a staff member recording a step and proposing a new event, the Kepala Bidang
merging, then `jejak validate` and `jejak audit` on the result.

Screenshots of the list, a step form, the preview, the proposals board and a new event go to
test-output/editor/ with `pytest --test-output`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import NOW, REPO, serve_folder
from playwright.sync_api import Browser, Page, expect

from generator.portal.site import build_site
from generator.records.workspace import load_workspace

pytestmark = pytest.mark.browser

DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
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
    url: str  # the editor page, on its own origin
    requests: list[str]
    refused: list[str]  # what the page's Content-Security-Policy blocked
    portal: str = ""  # the portal, on another origin


def use_local_server(root: Path, port: int, own: str = "", portal: str = "") -> None:
    """Point the office record's `penyunting` block at the local decap-server, the editor at its
    own address and back at the portal."""
    office = root / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    start = text.index("\npenyunting:")
    block = f"\npenyunting:\n  jenis: lokal\n  alamat: http://127.0.0.1:{port}/api/v1\n"
    block += f"  alamat_formulir: {own}\n" if own else ""
    block += f"  alamat_portal: {portal}\n" if portal else ""
    office.write_text(text[:start] + block, encoding="utf-8")


@contextmanager
def served_apart(site: Path) -> Iterator[tuple[str, str]]:
    """(editor, portal) addresses: site/ubah/ alone on an origin of its own, the way the
    administrator's guide serves it, and the whole site on another."""
    with serve_folder(site / "ubah") as own, serve_folder(site) as portal:
        yield own, portal


@pytest.fixture
def editor(project: Path, tmp_path: Path) -> Iterator[Editor]:
    with running_editor(project, tmp_path) as running:
        yield running


@contextmanager
def running_editor(project: Path, tmp_path: Path) -> Iterator[Editor]:
    """The project as a git repository, built, its editor served apart from the portal, with
    decap-server committing to it."""
    port = free_port()
    with served_apart(tmp_path / "site") as (own, portal):
        use_local_server(project, port, own, portal)
        git(project, "init", "-q", "-b", "main")
        git(project, "config", "merge.ff", "false")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "Catatan awal", who=identity(project, HEAD))
        build_site(project, tmp_path / "site", pdf=False, now=NOW)
        env = {**os.environ, "PORT": str(port), "MODE": "git", "GIT_REPO_DIRECTORY": str(project)}
        env.update(identity(project, STAFF))
        log = open(tmp_path / "decap-server.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, cwd=tmp_path, stdout=log, stderr=log)
        try:
            wait_for_port(port, server)
            yield Editor(project, own, [], [], portal)
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
    page.on("console", lambda m: editor.refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


@pytest.fixture
def shot(shots: Callable[[str], Path | None]) -> Callable[[Page, str], None]:
    def take(page: Page, name: str) -> None:
        target = shots(f"editor/{name}.png")
        if target is not None:
            page.screenshot(path=str(target))

    return take


def log_in(page: Page, editor: Editor) -> list[str]:
    """Log in through the local backend's button; the English left on the login page."""
    page.goto(editor.url)
    button = page.get_by_role("button", name="Masuk")
    button.wait_for()
    seen = english_left(page)
    button.click()
    return seen


def step_item(page: Page, number: int):
    """The form of step `number`, opened."""
    label = page.locator("label", has_text=re.compile(rf"^{number}\. "))
    item = label.locator("xpath=..")
    item.locator("xpath=./div[1]//button").first.click()
    return item


def pick_person(field, name: str) -> None:
    field.locator("input[role=combobox]").fill(name.split()[0])
    field.page.get_by_role("option", name=re.compile(re.escape(name))).click()


def choose(field, option: str) -> None:
    field.locator("input[role=combobox]").click()
    field.page.get_by_role("option", name=option, exact=True).click()


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


# Strings Decap's widgets write without the locale (react-select and the list widget).
HARD_CODED = ("No options", "Select...", "Loading...", "Choose")


def english_left(page: Page) -> list[str]:
    """English phrases of Decap that are visible on the page (and in the preview frame)."""
    text = page.inner_text("body") + "\n".join(f.locator("body").inner_text() for f in page.frames[1:])
    found = []
    for key, english in english_strings().items():
        for piece in re.split(r"%\{[^}]+\}|\|\|\|\|", english):
            piece = piece.strip(" .:!?\n\"'")
            if len(piece) >= 4 and re.search(rf"(?<![\w]){re.escape(piece)}(?![\w])", text):
                found.append(f"{key}: {piece}")
    found += [word for word in HARD_CODED if word in text]
    return found


def only_local(editor: Editor) -> list[str]:
    return [url for url in editor.requests if not re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:)", url)]


def save_and_mark_ready(page: Page) -> None:
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Tersimpan").first).to_be_visible(timeout=20000)
    page.get_by_role("button", name=re.compile("^Status: Konsep")).click()
    page.get_by_role("menuitem", name="Siap ditinjau").click()
    expect(page.get_by_text("Status usulan diubah")).to_be_visible(timeout=20000)


def proposal(root: Path, branch: str) -> list[tuple[str, str]]:
    """(author e-mail, subject) of each commit the branch adds to main."""
    out = git(root, "log", "--format=%ae%x00%s", f"main..{branch}")
    return [tuple(line.split("\x00")) for line in out.splitlines()]  # type: ignore[misc]


def merge_as_head(root: Path, branch: str) -> None:
    """The Kepala Bidang approves in the Git host: a merge commit by their identity."""
    git(root, "checkout", "-q", "main")
    git(root, "merge", "--no-ff", "-q", "-m", f"Merge branch '{branch}'", branch, who=identity(root, HEAD))


def jejak(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPO / ".venv" / "bin" / "jejak"), *args, "--repo", str(root)], capture_output=True, text=True
    )


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


BRANCH = "cms/penyelenggaraan-pelatihan/2026/2026-barista-1"
RECORD = "records/2026/2026-barista-1.yaml"
NOTE = "Jawaban Empat Lawang dan Muara Enim tidak masuk; calon dari dua daerah lain mencukupi."


def test_staff_record_a_step_through_the_form_and_the_head_approves(page: Page, editor: Editor, shot):
    seen = log_in(page, editor)
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=20000)
    shot(page, "daftar")
    seen += english_left(page)
    page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I").click()
    step = step_item(page, 7)
    choose(step.locator("[aria-label='isian select']").first, "Selesai")
    step.locator("input[id^=selesai-field]").fill("2026-11-20T15:00")
    pick_person(step.locator("[aria-label='isian relation']").first, "Dedi Kurniawan, A.Md.")
    step.locator("textarea[id^=catatan-field]").first.fill(NOTE)
    expect(page.frame_locator("iframe").first.get_by_text(NOTE)).to_be_visible()
    shot(page, "formulir-langkah")
    step.scroll_into_view_if_needed()
    page.frame_locator("iframe").first.locator(".jj-step").nth(6).scroll_into_view_if_needed()
    shot(page, "pratinjau")
    seen += english_left(page)
    save_and_mark_ready(page)
    seen += english_left(page)
    # Publishing stays with the Kepala Bidang in the Git host: no merge button anywhere here.
    expect(page.get_by_role("button", name=re.compile("Gabungkan"))).to_have_count(0)
    page.goto(editor.url + "#/workflow")
    card = page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")
    expect(card).to_be_visible(timeout=20000)
    card.hover()
    expect(page.get_by_text(re.compile("Gabungkan"))).to_have_count(0)
    shot(page, "usulan")
    seen += english_left(page)

    root = editor.root
    staff = identity(root, STAFF)["GIT_AUTHOR_EMAIL"]
    assert [email for email, _ in proposal(root, BRANCH)] == [staff]
    diff = git(root, "diff", "-U0", "main", BRANCH, "--", RECORD)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-    status: berjalan",
        "+    status: selesai",
        "-    oleh: rina-wulandari",
        "+    selesai: 2026-11-20 15:00",
        "+    oleh: dedi-kurniawan",
        "-      Jawaban Kabupaten Empat Lawang dan Kabupaten Muara Enim belum diterima melewati batas",
        "-      jawaban 11 November 2026; keduanya sudah diingatkan melalui telepon kantor pada",
        "-      18 November 2026.",
        f"+      {NOTE}",
    ]
    assert git(root, "config", f"branch.{BRANCH}.description").strip() == "decap-cms/pending_review"

    approved_and_clean(editor, BRANCH, seen)


NEW_BRANCH = "cms/penyelenggaraan-pelatihan/2027/2027-menjahit-angkatan-ii"
NEW_RECORD = "records/2027/2027-menjahit-angkatan-ii.yaml"


def test_staff_start_a_new_event_from_the_editor(page: Page, editor: Editor, shot):
    seen = log_in(page, editor)
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=20000)
    page.get_by_text(re.compile(r"^\+ Kegiatan baru$")).click()
    # A code a published event already has is never reused: the editor asks the portal.
    codes = page.evaluate(
        "async () => { const m = await import('./editor.js');"
        " return [await m.freeCode('2027-tata-rias-1'), await m.freeCode('2027-menjahit-angkatan-ii')]; }"
    )
    assert codes == ["2027-tata-rias-1-2", "2027-menjahit-angkatan-ii"]
    page.locator("input[id^=nama-field]").first.fill("Pelatihan Menjahit Angkatan II")
    page.locator("input[id^=mulai-field]").first.fill("2027-03-01")
    page.locator("input[id^=selesai-field]").first.fill("2027-03-05")
    shot(page, "kegiatan-baru")
    seen += english_left(page)
    save_and_mark_ready(page)
    seen += english_left(page)

    root = editor.root
    assert [email for email, _ in proposal(root, NEW_BRANCH)] == [identity(root, STAFF)["GIT_AUTHOR_EMAIL"]]
    text = git(root, "show", f"{NEW_BRANCH}:{NEW_RECORD}")
    lines = text.splitlines()
    assert lines[:4] == [
        "# yaml-language-server: $schema=../../schema/kegiatan.schema.json",
        "kode: 2027-menjahit-angkatan-ii",
        "sop: penyelenggaraan-pelatihan",
        "nama: Pelatihan Menjahit Angkatan II",
    ]
    assert "jadwal: {mulai: 2027-03-01, selesai: 2027-03-05}" in lines
    steps = [line for line in lines if line.startswith("  - no: ")]
    assert steps == [f"  - no: {n}" for n in range(1, 12)]
    assert lines.count("    status: belum") == 11
    approved_and_clean(editor, NEW_BRANCH, seen)


def test_the_english_check_sees_english(browser: Browser):
    """The check above is not blind: Decap's own English strings on a page are found."""
    page = browser.new_page()
    page.set_content("<p>Loading entry...</p><button>Publish now</button><p>Siap ditinjau</p>")
    found = set(english_left(page))
    assert {"editor.editor.loadingEntry: Loading entry", "editor.editorToolbar.publishNow: Publish now"} <= found
    assert not any("Siap" in phrase for phrase in found)
    page.close()
