"""Provides the signed session cookie: who signed in, when, and when they were last seen, under an HMAC.

The cookie is the only thing the browser holds. It says nothing the server
trusts unless its HMAC (SHA-256 with the server's secret) matches, so a forged
or altered cookie is refused; an idle one (not seen for ``idle_seconds``) or an
old one (signed in more than ``max_age_seconds`` ago) is refused too. The clock
is passed in, so expiry is tested without waiting. Plain Python: no web server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, replace

COOKIE_NAME = "supervision_session"
IDLE_SECONDS = 30 * 60
MAX_AGE_SECONDS = 12 * 60 * 60
MAX_COOKIE_CHARS = 1024


@dataclass(frozen=True)
class SessionClaim:
    """One signed-in browser: the account, a random session id (sign-out ends that id), and two times."""

    username: str
    session_id: str
    signed_in_at: float
    last_seen_at: float

    def seen(self, now: float) -> SessionClaim:
        return replace(self, last_seen_at=now)


def new_session(username: str, now: float) -> SessionClaim:
    return SessionClaim(username=username, session_id=secrets.token_urlsafe(18), signed_in_at=now, last_seen_at=now)


def _mac(secret: bytes, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(secret, b"session:" + body, hashlib.sha256).digest()).decode("ascii").rstrip("=")


def cookie_value(secret: bytes, claim: SessionClaim) -> str:
    """The cookie's text: the claim as base64 JSON, a dot, its HMAC."""
    data = {"u": claim.username, "s": claim.session_id, "i": round(claim.signed_in_at, 3), "l": round(claim.last_seen_at, 3)}
    body = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode("utf-8")).rstrip(b"=")
    return f"{body.decode('ascii')}.{_mac(secret, body)}"


def read_cookie(
    secret: bytes, value: str | None, now: float, *, idle_seconds: float = IDLE_SECONDS, max_age_seconds: float = MAX_AGE_SECONDS
) -> SessionClaim | None:
    """The claim in ``value`` if its HMAC holds and it is neither idle too long nor too old, else None."""
    if not value or len(value) > MAX_COOKIE_CHARS or value.count(".") != 1:
        return None
    body, mac = value.split(".")
    if not hmac.compare_digest(mac.encode("ascii", "replace"), _mac(secret, body.encode("ascii", "replace")).encode("ascii")):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        claim = SessionClaim(username=str(data["u"]), session_id=str(data["s"]), signed_in_at=float(data["i"]), last_seen_at=float(data["l"]))
    except (ValueError, KeyError, TypeError):
        return None
    if now - claim.last_seen_at > idle_seconds or now - claim.signed_in_at > max_age_seconds or claim.last_seen_at > now + 60:
        return None
    return claim


def form_token(secret: bytes, purpose: str, bound_to: str) -> str:
    """A CSRF token for one form: an HMAC of what it is for and the browser value it is bound to."""
    return hmac.new(secret, f"form:{purpose}:{bound_to}".encode("utf-8"), hashlib.sha256).hexdigest()


def form_token_matches(secret: bytes, purpose: str, bound_to: str, given: str | None) -> bool:
    return bool(given) and bool(bound_to) and hmac.compare_digest(form_token(secret, purpose, bound_to), given or "")
