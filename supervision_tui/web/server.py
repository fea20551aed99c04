"""Provides the web server: textual-serve's Server behind sign-in, each tab's app told its account server-side.

Routes: ``/sign-in`` (GET the form, POST a try), ``/sign-out`` (POST; GET is the page the app's sign-out key opens), ``/``
(the terminal page), ``/ws`` (the websocket that drives one app process),
``/download/{key}`` (what the app delivers) and ``/static`` (xterm.js, its
stylesheet and font). The guard (``guard.SessionGuard``) lets only sign-in and
the static files through without a session.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
import weakref

from aiohttp import WSMsgType, web
from textual_serve.server import Server

from .app_process import SignedInAppService, app_command
from .guard import CLAIM, SessionGuard
from .pages import content_policy, sign_in_page, sign_out_page, terminal_page
from .server_secret import load_or_create_secret, secret_path, unknown_names_key
from .session_cookie import form_token, form_token_matches, new_session
from .settings import ServeSettings

log = logging.getLogger("supervision_tui.serve")
WATCH_SECONDS = 15.0
"""How often an open tab is checked for idleness, sign-out or a disabled account."""
MAX_TERMINAL_CELLS = 1000


class SignedInServer(Server):
    """textual-serve's server with sign-in, signed sessions and one account per app process."""

    def __init__(self, settings: ServeSettings, *, secret: bytes, idle_seconds: float | None = None) -> None:
        super().__init__(app_command(settings.db_path, settings.standards_dir), host=settings.host, port=settings.port,
                         title="Supervision", public_url=settings.public_url)
        self.settings = settings
        desk = settings.desk.keeping_unknown_names(unknown_names_key(secret))
        self.guard = SessionGuard(secret=secret, desk=desk, secure_cookies=settings.tls is not None,
                                  behind_proxy=settings.behind_proxy)
        if idle_seconds is not None:
            self.guard.idle_seconds = idle_seconds
        self.open_sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()
        self.running_apps: set[SignedInAppService] = set()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware], client_max_size=64 * 1024)
        app.add_routes([
            web.get("/sign-in", self.handle_sign_in_form),
            web.post("/sign-in", self.handle_sign_in),
            web.get("/sign-out", self.handle_sign_out_page),
            web.post("/sign-out", self.handle_sign_out),
            web.get("/favicon.ico", self.handle_no_icon),
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    # -- sign-in and sign-out ---------------------------------------------------

    def _sign_in_response(self, request: web.Request, *, status: int = 200, **values) -> web.Response:
        response = web.Response(status=status, content_type="text/html")
        browser = self.guard.browser_value(request, response)
        response.text = sign_in_page(csrf=form_token(self.guard.secret, "sign-in", browser), **values)
        response.headers["Content-Security-Policy"] = content_policy()
        return response

    async def handle_no_icon(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=204)

    async def handle_sign_in_form(self, request: web.Request) -> web.StreamResponse:
        if self.guard.claim_of(request) is not None:
            raise web.HTTPSeeOther("/")
        return self._sign_in_response(request, signed_out="signed-out" in request.query)

    async def handle_sign_in(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        if not form_token_matches(self.guard.secret, "sign-in", request.cookies.get("supervision_browser", ""), str(form.get("csrf", ""))):
            return self._sign_in_response(request, status=403, username=username, problem="The form had expired. Sign in again.")
        outcome = await asyncio.to_thread(self.guard.desk.sign_in, username, password)
        if outcome.locked_now:
            log.warning("sign-in: the username %r is locked for %d minutes after too many wrong passwords (from %s)",
                        username[:40], round(outcome.locked_seconds / 60), request.remote)
        if outcome.account is None:
            if outcome.locked_seconds:
                minutes = max(1, round(outcome.locked_seconds / 60))
                problem = f"Too many wrong passwords: this account is locked for {minutes} minute{'s' if minutes != 1 else ''}."
            else:
                problem = "The username or password is wrong."
            return self._sign_in_response(request, status=401, username=username, problem=problem)
        log.info("sign-in: %s (%s) signed in from %s", outcome.account.username, outcome.account.role, request.remote)
        response = web.HTTPSeeOther("/")
        self.guard.set_session_cookie(request, response, new_session(outcome.account.username, time.time()))
        return response

    async def handle_sign_out_page(self, request: web.Request) -> web.StreamResponse:
        """What the app's sign-out key opens (``app.open_url``): a page that posts the sign-out form, token and all."""
        claim = request[CLAIM]
        nonce = secrets.token_urlsafe(16)
        page = sign_out_page(csrf=form_token(self.guard.secret, "sign-out", claim.session_id), nonce=nonce, username=claim.username)
        return web.Response(text=page, content_type="text/html", headers={"Content-Security-Policy": content_policy(nonce)})

    async def handle_sign_out(self, request: web.Request) -> web.StreamResponse:
        claim = request[CLAIM]
        form = await request.post()
        if not form_token_matches(self.guard.secret, "sign-out", claim.session_id, str(form.get("csrf", ""))):
            raise web.HTTPForbidden(text="the sign-out form had expired; reload the page\n")
        self.guard.sign_out(claim)
        log.info("sign-out: %s", claim.username)
        response = web.HTTPSeeOther("/sign-in?signed-out")
        self.guard.clear_session_cookie(request, response)
        return response

    # -- the terminal page and its websocket ----------------------------------

    def _websocket_url(self, request: web.Request) -> str:
        scheme = "wss" if self.guard.uses_tls(request) else "ws"
        return f"{scheme}://{request.host}/ws"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        claim = request[CLAIM]
        account = await asyncio.to_thread(self.guard.desk.still_active, claim.username)
        nonce = secrets.token_urlsafe(16)
        page = terminal_page(
            csrf=form_token(self.guard.secret, "sign-out", claim.session_id), nonce=nonce, username=claim.username,
            role=account.role if account else "", websocket_url=self._websocket_url(request),
            font_size=_bounded(request.query.get("fontsize"), 16, 8, 40),
        )
        return web.Response(text=page, content_type="text/html", headers={"Content-Security-Policy": content_policy(nonce)})

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        claim = request[CLAIM]
        origin = request.headers.get("Origin")
        if origin is not None and origin.split("://", 1)[-1] != request.host:
            raise web.HTTPForbidden(text="this page was not opened from this server\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await websocket.prepare(request)
        self.open_sockets.add(websocket)
        service = SignedInAppService(
            self.command, username=claim.username, session_id=claim.session_id, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=websocket.close, download_manager=self.download_manager, debug=self.debug,
        )
        width = _bounded(request.query.get("width"), 80, 10, MAX_TERMINAL_CELLS)
        height = _bounded(request.query.get("height"), 24, 5, MAX_TERMINAL_CELLS)
        log.info("app: opened for %s", claim.username)
        self.running_apps.add(service)
        await service.start(width, height)
        watcher = asyncio.create_task(self._close_when_ended(websocket, claim))
        try:
            await self._relay(websocket, service, claim)
        except asyncio.CancelledError:
            pass
        finally:
            watcher.cancel()
            await service.stop_and_wait()
            self.running_apps.discard(service)
            await websocket.close()
            log.info("app: closed for %s", claim.username)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: SignedInAppService, claim) -> None:
        """The browser's keys, mouse and size to the app; anything else it sends is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                self.guard.typed(claim)
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _bounded(data.get("width"), 80, 10, MAX_TERMINAL_CELLS), _bounded(data.get("height"), 24, 5, MAX_TERMINAL_CELLS)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _close_when_ended(self, websocket: web.WebSocketResponse, claim) -> None:
        """Close the tab's app when its session goes idle, is signed out, or its account is disabled."""
        while not websocket.closed:
            await asyncio.sleep(WATCH_SECONDS)
            ended = claim.session_id in self.guard.signed_out or self.guard.idle_for(claim) > self.guard.idle_seconds
            if not ended:
                ended = await asyncio.to_thread(self.guard.desk.still_active, claim.username) is None
            if ended:
                log.info("app: session of %s ended (idle, signed out or disabled)", claim.username)
                await websocket.close()
                return

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A report or export the tab's app delivered (Textual's ``deliver_text``), to that tab's session only."""
        claim = request[CLAIM]
        try:
            download = await self.download_manager.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound(text="this download has gone; export it again\n") from None
        if getattr(download.app_service, "session_id", None) != claim.session_id:
            raise web.HTTPNotFound(text="this download has gone; export it again\n")
        response = web.StreamResponse()
        response.content_type = download.mime_type or "application/octet-stream"
        if download.encoding:
            response.charset = download.encoding
        response.headers["Content-Disposition"] = attachment_header(download.file_name)
        response.headers["Cache-Control"] = "no-store"
        await response.prepare(request)
        async for chunk in self.download_manager.download(download.delivery_key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def on_startup(self, app: web.Application) -> None:
        pass

    async def on_shutdown(self, app: web.Application) -> None:
        """Every tab's app quits (finishing a write in progress) and its process ends before the server does."""
        await asyncio.gather(*(service.stop_and_wait() for service in list(self.running_apps)), return_exceptions=True)
        await asyncio.gather(*(socket.close() for socket in list(self.open_sockets)), return_exceptions=True)


def attachment_header(file_name: str) -> str:
    """Content-Disposition for a download: an ASCII name for old clients and the exact UTF-8 name (RFC 6266)."""
    from urllib.parse import quote

    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in file_name) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def _bounded(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def run_server(settings: ServeSettings) -> int:
    """Serve until Ctrl+C or SIGTERM, then stop every tab's app and return 0."""
    import signal
    import sys

    secret = load_or_create_secret(secret_path(settings.db_path))
    server = SignedInServer(settings, secret=secret)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, server.request_exit)
    print(f"supervision-tui: serving {settings.db_path} on {settings.public_url} (Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        web.run_app(server._make_app(), sock=settings.sock, ssl_context=settings.tls, handle_signals=False,
                    loop=loop, print=None, access_log=None, shutdown_timeout=5)
    finally:
        loop.close()
    print("supervision-tui: server stopped", file=sys.stderr, flush=True)
    return 0
