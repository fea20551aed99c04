"""Provides a person's record trail: every row written about them, when, and which signed-in account wrote it.

``history`` lists observations; when many people share one server, a manager or
an auditor also needs to see who started each session, closed each action,
logged each case event, ticked each agenda item, agreed each record and changed
the person's details. This reads the account columns (``store.recorded_by``)
of every table about one person, in one query, oldest first. It names each row
without its free text (evidence, notes): the trail says who wrote what kind of
row and when, and ``history`` or the row's own command shows its content.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from observations.store.observation_store import Store

TERMINAL_WRITER = "the terminal"
"""How a row written at the terminal or the command line ('' in its account column) is shown."""

TRAIL_SQL = """
SELECT created_at AS at, 'person added' AS kind, ref AS what, id, created_by AS by FROM staff WHERE id = :staff
UNION ALL
SELECT updated_at, 'person changed',
       CASE WHEN status = 'left' THEN 'left on ' || left_on ELSE 'the latest change to their details' END, id, updated_by
FROM staff
WHERE id = :staff AND updated_at != created_at
UNION ALL
SELECT created_at, 'session', 'held ' || held_on, id, created_by FROM sessions WHERE staff_id = :staff
UNION ALL
SELECT recorded_at, CASE WHEN retracted = 1 THEN 'retraction' WHEN revision > 1 THEN 'correction' ELSE 'observation' END,
       framework || ' ' || standard || ' ' || rating || ' (' || source || ')', id, recorded_by
FROM observations WHERE staff_id = :staff
UNION ALL
SELECT created_at, 'action', CASE WHEN due_on IS NULL THEN 'no due date' ELSE 'due ' || due_on END, id, created_by
FROM actions WHERE staff_id = :staff
UNION ALL
SELECT u.recorded_at, 'action update', u.status || ' on ' || u.on_date || ' (action ' || substr(u.action_id, 1, 8) || ')',
       u.id, u.recorded_by
FROM action_updates u JOIN actions a ON a.id = u.action_id WHERE a.staff_id = :staff
UNION ALL
SELECT created_at, 'case', ref || ' ' || level || ', referred ' || referred_on, id, created_by FROM cases WHERE staff_id = :staff
UNION ALL
SELECT e.recorded_at, 'case event', c.ref || ' ' || e.event || coalesce(' ' || e.level, '') || ' on ' || e.on_date,
       e.id, e.recorded_by
FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.staff_id = :staff
UNION ALL
SELECT t.recorded_at, 'case transfer', c.ref || ' on ' || t.on_date, t.id, t.recorded_by
FROM case_transfers t JOIN cases c ON c.id = t.case_id WHERE :staff IN (t.from_staff_id, t.to_staff_id)
UNION ALL
SELECT recorded_at, CASE kind WHEN 'decision' THEN 'decision' ELSE 'agenda tick' END,
       CASE kind WHEN 'decision' THEN 'in session ' || substr(session_id, 1, 8) ELSE kind || ' ' || subject END, id, recorded_by
FROM session_items WHERE staff_id = :staff
UNION ALL
SELECT recorded_at, CASE kind WHEN 'agreed' THEN 'record agreed' ELSE 'record corrected' END,
       'session ' || substr(session_id, 1, 8) || ' on ' || agreed_on, id, recorded_by
FROM session_records WHERE staff_id = :staff
ORDER BY 1, 2, 4
"""


@dataclass(frozen=True)
class TrailLine:
    """One row written about the person: when, what kind, a short label (no free text), its id, and who wrote it."""

    at: str
    kind: str
    what: str
    id: str
    by: str
    """The account that wrote it; '' for the terminal (or, in older observations and actions, the name typed there)."""

    @property
    def writer(self) -> str:
        return self.by or TERMINAL_WRITER

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def record_trail(store: Store, staff_id: str) -> list[TrailLine]:
    """Every row about ``staff_id``, oldest first, for a scope that may see their history (not a trainer's)."""
    member = store.staff(staff_id)
    store.scope.check_evidence()
    return [TrailLine(**row) for row in store.rows(TRAIL_SQL, {"staff": member.id})]
