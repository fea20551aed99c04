"""Provides the check every recurring timescale shares: no gap longer than an interval while a case is in a period.

The APIR guide's weekly contact, the plan of work's frequency and the watching
brief's review use it, and so does Methods of Work's six-month support plan
review: one reading of "at least every ..." for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .flags import DUE, MET, MISSED, OVERDUE, Flag
from .timeline import CaseView, Span


def recurring_flags(
    case: CaseView, rule: str, periods: list[Span], dates: list[date], step: Callable[[date], date], what: str, interval: str,
    ended: Callable[[Span], str] | None = None, began: str | None = None,
) -> list[Flag]:
    """A gap longer than the interval in a period that has passed is missed; the gap still open is due or overdue.

    ``ended`` says how a period that has passed ended (default: closed, or moved to another level); ``began``
    what its start was, when it is not the day the case reached the level.
    """
    ended = ended or case.how_it_ended
    flags: list[Flag] = []
    ongoing: Flag | None = None
    for period in periods:
        anchor = period.start
        end = period.end or case.as_of
        for day in (d for d in dates if period.start <= d <= end):
            if day > step(anchor):
                flags.append(Flag(rule, MISSED, step(anchor), f"no {what} from {anchor.isoformat()} to {day.isoformat()}: {(day - anchor).days} days (the longest gap allowed is {interval})"))
            anchor = max(anchor, day)
        due = step(anchor)
        start = began or f"the case became {period.level} on {anchor.isoformat()}"
        since = f"the last one on {anchor.isoformat()}" if anchor in dates else start
        if period.end is not None:
            if due < period.end:
                flags.append(Flag(rule, MISSED, due, f"no {what} from {anchor.isoformat()} until the case {ended(period)} (the longest gap allowed is {interval})"))
        elif case.as_of <= due:
            ongoing = Flag(rule, DUE, due, f"next {what} due by {due.isoformat()} (the longest gap allowed is {interval}); {since.removeprefix('the ')}")
        else:
            ongoing = Flag(rule, OVERDUE, due, f"no {what} for {(case.as_of - anchor).days} days, since {since}; it was due by {due.isoformat()} (the longest gap allowed is {interval})")
    if ongoing is not None:
        return flags + [ongoing]
    if not flags and periods:
        count = sum(1 for d in dates if any(p.start <= d <= (p.end or case.as_of) for p in periods))
        return [Flag(rule, MET, None, f"no gap longer than {interval} ({count} recorded)")]
    return flags
