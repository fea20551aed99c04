"""Provides the store's records as frozen dataclasses, built from database rows."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class StaffMember:
    id: str
    ref: str
    name: str
    team: str
    role: str
    started_on: str | None
    manager: str
    status: str
    left_on: str | None
    created_at: str
    updated_at: str
    supervision_interval_weeks: int | None = None
    """Their own weeks between supervision sessions; None takes the service's (or induction's) from settings."""
    created_by: str = ""
    """The signed-in account that added them ('' for the terminal)."""
    updated_by: str = ""
    """The signed-in account that last changed them ('' for the terminal)."""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StaffMember:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Observation:
    """One revision of an observation. ``observation_id`` is shared by all its revisions."""

    id: str
    observation_id: str
    revision: int
    supersedes: str | None
    staff_id: str
    framework: str
    framework_version: str
    standard: str
    rating: str
    observed_on: str
    source: str
    evidence: str
    examples: tuple[int, ...]
    observer: str
    session_id: str | None
    recorded_at: str
    recorded_by: str
    reason: str
    retracted: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Observation:
        values = {k: row[k] for k in cls.__dataclass_fields__}
        values["examples"] = tuple(json.loads(row["examples"] or "[]"))
        values["retracted"] = bool(row["retracted"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["examples"] = list(self.examples)
        return data


@dataclass(frozen=True)
class Session:
    id: str
    staff_id: str
    held_on: str
    manager: str
    notes: str
    created_at: str
    created_by: str = ""
    """The signed-in account that started the session ('' for the terminal)."""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Session:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Action:
    """A development action with its current status (the latest of its updates)."""

    id: str
    staff_id: str
    text: str
    framework: str
    standards: tuple[str, ...]
    owner: str
    due_on: str | None
    session_id: str | None
    created_at: str
    created_by: str
    status: str
    closing_note: str | None
    closed_on: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Action:
        values = {k: row[k] for k in cls.__dataclass_fields__}
        values["standards"] = tuple(json.loads(row["standards"] or "[]"))
        return cls(**values)

    def is_overdue(self, as_of: str) -> bool:
        return action_is_overdue(self.status, self.due_on, as_of)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["standards"] = list(self.standards)
        return data


def action_is_overdue(status: str, due_on: str | None, as_of: str) -> bool:
    """Still open with a due date before ``as_of`` (ISO dates): the one definition every list and report uses."""
    return status == "open" and due_on is not None and due_on < as_of
