"""Provides the home screen's read model: the staff list, first, and everyone's counts, after.

Kept apart from the other screens' read models (``read_models``) because every
launch reads the list before its first paint: this module and what it imports
are all the domain the first screen needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from observations.schedule import ScheduleRules, SupervisionDue
    from observations.store.observation_store import Store
    from observations.store.records import StaffMember
    from standards import Framework

OVERDUE_SQL = (
    "SELECT staff_id, count(*) AS n FROM current_actions "
    "WHERE status = 'open' AND due_on IS NOT NULL AND due_on < ? GROUP BY staff_id"
)


@dataclass(frozen=True)
class StaffListing:
    """The cheap first read of the home screen: everyone, sorted by name, and the teams."""

    people: tuple[StaffMember, ...]
    teams: tuple[str, ...]
    total: int | None = None
    """How many staff there are, leavers included, when ``people`` holds only the first of them (see ``list_first_people``)."""

    @property
    def complete(self) -> bool:
        return self.total is None

    @property
    def staff_count(self) -> int:
        return len(self.people) if self.total is None else self.total


@dataclass(frozen=True)
class PersonCounts:
    """The slow columns of the home screen, filled in when the organisation-wide standings are ready."""

    needs: int
    stale: int
    overdue: int
    last_observed: str | None
    supervision: SupervisionDue | None = None
    """When their next supervision is due (None for someone who has left)."""


def list_people(store: Store) -> StaffListing:
    return StaffListing(tuple(store.list_staff()), tuple(store.teams()))


WHOLE_LIST_UP_TO = 1_000
"""Up to this many staff, the first read is the whole list (a few milliseconds); beyond it, only the first screenful."""


def list_first_people(store: Store, first: int) -> StaffListing:
    """The whole list for a small organisation; for a big one the first ``first`` active people by name (as the list
    first shows them) and the total, so the first paint never waits for the organisation's size."""
    total = store.rows("SELECT count(*) AS n FROM staff")[0]["n"]
    if total <= WHOLE_LIST_UP_TO or not store.scope.sees_everyone:  # a narrower scope's list is short (and filtered)
        return list_people(store)
    from observations.store.records import StaffMember

    rows = store.rows("SELECT * FROM staff WHERE status = 'active' ORDER BY name COLLATE NOCASE, ref LIMIT ?", [first])
    return StaffListing(tuple(StaffMember.from_row(row) for row in rows), tuple(store.teams()), total=total)


def database_version(store: Store) -> int:
    """A number that changes whenever another connection commits (PRAGMA data_version): no change, no need to re-count."""
    return store.rows("PRAGMA data_version")[0]["data_version"]


def count_people(
    store: Store, framework: Framework, as_of: date, rules: ScheduleRules | None = None
) -> dict[str, PersonCounts]:
    """Needs, stale ratings, overdue actions, the last observation and the next supervision for everyone, in four queries."""
    from observations.schedule import ScheduleRules
    from observations.schedule_queries import supervision_schedule
    from observations.standing.rules import NEED
    from observations.standing.queries import Selection, current_status_cells, last_observed

    # a manager's six people are counted, not the organisation's thousands (0.5 s of CPU at 2,000 staff, per session)
    visible = store.visible_staff_ids()
    ids = tuple(sorted(visible)) if visible is not None else None
    # the lean org-wide query: counts need no evidence, previous ratings or self-assessments
    standings = current_status_cells(store, framework, as_of=as_of, selection=Selection(staff_ids=ids))
    last = last_observed(store, framework=framework, staff_ids=ids)
    overdue = {row["staff_id"]: row["n"] for row in store.rows(OVERDUE_SQL, [as_of.isoformat()])}
    schedule = supervision_schedule(store, as_of=as_of, rules=rules or ScheduleRules(), staff_ids=ids)
    return {
        staff_id: PersonCounts(
            needs=sum(1 for s in rows if s.status == NEED),
            stale=sum(1 for s in rows if s.stale),
            overdue=overdue.get(staff_id, 0),
            last_observed=last.get(staff_id),
            supervision=schedule.get(staff_id),
        )
        for staff_id, rows in standings.items()
        if visible is None or staff_id in visible
    }
