"""Provides the supervision schedule read from the database: each person's next session due, in one query.

The arithmetic is ``observations.schedule``'s; this only gathers its inputs (the
last session held up to the as-of day, the start date, the person's own
interval) for everyone in post, for the staff list, ``staff list``, the
calendar and the "today" view alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from observations.schedule import ScheduleRules, SupervisionDue, next_supervision

if TYPE_CHECKING:
    from observations.store.observation_store import Store

SCHEDULE_SQL = """
SELECT s.id, s.started_on, s.created_at, s.supervision_interval_weeks AS own_weeks,
       (SELECT max(held_on) FROM sessions WHERE staff_id = s.id AND held_on <= :as_of) AS last_held
FROM staff s
WHERE s.status = 'active'
"""


def supervision_schedule(
    store: Store, *, as_of: date, rules: ScheduleRules, staff_ids: Iterable[str] | None = None
) -> dict[str, SupervisionDue]:
    """Staff id -> their next supervision, for everyone in post (or those of ``staff_ids``); people who left have none."""
    wanted = None if staff_ids is None else set(staff_ids)
    visible = store.visible_staff_ids()  # the store's scope: a manager sees only the people they supervise
    if visible is not None:
        wanted = visible if wanted is None else wanted & visible
    found = {}
    for row in store.rows(SCHEDULE_SQL, {"as_of": as_of.isoformat()}):
        if wanted is not None and row["id"] not in wanted:
            continue
        found[row["id"]] = next_supervision(
            row["id"],
            as_of=as_of,
            rules=rules,
            last_held=_day(row["last_held"]),
            started_on=_day(row["started_on"]),
            added_on=date.fromisoformat(row["created_at"][:10]),
            own_weeks=row["own_weeks"],
        )
    return found


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
