"""Provides date parsing and checking for user input: ISO dates only, never in the future where that is impossible.

``implausible`` is the one rule for which dates make sense, used by every command
(``parse_date``) and every import (``exchange.rows``): nothing before 1900 (no
one in post started then: a typo), nothing that has happened in the future, and
nothing planned (a start date, a due date) more than five years ahead, where
year 9999 is a typo that would sort after every real date in every report.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .errors import InputError

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_YEAR = 1900
PLANNED_YEARS_AHEAD = 5


def today() -> date:
    return date.today()


def parse_date(text: str | date | None, what: str, *, default: date | None = None, allow_future: bool = False) -> date:
    """Parse YYYY-MM-DD; a clear InputError for anything else or a future date when not allowed."""
    if text is None or text == "":
        if default is None:
            raise InputError(f"{what}: a date is required (YYYY-MM-DD)")
        return default
    if isinstance(text, date):
        value = text
    else:
        if not ISO_DATE.match(text.strip()):
            raise InputError(f"{what}: {text!r} is not a date in the form YYYY-MM-DD")
        try:
            value = date.fromisoformat(text.strip())
        except ValueError:
            raise InputError(f"{what}: {text!r} is not a real date") from None
    problem = implausible(value, happened=not allow_future)
    if problem:
        raise InputError(f"{what}: {problem}")
    return value


def implausible(value: date, *, happened: bool, slack: timedelta = timedelta(0)) -> str | None:
    """Why ``value`` cannot be meant, or None. ``happened`` dates (observed, held, left) cannot be in the future;
    other dates may be planned, up to ``PLANNED_YEARS_AHEAD`` years ahead. ``slack`` allows another time zone's today."""
    now = today()
    if value.year < EARLIEST_YEAR:
        return f"{value.isoformat()} is too far in the past (dates start in {EARLIEST_YEAR})"
    if happened and value > now + slack:
        return f"{value.isoformat()} is in the future (today is {now.isoformat()})"
    latest = now.replace(year=now.year + PLANNED_YEARS_AHEAD) if not (now.month == 2 and now.day == 29) else now + timedelta(days=365 * PLANNED_YEARS_AHEAD)
    if value > latest:
        return f"{value.isoformat()} is more than {PLANNED_YEARS_AHEAD} years ahead (the latest is {latest.isoformat()})"
    return None


def month_starts(last: date, months: int) -> list[date]:
    """The first days of the ``months`` calendar months ending with the one holding ``last``, oldest first."""
    year, month = last.year, last.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]
