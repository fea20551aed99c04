"""Provides the session guard: every route but sign-in and the static assets needs a valid, active session.

A request without one is sent to the sign-in page (a page), or refused with
401 (the websocket, a download, a form). The session is checked three ways:
its cookie's HMAC and times (``session_cookie``), that it was not signed out,
and that its account is still active in the database.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web

from observations.accounts.sign_in_desk import SignInDesk

from .session_cookie import COOKIE_NAME, IDLE_SECONDS, MAX_AGE_SECONDS, SessionClaim, cookie_value, read_cookie

PUBLIC_PATHS = frozenset({"/sign-in", "/favicon.ico"})
PAGES_TO_SIGN_IN_FROM = frozenset({"/", "/sign-out"})
"""Pages a person opens (the app, and the sign-out page its key opens): without a session they go to the sign-in page."""
PUBLIC_PREFIXES = ("/static/",)
BROWSER_COOKIE = "supervision_browser"
"""A random value per browser, before sign-in, that the sign-in form's CSRF token is bound to."""
REFRESH_AFTER_SECONDS = 60
CLAIM = web.AppKey("claim", SessionClaim)


@dataclass
class SessionGuard:
    secret: bytes
    desk: SignInDesk
    secure_cookies: bool
    behind_proxy: bool
    idle_seconds: float = IDLE_SECONDS
    max_age_seconds: float = MAX_AGE_SECONDS
    signed_out: dict[str, float] = field(default_factory=dict)
    """Session ids signed out, with when their cookie would have expired anyway (then they are forgotten)."""
    last_input: dict[str, float] = field(default_factory=dict)
    """When each session last typed into its app: work in the terminal keeps the session from going idle."""

    def uses_tls(self, request: web.Request) -> bool:
        if self.secure_cookies:
            return True
        return self.behind_proxy and request.headers.get("X-Forwarded-Proto", "").lower() == "https"

    def claim_of(self, request: web.Request) -> SessionClaim | None:
        now = time.time()
        value = request.cookies.get(COOKIE_NAME)
        claim = read_cookie(self.secret, value, now, idle_seconds=float("inf"), max_age_seconds=self.max_age_seconds)
        if claim is None or claim.session_id in self.signed_out:
            return None
        seen = max(claim.last_seen_at, self.last_input.get(claim.session_id, 0.0))
        return claim.seen(seen) if now - seen <= self.idle_seconds else None

    def typed(self, claim: SessionClaim) -> None:
        """The session's browser sent input to its app just now."""
        self.last_input[claim.session_id] = time.time()

    def idle_for(self, claim: SessionClaim) -> float:
        return time.time() - max(claim.last_seen_at, self.last_input.get(claim.session_id, 0.0))

    def sign_out(self, claim: SessionClaim) -> None:
        now = time.time()
        self.signed_out = {sid: until for sid, until in self.signed_out.items() if until > now}
        self.signed_out[claim.session_id] = claim.signed_in_at + self.max_age_seconds
        self.last_input.pop(claim.session_id, None)

    def set_session_cookie(self, request: web.Request, response: web.StreamResponse, claim: SessionClaim) -> None:
        response.set_cookie(
            COOKIE_NAME, cookie_value(self.secret, claim), httponly=True, samesite="Strict",
            secure=self.uses_tls(request), path="/",
        )

    def clear_session_cookie(self, request: web.Request, response: web.StreamResponse) -> None:
        response.del_cookie(COOKIE_NAME, path="/", httponly=True, samesite="Strict", secure=self.uses_tls(request))

    def browser_value(self, request: web.Request, response: web.StreamResponse | None = None) -> str:
        """This browser's pre-sign-in value; a new one is set on ``response`` when it has none."""
        value = request.cookies.get(BROWSER_COOKIE, "")
        if (not value or len(value) > 64) and response is not None:
            value = secrets.token_urlsafe(24)
            response.set_cookie(BROWSER_COOKIE, value, httponly=True, samesite="Strict", secure=self.uses_tls(request), path="/")
        return value

    @web.middleware
    async def middleware(self, request: web.Request, handler):
        if request.path in PUBLIC_PATHS or request.path.startswith(PUBLIC_PREFIXES):
            response = await handler(request)
            return _with_safety_headers(response)
        claim = self.claim_of(request)
        if claim is not None and await asyncio.to_thread(self.desk.still_active, claim.username) is None:
            claim = None
        if claim is None:
            if request.method == "GET" and request.path in PAGES_TO_SIGN_IN_FROM and request.headers.get("Upgrade", "").lower() != "websocket":
                response = web.HTTPSeeOther("/sign-in")
                self.clear_session_cookie(request, response)
                return _with_safety_headers(response)
            raise web.HTTPUnauthorized(text="sign in first\n")
        request[CLAIM] = claim
        response = await handler(request)
        now = time.time()
        if not response.prepared and now - claim.last_seen_at > REFRESH_AFTER_SECONDS:
            self.set_session_cookie(request, response, claim.seen(now))
        return _with_safety_headers(response)


def _with_safety_headers(response: web.StreamResponse) -> web.StreamResponse:
    if response.prepared:
        return response
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if (response.content_type or "").startswith("text/html"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
