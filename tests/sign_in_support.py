"""Shared by the sign-in desk tests: a clock the test moves, and a number of wrong passwords in a row."""

from __future__ import annotations

PASSWORD = "correct horse battery"


class Clock:
    """The desk's wall clock, moved by the test instead of waited for."""

    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def wrong(desk, username="ada", times=1):
    """Each outcome of ``times`` wrong passwords for ``username``."""
    return [desk.sign_in(username, "wrong password") for _ in range(times)]
