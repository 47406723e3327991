"""The editor's first load in local mode (issue 22), in Chromium: no login screen, and the list
asked for while Decap's script is still being read (site_templates/editor/early.js), each early
answer used once, and a failed one asked again by Decap itself.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from form_session import LISTED, WAIT, watch
from playwright.sync_api import Browser, Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_editor_browser import Editor, log_in, running_editor

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(project: Path, tmp_path: Path) -> Iterator[Editor]:
    with running_editor(project, tmp_path) as running:
        yield running


@pytest.fixture
def page(browser: Browser, editor: Editor) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch(page, editor)
    yield page
    context.close()


def api(editor: Editor) -> str:
    return f"http://127.0.0.1:{editor.backend.port}/api/v1"


def used(page: Page) -> list[str]:
    return page.evaluate("window.jejakEarly.used")


def test_local_mode_opens_on_the_list_from_the_answers_asked_early(page: Page, editor: Editor):
    assert log_in(page, editor) == []  # on the list at once, no "Masuk", nothing English
    # Decap may ask for the attachments (getMedia) just after the list shows: wait for its third ask.
    # A function, not an expression: Playwright polls an expression with eval(), which the editor's
    # policy refuses (an EvalError whenever the first look, exempt from it, came too early).
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("() => window.jejakEarly.used.length >= 3", timeout=15000)
    assert sorted(used(page)) == ["entriesByFolder", "getMedia", "unpublishedEntries"]
    asked = [url for url in editor.requests if url == api(editor)]
    assert len(asked) == 3, asked  # Decap asked nothing twice
    # the records read ahead while Decap's script compiled (start.js) were all handed to Decap
    assert page.evaluate("import('./format.js').then((format) => format.readAheadLeft())") == 0


def test_a_failed_early_answer_is_asked_again_by_decap(page: Page, editor: Editor):
    failed: list[str] = []

    def first_list_fails(route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        if body.get("action") == "entriesByFolder" and not failed:
            failed.append(body["action"])
            route.fulfill(status=500, content_type="application/json", body='{"error": "sibuk"}')
        else:
            route.continue_()

    page.route(api(editor), first_list_fails)
    page.goto(editor.url)
    page.get_by_text(LISTED).wait_for(timeout=WAIT)
    assert failed == ["entriesByFolder"]
    assert "entriesByFolder" not in used(page)
    assert sorted(used(page)) == ["getMedia", "unpublishedEntries"]


def test_an_entry_opened_by_its_address_drops_the_early_answers(page: Page, editor: Editor):
    """Decap that starts elsewhere than the list: what was asked early is never served later."""
    page.goto(editor.url + "#/collections/penyelenggaraan-pelatihan/entries/2026/2026-barista-1")
    page.get_by_text("Langkah", exact=False).first.wait_for(timeout=WAIT)
    page.goto(editor.url + "#/collections/penyelenggaraan-pelatihan")
    page.get_by_text(LISTED).wait_for(timeout=WAIT)
    assert page.evaluate("window.jejakEarly.answers.size") == 0


def test_without_jejak_ubah_running_the_editor_says_so_and_decap_does_not_start(page: Page, editor: Editor, shots):
    editor.backend.stop()
    page.goto(editor.url)
    notice = page.get_by_text("Formulir belum tersambung")
    notice.wait_for(timeout=WAIT)
    assert "jejak ubah --sebagai" in page.locator(".jj-memuat").inner_text()
    assert page.evaluate("typeof window.CMS") == "undefined"
    if (target := shots("editor/belum-tersambung.png")) is not None:
        page.screenshot(path=str(target))
