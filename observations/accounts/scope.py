"""Provides the scope: who is asking, as the store will be told it once every query takes one.

The terminal app and the command line, run by the operating-system user who
owns the file, act as ``LOCAL_ADMIN``. Under ``serve``, the server starts one
app process per browser tab and tells it, on the server side only, which
account signed in; that process builds its scope from the account's record in
the database (``scope_for_account``), never from anything the browser sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from observations.accounts.records import active_account
from observations.errors import InputError

if TYPE_CHECKING:
    from observations.store.observation_store import Store


@dataclass(frozen=True)
class Scope:
    """Who is asking: an account's name and role, and for a worker or manager the staff record and teams it covers."""

    username: str | None
    role: str
    staff_id: str | None = None
    teams: tuple[str, ...] = ()

    @property
    def is_local(self) -> bool:
        """The operating-system user on their own file, not a signed-in account."""
        return self.username is None


LOCAL_ADMIN = Scope(username=None, role="admin")


class AccountUnavailableError(InputError):
    """The account a process was started for is missing or disabled: the process must not open the app."""


def scope_for_account(store: Store, username: str) -> Scope:
    """The scope of the active account ``username``, read from the database now."""
    account = active_account(store, username)
    if account is None:
        raise AccountUnavailableError(f"the account {username!r} is disabled or no longer exists; sign in again")
    return Scope(username=account.username, role=account.role, staff_id=account.staff_id, teams=account.teams)
