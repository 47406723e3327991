"""The form editor end to end: the generated /ubah/ page in Chromium against `jejak ubah` (the local
mode: decap-server in git mode on its own worktree, no Git host), a staff member recording a step
and proposing a new event, the Kepala Bidang merging, then `jejak validate` and `jejak audit` on
the result; a save that fails keeps what was typed, in the form and in the browser's copy.

Screenshots of the list, a step form, the preview, the proposals board and a new event go to
test-output/editor/ with `pytest --test-output`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import NOW, free_port, serve_folder
from form_session import (
    HEAD,
    STAFF,
    WAIT,
    Backend,
    Editor,
    approved_and_clean,
    choose,
    english_left,
    git,
    identity,
    log_in,
    no_sideways_swipe,
    patient_expectations,
    pick_person,
    proposal,
    save,
    save_and_mark_ready,
    step_item,
    type_date,
    watch,
)
from playwright.sync_api import Browser, Page, expect

from generator.portal.site import build_site

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _patient() -> Iterator[None]:
    with patient_expectations():
        yield


def use_local_server(root: Path, port: int, own: str = "", portal: str = "") -> None:
    """The office record's `penyunting` block: local mode on a port of this test (`jejak ubah`),
    the editor at its own address and back at the portal."""
    office = root / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    start = text.index("\npenyunting:")
    end = text.index("\n\n", start + 1)
    block = f"\npenyunting:\n  jenis: lokal\n  alamat: http://127.0.0.1:{port}/api/v1"
    block += f"\n  alamat_formulir: {own}" if own else ""
    block += f"\n  alamat_portal: {portal}" if portal else ""
    office.write_text(text[:start] + block + text[end:], encoding="utf-8")


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
    `jejak ubah` (the local mode) as the form's Git backend."""
    port = free_port()
    with served_apart(tmp_path / "site") as (own, portal):
        use_local_server(project, port, own, portal)
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "Catatan awal", who=identity(project, HEAD))
        build_site(project, tmp_path / "site", pdf=False, now=NOW)
        backend = Backend(project, port)
        backend.start()
        try:
            yield Editor(project, own, backend, portal=portal)
        finally:
            backend.stop()


@pytest.fixture
def page(browser: Browser, editor: Editor) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch(page, editor)
    yield page
    context.close()


@pytest.fixture
def shot(shots: Callable[[str], Path | None]) -> Callable[[Page, str], None]:
    def take(page: Page, name: str) -> None:
        target = shots(f"editor/{name}.png")
        if target is not None:
            page.screenshot(path=str(target))

    return take


BRANCH = "cms/penyelenggaraan-pelatihan/2026/2026-barista-1"
RECORD = "records/2026/2026-barista-1.yaml"
NOTE = "Jawaban Empat Lawang dan Muara Enim tidak masuk; calon dari dua daerah lain mencukupi."


def test_staff_record_a_step_through_the_form_and_the_head_approves(page: Page, editor: Editor, shot):
    seen = log_in(page, editor)
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=WAIT)
    shot(page, "daftar")
    seen += english_left(page)
    page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I").click()
    step = step_item(page, 7)
    choose(step.locator("[aria-label='isian select']").first, "Selesai")
    type_date(step, "selesai", "20-11-2026", "15.00")
    expect(step.get_by_text("Jumat, 20 November 2026 pukul 15.00 WIB")).to_be_visible()
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
    expect(card).to_be_visible(timeout=WAIT)
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
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=WAIT)
    page.get_by_text(re.compile(r"^\+ Kegiatan baru$")).click()
    # A code a published event already has is never reused: the editor asks the portal.
    codes = page.evaluate(
        "async () => { const m = await import('./editor.js');"
        " return [await m.freeCode('2027-tata-rias-1'), await m.freeCode('2027-menjahit-angkatan-ii')]; }"
    )
    assert codes == ["2027-tata-rias-1-2", "2027-menjahit-angkatan-ii"]
    # When an open proposal already has the file name, Decap adds -1: the record's code follows it.
    fixed = page.evaluate(
        "async () => { const m = await import('./editor.js'); const raw = '# m\\nkode: 2027-x\\nsop: s\\n';"
        " return [m.codeOfFile({path: 'records/2027/2027-x-1.yaml', slug: '2027/2027-x-1', raw}).raw,"
        " m.codeOfFile({path: 'records/2027/2027-x.yaml', slug: '2027/2027-x', raw}).raw]; }"
    )
    assert fixed == ["# m\nkode: 2027-x-1\nsop: s\n", "# m\nkode: 2027-x\nsop: s\n"]
    # A Git server's refusal is said in Indonesian, with what to do.
    said = page.evaluate(
        "async () => { const m = await import('./editor.js'); return ["
        "String(m.plainError({status: 401, message: 'Bad credentials', api: 'GitHub'}, false)),"
        "String(m.plainError(new TypeError('Failed to fetch'), true)),"
        "String(m.plainError({status: 409, message: 'Conflict'}, false))]; }"
    )
    assert said == [
        "server Git menolak izin Anda; keluar, masuk lagi, lalu simpan lagi",
        "server Git di komputer ini tidak berjalan; jalankan lagi `jejak ubah`, lalu simpan lagi",
        "catatan ini baru saja diubah orang lain; muat ulang halaman, lalu simpan lagi",
    ]
    page.locator("input[id^=nama-field]").first.fill("Pelatihan Menjahit Angkatan II")
    type_date(page.locator("body"), "mulai", "01-03-2027")
    type_date(page.locator("body"), "selesai", "05-03-2027")
    # The proposed plan appears at once in the preview: the training on its first day.
    frame = page.frame_locator("iframe").first
    expect(frame.get_by_text("Belum · rencana 1 Maret 2027")).to_be_visible(timeout=WAIT)
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
    assert len([line for line in lines if line.startswith("    rencana: ")]) == 11
    assert "    rencana: 2027-03-01" in lines
    approved_and_clean(editor, NEW_BRANCH, seen)


def test_the_english_check_sees_english(browser: Browser):
    """The check above is not blind: Decap's own English strings on a page are found."""
    page = browser.new_page()
    page.set_content("<p>Loading entry...</p><button>Publish now</button><p>Siap ditinjau</p>")
    found = set(english_left(page))
    assert {"editor.editor.loadingEntry: Loading entry", "editor.editorToolbar.publishNow: Publish now"} <= found
    assert not any("Siap" in phrase for phrase in found)
    page.close()


BACKUP_NOTE = "Jawaban Muara Enim masuk lewat surel hari ini; Empat Lawang belum."


def backup_saved(page: Page) -> bool:
    """Decap's copy of unsaved typing, in the browser's IndexedDB (localForage), holds the note."""
    return page.evaluate(
        """(note) => new Promise((done) => {
            const open = indexedDB.open("localforage");
            open.onerror = () => done(false);
            open.onsuccess = () => {
                const db = open.result;
                if (!db.objectStoreNames.contains("keyvaluepairs")) return done(false);
                const all = db.transaction("keyvaluepairs").objectStore("keyvaluepairs").getAll();
                all.onsuccess = () => done(JSON.stringify(all.result).includes(note));
                all.onerror = () => done(false);
            };
        })""",
        BACKUP_NOTE,
    )


def test_a_failed_save_keeps_what_was_typed_and_the_browsers_copy_brings_it_back(page: Page, editor: Editor, shot):
    """Typed, the server stopped, Simpan: the form keeps everything and says in Indonesian what
    happened and what to do. Reloaded with the server back: the browser's copy is offered and the
    save goes through, to the same file (nothing left over renamed it)."""
    seen = log_in(page, editor)
    page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I").click()
    step = step_item(page, 7)
    step.locator("textarea[id^=catatan-field]").first.fill(BACKUP_NOTE)
    for _ in range(WAIT // 500):  # Decap writes its copy a moment after the typing stops
        if backup_saved(page):
            break
        page.wait_for_timeout(500)
    assert backup_saved(page), "Decap's draft backup was not written (Content-Security-Policy?)"
    editor.backend.stop()
    page.get_by_role("button", name="Simpan", exact=True).click()
    failed = page.get_by_text(re.compile("^Gagal menyimpan: "))
    expect(failed).to_be_visible(timeout=WAIT)
    assert failed.inner_text() == (
        "Gagal menyimpan: server Git di komputer ini tidak berjalan; jalankan lagi `jejak ubah`, lalu simpan lagi. "
        "Isian Anda tidak hilang: masih di formulir ini, dan salinannya disimpan di peramban ini."
    )
    expect(step.locator("textarea[id^=catatan-field]").first).to_have_value(BACKUP_NOTE)
    shot(page, "gagal-menyimpan")
    seen += english_left(page)

    editor.backend.start()
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(f"{dialog.type}: {dialog.message}"), dialog.accept()))
    page.reload()
    step = step_item(page, 7)
    expect(step.locator("textarea[id^=catatan-field]").first).to_have_value(BACKUP_NOTE, timeout=WAIT)
    assert asked == [  # leaving with unsaved typing is asked first (the browser's own words)
        "beforeunload: ",
        "confirm: Ada salinan isian yang belum disimpan di peramban ini. Pakai salinan itu?",
    ]
    save(page)
    seen += english_left(page)
    assert BACKUP_NOTE in git(editor.root, "show", f"{BRANCH}:{RECORD}")
    assert git(editor.root, "ls-tree", "--name-only", BRANCH, "records/2026/").split() == [RECORD]
    assert seen == [] and editor.refused == []


def test_the_form_works_on_a_phone(browser: Browser, editor: Editor, shots):
    """390 px: the list, an event's form (Simpan on screen) and the board, without a sideways swipe."""
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    watch(page, editor)
    seen = log_in(page, editor)
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=WAIT)
    no_sideways_swipe(page)
    page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I").click()
    step = step_item(page, 7)
    expect(step.locator("textarea[id^=catatan-field]").first).to_be_visible(timeout=WAIT)
    save_button = page.get_by_role("button", name="Simpan", exact=True)
    box = save_button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    no_sideways_swipe(page)
    seen += english_left(page)
    target = shots("editor/ponsel-formulir.png")
    if target is not None:
        page.screenshot(path=str(target))
    page.goto(editor.url + "#/workflow")
    expect(page.get_by_text("Usulan perubahan").first).to_be_visible(timeout=WAIT)
    no_sideways_swipe(page)
    context.close()
    assert seen == []
