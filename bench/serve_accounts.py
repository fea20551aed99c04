"""Provides the accounts the served parts sign in with, made by the bench on its own copy of a demo organisation.

Managers are the demo's team managers (linked to their own staff record, with
their team); workers are staff of other teams, linked to themselves. For each
account the bench also works out what its home screen must list (through the
product's own scope rule, so a manager's list is what the store lets them
see) and whom a manager will rate: a member of their team, not themself.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "bench password 1"
"""Every bench account's password (the accounts live only in the bench's throwaway copy)."""
MANAGER_ROLE = "Team manager"
"""The staff role the demo gives each team's manager."""


@dataclass(frozen=True)
class BenchAccount:
    username: str
    role: str
    staff_name: str
    """Their own name ('' for the admin)."""
    first_name: str
    """The first name on their home screen."""
    rates: str
    """Whom they rate: a team member for a manager, themself (self-assessment) for a worker."""


def home_order(db_path: Path) -> list[tuple[str, str]]:
    """Active staff (id, name) in the home screen's order: name without case, then ref."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT id, name FROM staff WHERE status = 'active' ORDER BY name COLLATE NOCASE, ref").fetchall()
    finally:
        conn.close()


def add_admin(db_path: Path, library, username: str = "bench-admin") -> BenchAccount:
    from observations.accounts.records import add_account
    from observations.store.observation_store import Store

    with Store.open(db_path, library) as store:
        add_account(store, username, role="admin", password=PASSWORD)
    order = home_order(db_path)
    return BenchAccount(username, "admin", "", order[0][1], "")


def add_session_accounts(db_path: Path, library, sessions: int) -> list[BenchAccount]:
    """``sessions`` accounts, half managers (rounded up) and the rest workers, each with what it must see."""
    from observations.accounts.records import add_account
    from observations.accounts.scope import scope_for_account
    from observations.store.observation_store import Store

    order = home_order(db_path)
    managers_wanted = (sessions + 1) // 2
    accounts: list[BenchAccount] = []
    with Store.open(db_path, library) as store:
        people = {member.id: member for member in store.list_staff(include_left=False)}
        ordered = [people[staff_id] for staff_id, _ in order if staff_id in people]
        managers = [m for m in ordered if m.role == MANAGER_ROLE][:managers_wanted]
        taken = {m.team for m in managers}
        workers = [w for w in ordered if w.role != MANAGER_ROLE and w.team not in taken][: sessions - len(managers)]
        if len(managers) + len(workers) < sessions:
            raise RuntimeError(f"the demo organisation has too few teams for {sessions} sessions")
        for number, member in enumerate(managers + workers, start=1):
            role = "manager" if member in managers else "worker"
            username = f"bench-{role}-{number}"
            add_account(store, username, role=role, password=PASSWORD, staff=member.ref, teams=[member.team] if role == "manager" else None)
            scope = scope_for_account(store, username)
            visible = [p for p in ordered if scope.sees(p)]
            if role == "manager":
                rates = _one_to_filter_for(member, visible)
            else:
                rates = member.name
            accounts.append(BenchAccount(username, role, member.name, visible[0].name, rates))
    return accounts


def _one_to_filter_for(manager, visible: list) -> str:
    """A member of the manager's team whose name, typed in the filter, leaves only them on the list."""
    def text(person) -> str:
        return f"{person.name} {person.team} {person.role} {person.ref}".casefold()

    for person in visible:
        if person.id != manager.id and person.team == manager.team:
            if sum(person.name.casefold() in text(other) for other in visible) == 1:
                return person.name
    raise RuntimeError(f"the manager {manager.name!r} has no one in their team that the filter finds alone")
