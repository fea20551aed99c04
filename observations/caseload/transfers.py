"""Provides what a case transfer rests on: its record, handing the case to the newest transfer's PA, leavers' cases.

A transfer is a row in ``case_transfers`` plus ``cases.staff_id`` set to the
new PA (the schema lets it change only to the newest transfer's PA). It is
how a leaver's open cases reach someone on the team: while a case sits with a
PA who has left, nothing dated after their leaving can be recorded on it.
The new PA's timescales start from the transfer date (``deadlines``), as the guide's
start "on being allocated a young person". ``handover.transfer_case`` makes one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from ..store.observation_store import Store

TRANSFER_COMMAND = "supervision-tui case transfer {ref} --to STAFF"


@dataclass(frozen=True)
class TransferRecord:
    id: str
    case_id: str
    from_staff_id: str
    to_staff_id: str
    on_date: str
    note: str
    recorded_at: str
    recorded_by: str = ""
    """The signed-in account that made the transfer ('' for the terminal)."""


def hand_over_transferred_cases(conn, case_ids: set[str]) -> None:
    """Set each case's PA to the one its newest transfer names (after a transfer, or after a merge brought some)."""
    conn.execute(
        """
        UPDATE cases SET staff_id = (
            SELECT to_staff_id FROM case_transfers t WHERE t.case_id = cases.id
            ORDER BY on_date DESC, recorded_at DESC, id DESC LIMIT 1
        )
        WHERE id IN (SELECT value FROM json_each(?))
          AND EXISTS (SELECT 1 FROM case_transfers t WHERE t.case_id = cases.id)
          AND staff_id IS NOT (
            SELECT to_staff_id FROM case_transfers t WHERE t.case_id = cases.id
            ORDER BY on_date DESC, recorded_at DESC, id DESC LIMIT 1
          )
        """,
        [json.dumps(sorted(case_ids))],
    )


def check_holder_in_post(store: Store, staff_id: str, ref: str, when: date) -> None:
    """Nothing dated after its PA left is recorded on a case: it must be transferred first."""
    member = store.staff(staff_id)
    if member.status == "left" and member.left_on is not None and when.isoformat() > member.left_on:
        raise InputError(
            f"case {ref} is on the caseload of {member.ref}, who left on {member.left_on}; "
            f"transfer it first: {TRANSFER_COMMAND.format(ref=ref)}"
        )


def open_cases_of(store: Store, staff_id: str) -> list[str]:
    """The refs of a PA's cases that are not closed (to warn before they are marked as left)."""
    rows = store.rows(
        "SELECT ref FROM cases c WHERE c.staff_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.event = 'closed') ORDER BY ref",
        [staff_id],
    )
    return [r["ref"] for r in rows]


def open_cases_warning(staff_ref: str, refs: list[str]) -> str:
    """'kp3x… still has 2 open cases (40213, 40214): transfer each with ...' for whoever marks a PA as left."""
    shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
    count = f"{len(refs)} open case{'s' if len(refs) != 1 else ''}"
    return f"{staff_ref} still has {count} ({shown}); nothing can be recorded on them after the leaving date until each is transferred: {TRANSFER_COMMAND.format(ref='REF')}"
