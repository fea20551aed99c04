"""Provides the lockout rule: five wrong passwords for one username within a minute lock it for a while.

The rule is one pure step (``Lockout.after_failure`` over a ``LockState``), so
the same rule runs on two kinds of memory: this server's, for every username
typed (whether or not such an account exists, so the rule cannot be used to
learn which usernames are real), and the database's, for real accounts
(``failed_sign_ins``), so a restarted server, or a second one on the same file,
still locks an account five wrong passwords have locked. The clock is passed
in, so the rule is tested without waiting; it is the wall clock (the times are
kept across restarts), and a lock never lasts longer than ``locked_seconds``
from now, however far the clock is set back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FAILURES_ALLOWED = 5
WINDOW_SECONDS = 60.0
LOCKED_SECONDS = 15 * 60.0
NAMES_REMEMBERED = 10_000
"""This server's memory keeps at most about this many usernames that are not locked (as the database's table of
made-up names does): without a bound, every name ever typed wrong once would stay until a restart."""


def typed_name(username: str) -> str:
    """A username as the rule compares it: spaces around it and letter case aside."""
    return username.strip().casefold()


@dataclass(frozen=True)
class LockState:
    """One username's wrong passwords within the window (their times) and until when it is locked (0: it is not)."""

    failures: tuple[float, ...] = ()
    locked_until: float = 0.0


@dataclass
class Lockout:
    """The rule, and this server's memory of it: the lock state of each username typed here."""

    failures_allowed: int = FAILURES_ALLOWED
    window_seconds: float = WINDOW_SECONDS
    locked_seconds: float = LOCKED_SECONDS
    names_remembered: int = NAMES_REMEMBERED
    _states: dict[str, LockState] = field(default_factory=dict, repr=False)

    # -- the rule ---------------------------------------------------------------

    def seconds_left(self, state: LockState, now: float) -> float:
        """Seconds until a username in ``state`` may try again; 0 when it is not locked."""
        return min(max(state.locked_until - now, 0.0), self.locked_seconds)

    def after_failure(self, state: LockState, now: float) -> tuple[LockState, bool]:
        """The state after one more wrong password, and whether this one locks the username."""
        recent = (*(t for t in state.failures if now - self.window_seconds < t <= now), now)
        if len(recent) >= self.failures_allowed:
            return LockState((), now + self.locked_seconds), True
        return LockState(recent, state.locked_until), False

    # -- this server's memory -----------------------------------------------------

    def locked_for(self, username: str, now: float) -> float:
        """Seconds until ``username`` may try again; 0 when it is not locked."""
        key = typed_name(username)
        left = self.seconds_left(self._states.get(key, LockState()), now)
        if not left and key in self._states and not self._states[key].failures:
            del self._states[key]
        return left

    def says_nothing(self, state: LockState, now: float) -> bool:
        """Whether ``state`` no longer changes anything: not locked, and no wrong password within the window."""
        return not self.seconds_left(state, now) and all(t <= now - self.window_seconds or t > now for t in state.failures)

    def record_failure(self, username: str, now: float) -> bool:
        """Count a wrong password; True when this one locks the username (the caller logs it)."""
        key = typed_name(username)
        self._states[key], locked = self.after_failure(self._states.pop(key, LockState()), now)  # popped: now the newest
        if len(self._states) > self.names_remembered:
            self._forget(now)
        return locked

    def remembered(self) -> int:
        """How many usernames this server's memory holds."""
        return len(self._states)

    def _forget(self, now: float) -> None:
        """Drop the states that say nothing; if that is not enough, the unlocked ones tried longest ago, down to nine
        tenths of the bound (so the sweep runs once per thousand new names, not on every one). A lock is never dropped:
        a flood of made-up names cannot push a real lock out."""
        for key in [key for key, state in self._states.items() if self.says_nothing(state, now)]:
            del self._states[key]
        excess = len(self._states) - self.names_remembered * 9 // 10
        if excess > 0:  # the dict keeps insertion order, and a failure re-inserts its name: the first are the oldest
            oldest = [key for key, state in self._states.items() if not self.seconds_left(state, now)][:excess]
            for key in oldest:
                del self._states[key]

    def record_success(self, username: str) -> None:
        """A right password clears the count of wrong ones."""
        self._states.pop(typed_name(username), None)
