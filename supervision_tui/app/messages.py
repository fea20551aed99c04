"""Provides the messages database workers post back to the UI thread, as small dataclasses: the base, the store's
failure, and the staff list's (what the first screen needs; the other screens' are in person_messages and
report_messages, which are imported only when those screens open).

A worker never touches a widget: it reads or writes through the gateway and
posts one of these; the screen's ``@on`` handler owns every change on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message


class WorkerMessage(Message, bubble=False):
    """A worker's result, posted to the screen that started it; nobody else needs it."""


if TYPE_CHECKING:
    from observations.store.records import StaffMember

    from observations.staff_listing import PersonCounts, StaffListing


@dataclass
class StaffListed(WorkerMessage):
    """The home screen's cheap first read arrived."""

    listing: StaffListing


@dataclass
class StaffCounted(WorkerMessage):
    """The organisation-wide counts for one framework and date arrived."""

    framework_id: str
    counts: dict[str, PersonCounts]
    version: tuple
    """(database version, framework id, date) they were counted at."""


@dataclass
class StaffChanged(WorkerMessage):
    """A member of staff was added (``what`` is "added") or marked as left ("left")."""

    member: StaffMember
    what: str
    warning: str = ""
    """Something to tell the user beside the change (a leaver's open cases that need transferring)."""


@dataclass
class DemoLoaded(WorkerMessage):
    """The demo organisation was written to the empty database."""

    summary: dict[str, Any]


@dataclass
class StoreFailed(WorkerMessage):
    """A database call failed with an error the user can act on; nothing was written."""

    message: str
    request: str | None = None
    """The id the screen gave the call (e.g. the save of one standard), so it resets the state of that call only."""
    not_shown: bool = False
    """The scope may not see what the call asked for (another person's record, a trainer's evidence): nothing to show."""
