"""Provides the messages of the person, session, actions and caseload screens' database workers (see messages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .messages import WorkerMessage

if TYPE_CHECKING:
    from observations.store.records import Action, Observation, Session

    from observations.read_models import PersonActions, PersonData, SessionData


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
class CaseDiscussed(WorkerMessage):
    """A line-manager discussion was recorded on a case (in a session, when ``session_id`` is set)."""

    ref: str
    session_id: str | None
