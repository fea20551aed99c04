"""Provides the lockout rule's memory in the database, for real accounts: ``sign_in_failures`` (schema step m010).

A server keeps the rule for every username typed in its own memory
(``lockout``); kept only there, a restart of ``serve`` would forget five wrong
passwords and let five more be tried. So each real account's state is also
kept here, one row per account that has a recent wrong password or a lock,
read and changed in one write transaction, so two servers on one file (or two
threads of one) count every try once. Usernames that are no account are not
written here: the table holds no text a stranger typed (a password typed into
the username box, say); ``unknown_name_failures`` keeps their state under a
keyed hash, so that a restart does not tell the two kinds of name apart.

Not exported, imported or merged (see m010's docstring); an erasure deletes the
row of the person's own accounts; subject access shows it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from observations.accounts.lockout import Lockout, LockState
from observations.accounts.records import USERNAME

if TYPE_CHECKING:
    from observations.store.observation_store import Store


def _account_name(username: str) -> str | None:
    """The username as accounts store it, when it could be one."""
    name = (username or "").strip().lower()
    return name if USERNAME.fullmatch(name) else None


def _state(store: Store, name: str) -> LockState | None:
    """The account's lock state; None when there is no such account."""
    rows = store.rows(
        "SELECT f.failed_at, f.locked_until FROM accounts a LEFT JOIN sign_in_failures f ON f.username = a.username "
        "WHERE a.username = ?",
        [name],
    )
    if not rows:
        return None
    failed_at, locked_until = rows[0]["failed_at"], rows[0]["locked_until"]
    return LockState(tuple(json.loads(failed_at or "[]")), locked_until or 0.0)


def account_locked_for(store: Store, rule: Lockout, username: str, now: float) -> float:
    """Seconds until the account ``username`` may try again, as the database remembers; 0 for no account."""
    name = _account_name(username)
    state = _state(store, name) if name else None
    return rule.seconds_left(state, now) if state is not None else 0.0


def record_account_failure(store: Store, rule: Lockout, username: str, now: float) -> bool | None:
    """Count a wrong password against the account ``username``; True when this one locks it, None when there is
    no such account (then ``unknown_name_failures`` counts it)."""
    name = _account_name(username)
    if name is None:
        return None
    with store.write() as db:
        state = _state(store, name)
        if state is None:
            return None
        after, locked = rule.after_failure(state, now)
        db.execute(
            "INSERT INTO sign_in_failures (username, failed_at, locked_until) VALUES (?, ?, ?) "
            "ON CONFLICT (username) DO UPDATE SET failed_at = excluded.failed_at, locked_until = excluded.locked_until",
            [name, json.dumps(list(after.failures)), after.locked_until],
        )
    return locked


def forget_account_failures(store: Store, username: str) -> None:
    """A right password (only ever checked while the account is not locked) clears its row, if it has one."""
    name = _account_name(username)
    if name and store.rows("SELECT 1 FROM sign_in_failures WHERE username = ?", [name]):
        with store.write() as db:
            db.execute("DELETE FROM sign_in_failures WHERE username = ?", [name])
