"""Provides the scope of a signed-in account: the store's ``Scope`` built from the account's record now.

The terminal app and the command line, run by the operating-system user who
owns the file, act as ``observations.store.scope.TERMINAL``. Under ``serve``,
the server starts one app process per browser tab and tells it, on the server
side only, which account signed in; that process builds its scope here, from
the database (role, own staff record and name, teams), never from anything the
browser sent. An account disabled or removed since sign-in opens nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from observations.accounts.records import active_account
from observations.errors import InputError
from observations.store.scope import Scope

if TYPE_CHECKING:
    from observations.store.observation_store import Store


class AccountUnavailableError(InputError):
    """The account a process was started for is missing or disabled: the process must not open the app."""


def scope_for_account(store: Store, username: str) -> Scope:
    """The scope of the active account ``username``, read from the database now (``store`` asks as the terminal)."""
    account = active_account(store, username)
    if account is None:
        raise AccountUnavailableError(f"the account {username!r} is disabled or no longer exists; sign in again")
    name = store.staff(account.staff_id).name if account.staff_id else ""
    return Scope(role=account.role, account=account.username, staff_id=account.staff_id, name=name, teams=account.teams)
