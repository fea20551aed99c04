"""Provides the caseload rules: for one case as of a date, a flag per timescale the guide sets for it.

Pure functions over ``CaseFacts``; no SQL. Statuses: ``met``; ``due`` (open,
not late yet); ``overdue`` (open and late); ``missed`` (a window that passed
without what it needed). A rule that does not apply to the case's level at the
relevant time gives no flag, and neither does one whose deadline never arrived
while it applied (a case closed on day 2 has no first-contact flag unless the
contact was made). How each rule reads the guide is in ``guide.GUIDE_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .guide import ACTIVE_LEVELS, INTENSIVE, LEVELS, QUARTER_MONTHS, TERM_MONTHS, WATCHING_BRIEF
from .timeline import CaseFacts, CaseView, Span, add_months
from .workdays import add_working_days, working_days_between

MET, DUE, OVERDUE, MISSED = "met", "due", "overdue", "missed"
STATUSES: tuple[str, ...] = (OVERDUE, MISSED, DUE, MET)
"""Every status, most pressing first."""
BEHIND: frozenset[str] = frozenset({OVERDUE, MISSED})

FIRST_CONTACT_WORKING_DAYS = 5
PLAN_OF_WORK_DAYS = 7
APIR_PROFILE_DAYS = 42
WEEKLY_GAP_DAYS = 7
E2E_STAY_DAYS = 14
POSITIVE_STAY_MONTHS = 1
POSITIVE_CONTACTS = 2

PROGRESS_EVENTS = ("contact", "agency-contact", "review")
"""What records a watching-brief young person's progress: direct contact, or through a partner agency."""


@dataclass(frozen=True)
class Flag:
    """One rule's verdict on one case: ``due`` is the date the rule's window closes (None when not dated)."""

    rule: str
    status: str
    due: date | None
    detail: str

    def to_dict(self) -> dict[str, str | None]:
        return {"rule": self.rule, "status": self.status, "due": self.due.isoformat() if self.due else None, "detail": self.detail}


def case_flags(facts: CaseFacts, as_of: date) -> list[Flag]:
    """Every flag for one case as of ``as_of``, in the guide's order; none for a case referred after ``as_of``."""
    if facts.referred_on > as_of:
        return []
    return view_flags(CaseView(facts, as_of))


def view_flags(case: CaseView) -> list[Flag]:
    """Every flag for a case already seen as of a date."""
    flags: list[Flag] = []
    for rule in RULES:
        flags += rule(case)
    return flags


# -- one deadline after the case reaches a level ---------------------------------


@dataclass(frozen=True)
class _Window:
    """How long a deadline rule allows, in calendar days or working days."""

    label: str
    days: int
    working: bool = False

    def due(self, start: date) -> date:
        return add_working_days(start, self.days) if self.working else start + timedelta(days=self.days)

    def elapsed(self, start: date, end: date) -> str:
        count = working_days_between(start, end) if self.working else (end - start).days
        return f"{count} {'working ' if self.working else ''}day{'s' if count != 1 else ''}"


def _deadline(case: CaseView, rule: str, levels: tuple[str, ...], kind: str, what: str, window: _Window) -> list[Flag]:
    periods = case.periods(levels)
    if not periods:
        return []
    period = periods[0]
    start = "referral" if period.start == case.facts.referred_on else f"becoming {period.level} on {period.start.isoformat()}"
    due = window.due(period.start)
    done = next(iter(case.dates(kind)), None)
    if done is not None and done < period.start:
        # recorded at an earlier level (an APIR profile while enhanced): it exists, so the rule is met
        return [Flag(rule, MET, due, f"{what} on {done.isoformat()}, before {start} (due by {due.isoformat()})")]
    if done is not None and done <= due:
        return [Flag(rule, MET, due, f"{what} on {done.isoformat()}, {window.elapsed(period.start, done)} after {start} (due by {due.isoformat()})")]
    if period.end is not None and period.end <= due:
        return []  # the case left the level before the deadline: the rule lapsed
    if done is not None:
        return [Flag(rule, MISSED, due, f"{what} on {done.isoformat()}, {window.elapsed(period.start, done)} after {start}; it was due by {due.isoformat()} ({window.label})")]
    if case.as_of <= due:
        return [Flag(rule, DUE, due, f"no {what} yet; due by {due.isoformat()} ({window.label} after {start})")]
    if period.end is not None:
        return [Flag(rule, MISSED, due, f"no {what} by {due.isoformat()}; the case {case.how_it_ended(period)} without one")]
    return [Flag(rule, OVERDUE, due, f"no {what} yet; it was due by {due.isoformat()} ({window.label} after {start})")]


def first_contact(case: CaseView) -> list[Flag]:
    window = _Window(f"{FIRST_CONTACT_WORKING_DAYS} working days", FIRST_CONTACT_WORKING_DAYS, working=True)
    return _deadline(case, "first-contact", LEVELS, "contact", "first contact", window)


def plan_of_work(case: CaseView) -> list[Flag]:
    window = _Window(f"week one: {PLAN_OF_WORK_DAYS} days", PLAN_OF_WORK_DAYS)
    return _deadline(case, "plan-of-work", ACTIVE_LEVELS, "plan-of-work", "plan of work", window)


def apir_profile(case: CaseView) -> list[Flag]:
    window = _Window(f"six weeks: {APIR_PROFILE_DAYS} days", APIR_PROFILE_DAYS)
    return _deadline(case, "apir-profile", (INTENSIVE,), "apir-profile", "APIR profile", window)


# -- a recurring interval while the case is at a level ----------------------------------


def _recurring(case: CaseView, rule: str, periods: list[Span], dates: list[date], step: Callable[[date], date], what: str, interval: str) -> list[Flag]:
    """A gap longer than the interval in a period that has passed is missed; the gap still open is due or overdue."""
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
        since = f"the last one on {anchor.isoformat()}" if anchor in dates else f"the case became {period.level} on {anchor.isoformat()}"
        if period.end is not None:
            if due < period.end:
                flags.append(Flag(rule, MISSED, due, f"no {what} from {anchor.isoformat()} until the case {case.how_it_ended(period)} (the longest gap allowed is {interval})"))
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


def weekly_contact(case: CaseView) -> list[Flag]:
    contacts = case.dates("contact")
    if not contacts:
        return []  # the weekly rhythm starts with the first contact; first-contact covers the wait for it
    first = contacts[0]
    periods = []
    for period in case.periods((INTENSIVE,)):
        if period.end is not None and period.end <= first:
            continue
        periods.append(Span(max(period.start, first), period.end, period.level))
    return _recurring(case, "weekly-contact", periods, contacts, lambda d: d + timedelta(days=WEEKLY_GAP_DAYS), "contact", f"{WEEKLY_GAP_DAYS} days")


def watching_brief_review(case: CaseView) -> list[Flag]:
    months = TERM_MONTHS if case.facts.in_school else QUARTER_MONTHS
    interval = f"{months} months: " + (f"in school, termly read as every {TERM_MONTHS} months" if case.facts.in_school else "not in school")
    return _recurring(
        case, "watching-brief-review", case.periods((WATCHING_BRIEF,)), case.dates(*PROGRESS_EVENTS),
        lambda d: add_months(d, months), "progress record", interval,
    )


# -- leaving the caseload ---------------------------------------------------------------------


def e2e_stay(case: CaseView) -> list[Flag]:
    moves = case.dates("moved-on-e2e")
    if not moves:
        return []
    moved = moves[-1]
    active = case.period_containing(moved, ACTIVE_LEVELS) or case.period_ending_on(moved, ACTIVE_LEVELS)
    if active is None:
        return []  # moved on from watching brief: the rule is about the active caseload
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


def positive_outcome_follow_up(case: CaseView) -> list[Flag]:
    moves = case.dates("moved-on-positive")
    if not moves:
        return []
    moved = moves[-1]
    if case.level_on(moved) not in ACTIVE_LEVELS:
        return []
    stay_until = add_months(moved, POSITIVE_STAY_MONTHS)
    closed = case.closed_on
    contacts = [d for d in case.dates("contact") if moved < d and (closed is None or d <= closed)]
    made = f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''} since moving on to a positive outcome on {moved.isoformat()}"
    if closed is not None:
        if closed < stay_until:
            return [Flag("positive-outcome-follow-up", MISSED, stay_until, f"closed on {closed.isoformat()}, {(closed - moved).days} days after moving on (at least one month, to {stay_until.isoformat()}); {made}")]
        if len(contacts) < POSITIVE_CONTACTS:
            return [Flag("positive-outcome-follow-up", MISSED, stay_until, f"closed on {closed.isoformat()} with {made} (at least 2)")]
        return [Flag("positive-outcome-follow-up", MET, stay_until, f"closed on {closed.isoformat()} after {made}")]
    if case.as_of >= stay_until and len(contacts) >= POSITIVE_CONTACTS:
        return [Flag("positive-outcome-follow-up", MET, stay_until, f"{made}; may be closed once settled")]
    if case.as_of <= stay_until:
        return [Flag("positive-outcome-follow-up", DUE, stay_until, f"{made}; keep on the caseload until {stay_until.isoformat()} with at least 2 contacts")]
    return [Flag("positive-outcome-follow-up", OVERDUE, stay_until, f"{made}; at least 2 were due by {stay_until.isoformat()}")]


def intensive_closure(case: CaseView) -> list[Flag]:
    closed = case.closed_on
    if closed is None or case.level_on(closed) != INTENSIVE:
        return []
    intensive_since = _intensive_since(case, closed)
    talks = [d for d in case.dates("manager-discussion") if intensive_since <= d <= closed]
    if talks:
        return [Flag("intensive-closure", MET, closed, f"closed on {closed.isoformat()} after a manager discussion on {talks[-1].isoformat()}")]
    return [Flag("intensive-closure", MISSED, closed, f"closed on {closed.isoformat()} while intensive, with no manager discussion recorded since it became intensive on {intensive_since.isoformat()}")]


def _intensive_since(case: CaseView, day: date) -> date:
    """When the stretch at intensive level that includes ``day`` began."""
    since, previous = day, None
    for start, level in case.changes:
        if start > day:
            break
        if level == INTENSIVE and previous != INTENSIVE:
            since = start
        previous = level
    return since


RULES: tuple[Callable[[CaseView], list[Flag]], ...] = (
    first_contact, plan_of_work, apir_profile, weekly_contact, watching_brief_review, e2e_stay,
    positive_outcome_follow_up, intensive_closure,
)
"""Every rule, in the order of ``guide.GUIDE_RULES``."""
