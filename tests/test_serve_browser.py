"""A person in Chromium: sign in to a real ``serve`` and work in the app; a wrong password gets nothing.

Drives Debian's chromium through Playwright's Python API (never a downloaded
browser). Skips, saying why, where either is missing.
"""

from __future__ import annotations

import shutil

import pytest
from browser_screen import RECORD_FRAMES, wait_for_text
from serve_support import ADMIN_PASSWORD, WORKER_PASSWORD, running_server

CHROMIUM = "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (pip install playwright)")
if not shutil.which(CHROMIUM):
    pytest.skip(f"the browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from running_server(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(RECORD_FRAMES)
    outside: list[str] = []
    context.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server.url.replace("http", "ws")) and not request.url.startswith(server.url) else None)
    opened = context.new_page()
    refused_by_policy: list[str] = []
    opened.on("console", lambda message: refused_by_policy.append(message.text) if "Content Security Policy" in message.text else None)
    yield opened
    context.close()
    assert outside == [], f"the page loaded something from outside the server: {outside}"
    assert refused_by_policy == [], f"the page's own content policy blocked part of it: {refused_by_policy}"


def sign_in(page, server, username: str, password: str) -> None:
    page.goto(f"{server.url}/")
    assert page.url.endswith("/sign-in")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")


def test_an_admin_signs_in_and_sees_the_staff_list_and_keys_work_without_a_click(page, server):
    sign_in(page, server, "boss", ADMIN_PASSWORD)
    page.wait_for_selector("#signed-in-as")
    assert page.inner_text("#signed-in-as") == "Signed in as boss (admin)"
    text = wait_for_text(page, server.first_staff_name)
    assert "Staff" in text
    page.keyboard.press("Enter")  # no click first: the terminal has the keys as soon as the page opens
    wait_for_text(page, "Standard U1")  # the first person opened, their standards loaded


def test_a_wrong_password_is_refused_in_the_browser(page, server):
    sign_in(page, server, "boss", "not the password")
    assert page.inner_text("#problem") == "The username or password is wrong."
    assert page.url.endswith("/sign-in")
    assert page.evaluate("(window.__frames || []).length") == 0  # no app ever ran


def test_a_worker_signs_in_sees_only_themself_and_signs_out(page, server):
    sign_in(page, server, "ada", WORKER_PASSWORD)
    page.wait_for_selector("#signed-in-as")
    assert page.inner_text("#signed-in-as") == "Signed in as ada (worker)"
    assert server.worker_name != server.first_staff_name
    text = wait_for_text(page, server.worker_name)
    assert server.first_staff_name not in text  # the store's scope: a worker's staff list is themself
    page.click("#sign-out")
    page.wait_for_selector("#signed-out")
    page.goto(f"{server.url}/")
    assert page.url.endswith("/sign-in")


def test_an_export_in_the_browser_is_a_download_not_a_file_on_the_server(page, server, tmp_path):
    sign_in(page, server, "boss", ADMIN_PASSWORD)
    wait_for_text(page, server.first_staff_name)
    page.keyboard.press("Enter")
    wait_for_text(page, "Standard U1")
    page.keyboard.press("u")
    wait_for_text(page, "Development needs")
    before = sorted(p.name for p in server.db_path.parent.iterdir())
    with page.expect_download(timeout=60_000) as downloading:
        page.keyboard.press("m")  # the page opens the one-use download address the app's delivery gave it
    download = downloading.value
    assert download.suggested_filename.startswith("needs-") and download.suggested_filename.endswith(".md")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert server.first_staff_name in saved.read_text(encoding="utf-8")
    assert sorted(p.name for p in server.db_path.parent.iterdir()) == before  # nothing written beside the database
    wait_for_text(page, "Sent to your browser")


def test_a_rating_saved_in_the_browser_is_committed_with_the_account_as_recorder(page, server):
    import sqlite3

    sign_in(page, server, "boss", ADMIN_PASSWORD)
    wait_for_text(page, server.first_staff_name)
    page.keyboard.press("Enter")
    wait_for_text(page, "Standard U1")  # the person's standards have loaded, the first highlighted
    connection = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)
    count = "SELECT count(*) FROM observations WHERE recorded_by = 'boss'"
    try:
        before = connection.execute(count).fetchone()[0]
        page.keyboard.press("3")
        page.keyboard.press("Control+s")
        wait_for_text(page, "Standard U2")  # saved, and on to the next standard
        assert connection.execute(count).fetchone()[0] == before + 1
    finally:
        connection.close()


def test_a_workers_footer_says_who_and_offers_no_manager_keys_and_f9_signs_out(page, server):
    sign_in(page, server, "ada", WORKER_PASSWORD)
    text = wait_for_text(page, "/ Filter")  # the footer's keys, drawn once the terminal has the focus
    footer = text.rstrip().splitlines()[-1]
    assert footer.lstrip().startswith("Signed in as ada (worker)")  # in the app's own footer, not only the page's header
    assert [key for key in ("New staff", "Team view", "Load demo") if key in footer] == []
    page.keyboard.press("Enter")  # their own record: no rating, session or leaving keys
    footer = wait_for_text(page, "Summary").rstrip().splitlines()[-1]
    assert "Signed in as ada (worker)" in footer and "Summary" in footer
    assert [key for key in ("Session", "Save", "Mark as left", "Evidence", "Source") if key in footer] == []
    page.keyboard.press("F9")
    wait_for_text(page, "Sign out now?")
    page.keyboard.press("y")  # the app sends the page to the server's sign-out page, which signs out
    page.wait_for_selector("#signed-out", timeout=30_000)
    assert page.url.endswith("/sign-in?signed-out")
    page.goto(f"{server.url}/")
    assert page.url.endswith("/sign-in")
