"""Provides slow salted password hashes (the standard library's scrypt) and their constant-time check.

The stored text carries its own parameters, so a later, slower setting can be
chosen for new passwords while old hashes still verify:
``scrypt$n=32768,r=8,p=1$<salt, base64>$<hash, base64>``.
A password is never stored, logged or returned; only this text is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

SCHEME = "scrypt"
COST_N, BLOCK_R, PARALLEL_P = 2**15, 8, 1
"""About 30 MB and a few tenths of a second per check: slow for a guesser, quick enough for one sign-in."""
SALT_BYTES, HASH_BYTES = 16, 32
MAX_MEMORY = 128 * 1024 * 1024
MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS = 10, 1024


class PasswordRuleError(ValueError):
    """A new password that breaks the rules; the message says which, and never quotes it."""


def check_new_password(password: str) -> None:
    """Refuse a password too short or long to be sensible, or with control characters (a stray paste)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordRuleError(f"the password is too short: use at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise PasswordRuleError(f"the password is too long: use at most {MAX_PASSWORD_CHARS} characters")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in password):
        raise PasswordRuleError("the password contains a control character (a line break or tab, say); type it again")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=HASH_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = COST_N, r: int = BLOCK_R, p: int = PARALLEL_P) -> str:
    """The text to store for ``password``: a fresh random salt each time, so equal passwords differ."""
    salt = os.urandom(SALT_BYTES)
    return f"{SCHEME}$n={n},r={r},p={p}${_b64(salt)}${_b64(_derive(password, salt, n, r, p))}"


def _parse(stored: str) -> tuple[dict[str, int], bytes, bytes] | None:
    try:
        scheme, params, salt, digest = stored.split("$")
        settings = {key: int(value) for key, value in (part.split("=") for part in params.split(","))}
        if scheme != SCHEME or set(settings) != {"n", "r", "p"}:
            return None
        return settings, base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except (ValueError, TypeError):
        return None


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``, compared in constant time; a malformed hash never matches."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    settings, salt, digest = parsed
    try:
        candidate = _derive(password, salt, settings["n"], settings["r"], settings["p"])
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, digest)


_UNKNOWN_ACCOUNT_HASH: str | None = None


def spend_a_check(password: str) -> None:
    """Do the work of one check for a username that has no account, so a wrong name takes as long as a wrong password."""
    global _UNKNOWN_ACCOUNT_HASH
    if _UNKNOWN_ACCOUNT_HASH is None:
        _UNKNOWN_ACCOUNT_HASH = hash_password(os.urandom(12).hex())
    verify_password(password, _UNKNOWN_ACCOUNT_HASH)
