"""Provides ``transfer_case``: move an open case to another PA in post from a date, its history kept.

Separate from ``transfers`` (which the case store itself needs) so that no module
of the package imports one that imports it back.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..dates import parse_date
from ..errors import InputError
from ..store.ids import new_id, now_utc
from ..store.text_checks import checked_text
from .cases import check_dated_within, find_case
from .timeline import CLOSED
from .transfers import TransferRecord, hand_over_transferred_cases

if TYPE_CHECKING:
    from ..store.observation_store import Store

MAX_NOTE = 2000


def transfer_case(store: Store, ref: str, to_staff_id: str, on: str | date, *, note: str | None = None) -> TransferRecord:
    """Move an open case to another active PA from a date; its events, levels and earlier transfers stay with it."""
    when = parse_date(on, "transfer date")
    with store.write():
        case = find_case(store, ref)
        store.scope.check_manages(store.staff(case.staff_id), "transfer the cases of")
        check_dated_within(case, when, "transfer")
        closed = next((e.on_date for e in case.events if e.event == CLOSED), None)
        if closed is not None:
            raise InputError(f"case {case.ref} was closed on {closed}; a closed case is not transferred")
        member = store.staff(to_staff_id)
        store.scope.check_manages(member, "transfer cases to")
        if member.id == case.staff_id:
            raise InputError(f"case {case.ref} is already on {member.ref}'s caseload")
        if member.status != "active":
            raise InputError(f"{member.ref} left on {member.left_on}; transfer the case to someone on the team")
        latest = max((t.on_date for t in case.transfers), default=None)
        if latest is not None and when.isoformat() < latest:
            raise InputError(f"case {case.ref} was last transferred on {latest}; a later transfer cannot be dated before it")
        row = {
            "id": new_id(), "case_id": case.id, "from_staff_id": case.staff_id, "to_staff_id": member.id,
            "on_date": when.isoformat(), "note": checked_text(note, "note", limit=MAX_NOTE, multiline=True),
            "recorded_at": now_utc(), "recorded_by": store.scope.account,
        }
        store.db["case_transfers"].insert(row)
        hand_over_transferred_cases(store.conn, {case.id})
    return TransferRecord(**row)
