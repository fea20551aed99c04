"""Provides setting a person's own supervision interval (schema step m007), beside the Store rather than in it.

The Store's staff methods change a person's details one transaction at a time;
this does the same for the interval, so the lead's split of the Store need not
carry it, and the schedule's rule for a valid interval is the one used here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from observations.errors import InputError
from observations.schedule import check_interval_weeks
from observations.store.ids import now_utc

if TYPE_CHECKING:
    from observations.store.observation_store import Store
    from observations.store.records import StaffMember


def set_supervision_interval(store: Store, staff_id: str, weeks: int | str | None) -> StaffMember:
    """Give the person their own interval (1-52 weeks), or None to follow the service's; nothing changes on bad input."""
    checked = None if weeks is None else check_interval_weeks(weeks)
    with store.write():
        member = store.staff(staff_id)
        store.scope.check_manages(member, "set the supervision interval of")
        if member.status == "left":
            raise InputError(f"{member.ref} ({member.name}) has left (on {member.left_on}); they have no supervision to schedule")
        if member.supervision_interval_weeks != checked:
            store.db.execute(
                "UPDATE staff SET supervision_interval_weeks = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                [checked, now_utc(), store.scope.account, staff_id],
            )
    return store.staff(staff_id)
