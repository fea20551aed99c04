"""Provides the one-deadline rules: first contact, the initial plan of work and the APIR profile.

Each counts from when the case reached a level (the referral, or a move to
it). A transfer starts the new PA's clock ("on being allocated a young
person"): they make their own first contact within five working days of the
transfer, and whatever of week one or the six weeks was not done before it is
due counting from the transfer. What was done before a transfer stays done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .flags import DUE, MET, MISSED, OVERDUE, Flag
from .guide import ACTIVE_LEVELS, ENHANCED, INTENSIVE, LEVELS
from .timeline import TRANSFERRED, CaseView, Span
from .workdays import add_working_days, working_days_between

FIRST_CONTACT_WORKING_DAYS = 5
PLAN_OF_WORK_DAYS = 7
APIR_PROFILE_DAYS = 42


@dataclass(frozen=True)
class Window:
    """How long a deadline rule allows, in calendar days or working days."""

    label: str
    days: int
    working: bool = False

    def due(self, start: date) -> date:
        return add_working_days(start, self.days) if self.working else start + timedelta(days=self.days)

    def elapsed(self, start: date, end: date) -> str:
        count = working_days_between(start, end) if self.working else (end - start).days
        return f"{count} {'working ' if self.working else ''}day{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class _Deadline:
    rule: str
    kind: str
    what: str
    window: Window
    each_worker: bool = False
    """Every PA who takes the case needs their own (a first contact); otherwise once done is done."""
    skip: int = 0
    """How many events of the kind come first and do not count (the developed plan is the one after the initial)."""


def allocations(case: CaseView, period: Span) -> list[date]:
    """When the period began, then each transfer within it: the dates a PA's clock starts."""
    moved = [d for d in case.dates(TRANSFERRED) if period.start < d and (period.end is None or d < period.end)]
    return [period.start, *sorted(set(moved))]


def _deadline(case: CaseView, levels: tuple[str, ...], deadline: _Deadline) -> list[Flag]:
    periods = case.periods(levels)
    return _deadline_in(case, periods[0], deadline) if periods else []


def _deadline_in(case: CaseView, period: Span, deadline: _Deadline, begun_as: str | None = None) -> list[Flag]:
    """``begun_as`` names the period's start when it is not the referral or a move to the level."""
    rule, what, window = deadline.rule, deadline.what, deadline.window
    done_ever = case.dates(deadline.kind)[deadline.skip:]
    starts = allocations(case, period)
    flags: list[Flag] = []
    for index, start in enumerate(starts):
        last = index == len(starts) - 1
        end = period.end if last else starts[index + 1]
        if index == 0:
            begun = begun_as or ("referral" if start == case.facts.referred_on else f"becoming {period.level} on {start.isoformat()}")
        else:
            begun = f"the transfer on {start.isoformat()}"
        due = window.due(start)
        if not deadline.each_worker and done_ever and done_ever[0] < start:
            earlier = done_ever[0]
            return flags + [Flag(rule, MET, due, f"{what} on {earlier.isoformat()}, before {begun} (due by {due.isoformat()})")]
        within = [d for d in done_ever if start <= d and (last or d < end)]
        done = within[0] if within else None
        if done is not None and done <= due:
            flags.append(Flag(rule, MET, due, f"{what} on {done.isoformat()}, {window.elapsed(start, done)} after {begun} (due by {due.isoformat()})"))
            if deadline.each_worker:
                continue
            return flags
        if end is not None and end <= due:
            if last:
                return flags  # the case left the level before the deadline: the rule lapsed
            continue  # transferred before the deadline: the new PA's clock runs from the transfer
        if done is not None:
            flags.append(Flag(rule, MISSED, due, f"{what} on {done.isoformat()}, {window.elapsed(start, done)} after {begun}; it was due by {due.isoformat()} ({window.label})"))
            if deadline.each_worker:
                continue
            return flags
        if end is not None:
            how = case.how_it_ended(period) if last else f"was transferred on {end.isoformat()}"
            flags.append(Flag(rule, MISSED, due, f"no {what} by {due.isoformat()}; the case {how} without one"))
        elif case.as_of <= due:
            flags.append(Flag(rule, DUE, due, f"no {what} yet; due by {due.isoformat()} ({window.label} after {begun})"))
        else:
            flags.append(Flag(rule, OVERDUE, due, f"no {what} yet; it was due by {due.isoformat()} ({window.label} after {begun})"))
    return flags


FIRST_CONTACT = _Deadline(
    "first-contact", "contact", "first contact",
    Window(f"{FIRST_CONTACT_WORKING_DAYS} working days", FIRST_CONTACT_WORKING_DAYS, working=True), each_worker=True,
)
PLAN_OF_WORK = _Deadline("plan-of-work", "plan-of-work", "plan of work", Window(f"week one: {PLAN_OF_WORK_DAYS} days", PLAN_OF_WORK_DAYS))
APIR_PROFILE = _Deadline("apir-profile", "apir-profile", "APIR profile", Window(f"six weeks: {APIR_PROFILE_DAYS} days", APIR_PROFILE_DAYS))


def first_contact(case: CaseView) -> list[Flag]:
    return _deadline(case, LEVELS, FIRST_CONTACT)


def plan_of_work(case: CaseView) -> list[Flag]:
    return _deadline(case, ACTIVE_LEVELS, PLAN_OF_WORK)


PLAN_DEVELOPED = _Deadline(
    "plan-of-work-developed", "plan-of-work", "plan of work developed after the initial one",
    Window(f"weeks one to six: {APIR_PROFILE_DAYS} days", APIR_PROFILE_DAYS), skip=1,
)
SELECTED = "selected-for-apir"


def plan_of_work_developed(case: CaseView) -> list[Flag]:
    if not case.dates(PLAN_OF_WORK.kind):
        return []  # the initial plan comes first: plan-of-work speaks until there is one
    return _deadline(case, ACTIVE_LEVELS, PLAN_DEVELOPED)


def apir_profile(case: CaseView) -> list[Flag]:
    """Six weeks from becoming intensive, or for a selected enhanced case from becoming enhanced (or from the
    selection, if later): each stretch in turn, the first with a verdict speaking (a stretch left before its
    deadline lapses, as for the other deadlines)."""
    stretches: list[tuple[Span, str | None]] = [(period, None) for period in case.periods((INTENSIVE,))[:1]]
    for span in case.spans:
        chosen = [d for d in case.dates(SELECTED) if span.start <= d and (span.end is None or d < span.end)]
        if span.level == ENHANCED and chosen:
            start = max(span.start, chosen[0])
            begun = f"being selected for an APIR profile on {start.isoformat()}" if start != span.start else None
            stretches.append((Span(start, span.end, span.level), begun))
    for span, begun in sorted(stretches, key=lambda pair: pair[0].start):
        flags = _deadline_in(case, span, APIR_PROFILE, begun)
        if flags:
            return flags
    return []
