"""Provides the sign-in desk: a username and password in, an account or the reason for refusing it out.

It owns the lockout rule for one running server and opens the database for
each question (from a server's worker thread: a connection is never shared
between threads), so an account disabled a moment ago is refused at once. A real
account's wrong passwords are also counted in the database (``failed_sign_ins``),
so a restarted server, or another desk on the same file, still sees its lock;
given a key (``unknown_name_key``), so are a made-up name's, under a keyed hash
(``unknown_name_failures``), so that after a restart the two still answer alike.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from observations.accounts.failed_sign_ins import account_locked_for, forget_account_failures, record_account_failure
from observations.accounts.lockout import Lockout
from observations.accounts.records import Account, active_account, signed_in_account
from observations.accounts.unknown_name_failures import (
    keep_within_bounds,
    record_unknown_name_failure,
    unknown_name_locked_for,
)

if TYPE_CHECKING:
    from standards import FrameworkLibrary

MAX_USERNAME_CHARS, MAX_PASSWORD_CHARS = 100, 1024


@dataclass(frozen=True)
class SignInOutcome:
    """An account when signed in; else whether the username is locked (for how long) and whether this try locked it."""

    account: Account | None
    locked_seconds: float = 0.0
    locked_now: bool = False


@dataclass
class SignInDesk:
    db_path: Path
    library: FrameworkLibrary
    lockout: Lockout = field(default_factory=Lockout)
    clock: Callable[[], float] = time.time
    """The wall clock: the database keeps failure times across restarts."""
    unknown_name_key: bytes | None = field(default=None, repr=False)
    """The HMAC key under which names that are no account are kept (the server derives it from its secret);
    None: they are kept in this desk's memory only (a desk that only checks, as ``serve`` does before starting)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _store(self):
        from observations.store.observation_store import Store

        return Store.open_for_reading(self.db_path, self.library)

    def sign_in(self, username: str, password: str) -> SignInOutcome:
        """Check one try. A locked username is refused without looking at the password."""
        username, password = username[:MAX_USERNAME_CHARS], password[: MAX_PASSWORD_CHARS + 1]
        with self._store() as store:
            locked = self._locked_for(store, username)
            if locked:
                return SignInOutcome(account=None, locked_seconds=locked)
            account = signed_in_account(store, username, password) if len(password) <= MAX_PASSWORD_CHARS else None
            if account is not None:
                with self._lock:
                    self.lockout.record_success(username)
                forget_account_failures(store, username)
                return SignInOutcome(account=account)
            now = self.clock()
            with self._lock:
                locked_here = self.lockout.record_failure(username, now)
            locked_in_file = self._record_in_file(store, username, now)
            return SignInOutcome(
                account=None, locked_seconds=self._locked_for(store, username), locked_now=locked_here or locked_in_file
            )

    def _record_in_file(self, store, username: str, now: float) -> bool:
        """Count the wrong password in the database, a real account's or (given the key) a made-up name's, in one
        write transaction either way; True when it locks the name there."""
        key = self.unknown_name_key
        if key is None:
            return bool(record_account_failure(store, self.lockout, username, now))
        with store.write():
            locked = record_account_failure(store, self.lockout, username, now)
            if locked is None:
                return record_unknown_name_failure(store, self.lockout, key, username, now)
            keep_within_bounds(store, self.lockout, now)
            return locked

    def _locked_for(self, store, username: str) -> float:
        """Seconds until ``username`` may try again, by this server's memory or the database's, whichever is longer.

        Both of the database's tables are read whatever the name, so a real one and a made-up one take one path."""
        now = self.clock()
        with self._lock:
            here = self.lockout.locked_for(username, now)
        in_file = account_locked_for(store, self.lockout, username, now)
        if self.unknown_name_key is not None:
            in_file = max(in_file, unknown_name_locked_for(store, self.lockout, self.unknown_name_key, username, now))
        return max(here, in_file)

    def keeping_unknown_names(self, key: bytes) -> SignInDesk:
        """This desk (its rule and memory) with names that are no account kept in the database under ``key``."""
        return replace(self, unknown_name_key=key)

    def still_active(self, username: str) -> Account | None:
        """The account if it may still be signed in (not disabled, not removed)."""
        with self._store() as store:
            return active_account(store, username)

    def has_an_active_account(self) -> bool:
        from observations.accounts.records import list_accounts

        with self._store() as store:
            return any(account.active for account, _ in list_accounts(store))
