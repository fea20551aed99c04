"""``serve`` with TLS, or behind a TLS proxy: the session cookie is marked Secure and the websocket is wss."""

from __future__ import annotations

import re
import shutil
import subprocess

import aiohttp
import pytest
from serve_support import ADMIN_PASSWORD, RunningServer, served_database, start_server

from supervision_tui.web.session_cookie import COOKIE_NAME


@pytest.fixture
def certificate(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("the TLS test makes its certificate with openssl, which is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


def serve(tmp_path, library, *extra: str, scheme: str = "http") -> RunningServer:
    db_path, first, worker = served_database(tmp_path, library)
    process = start_server(db_path, standards_dir=tmp_path / "no-user-frameworks", extra=extra)
    return RunningServer(f"{scheme}://127.0.0.1:{process.port}", db_path, process, first, worker)


async def signed_in(session: aiohttp.ClientSession, url: str, **headers) -> aiohttp.ClientResponse:
    async with session.get(f"{url}/sign-in", headers=headers) as form:
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', await form.text()).group(1)
    return await session.post(
        f"{url}/sign-in", data={"csrf": csrf, "username": "boss", "password": ADMIN_PASSWORD}, headers=headers, allow_redirects=False
    )


async def test_over_tls_the_cookie_is_secure_and_the_page_uses_wss(tmp_path, library, certificate):
    cert, key = certificate
    server = serve(tmp_path, library, "--tls-cert", str(cert), "--tls-key", str(key), scheme="https")
    try:
        connector = aiohttp.TCPConnector(ssl=False)  # a certificate made for this test: trusted by no one
        async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            response = await signed_in(session, server.url)
            assert response.status == 303
            cookie = response.cookies[COOKIE_NAME]
            assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"
            async with session.get(f"{server.url}/") as page:
                assert f'data-session-websocket-url="wss://127.0.0.1:{server.url.rsplit(":", 1)[1]}/ws"' in await page.text()
    finally:
        code, err = server.stop()
    assert code == 0, err


async def test_behind_a_proxy_the_cookie_is_secure_when_the_proxy_says_https(tmp_path, library):
    server = serve(tmp_path, library, "--behind-proxy")
    try:
        proxied = {"X-Forwarded-Proto": "https"}
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:  # as the proxy: it keeps no cookies
            async with session.get(f"{server.url}/sign-in", headers=proxied) as form:
                browser = form.cookies["supervision_browser"]
                csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', await form.text()).group(1)
            assert browser["secure"]
            response = await session.post(
                f"{server.url}/sign-in", data={"csrf": csrf, "username": "boss", "password": ADMIN_PASSWORD},
                headers={**proxied, "Cookie": f"supervision_browser={browser.value}"}, allow_redirects=False,
            )
            assert response.status == 303 and response.cookies[COOKIE_NAME]["secure"]
    finally:
        code, err = server.stop()
    assert code == 0, err
