"""Provides the guide's rules for an Active Intensive young person leaving the caseload or stepping down.

"Leaving your caseload" is written under Active Intensive: the E2E and other
positive outcome rules apply to a young person who moves on while intensive
(an enhanced case that moves on is not checked against them). A line-manager
discussion is a ``manager-discussion`` event; the rules ask for one before a
step-down from intensive, before an intensive case is closed, and for the
decision that follows two weeks in E2E.
"""

from __future__ import annotations

from datetime import date, timedelta

from .flags import DUE, MET, MISSED, OVERDUE, Flag, plural
from .guide import INTENSIVE, WATCHING_BRIEF
from .timeline import LEVEL_CHANGE, CaseView, add_months

E2E_STAY_DAYS = 14
POSITIVE_STAY_MONTHS = 1
POSITIVE_CONTACTS = 2
DISCUSSION = "manager-discussion"


def moved_on_while_intensive(case: CaseView, kind: str) -> date | None:
    """The last move of this kind made while the case was intensive (None: never, or only at another level)."""
    moves = [day for day in case.dates(kind) if was_intensive_on(case, day)]
    return moves[-1] if moves else None


def was_intensive_on(case: CaseView, day: date) -> bool:
    """Intensive on ``day``, or until that day (a move and a step-down or closure on the same day)."""
    return case.level_on(day) == INTENSIVE or case.period_ending_on(day, (INTENSIVE,)) is not None


def intensive_since(case: CaseView, day: date) -> date:
    """When the stretch at intensive level that includes ``day`` began."""
    since, previous = day, None
    for start, level in case.changes:
        if start > day:
            break
        if level == INTENSIVE and previous != INTENSIVE:
            since = start
        previous = level
    return since


def discussions(case: CaseView, start: date, end: date) -> list[date]:
    return [day for day in case.dates(DISCUSSION) if start <= day <= end]


def e2e_stay(case: CaseView) -> list[Flag]:
    moved = moved_on_while_intensive(case, "moved-on-e2e")
    if moved is None:
        return []
    active = case.period_containing(moved, (INTENSIVE, "enhanced")) or case.period_ending_on(moved, (INTENSIVE, "enhanced"))
    if active is None:
        return []
    stay_until = moved + timedelta(days=E2E_STAY_DAYS)
    left = active.end
    reviews = [d for d in case.dates("review") if stay_until <= d and (left is None or d <= left)]
    start = f"moved on to E2E on {moved.isoformat()}"
    if left is not None and left < stay_until:
        return [Flag("e2e-stay", MISSED, stay_until, f"{start}; the case {case.how_it_ended(active)}, after {(left - moved).days} days (at least 14 days on the active caseload)")]
    if reviews:
        return [Flag("e2e-stay", MET, stay_until, f"{start}; reviewed on {reviews[0].isoformat()}, after the two weeks")]
    if left is not None:
        return [Flag("e2e-stay", MISSED, stay_until, f"{start}; the case {case.how_it_ended(active)} with no review after the two weeks (from {stay_until.isoformat()})")]
    if case.as_of <= stay_until:
        return [Flag("e2e-stay", DUE, stay_until, f"{start}; keep on the active caseload until {stay_until.isoformat()}, then review their progress")]
    return [Flag("e2e-stay", OVERDUE, stay_until, f"{start}; no review yet: it was due from {stay_until.isoformat()}")]


def e2e_decision(case: CaseView) -> list[Flag]:
    """After E2E: keep active, make watching brief or close, decided with the line manager."""
    moved = moved_on_while_intensive(case, "moved-on-e2e")
    if moved is None:
        return []
    start = f"moved on to E2E on {moved.isoformat()}"
    decided = _first_decision(case, moved)
    if decided is not None:
        day, what = decided
        talks = discussions(case, moved, day)
        if talks:
            return [Flag("e2e-decision", MET, day, f"{start}; {what} after a line-manager discussion on {talks[-1].isoformat()}")]
        return [Flag("e2e-decision", MISSED, day, f"{start}; {what} with no line-manager discussion recorded since the move")]
    talks = discussions(case, moved, case.as_of)
    if talks:
        return [Flag("e2e-decision", MET, None, f"{start}; discussed with the line manager on {talks[-1].isoformat()} (kept on the active caseload)")]
    decide_from = moved + timedelta(days=E2E_STAY_DAYS)
    if case.as_of < decide_from:
        return []
    return [Flag("e2e-decision", DUE, None, f"{start}; decide with your line manager whether to keep them active, make them watching brief or close the case")]


def _first_decision(case: CaseView, moved: date) -> tuple[date, str] | None:
    """The first closure or move to watching brief after an E2E move, and what it was."""
    for event in case.events:
        if event.on < moved:
            continue
        if event.event == "closed":
            return event.on, f"closed on {event.on.isoformat()}"
        if event.event == LEVEL_CHANGE and event.level == WATCHING_BRIEF:
            return event.on, f"made watching brief on {event.on.isoformat()}"
    return None


def positive_outcome_follow_up(case: CaseView) -> list[Flag]:
    """At least one month on the caseload, and at least 2 contacts within that month (its last day included)."""
    moved = moved_on_while_intensive(case, "moved-on-positive")
    if moved is None:
        return []
    month_ends = add_months(moved, POSITIVE_STAY_MONTHS)
    closed = case.closed_on
    last_counted = min(month_ends, closed) if closed is not None else month_ends
    contacts = [d for d in case.dates("contact") if moved < d <= last_counted]
    made = f"{plural(len(contacts), 'contact')} in the month after moving on to a positive outcome on {moved.isoformat()} (to {month_ends.isoformat()})"
    rule = "positive-outcome-follow-up"
    if closed is not None and closed < month_ends:
        return [Flag(rule, MISSED, month_ends, f"closed on {closed.isoformat()}, {(closed - moved).days} days after moving on (at least one month); {made}")]
    if len(contacts) >= POSITIVE_CONTACTS and (closed is not None or case.as_of >= month_ends):
        settled = f"closed on {closed.isoformat()}" if closed is not None else "may be closed once settled"
        return [Flag(rule, MET, month_ends, f"{made}; {settled}")]
    if case.as_of <= month_ends:
        return [Flag(rule, DUE, month_ends, f"{made}; keep on the caseload until {month_ends.isoformat()} and contact them at least {POSITIVE_CONTACTS} times in that month")]
    return [Flag(rule, MISSED, month_ends, f"{made}; at least {POSITIVE_CONTACTS} were needed within the month")]


def intensive_closure(case: CaseView) -> list[Flag]:
    closed = case.closed_on
    if closed is None or case.level_on(closed) != INTENSIVE:
        return []
    since = intensive_since(case, closed)
    talks = discussions(case, since, closed)
    if talks:
        return [Flag("intensive-closure", MET, closed, f"closed on {closed.isoformat()} after a line-manager discussion on {talks[-1].isoformat()}")]
    return [Flag("intensive-closure", MISSED, closed, f"closed on {closed.isoformat()} while intensive, with no line-manager discussion recorded since it became intensive on {since.isoformat()}")]


def step_down_discussion(case: CaseView) -> list[Flag]:
    """Each move from intensive to a lower level needs a line-manager discussion while intensive, on or before the move.

    A change on the referral day is the level the case started at, not a step-down.
    """
    flags: list[Flag] = []
    days = sorted({start for start, _ in case.changes if start > case.facts.referred_on})
    for day in days:
        before, level = case.level_on(day - timedelta(days=1)), case.level_on(day)
        if before != INTENSIVE or level == INTENSIVE:
            continue
        since = intensive_since(case, day - timedelta(days=1))
        talks = discussions(case, since, day)
        after = f"; the case then closed on {case.closed_on.isoformat()}" if case.closed_on and case.closed_on >= day else ""
        moved = f"moved from intensive to {level} on {day.isoformat()}"
        if talks:
            flags.append(Flag("step-down-discussion", MET, day, f"{moved} after a line-manager discussion on {talks[-1].isoformat()}{after}"))
        else:
            flags.append(Flag("step-down-discussion", MISSED, day, f"{moved} with no line-manager discussion recorded while it was intensive (since {since.isoformat()}){after}"))
    return flags
