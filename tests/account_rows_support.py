"""Shared by the tests of schema step m010: one row of every kind about a person, written by a manager's account."""

from __future__ import annotations

import sqlite3

import pytest

from observations.caseload.cases import add_case, change_level, log_event
from observations.caseload.handover import transfer_case
from observations.store.observation_store import Store
from observations.store.recorded_by import ACCOUNT_COLUMNS
from observations.store.scope import Scope
from observations.store.supervision_interval import set_supervision_interval
from observations.supervision.record import agree_session, correct_record, tick_item

MANAGER = Scope("manager", account="mgr.anna", name="Anna Kerr", teams=("North team",))


def worker_scope(staff_id: str) -> Scope:
    return Scope("worker", account="wk.zoe", staff_id=staff_id, name="Zoë O'Neil")


@pytest.fixture
def written(store, db_path, library):
    """A person, and one row of every kind about them written by the manager's account, and a self-assessment by
    the worker's own account; a colleague the manager adds, transfers a case to and marks as left."""
    zoe = store.add_staff("Zoë O'Neil", team="North team", manager="Anna Kerr", started_on="2024-01-01")
    with Store.open(db_path, library, scope=MANAGER) as manager:
        colleague = manager.add_staff("Ben Osei", team="North team", started_on="2024-01-01")
        march = manager.add_session(zoe.id, held_on="2025-03-03", manager="Anna Kerr")
        manager.record_observation(zoe.id, "A2", "developing", observed_on="2025-03-01", observer="Anna Kerr")
        action = manager.add_action(zoe.id, "Read the guide", due_on="2025-03-20", session_id=march.id)
        manager.update_action(action.id, "done", on="2025-03-18")
        add_case(manager, zoe.id, "40213", level="intensive", referred_on="2025-01-06")
        add_case(manager, zoe.id, "40214", level="enhanced", referred_on="2025-01-06")
        log_event(manager, "40213", "contact", "2025-02-03")
        change_level(manager, "40213", "enhanced", "2025-02-10")
        transfer_case(manager, "40214", colleague.id, "2025-02-20")
        april, _ = manager.session_on(zoe.id, "2025-04-07", manager="Anna Kerr")
        tick_item(manager, april.id, "action", action.id[:8], note="Well done")
        tick_item(manager, april.id, "decision", "", note="Case 40213 stays enhanced")
        agree_session(manager, april.id, manager="Anna Kerr", staff="Zoë O'Neil", on="2025-04-07")
        correct_record(manager, april.id, "The decision was about case 40213", by="Anna Kerr", on="2025-04-08")
        set_supervision_interval(manager, zoe.id, 6)
        manager.staff_leave(colleague.id, on="2025-03-31")
    with Store.open(db_path, library, scope=worker_scope(zoe.id)) as worker:
        worker.record_observation(zoe.id, "A2", "secure", observed_on="2025-03-02", source="self-assessment")
    return {"zoe": zoe, "colleague": colleague}


def account_values(db_path) -> dict[str, set[str]]:
    """Every value in each table's account columns."""
    conn = sqlite3.connect(db_path)
    try:
        return {
            f"{table}.{column}": {row[0] for row in conn.execute(f"SELECT {column} FROM {table}")}
            for table, columns in ACCOUNT_COLUMNS.items()
            for column in columns
        }
    finally:
        conn.close()
