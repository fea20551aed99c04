"""``serve`` over HTTP, against a real server on 127.0.0.1: sign-in before anything, cookies, lockout, the websocket."""

from __future__ import annotations

import os
import re
import time

import aiohttp
import pytest
from serve_support import ADMIN_PASSWORD, WORKER_PASSWORD, RunningServer, running_server

from supervision_tui.web.server_secret import load_or_create_secret, secret_path
from supervision_tui.web.session_cookie import COOKIE_NAME, SessionClaim, cookie_value


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from running_server(tmp_path_factory)


def client(**kwargs) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), **kwargs)


async def sign_in(session: aiohttp.ClientSession, url: str, username: str, password: str) -> aiohttp.ClientResponse:
    async with session.get(f"{url}/sign-in") as form:
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', await form.text()).group(1)
    return await session.post(f"{url}/sign-in", data={"csrf": csrf, "username": username, "password": password}, allow_redirects=False)


@pytest.mark.parametrize("path", ["/", "/ws", "/download/anything", "/static/../../served.db"])
async def test_nothing_but_sign_in_is_reachable_without_a_session(server, path):
    async with client() as session, session.get(f"{server.url}{path}", allow_redirects=False) as response:
        if path == "/":
            assert (response.status, response.headers["Location"]) == (303, "/sign-in")
        else:
            assert response.status in (401, 403, 404)
        assert server.first_staff_name not in await response.text()


async def test_signing_in_sets_a_strict_http_only_cookie_and_opens_the_terminal_page(server):
    async with client() as session:
        response = await sign_in(session, server.url, "boss", ADMIN_PASSWORD)
        assert (response.status, response.headers["Location"]) == (303, "/")
        cookie = next(c for c in response.cookies.values() if c.key == COOKIE_NAME)
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]  # no TLS on loopback
        async with session.get(f"{server.url}/") as page:
            text = await page.text()
        assert page.status == 200 and "Signed in as boss (admin)" in text
        assert "googleapis" not in text and not re.search(r'(src|href)="(https?:)?//', text)  # nothing from outside
        assert "default-src 'self'" in page.headers["Content-Security-Policy"] and page.headers["X-Frame-Options"] == "DENY"


async def test_a_wrong_password_is_refused_and_gives_no_session(server):
    async with client() as session:
        response = await sign_in(session, server.url, "boss", "not the password")
        assert response.status == 401 and "The username or password is wrong." in await response.text()
        async with session.get(f"{server.url}/", allow_redirects=False) as page:
            assert page.status == 303


async def test_a_sign_in_without_the_forms_token_is_refused(server):
    async with client() as session:
        response = await session.post(f"{server.url}/sign-in", data={"username": "boss", "password": ADMIN_PASSWORD}, allow_redirects=False)
        assert response.status == 403 and COOKIE_NAME not in response.cookies


async def test_five_wrong_passwords_lock_the_account_and_the_log_says_so(server):
    async with client() as session:
        for _ in range(5):
            response = await sign_in(session, server.url, "ghost", "wrong password")
        assert "locked for 15 minutes" in await response.text()
        # the right password (had it one) is refused while locked, and so is a known account's after five tries
        for _ in range(5):
            await sign_in(session, server.url, "ada", "wrong password")
        locked = await sign_in(session, server.url, "ada", WORKER_PASSWORD)
        assert locked.status == 401 and "locked" in await locked.text()
    assert "'ghost' is locked" in _log_so_far(server) and "'ada' is locked" in _log_so_far(server)


def _log_so_far(server: RunningServer) -> str:
    """What the server has logged: its stderr read without blocking, as far as it has written."""
    import os

    fd = server.process.stderr.fileno()
    os.set_blocking(fd, False)
    deadline, text = time.monotonic() + 10, ""
    while time.monotonic() < deadline and "is locked" not in text:
        chunk = os.read(fd, 65536) if _readable(fd) else b""
        text += chunk.decode("utf-8", "replace")
        server.log = getattr(server, "log", "") + chunk.decode("utf-8", "replace")
    return server.log


def _readable(fd: int) -> bool:
    import select

    return bool(select.select([fd], [], [], 0.2)[0])


async def test_the_websocket_is_refused_without_a_session_or_with_a_forged_cookie(server):
    for cookies in ({}, {COOKIE_NAME: "eyJ1IjoiYm9zcyJ9.forged"}):
        async with client(cookies=cookies) as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(f"{server.url.replace('http', 'ws')}/ws")
            assert refused.value.status == 401


def _signed(server: RunningServer, username: str, *, signed_in: float, seen: float) -> str:
    secret = load_or_create_secret(secret_path(server.db_path))
    return cookie_value(secret, SessionClaim(username=username, session_id="test-session", signed_in_at=signed_in, last_seen_at=seen))


async def test_an_idle_an_old_or_an_altered_cookie_is_refused(server):
    now = time.time()
    fresh = _signed(server, "boss", signed_in=now - 60, seen=now - 60)
    idle = _signed(server, "boss", signed_in=now - 3 * 3600, seen=now - 3 * 3600)
    old = _signed(server, "boss", signed_in=now - 13 * 3600, seen=now - 10)
    someone_else = fresh.replace(fresh.split(".")[0], _signed(server, "ada", signed_in=now, seen=now).split(".")[0])
    expected = {fresh: 200, idle: 303, old: 303, someone_else: 303}
    for value, status in expected.items():
        async with client(cookies={COOKIE_NAME: value}) as session, session.get(f"{server.url}/", allow_redirects=False) as page:
            assert page.status == status


async def test_signing_out_ends_the_session_even_for_a_copy_of_its_cookie(server):
    async with client() as session:
        await sign_in(session, server.url, "boss", ADMIN_PASSWORD)
        copied = {c.key: c.value for c in session.cookie_jar}[COOKIE_NAME]
        async with session.get(f"{server.url}/") as page:
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', await page.text()).group(1)
        async with session.post(f"{server.url}/sign-out", data={"csrf": csrf}, allow_redirects=False) as out:
            assert (out.status, out.headers["Location"]) == (303, "/sign-in?signed-out")
    async with client(cookies={COOKIE_NAME: copied}) as session, session.get(f"{server.url}/", allow_redirects=False) as page:
        assert page.status == 303


async def test_a_websocket_with_a_session_runs_the_app_for_that_account(server):
    async with client() as session:
        await sign_in(session, server.url, "boss", ADMIN_PASSWORD)
        async with session.ws_connect(f"{server.url.replace('http', 'ws')}/ws?width=120&height=40") as websocket:
            seen = b""
            deadline = time.monotonic() + 60
            while server.first_staff_name.encode() not in seen and time.monotonic() < deadline:
                message = await websocket.receive(timeout=max(0.1, deadline - time.monotonic()))
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
            assert server.first_staff_name.encode() in seen


async def test_a_websocket_from_another_sites_page_is_refused(server):
    async with client() as session:
        await sign_in(session, server.url, "boss", ADMIN_PASSWORD)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{server.url.replace('http', 'ws')}/ws", origin="http://evil.example")
        assert refused.value.status == 403


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def test_ctrl_c_with_a_tab_open_stops_its_app_and_the_server_cleanly(tmp_path_factory):
    servers = running_server(tmp_path_factory)
    own = next(servers)
    async with client() as session:
        await sign_in(session, own.url, "boss", ADMIN_PASSWORD)
        async with session.ws_connect(f"{own.url.replace('http', 'ws')}/ws") as websocket:
            assert (await websocket.receive(timeout=60)).type == aiohttp.WSMsgType.BINARY  # the app is drawing
            apps = {pid for shell in _children(own.process.pid) for pid in {shell, *_children(shell)}}
            assert apps, "no app process under the server"
            code, err = own.stop()
            assert code == 0 and "server stopped" in err and "Traceback" not in err, err
            ended = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
            while (await websocket.receive(timeout=10)).type not in ended:
                pass  # what the app drew before it was stopped
    assert not [pid for pid in apps if _alive(pid)], "an app process outlived the server"
    with pytest.raises(StopIteration):
        next(servers)


async def test_disabling_an_account_ends_its_sessions_at_once(server):
    from observations.accounts.records import add_account, disable_account
    from observations.store.observation_store import Store
    from standards import load_library

    with Store.open(server.db_path, load_library(server.db_path.parent / "no-user-frameworks")) as store:
        add_account(store, "carol", role="trainer", password=ADMIN_PASSWORD)
    async with client() as session:
        await sign_in(session, server.url, "carol", ADMIN_PASSWORD)
        async with session.get(f"{server.url}/", allow_redirects=False) as page:
            assert page.status == 200 and "Signed in as carol (trainer)" in await page.text()
        with Store.open(server.db_path, load_library(server.db_path.parent / "no-user-frameworks")) as store:
            disable_account(store, "carol")
        async with session.get(f"{server.url}/", allow_redirects=False) as page:
            assert page.status == 303
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"{server.url.replace('http', 'ws')}/ws")


async def _frames_until(websocket, wanted: bytes, *, timeout: float = 60) -> list:
    """Receive until the app has drawn ``wanted``; returns the text messages seen on the way."""
    seen, texts = b"", []
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        if time.monotonic() > deadline:  # frames that keep coming (a clock, a cursor) must not keep the test waiting
            raise AssertionError(f"the app did not show {wanted!r} within {timeout} s")
        message = await websocket.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
        elif message.type == aiohttp.WSMsgType.TEXT:
            texts.append(message.json())
            if wanted.decode() in message.data:
                return texts
        else:
            raise AssertionError(f"the app closed before showing {wanted!r}")
    return texts


async def test_what_a_tab_delivers_downloads_only_in_its_own_session(server):
    async with client() as session, client() as other:
        await sign_in(session, server.url, "boss", ADMIN_PASSWORD)
        await sign_in(other, server.url, "boss", ADMIN_PASSWORD)  # the same account, another browser
        async with session.ws_connect(f"{server.url.replace('http', 'ws')}/ws?width=120&height=40") as websocket:
            await _frames_until(websocket, server.first_staff_name.encode())
            # "Report date" is in the summary itself, drawn once it has loaded (its title bar is drawn before)
            for key, drawn in (("\r", b"Evidence"), ("u", b"Report date"), ("m", b"deliver_file_start")):
                await websocket.send_json(["stdin", key])
                texts = await _frames_until(websocket, drawn)
            (key,) = [data for kind, data in texts if kind == "deliver_file_start"]
            async with other.get(f"{server.url}/download/{key}") as refused:
                assert refused.status == 404
            async with session.get(f"{server.url}/download/{key}") as download:
                assert download.status == 200 and download.headers["Content-Disposition"].startswith('attachment; filename="needs-')
                assert server.first_staff_name in await download.text()


async def test_the_sign_out_page_the_app_opens_posts_a_form_and_signs_no_one_out_by_itself(server):
    """The app's sign-out key opens GET /sign-out (``app.open_url``): a page whose form, token and all, does the signing out."""
    async with client() as session:
        await sign_in(session, server.url, "boss", ADMIN_PASSWORD)
        async with session.get(f"{server.url}/sign-out") as page:
            text = await page.text()
            policy = page.headers["Content-Security-Policy"]
        assert page.status == 200 and 'action="/sign-out"' in text and "Signing out boss" in text
        nonce = re.search(r'<script nonce="([^"]+)">', text).group(1)
        assert f"'nonce-{nonce}'" in policy  # the page's own script (which submits the form) may run, nothing else
        async with session.get(f"{server.url}/", allow_redirects=False) as still:
            assert still.status == 200  # a GET alone ended nothing
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)
        async with session.post(f"{server.url}/sign-out", data={"csrf": csrf}, allow_redirects=False) as out:
            assert (out.status, out.headers["Location"]) == (303, "/sign-in?signed-out")
    async with client() as session, session.get(f"{server.url}/sign-out", allow_redirects=False) as page:
        assert (page.status, page.headers["Location"]) == (303, "/sign-in")  # no session: nothing to sign out of
