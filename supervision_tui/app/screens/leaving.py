"""Provides marking a person as left from the TUI with the same warning the command line gives about open cases.

A leaver's open cases take nothing dated after their leaving until each is
transferred, so whoever marks them as left is told which cases those are.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from ..messages import StaffChanged


def leave_and_warn(staff_id: str, as_of: date) -> Callable[[Any], StaffChanged]:
    """A database job for ``run_db``: mark the person as left, and say which of their cases are still open."""

    def leave(store) -> StaffChanged:
        from observations.caseload.transfers import open_cases_of, open_cases_warning

        left = store.staff_leave(staff_id, on=as_of)
        still_open = open_cases_of(store, staff_id)
        return StaffChanged(left, "left", open_cases_warning(left.ref, still_open) if still_open else "")

    return leave
