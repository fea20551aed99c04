"""Provides the messages database workers post back to the UI thread, as small dataclasses.

A worker never touches a widget: it reads or writes through the gateway and
posts one of these; the screen's ``@on`` handler owns every change on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message


class WorkerMessage(Message, bubble=False):
    """A worker's result, posted to the screen that started it; nobody else needs it."""

if TYPE_CHECKING:
    from observations.store.records import Action, Observation, Session, StaffMember

    from observations.read_models import PersonActions, PersonCounts, PersonData, SessionData, StaffListing, TeamData


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
class CaseDiscussed(WorkerMessage):
    """A line-manager discussion was recorded on a case (in a session, when ``session_id`` is set)."""

    ref: str
    session_id: str | None


@dataclass
class DemoLoaded(WorkerMessage):
    """The demo organisation was written to the empty database."""

    summary: dict[str, Any]


@dataclass
class PersonLoaded(WorkerMessage):
    """A person's standings, history, actions and sessions arrived."""

    data: PersonData


@dataclass
class ActionsLoaded(WorkerMessage):
    """A person's actions arrived."""

    data: PersonActions


@dataclass
class SessionLoaded(WorkerMessage):
    """A supervision session with what is due and what was recorded in it arrived."""

    data: SessionData


@dataclass
class ObservationSaved(WorkerMessage):
    """An observation was recorded (or corrected: ``corrected`` is True)."""

    observation: Observation
    corrected: bool


@dataclass
class SessionStarted(WorkerMessage):
    """A supervision session was started (or today's was picked up again)."""

    session: Session
    resumed: bool


@dataclass
class ActionChanged(WorkerMessage):
    """An action was added, completed or dropped."""

    action: Action
    what: str


@dataclass
class StoreFailed(WorkerMessage):
    """A database call failed with an error the user can act on; nothing was written."""

    message: str
    request: str | None = None
    """The id the screen gave the call (e.g. the save of one standard), so it resets the state of that call only."""
    not_shown: bool = False
    """The scope may not see what the call asked for (another person's record, a trainer's evidence): nothing to show."""


@dataclass
class TeamLoaded(WorkerMessage):
    """A team's training report and caseload counts arrived."""

    data: TeamData


@dataclass
class ReportLoaded(WorkerMessage):
    """A report's data and its Markdown rendering arrived."""

    kind: str
    data: dict[str, Any]
    markdown: str


@dataclass
class ReportExported(WorkerMessage):
    """A report was written to a file."""

    path: Path


@dataclass
class AgendaLoaded(WorkerMessage):
    """A session's agenda with its ticks and decisions arrived, and its agreed record if it has one."""

    agenda: dict[str, Any]
    record: dict[str, Any] | None


@dataclass
class AgendaChanged(WorkerMessage):
    """An agenda item was ticked, a decision recorded, or the session agreed."""

    what: str
