"""The form knows what `jejak validate` knows, before the save (issue 20), in Chromium:

- parity: for every file of tests/bad_records/ and every sample record, the validator the form runs
  (the worker on the editor's own origin, Pyodide) gives exactly `jejak validate --format json` for that file:
  codes, messages, positions and fields; and the form shows them, each on its field, for records
  opened in it;
- a Word paste of four kinds of characters, a reversed schedule and a typed, unpicked person are
  shown on their fields before the save; the save asks first; the saved file holds plain
  punctuation and the typed name;
- the worker alone may run WebAssembly (its own policy), and says so when a server forbids it;
- the form runs on `jejak ubah` (local mode) as its Git backend: the checks run there too.
("Sekarang" in office time and the date widget are widgets.js, tested in test_editor_browser.py.)

Screenshots go to test-output/form/ with `pytest --test-output`.
"""

from __future__ import annotations

import base64
import functools
import html
import http.server
import io
import json
import shutil
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import NOW, REPO, copy_project, free_port, serve_folder
from form_session import HEAD, Backend, git, identity, patient_expectations, step_item, type_date
from playwright.sync_api import Browser, Page, expect
from test_editor_browser import use_local_server
from test_form_check import clean_pdf

from generator.cli.main import main
from generator.dates import long_date
from generator.portal import editor
from generator.portal.editor import WORKER, WORKER_POLICY
from generator.portal.editor_serve import start_editor_server
from generator.portal.site import build_site

pytestmark = pytest.mark.browser

BAD = REPO / "tests" / "bad_records"
SAMPLES = sorted((REPO / "records").glob("*/*.yaml"))
COLLECTION = "penyelenggaraan-pelatihan"
# Records opened in the form itself: a field of every kind, a warning, a check across records.
OPENED = [
    "2024-jadwal-terbalik",
    "2024-jadwal-tanpa-selesai",  # a value that is missing: shown on its own (empty) field
    "2024-jadwal-hari-libur",  # holiday names as the terminal says them (holidays' Indonesian)
    "2024-status-kurang",
    "2024-output-kurang",
    "2024-orang-nama-lengkap",
    "2024-wilayah",
    "2024-kutip-word",
    "2024-status-salah",
    "2024-kunci-asing",
    "2024-komentar-pagar",
    "2024-nomor-ganda",
    "2024-rupiah-teks",
    "2024-waktu-antarlangkah",
    "2024-orang-dan-jadwal",  # a schema error and a meaning error at once, each on its field
]


def validate_alone(clean: Path, name: str, data: bytes) -> list[dict]:
    """`jejak validate --format json` of one file put into a copy of the sample repository."""
    target = clean / name
    before = target.read_bytes() if target.exists() else None
    target.write_bytes(data)
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            main(["validate", "--format", "json", "--repo", str(clean), str(target)])
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)
    return json.loads(out.getvalue() or "[]")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("clean") / "repo")


class _EditorHandler(http.server.SimpleHTTPRequestHandler):
    """site/ubah/ as the administrator's guide serves it: the worker with its own policy."""

    policy = WORKER_POLICY

    def end_headers(self) -> None:
        if self.path.split("?", 1)[0] == f"/{WORKER}" and self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_editor(folder: Path, policy: str = WORKER_POLICY) -> Iterator[str]:
    handler = functools.partial(type("Handler", (_EditorHandler,), {"policy": policy}), directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("validator") / "repo")
    return build_site(root, root.parent / "site", pdf=False, now=NOW).site_dir


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    """The editor's folder alone on its own origin, as in production."""
    with serve_editor(built / "ubah") as base:
        yield base


CHECK = """async ([base, files]) => {
  const worker = new Worker(base + "validator-worker.js");
  const answers = new Map();
  let ready;
  const started = new Promise((resolve) => (ready = resolve));
  worker.onmessage = ({ data }) => {
    if (data.kind === "status" && data.state !== "memuat") ready(data);
    if (data.kind === "result") answers.get(data.id)(data);
  };
  worker.postMessage({ kind: "start", base: base + "validator/" });
  const status = await started;
  if (status.state !== "siap") return { status };
  const results = {};
  const decode = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  for (const [i, [path, b64, added]] of files.entries()) {
    const uploads = added ? Object.fromEntries(Object.entries(added).map(([k, v]) => [k, decode(v)])) : undefined;
    results[path] = await new Promise((resolve) => {
      answers.set(i, resolve);
      worker.postMessage({ kind: "check", id: i, path, text: decode(b64), uploads });
    });
  }
  worker.terminate();
  return { status, results };
}"""


def test_the_forms_validator_says_what_jejak_validate_says_for_every_bad_and_sample_record(
    browser: Browser, site: str, clean: Path
):
    files = {f"records/2024/{p.name}": p.read_bytes() for p in sorted(BAD.glob("*.yaml"))}
    files |= {p.relative_to(REPO).as_posix(): p.read_bytes() for p in SAMPLES}
    page = browser.new_page()
    page.goto(site + "kegiatan.json")  # a page of the editor's origin
    payload = [[path, base64.b64encode(data).decode()] for path, data in files.items()]
    # an upload the form sends with the record: a PDF with JavaScript, judged by pypdf in the worker
    attached = "    lampiran:\n      - {berkas: lampiran/aktif.pdf}\n  - no: 2\n"
    uploaded = SAMPLES[0].read_text(encoding="utf-8").replace("  - no: 2\n", attached, 1)
    active = clean_pdf(javascript=True)
    added = {"lampiran/aktif.pdf": base64.b64encode(active).decode()}
    payload.append(["records/2024/unggahan.yaml", base64.b64encode(uploaded.encode()).decode(), added])
    answer = page.evaluate(CHECK, [site, payload])
    page.close()
    assert answer["status"]["state"] == "siap", answer["status"]
    differing = []
    for path, data in files.items():
        expected = validate_alone(clean, path, data)
        shown = answer["results"][path]
        if shown.get("problems") != expected:
            differing.append((path, expected, shown))
    assert differing == []
    assert len(files) >= 60
    (clean / "lampiran").mkdir(exist_ok=True)
    (clean / "lampiran" / "aktif.pdf").write_bytes(active)
    expected = validate_alone(clean, "records/2024/unggahan.yaml", uploaded.encode())
    assert answer["results"]["records/2024/unggahan.yaml"].get("problems") == expected
    assert any("aktif.pdf' ditolak: PDF memuat" in p["message"] for p in expected), expected
    titled = [p for r in answer["results"].values() for p in r["problems"] if p["field"]]
    assert len(titled) >= 50, "most problems name their field"


STARTED = """async (base) => {
  const worker = new Worker(base + "validator-worker.js");
  const status = await new Promise((resolve) => {
    worker.onmessage = ({ data }) => data.kind === "status" && data.state !== "memuat" && resolve(data);
    worker.postMessage({ kind: "start", base: base + "validator/" });
  });
  worker.terminate();
  return status;
}"""


def test_only_the_worker_may_run_webassembly_and_a_server_that_forbids_it_is_named(
    browser: Browser, built: Path, tmp_path: Path
):
    """Chromium gives a same-origin worker only the policy of its own response: the page's policy
    has no 'wasm-unsafe-eval' and need not; without it in the worker's, the form says why it cannot
    check instead of waiting for ever."""
    page_policy = html.unescape((built / "ubah" / "index.html").read_text(encoding="utf-8"))
    assert "wasm-unsafe-eval" not in page_policy and "script-src 'self';" in page_policy
    assert "wasm" not in (built / "index.html").read_text(encoding="utf-8")  # nor the portal's pages
    without = WORKER_POLICY.replace(" 'wasm-unsafe-eval'", "")
    with serve_editor(built / "ubah", policy=without) as base:
        page = browser.new_page()
        page.goto(base + "kegiatan.json")
        status = page.evaluate(STARTED, base)
        page.close()
    assert status["state"] == "gagal" and "'wasm-unsafe-eval'" in status["detail"], status


def test_jejak_serve_gives_the_worker_its_policy(project: Path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(editor, "_serving", None)  # start_editor_server tells the build its addresses
        server = start_editor_server(project, "127.0.0.1", free_port())
        try:
            with urllib.request.urlopen(server.address + WORKER) as answer:
                assert answer.headers["Content-Security-Policy"] == WORKER_POLICY
            with urllib.request.urlopen(server.address + "validator/manifest.json") as answer:
                assert json.load(answer)["tersedia"] is True
                assert answer.headers["Content-Security-Policy"] is None
            with urllib.request.urlopen(server.address + "validator/pyodide/pyodide.asm.wasm") as answer:
                assert answer.headers["Content-Type"] == "application/wasm"
        finally:
            server.stop()


# --- the form itself ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The editor on a built sample repository, served with decap-server; the records of OPENED
    are committed after the build (a build refuses records with errors; the form opens them)."""
    base = tmp_path_factory.mktemp("form")
    project = copy_project(base / "repo")
    port = free_port()
    with serve_editor(base / "site" / "ubah") as own, serve_folder(base / "site") as portal:
        yield from _form(project, base, port, own, portal)


def _form(project: Path, base: Path, port: int, own: str, portal: str) -> Iterator[tuple[Path, str]]:
    """Local mode (`jejak ubah`) is the form's backend: its checks run there as with a Git host."""
    use_local_server(project, port, own, portal)
    git(project, "init", "-q", "-b", "main")
    build_site(project, base / "site", pdf=False, now=NOW)
    for name in OPENED:
        shutil.copy(BAD / f"{name}.yaml", project / "records" / "2024")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Catatan awal", who=identity(project, HEAD))
    backend = Backend(project, port)
    backend.start()
    try:
        with patient_expectations():
            yield project, own
    finally:
        backend.stop()


@pytest.fixture
def tab(browser: Browser, form: tuple[Path, str]) -> Iterator[Page]:
    context = browser.new_context(
        locale="id-ID", viewport={"width": 1400, "height": 1000}, timezone_id="America/Los_Angeles"
    )
    page = context.new_page()
    page.goto(form[1])
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=30000)
    yield page
    context.close()


@pytest.fixture
def shot(shots: Callable[[str], Path | None]) -> Callable[[Page, str], None]:
    def take(page: Page, name: str) -> None:
        target = shots(f"form/{name}.png")
        if target is not None:
            page.screenshot(path=str(target))

    return take


def open_entry(page: Page, url: str, slug: str) -> None:
    """Opens a record in the form and waits for the validator's answer on it."""
    checked = page.evaluate("(window.jejakValidator && window.jejakValidator.checked) || 0")
    page.goto(f"{url}#/collections/{COLLECTION}")  # Decap opens another entry only from its list
    expect(page.get_by_text("Pelatihan Barista Kopi Pagar Alam Angkatan I")).to_be_visible(timeout=30000)
    page.goto(f"{url}#/collections/{COLLECTION}/entries/{slug}")
    page.wait_for_function(
        "([n, slug]) => window.jejakValidator && window.jejakValidator.checked > n"
        " && window.jejakValidator.lastPath && window.jejakValidator.lastPath.endsWith(slug + '.yaml')",
        arg=[checked, slug],
        timeout=300000,  # the first check waits for Pyodide: seconds on a quiet machine
    )


def panel_rows(page: Page) -> list[str]:
    return [row.inner_text() for row in page.locator(".jj-periksa li").all()]


def as_row(problem: dict) -> str:
    """A row of the form's panel: on a field, a missing value asks for that field, not for a line."""
    wanted = "isi isian ini" if problem["field"] and problem["code"] == "skema-required" else problem["hint"]
    hint = f" — saran: {wanted}" if wanted else ""
    return f"{problem['field'] or 'baris ' + str(problem['line'])}: {problem['severity']}: {problem['message']}{hint}"


def test_records_opened_in_the_form_show_every_problem_on_its_field(tab: Page, form, clean: Path, shot):
    project, url = form
    opened = [f"2024/{name}" for name in OPENED] + [
        p.relative_to(REPO / "records").with_suffix("").as_posix() for p in SAMPLES
    ]
    for slug in opened:
        path = f"records/{slug}.yaml"
        expected = validate_alone(clean, path, (project / path).read_bytes())
        open_entry(tab, url, slug)
        assert panel_rows(tab) == [as_row(p) for p in expected], slug
        on_fields = tab.locator(".jj-masalah:not(.jj-info)").evaluate_all("notes => notes.map(n => n.dataset.jjPesan)")
        with_field = [p for p in expected if p["keypath"] and p["keypath"][0] != "kode"]  # kode: hidden in the form
        assert sorted(on_fields) == sorted(f"{p['severity']}: {p['message']}" for p in with_field), slug
        if slug.endswith(("jadwal-terbalik", "status-kurang")):
            shot(tab, slug.split("/")[-1].removeprefix("2024-"))


def test_on_a_phone_the_problems_are_shown_without_sideways_scrolling(browser: Browser, form, shot):
    _, url = form
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(url)
        open_entry(page, url, "2024/2024-jadwal-terbalik")
        panel = page.locator(".jj-periksa")
        expect(panel).to_contain_text("Jadwal pelatihan › Selesai")
        note = page.locator(".jj-masalah.jj-galat").first
        note.scroll_into_view_if_needed()
        box = note.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "jadwal-terbalik-390")
    finally:
        context.close()


WORD = "Pelatihan \u201cBarista\u201d \u2013 Kopi\u00a0Pagar Alam\u2026"
BRANCH = f"cms/{COLLECTION}/2026/2026-barista-1"


def field(page: Page, selector: str):
    return page.locator(selector).first


def control(scope, selector: str):
    """The form control (Decap's box around a field) holding the first input matching `selector`."""
    return scope.locator(selector).first.locator("xpath=ancestor::*[@aria-label][1]")


def test_a_word_paste_a_reversed_schedule_and_a_typed_person_are_shown_before_the_save(tab: Page, form, shot):
    project, url = form
    open_entry(tab, url, "2026/2026-barista-1")
    checked = tab.evaluate("window.jejakValidator.checked")
    field(tab, "input[id^=nama-field]").fill(WORD)
    # The schedule runs 8-10 December; its start moved after its end (an end typed before its start
    # is refused by the date widget itself: test_a_date_before_its_start_is_refused_in_place).
    field(tab, "input[id^=mulai-field]").fill("11-12-2026")
    tab.wait_for_function("(n) => window.jejakValidator.checked > n", arg=checked, timeout=60000)

    note = control(tab, "input[id^=nama-field]").locator(".jj-info")
    expect(note).to_contain_text("tanda kutip miring \u201c (U+201C)", timeout=60000)
    for kind in (
        "tanda pisah en \u2013 (U+2013)",
        "spasi tak-putus (non-breaking space, U+00A0)",
        "elipsis \u2026 (U+2026)",
    ):
        expect(note).to_contain_text(kind)
    expect(note).to_contain_text('"Pelatihan "Barista" - Kopi Pagar Alam..."')
    schedule_end = control(tab, "input[id^=selesai-field]")
    reversed_schedule = "jadwal selesai (10 Desember 2026) lebih awal dari jadwal mulai (11 Desember 2026)"
    expect(schedule_end.locator(".jj-masalah.jj-galat")).to_contain_text(reversed_schedule, timeout=60000)
    expect(schedule_end.locator(".jj-date-problem")).to_contain_text(
        "Tanggal selesai tidak boleh sebelum tanggal mulai (Jumat, 11 Desember 2026): ubah tanggal selesai"
    )
    expect(tab.locator(".jj-periksa li").first).to_contain_text("Jadwal pelatihan › Selesai: galat:")
    tab.set_viewport_size({"width": 1280, "height": 900})
    shot(tab, "tempel-word-1280")
    tab.set_viewport_size({"width": 1400, "height": 1000})

    # A person typed and not picked: kept and flagged. The record now fails its schema (an unknown
    # person id), and the reversed schedule is still said beside it.
    checked = tab.evaluate("window.jejakValidator.checked")
    step = step_item(tab, 8)
    step.locator("[aria-label='isian relation'] input[role=combobox]").first.fill("Dedi")
    field(tab, "input[id^=nama-field]").click()  # leaves the person's field without picking
    tab.wait_for_function("(n) => window.jejakValidator.checked > n", arg=checked, timeout=60000)
    person = control(step, "[aria-label='isian relation'] input[role=combobox]")
    expect(person.locator(".jj-masalah.jj-galat")).to_contain_text(
        "'Dedi' bukan id orang dari data kantor", timeout=60000
    )
    expect(person.locator(".jj-masalah.jj-galat")).to_contain_text("mungkin maksud Anda 'dedi-kurniawan'")
    rows = panel_rows(tab)
    assert any(row.startswith("Langkah 8 › Dikerjakan oleh: galat:") for row in rows), rows
    assert any(row.startswith(f"Jadwal pelatihan › Selesai: galat: {reversed_schedule}") for row in rows), rows
    shot(tab, "orang-diketik")
    field(tab, "input[id^=mulai-field]").fill("08-12-2026")  # the schedule put right before the save
    expect(schedule_end.locator(".jj-date-problem")).to_have_count(0)

    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    tab.on("dialog", answer)
    tab.get_by_role("button", name="Simpan", exact=True).click()
    expect(tab.get_by_text("Tersimpan").first).to_be_visible(timeout=30000)
    assert asked and "masih memuat 1 galat" in asked[0], asked
    saved = git(project, "show", f"{BRANCH}:records/2026/2026-barista-1.yaml")
    assert (
        'nama: Pelatihan "Barista" - Kopi Pagar Alam...\n' in saved
        or "nama: 'Pelatihan \"Barista\" - Kopi Pagar Alam...'\n" in saved
    )
    assert "jadwal: {mulai: 2026-12-08, selesai: 2026-12-10}" in saved
    assert "    oleh: Dedi\n" in saved  # kept, never dropped


# --- what the date widget prevents, it prevents ----------------------------------------------------


def entry_data(page: Page) -> dict:
    """The entry as the form would save it (what the validator reads next)."""
    return page.evaluate("() => window.jejakValidator.record().data")


def date_note(control_box) -> object:
    return control_box.locator(".jj-date-problem")


def test_a_date_before_its_start_is_refused_in_place(tab: Page, form, shot):
    """The end of a span (the schedule, a step) typed or "Sekarang"-ed before its start stays in
    the field with the reason under it and never reaches the entry; a start moved after its end
    flags the end at once; a save with either is refused, and the file never holds the pair."""
    project, url = form
    open_entry(tab, url, "2026/2026-barista-1")
    before = git(project, "rev-parse", BRANCH) if git(project, "branch", "--list", BRANCH).strip() else None
    held = entry_data(tab)["jadwal"]["selesai"]

    # the schedule runs from 8 December: an end on 1 December is kept as typed, and refused
    schedule_end = control(tab, "input[id^=selesai-field]")
    field(tab, "input[id^=selesai-field]").fill("01-12-2026")
    refused = (
        "Tanggal selesai tidak boleh sebelum tanggal mulai (Selasa, 8 Desember 2026): "
        "yang diketik belum dicatat; perbaiki tanggalnya."
    )
    expect(date_note(schedule_end)).to_have_text(refused)
    expect(field(tab, "input[id^=selesai-field]")).to_have_value("01-12-2026")
    assert entry_data(tab)["jadwal"]["selesai"] == held
    schedule_end.scroll_into_view_if_needed()
    shot(tab, "selesai-ditolak")

    # a step: an end on the day before its start, then on the same day but earlier, then in order
    step = step_item(tab, 6)
    type_date(step, "selesai", "02-11-2026", "15.00")
    end = control(step, "input[id^=selesai-field]")
    expect(date_note(end)).to_have_text(
        "Waktu selesai tidak boleh sebelum waktu mulai (Selasa, 3 November 2026 pukul 08.00 WIB): "
        "yang diketik belum dicatat; perbaiki waktunya."
    )
    assert entry_data(tab)["langkah"][5]["selesai"] == "2026-11-03 14:30"
    type_date(step, "selesai", "03-11-2026", "07.30")
    expect(date_note(end)).to_contain_text("Waktu selesai tidak boleh sebelum waktu mulai")
    # the entry holds the last moment in order the two inputs made (03-11 with 15.00, on the way)
    assert entry_data(tab)["langkah"][5]["selesai"] in ("2026-11-03 14:30", "2026-11-03 15:00")
    type_date(step, "selesai", "03-11-2026", "16.00")
    expect(date_note(end)).to_have_count(0)
    tab.wait_for_function("() => window.jejakValidator.record().data.langkah[5].selesai === '2026-11-03 16:00'")

    # "Sekarang" on the end of a step that starts the day after tomorrow (office time)
    later = datetime.now(ZoneInfo("Asia/Jakarta")) + timedelta(days=2)
    step8 = step_item(tab, 8)
    type_date(step8, "mulai", f"{later:%d-%m-%Y}", "08.00")
    end8 = control(step8, "input[id^=selesai-field]")
    end8.get_by_role("button", name="Sekarang").click()
    expect(date_note(end8)).to_contain_text("Waktu selesai tidak boleh sebelum waktu mulai")
    expect(date_note(end8)).to_contain_text(f"{long_date(later.date())} pukul 08.00 WIB")
    today = datetime.now(ZoneInfo("Asia/Jakarta"))
    assert step8.locator("input[id^=selesai-field]").first.input_value() in (f"{today:%d-%m-%Y}", f"{later:%d-%m-%Y}")
    assert "selesai" not in entry_data(tab)["langkah"][7]
    end8.scroll_into_view_if_needed()
    shot(tab, "sekarang-ditolak")

    # the schedule's start moved after an end already written: the end is flagged at once
    field(tab, "input[id^=selesai-field]").fill("09-12-2026")
    expect(date_note(schedule_end)).to_have_count(0)
    checked = tab.evaluate("window.jejakValidator.checked")
    field(tab, "input[id^=mulai-field]").fill("15-12-2026")
    expect(date_note(schedule_end)).to_have_text(
        "Tanggal selesai tidak boleh sebelum tanggal mulai (Selasa, 15 Desember 2026): "
        "ubah tanggal selesai atau tanggal mulai."
    )
    tab.wait_for_function("(n) => window.jejakValidator.checked > n", arg=checked, timeout=60000)
    expect(schedule_end.locator(".jj-masalah.jj-galat")).to_contain_text(
        "jadwal selesai (9 Desember 2026) lebih awal dari jadwal mulai (15 Desember 2026)"
    )

    # a save is refused while any of them stands: nothing reaches the Git branch
    asked: list[str] = []
    tab.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    tab.get_by_role("button", name="Simpan", exact=True).click()
    expect(tab.get_by_text("Selesai: Tanggal selesai tidak boleh sebelum tanggal mulai").first).to_be_visible()
    expect(tab.get_by_text("Selesai: Waktu selesai tidak boleh sebelum waktu mulai").first).to_be_attached()
    # Decap refuses the save before its pre-save step (our question about galat) and any request
    assert asked == []
    after = git(project, "rev-parse", BRANCH) if git(project, "branch", "--list", BRANCH).strip() else None
    assert after == before
    schedule_end.scroll_into_view_if_needed()
    shot(tab, "simpan-ditolak")

    # put right, the save goes through and the file holds the pairs in order
    field(tab, "input[id^=mulai-field]").fill("08-12-2026")
    expect(date_note(schedule_end)).to_have_count(0)
    end8.get_by_role("button", name="Kosongkan").click()
    expect(date_note(end8)).to_have_count(0)
    tab.get_by_role("button", name="Simpan", exact=True).click()
    expect(tab.get_by_text("Tersimpan").first).to_be_visible(timeout=60000)
    saved = git(project, "show", f"{BRANCH}:records/2026/2026-barista-1.yaml")
    assert "jadwal: {mulai: 2026-12-08, selesai: 2026-12-09}" in saved
    assert "    selesai: 2026-11-03 16:00\n" in saved
    assert f"    mulai: {later:%Y-%m-%d} 08:00\n" in saved
    assert "2026-12-01" not in saved and "2026-11-02 15:00" not in saved
