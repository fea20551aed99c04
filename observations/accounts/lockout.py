"""Provides the lockout rule: five wrong passwords for one username within a minute lock it for a while.

Kept per username typed (whether or not such an account exists), so the rule
cannot be used to learn which usernames are real. It lives in the server's
memory: a restart of the server clears it, which an operator can do anyway.
The clock is passed in, so the rule is tested without waiting.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

FAILURES_ALLOWED = 5
WINDOW_SECONDS = 60.0
LOCKED_SECONDS = 15 * 60.0


@dataclass
class Lockout:
    """Wrong-password counts per username, and until when each locked username stays locked."""

    failures_allowed: int = FAILURES_ALLOWED
    window_seconds: float = WINDOW_SECONDS
    locked_seconds: float = LOCKED_SECONDS
    _failures: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    _locked_until: dict[str, float] = field(default_factory=dict, repr=False)

    @staticmethod
    def _key(username: str) -> str:
        return username.strip().casefold()

    def locked_for(self, username: str, now: float) -> float:
        """Seconds until ``username`` may try again; 0 when it is not locked."""
        until = self._locked_until.get(self._key(username), 0.0)
        if until <= now:
            self._locked_until.pop(self._key(username), None)
            return 0.0
        return until - now

    def record_failure(self, username: str, now: float) -> bool:
        """Count a wrong password; True when this one locks the username (the caller logs it)."""
        key = self._key(username)
        recent = self._failures.setdefault(key, deque())
        recent.append(now)
        while recent and recent[0] <= now - self.window_seconds:
            recent.popleft()
        if len(recent) >= self.failures_allowed:
            self._locked_until[key] = now + self.locked_seconds
            recent.clear()
            return True
        return False

    def record_success(self, username: str) -> None:
        """A right password clears the count of wrong ones."""
        self._failures.pop(self._key(username), None)
