"""Provides the messages of the report, team, export and agenda screens' database workers (see messages)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .messages import WorkerMessage

if TYPE_CHECKING:
    from observations.read_models import TeamData


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
