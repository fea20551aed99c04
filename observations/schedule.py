"""Provides the supervision schedule's arithmetic: which interval applies to a person, and when their next session is due.

Pure functions of dates and numbers, so the staff list, the command line, the
calendar export and the manager's "today" view all give the same answer, and
tests can check the arithmetic without a database. The next session is due one
interval after the last one held; someone never supervised is due one interval
after they started (or, with no start date, after they were added).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from observations.defaults import MAX_INTERVAL_WEEKS, MIN_INTERVAL_WEEKS
from observations.errors import InputError
from observations.standing.rules import months_before
DUE_SOON_DAYS = 7
"""A session due within this many days counts as due now: there is a week to book it."""

OVERDUE, DUE, SCHEDULED = "overdue", "due", "scheduled"
PERSON, INDUCTION, SERVICE = "person", "induction", "service"
"""Where a person's interval comes from: set for them, the induction interval, or the service default."""


def check_interval_weeks(value: object, what: str = "supervision interval") -> int:
    """A whole number of weeks from 1 to 52, else an InputError saying so in one line."""
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit():
            raise InputError(f"the {what} must be a whole number of weeks ({MIN_INTERVAL_WEEKS}-{MAX_INTERVAL_WEEKS}), not {value!r}")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"the {what} must be a whole number of weeks, not {value!r}")
    if not MIN_INTERVAL_WEEKS <= value <= MAX_INTERVAL_WEEKS:
        raise InputError(f"the {what} is {value} weeks; give {MIN_INTERVAL_WEEKS} to {MAX_INTERVAL_WEEKS} weeks")
    return value


@dataclass(frozen=True)
class ScheduleRules:
    """The service's rules: its default interval, the induction interval, and how long induction lasts."""

    service_weeks: int = 4
    induction_weeks: int = 2
    induction_months: int = 6

    @classmethod
    def from_settings(cls, settings) -> ScheduleRules:
        return cls(settings.supervision_interval_weeks, settings.induction_interval_weeks, settings.induction_period_months)

    def in_induction(self, started_on: date | None, as_of: date) -> bool:
        return started_on is not None and months_before(as_of, self.induction_months) < started_on <= as_of

    def interval(self, own_weeks: int | None, started_on: date | None, as_of: date) -> tuple[int, str]:
        """(weeks, where from): a person's own interval wins; else induction's while they are in it; else the service's."""
        if own_weeks is not None:
            return own_weeks, PERSON
        if self.in_induction(started_on, as_of):
            return self.induction_weeks, INDUCTION
        return self.service_weeks, SERVICE


@dataclass(frozen=True)
class SupervisionDue:
    """When one person's next supervision is due, as of a day, and why."""

    staff_id: str
    due_on: date
    status: str
    """overdue (the day has passed), due (today or within DUE_SOON_DAYS) or scheduled."""
    days: int
    """Days from the as-of day to the due day: negative when overdue."""
    interval_weeks: int
    interval_source: str
    last_held: date | None

    def describe(self) -> str:
        """'overdue 12 days', 'due in 3 days', 'due today', 'in 20 days': what the staff list and `staff list` show."""
        if self.status == OVERDUE:
            return f"overdue {-self.days} day{'s' if self.days != -1 else ''}"
        if self.days == 0:
            return "due today"
        word = "due in" if self.status == DUE else "in"
        return f"{word} {self.days} day{'s' if self.days != 1 else ''}"

    def to_dict(self) -> dict[str, object]:
        return {
            "due_on": self.due_on.isoformat(), "status": self.status, "days": self.days,
            "interval_weeks": self.interval_weeks, "interval_source": self.interval_source,
            "last_held": self.last_held.isoformat() if self.last_held else None,
        }


def next_supervision(
    staff_id: str,
    *,
    as_of: date,
    rules: ScheduleRules,
    last_held: date | None,
    started_on: date | None,
    added_on: date,
    own_weeks: int | None = None,
) -> SupervisionDue:
    """The next session for someone in post: one interval after the last held, else after they started (or were added)."""
    weeks, source = rules.interval(own_weeks, started_on, as_of)
    base = last_held or started_on or added_on
    due_on = base + timedelta(weeks=weeks)
    days = (due_on - as_of).days
    status = OVERDUE if days < 0 else DUE if days <= DUE_SOON_DAYS else SCHEDULED
    return SupervisionDue(staff_id, due_on, status, days, weeks, source, last_held)


def urgency(due: SupervisionDue | None) -> tuple[int, int]:
    """A sort key: the most overdue first, then the soonest due; nobody to supervise (left) last."""
    return (1, 0) if due is None else (0, due.days)
