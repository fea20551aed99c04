"""Shared by the sign-in desk tests: a clock the test moves, new desks over one file, and wrong passwords in a row."""

from __future__ import annotations

PASSWORD = "correct horse battery"


def desks_over_ada(db_path, library, store, clock, key: bytes | None = None):
    """A maker of new desks (as a restarted ``serve`` makes) over the file, now holding the admin account ``ada``;
    with a key (``key``, or one passed to the maker), a desk keeps made-up names' wrong passwords under it."""
    from observations.accounts.records import add_account
    from observations.accounts.sign_in_desk import SignInDesk

    add_account(store, "ada", role="admin", password=PASSWORD)

    def desk(with_key: bytes | None = key) -> SignInDesk:
        made = SignInDesk(db_path, library, clock=clock)
        return made if with_key is None else made.keeping_unknown_names(with_key)

    return desk


class Clock:
    """The desk's wall clock, moved by the test instead of waited for."""

    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def wrong(desk, username="ada", times=1):
    """Each outcome of ``times`` wrong passwords for ``username``."""
    return [desk.sign_in(username, "wrong password") for _ in range(times)]
