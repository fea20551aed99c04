"""Provides the data-protection operations on one person: a subject access export and erasure.

Erasure is the only true deletion in the store. It keeps one audit line (the
person's random id and when), deletes every row about them and replaces their
name where it appears in other people's records (as observer, manager or
owner), in one transaction with ``secure_delete`` on, then VACUUMs and truncates
the WAL so their name and evidence remain nowhere in the database files.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .ids import now_utc
from .migrations import ERASED_NAME

if TYPE_CHECKING:
    from .store import Store

SUBJECT_ACCESS_FORMAT = "supervision-tui-subject-access"
SUBJECT_ACCESS_VERSION = 1

# Child rows first, so foreign keys hold after every statement.
_PERSON_ROWS: tuple[tuple[str, str], ...] = (
    ("case_events", "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE staff_id = :staff)"),
    ("cases", "DELETE FROM cases WHERE staff_id = :staff"),
    ("action_updates", "DELETE FROM action_updates WHERE action_id IN (SELECT id FROM actions WHERE staff_id = :staff)"),
    ("actions", "DELETE FROM actions WHERE staff_id = :staff"),
    ("observations", "DELETE FROM observations WHERE staff_id = :staff"),
    ("sessions", "DELETE FROM sessions WHERE staff_id = :staff"),
    ("staff", "DELETE FROM staff WHERE id = :staff"),
)

# Where a person's name can appear in other people's records (as observer, manager or owner).
_NAME_FIELDS: tuple[str, ...] = (
    """UPDATE observations SET
         observer = CASE WHEN observer = :name THEN :erased ELSE observer END,
         recorded_by = CASE WHEN recorded_by = :name THEN :erased ELSE recorded_by END
       WHERE staff_id != :staff AND (observer = :name OR recorded_by = :name)""",
    "UPDATE sessions SET manager = :erased WHERE staff_id != :staff AND manager = :name",
    """UPDATE actions SET
         owner = CASE WHEN owner = :name THEN :erased ELSE owner END,
         created_by = CASE WHEN created_by = :name THEN :erased ELSE created_by END
       WHERE staff_id != :staff AND (owner = :name OR created_by = :name)""",
    "UPDATE staff SET manager = :erased, updated_at = :now WHERE id != :staff AND manager = :name",
)


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    """A row as JSON people can read: list columns as lists, flags as booleans."""
    out = dict(row)
    for key in ("examples", "standards"):
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key] or "[]")
    for key in ("retracted", "in_school"):
        if key in out and out[key] is not None:
            out[key] = bool(out[key])
    return out


def subject_access(store: Store, staff_id: str) -> dict[str, Any]:
    """Everything the database holds about one person, for a subject access request."""
    member = store.staff(staff_id)
    params = {"staff": member.id, "name": member.name}
    rows = store.rows
    actions = rows("SELECT * FROM current_actions WHERE staff_id = :staff ORDER BY created_at, id", params)
    updates = rows(
        "SELECT u.* FROM action_updates u JOIN actions a ON a.id = u.action_id "
        "WHERE a.staff_id = :staff ORDER BY u.recorded_at, u.id",
        params,
    )
    cases = rows("SELECT * FROM cases WHERE staff_id = :staff ORDER BY referred_on, ref", params)
    events = rows(
        "SELECT e.* FROM case_events e JOIN cases c ON c.id = e.case_id "
        "WHERE c.staff_id = :staff ORDER BY e.on_date, e.recorded_at, e.id",
        params,
    )
    return {
        "format": SUBJECT_ACCESS_FORMAT,
        "version": SUBJECT_ACCESS_VERSION,
        "exported_at": now_utc(),
        "staff": member.to_dict(),
        "observations": [
            _decoded(r)
            for r in rows("SELECT * FROM observations WHERE staff_id = :staff ORDER BY observed_on, observation_id, revision", params)
        ],
        "sessions": rows("SELECT * FROM sessions WHERE staff_id = :staff ORDER BY held_on, id", params),
        "actions": [
            {**_decoded(a), "updates": [u for u in updates if u["action_id"] == a["id"]]} for a in actions
        ],
        "cases": [{**_decoded(c), "events": [e for e in events if e["case_id"] == c["id"]]} for c in cases],
        "named_in": _named_in(store, params),
    }


def _named_in(store: Store, params: dict[str, str]) -> list[dict[str, str]]:
    """Other people's records that carry this person's name (as observer, manager or owner)."""
    found = store.rows(
        """
        SELECT 'observations' AS record, id, 'observer' AS field FROM observations
            WHERE staff_id != :staff AND (observer = :name OR recorded_by = :name)
        UNION ALL SELECT 'sessions', id, 'manager' FROM sessions WHERE staff_id != :staff AND manager = :name
        UNION ALL SELECT 'actions', id, 'owner' FROM actions WHERE staff_id != :staff AND (owner = :name OR created_by = :name)
        UNION ALL SELECT 'staff', id, 'manager' FROM staff WHERE id != :staff AND manager = :name
        ORDER BY 1, 2
        """,
        params,
    )
    return found


def delete_person_rows(store: Store, staff_id: str) -> dict[str, int]:
    """Record the erasure, blank the person's name in others' records, delete every row about them.

    The caller holds the write transaction.
    """
    if not store.db.conn.in_transaction:
        raise RuntimeError("delete_person_rows must run inside store.write()")
    conn = store.db.conn
    conn.execute("INSERT OR IGNORE INTO erasures (staff_id, erased_at) VALUES (?, ?)", [staff_id, now_utc()])
    counts: dict[str, int] = {"names_removed": 0}
    named = conn.execute("SELECT name FROM staff WHERE id = ?", [staff_id]).fetchone()
    if named is not None:
        params = {"staff": staff_id, "name": named[0], "erased": ERASED_NAME, "now": now_utc()}
        for sql in _NAME_FIELDS:
            counts["names_removed"] += conn.execute(sql, params).rowcount
    for table, sql in _PERSON_ROWS:
        counts[table] = conn.execute(sql, {"staff": staff_id}).rowcount
    return counts


def scrub(store: Store) -> bool:
    """VACUUM and truncate the WAL so deleted content is gone from the files.

    Returns False when another program holds the database open in a way that
    stops the WAL being emptied now (it is emptied when that program closes).
    """
    conn = store.db.conn
    if conn.in_transaction:
        raise RuntimeError("scrub must run after the erasure has committed")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("VACUUM")
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


def erase_staff(store: Store, staff_id: str) -> dict[str, Any]:
    """Erase one person for good: one audit line stays; returns what was deleted."""
    member = store.staff(staff_id)
    with store.write():
        counts = delete_person_rows(store, member.id)
    complete = scrub(store)
    return {"staff_id": member.id, "ref": member.ref, "deleted": counts, "files_scrubbed": complete}
