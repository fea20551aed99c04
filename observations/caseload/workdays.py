"""Provides working-day arithmetic: weekends and England and Wales bank holidays are not working days.

The guide's first-contact rule counts "five working days of receiving the
referral form". Bank holidays come from the ``holidays`` package (imported only
when a date is first checked, so start-up stays lean). The package lists England
and Wales as separate subdivisions of the UK with the same bank holidays; we use
England's list (``tests/test_caseload_workdays.py`` checks the two agree).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

BANK_HOLIDAY_SUBDIVISION = "ENG"
"""The ``holidays.UK`` subdivision whose bank holidays we skip (England; Wales has the same days)."""

SATURDAY = 5


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The England and Wales bank holidays of one year, including substitute days and one-off holidays."""
    import holidays

    return frozenset(holidays.UK(subdiv=BANK_HOLIDAY_SUBDIVISION, years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < SATURDAY and day not in bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start``; ``start`` itself is day 0 whatever day it is.

    A referral received on Friday has its fifth working day on the next Friday;
    one received on Christmas Eve skips Christmas Day, Boxing Day, the weekend and
    New Year's Day.
    """
    if count < 0:
        raise ValueError("count must be 0 or more")
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day)
    return days
