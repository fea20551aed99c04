"""Provides the account records: adding, listing, changing a password, disabling, and checking a sign-in.

Accounts are not carried by export, import or merge, on purpose: they are the
credentials of one server's copy, not records about anyone's practice, and a
password hash that travels in an export file (or merges into another service's
server) would let whoever holds the file try to guess it, or sign in there.
A backup, a copy of the whole file for restoring it, keeps them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from observations.accounts.passwords import check_new_password, hash_password, spend_a_check, verify_password
from observations.errors import InputError, NotFoundError
from observations.store.scope import ROLES
from observations.store.ids import now_utc

if TYPE_CHECKING:
    from observations.store.observation_store import Store

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
USERNAME_RULE = "2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit"
MAX_TEAM_CHARS = 200


@dataclass(frozen=True)
class Account:
    """One sign-in account (never its password hash, which stays in the database)."""

    username: str
    role: str
    staff_id: str | None
    teams: tuple[str, ...]
    status: str
    created_at: str
    updated_at: str
    disabled_at: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Account:
        values = {k: row[k] for k in cls.__dataclass_fields__}
        values["teams"] = tuple(json.loads(row["teams"] or "[]"))
        return cls(**values)

    @property
    def active(self) -> bool:
        return self.status == "active"

    def to_dict(self) -> dict[str, Any]:
        return {**{k: getattr(self, k) for k in self.__dataclass_fields__}, "teams": list(self.teams)}


def normal_username(text: str) -> str:
    """The username as stored (lower case), or an InputError saying what a username may be."""
    name = (text or "").strip().lower()
    if not USERNAME.fullmatch(name):
        raise InputError(f"account: a username is {USERNAME_RULE}")
    return name


def _teams(teams: list[str]) -> list[str]:
    out: list[str] = []
    for team in teams:
        cleaned = team.strip()
        if not cleaned or len(cleaned) > MAX_TEAM_CHARS or any(ord(ch) < 32 or ord(ch) == 127 for ch in cleaned):
            raise InputError(f"account: a team name is 1 to {MAX_TEAM_CHARS} characters of plain text on one line")
        if cleaned not in out:
            out.append(cleaned)
    return out


def add_account(
    store: Store, username: str, *, role: str, password: str, staff: str | None = None, teams: list[str] | None = None
) -> Account:
    """A new active account. A worker must be linked to their own staff record; only a manager has teams."""
    name = normal_username(username)
    if role not in ROLES:
        raise InputError(f"account: the role is one of {', '.join(ROLES)}")
    chosen_teams = _teams(teams or [])
    if role == "worker" and not staff:
        raise InputError("account: a worker's account needs --staff (their own staff record)")
    if chosen_teams and role != "manager":
        raise InputError("account: only a manager's account has teams (--team)")
    if staff and role in ("admin", "trainer"):
        raise InputError(f"account: an {role}'s account is not linked to a staff record; leave out --staff")
    check_password(password)
    with store.write() as db:
        staff_id = store.find_staff(staff, exact=True).id if staff else None
        if store.rows("SELECT 1 FROM accounts WHERE username = ?", [name]):
            raise InputError(f"account: there is already an account {name!r}")
        now = now_utc()
        db.execute(
            "INSERT INTO accounts (username, role, staff_id, teams, password_hash, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'active', ?, ?)",
            [name, role, staff_id, json.dumps(chosen_teams), hash_password(password), now, now],
        )
    return find_account(store, name)


def check_password(password: str) -> None:
    from observations.accounts.passwords import PasswordRuleError

    try:
        check_new_password(password)
    except PasswordRuleError as error:
        raise InputError(f"account: {error}") from None


def find_account(store: Store, username: str) -> Account:
    name = (username or "").strip().lower()
    rows = store.rows("SELECT * FROM accounts WHERE username = ?", [name])
    if not rows:
        raise NotFoundError(f"account: no account is called {name!r}; 'supervision-tui account list' shows them")
    return Account.from_row(rows[0])


def list_accounts(store: Store) -> list[tuple[Account, str | None]]:
    """Every account, by username, with the ref of the staff record it is linked to (None when it is not).

    A file opened read-only that an older version made has no accounts table yet (the next write adds it): none."""
    if not store.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'accounts'"):
        return []
    rows = store.rows("SELECT a.*, s.ref AS staff_ref FROM accounts a LEFT JOIN staff s ON s.id = a.staff_id ORDER BY a.username")
    return [(Account.from_row(r), r["staff_ref"]) for r in rows]


def set_password(store: Store, username: str, password: str) -> Account:
    """A new password for an existing account (a disabled one stays disabled)."""
    check_password(password)
    with store.write() as db:
        account = find_account(store, username)
        db.execute(
            "UPDATE accounts SET password_hash = ?, updated_at = ? WHERE username = ?",
            [hash_password(password), now_utc(), account.username],
        )
    return find_account(store, account.username)


def disable_account(store: Store, username: str) -> Account:
    """The account can no longer sign in; its row stays, so who recorded what can still be read."""
    with store.write() as db:
        account = find_account(store, username)
        if account.active:
            now = now_utc()
            db.execute(
                "UPDATE accounts SET status = 'disabled', disabled_at = ?, updated_at = ? WHERE username = ?",
                [now, now, account.username],
            )
    return find_account(store, account.username)


def signed_in_account(store: Store, username: str, password: str) -> Account | None:
    """The active account ``username`` when ``password`` is its password, else None.

    An unknown or disabled account costs as much time as a wrong password, so
    the answer's timing does not tell which usernames exist.
    """
    name = (username or "").strip().lower()
    rows = store.rows("SELECT * FROM accounts WHERE username = ?", [name]) if USERNAME.fullmatch(name) else []
    if not rows:
        spend_a_check(password)
        return None
    matched = verify_password(password, rows[0]["password_hash"])
    account = Account.from_row(rows[0])
    return account if matched and account.active else None


def active_account(store: Store, username: str) -> Account | None:
    """The account ``username`` if it exists and may still sign in (a session is checked against this)."""
    rows = store.rows("SELECT * FROM accounts WHERE username = ?", [(username or "").strip().lower()])
    account = Account.from_row(rows[0]) if rows else None
    return account if account is not None and account.active else None
