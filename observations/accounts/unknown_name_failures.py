"""Provides the lockout rule's memory in the database for usernames that are no account (schema step m012).

Real accounts' wrong passwords are kept in ``sign_in_failures`` (``failed_sign_ins``).
Were the others kept only in a server's memory, a restart would tell them apart:
five wrong passwords lock a real account and a made-up name alike, but after a
restart only the real one would still be locked. So they are kept too, in
``unknown_sign_in_failures``, with two limits:

- **Nothing typed is written.** A row is keyed by HMAC-SHA256 of the name (as
  the lockout compares names: stripped, case-folded) under a key the caller
  passes in (the web server derives it from its secret, which stays out of
  ``observations``). Without the key, a row cannot be matched to a guess.
- **A stranger cannot fill the disk.** Every write first deletes the rows that
  no longer say anything (no wrong password within the window, no lock in
  force), then, above ``MAX_ROWS``, the rows that have gone longest without a
  wrong password, unlocked ones before locked ones. Each try costs a scrypt check
  (0.1 s on a small server), so within one lock's time (15 minutes) a guesser
  on two cores locks at most about 3,600 names (five tries each), well under
  the cap: a lock is not pushed out by a flood of other names.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import TYPE_CHECKING

from observations.accounts.lockout import Lockout, LockState, typed_name

if TYPE_CHECKING:
    from observations.store.observation_store import Store

MAX_ROWS = 10_000
"""Rows kept at most: about 200 bytes each with the index, so about 2 MB at worst."""


def name_hash(key: bytes, username: str) -> str:
    """The keyed hash a row is found by: hex HMAC-SHA256 of the name as the lockout compares it."""
    return hmac.new(key, typed_name(username).encode("utf-8"), hashlib.sha256).hexdigest()


def _state(store: Store, digest: str) -> LockState:
    rows = store.rows("SELECT failed_at, locked_until FROM unknown_sign_in_failures WHERE name_hash = ?", [digest])
    if not rows:
        return LockState()
    return LockState(tuple(json.loads(rows[0]["failed_at"])), rows[0]["locked_until"])


def unknown_name_locked_for(store: Store, rule: Lockout, key: bytes, username: str, now: float) -> float:
    """Seconds until the name ``username`` may try again, as the database remembers; 0 when it is not locked."""
    return rule.seconds_left(_state(store, name_hash(key, username)), now)


def record_unknown_name_failure(store: Store, rule: Lockout, key: bytes, username: str, now: float) -> bool:
    """Count a wrong password against a name that is no account; True when this one locks it.

    The caller has found no account by that name; the write transaction reads the state, writes the new one and
    keeps the table within its bounds, so two servers on one file count every try once."""
    digest = name_hash(key, username)
    with store.write() as db:
        after, locked = rule.after_failure(_state(store, digest), now)
        db.execute(
            "INSERT INTO unknown_sign_in_failures (name_hash, failed_at, locked_until, last_failed_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name_hash) DO UPDATE SET failed_at = excluded.failed_at, locked_until = excluded.locked_until, "
            "last_failed_at = excluded.last_failed_at",
            [digest, json.dumps(list(after.failures)), after.locked_until, now],
        )
        keep_within_bounds(store, rule, now)
    return locked


def keep_within_bounds(store: Store, rule: Lockout, now: float) -> None:
    """Delete the rows that no longer matter, then the stalest beyond ``MAX_ROWS`` (unlocked ones first).

    Run after every wrong password, a real account's too, so both kinds of name take the same path."""
    db = store.conn
    db.execute(
        "DELETE FROM unknown_sign_in_failures WHERE locked_until <= ? AND last_failed_at <= ?",
        [now, now - rule.window_seconds],
    )
    db.execute(
        "DELETE FROM unknown_sign_in_failures WHERE name_hash IN (SELECT name_hash FROM unknown_sign_in_failures "
        "ORDER BY locked_until > ?, last_failed_at LIMIT max((SELECT count(*) FROM unknown_sign_in_failures) - ?, 0))",
        [now, MAX_ROWS],
    )
