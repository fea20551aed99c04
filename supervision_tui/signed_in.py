"""Provides who the app runs for: the local operating-system user (admin), or the account ``serve`` signed in.

``serve`` starts one app process per browser tab with the signed-in account's
username in ``SUPERVISION_TUI_SERVE_ACCOUNT``, set by the server from its own
session record. The app reads the account's role, staff record and teams from
the database (``observations.accounts.scope``) and asks the store as that
scope, so a disabled or removed account opens nothing. Without the variable the
app is the terminal app as ever (``TERMINAL``): its user owns the file, and acts as admin.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from observations.store.scope import Scope
    from standards import FrameworkLibrary

SERVE_ACCOUNT_ENV = "SUPERVISION_TUI_SERVE_ACCOUNT"


def scope_from_environment(db_path: Path, library: FrameworkLibrary) -> Scope:
    from observations.store.scope import TERMINAL

    username = os.environ.get(SERVE_ACCOUNT_ENV, "")
    if not username:
        return TERMINAL  # the terminal's launch never imports the accounts (nor hashlib, for the passwords)
    from observations.accounts.scope import scope_for_account
    from observations.store.observation_store import Store

    with Store.open_for_reading(db_path, library) as store:
        return scope_for_account(store, username)
