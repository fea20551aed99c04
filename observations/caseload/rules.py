"""Provides the caseload rules: for one case as of a date, a flag per timescale the guide sets for it.

Pure functions over ``CaseFacts``; no SQL. Statuses are in ``flags``; the
rules for leaving the caseload are in ``leaving_rules``. A rule that does not apply to the case's level at the
relevant time gives no flag, and neither does one whose deadline never arrived
while it applied (a case closed on day 2 has no first-contact flag unless the
contact was made). How each rule reads the guide is in ``guide.GUIDE_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .flags import BEHIND, DUE, MET, MISSED, OVERDUE, STATUSES, Flag
from .guide import ACTIVE_LEVELS, INTENSIVE, LEVELS, QUARTER_MONTHS, TERM_MONTHS, WATCHING_BRIEF
from .leaving_rules import e2e_decision, e2e_stay, intensive_closure, moved_on_while_intensive, positive_outcome_follow_up, step_down_discussion
from .timeline import CaseFacts, CaseView, Span, add_months
from .workdays import add_working_days, working_days_between

__all__ = ["BEHIND", "DUE", "MET", "MISSED", "OVERDUE", "RULES", "STATUSES", "Flag", "case_flags", "view_flags"]


FIRST_CONTACT_WORKING_DAYS = 5
PLAN_OF_WORK_DAYS = 7
APIR_PROFILE_DAYS = 42
WEEKLY_GAP_DAYS = 7
CARER_CONTACT_FROM_DAYS = APIR_PROFILE_DAYS
"""After weeks one to six ("Meet young person on a weekly basis"), contact with parents or carers counts too."""

PROGRESS_EVENTS = ("contact", "agency-contact", "review")
"""What records a watching-brief young person's progress: direct contact, or through a partner agency."""


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


def _recurring(
    case: CaseView, rule: str, periods: list[Span], dates: list[date], step: Callable[[date], date], what: str, interval: str,
    ended: Callable[[Span], str] | None = None,
) -> list[Flag]:
    """A gap longer than the interval in a period that has passed is missed; the gap still open is due or overdue.

    ``ended`` says how a period that has passed ended (default: closed, or moved to another level).
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
        since = f"the last one on {anchor.isoformat()}" if anchor in dates else f"the case became {period.level} on {anchor.isoformat()}"
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


def weekly_contact(case: CaseView) -> list[Flag]:
    """Weekly while intensive, from the first contact until a move to a positive outcome (which has its own rule).

    In weeks one to six of an intensive period only contact with the young person
    counts; after that, contact with a parent or carer counts too.
    """
    contacts = case.dates("contact")
    if not contacts:
        return []  # the weekly rhythm starts with the first contact; first-contact covers the wait for it
    first = contacts[0]
    moved = moved_on_while_intensive(case, "moved-on-positive")
    periods, counted = [], set(contacts)
    for period in case.periods((INTENSIVE,)):
        end = period.end
        if moved is not None and period.start <= moved and (end is None or moved < end):
            end = moved
        if end is not None and end <= first:
            continue
        periods.append(Span(max(period.start, first), end, period.level))
        carers_from = period.start + timedelta(days=CARER_CONTACT_FROM_DAYS)
        counted.update(d for d in case.dates("carer-contact") if carers_from <= d and (end is None or d <= end))
    def ended(span: Span) -> str:
        if moved is not None and span.end == moved:
            return f"moved on to a positive outcome on {moved.isoformat()}"
        return case.how_it_ended(span)

    step = lambda d: d + timedelta(days=WEEKLY_GAP_DAYS)  # noqa: E731
    return _recurring(case, "weekly-contact", periods, sorted(counted), step, "contact", f"{WEEKLY_GAP_DAYS} days", ended)


def watching_brief_review(case: CaseView) -> list[Flag]:
    months = TERM_MONTHS if case.facts.in_school else QUARTER_MONTHS
    interval = f"{months} months: " + (f"in school, termly read as every {TERM_MONTHS} months" if case.facts.in_school else "not in school")
    return _recurring(
        case, "watching-brief-review", case.periods((WATCHING_BRIEF,)), case.dates(*PROGRESS_EVENTS),
        lambda d: add_months(d, months), "progress record", interval,
    )


RULES: tuple[Callable[[CaseView], list[Flag]], ...] = (
    first_contact, plan_of_work, apir_profile, weekly_contact, watching_brief_review, step_down_discussion, e2e_stay,
    e2e_decision, positive_outcome_follow_up, intensive_closure,
)
"""Every rule, in the order of ``guide.GUIDE_RULES``."""
