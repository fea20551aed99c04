"""Provides the APIR guide's caseload rules: for one case as of a date, a flag per timescale the guide sets for it.

Pure functions over ``CaseFacts``; no SQL. Statuses are in ``flags``; the
one-deadline rules in ``deadlines``, the rules for leaving the caseload in
``leaving_rules``, and the recurring ones here. A rule that does not apply to the case's level at the
relevant time gives no flag, and neither does one whose deadline never arrived
while it applied (a case closed on day 2 has no first-contact flag unless the
contact was made). How each rule reads the guide is in ``guide.GUIDE_RULES``; ``rule_sets`` runs them
for a case that follows the APIR framework.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .flags import BEHIND, DUE, MET, MISSED, OVERDUE, STATUSES, Flag
from .deadlines import APIR_PROFILE_DAYS, allocations, apir_profile, first_contact, plan_of_work, plan_of_work_developed
from .flags import plural
from .guide import ENHANCED, INTENSIVE, QUARTER_MONTHS, WATCHING_BRIEF
from .leaving_rules import e2e_decision, e2e_stay, intensive_closure, moved_on_while_intensive, positive_outcome_follow_up, step_down_discussion
from .recurring import recurring_flags
from .timeline import CaseView, Span, add_months

__all__ = ["BEHIND", "DUE", "MET", "MISSED", "OVERDUE", "RULES", "STATUSES", "Flag"]


WEEKLY_GAP_DAYS = 7
CARER_CONTACT_FROM_DAYS = APIR_PROFILE_DAYS
"""After weeks one to six ("Meet young person on a weekly basis"), contact with parents or carers counts too."""

PROGRESS_EVENTS = ("contact", "agency-contact", "review")
"""What records a watching-brief young person's progress: direct contact, or through a partner agency."""


def weekly_contact(case: CaseView) -> list[Flag]:
    """Weekly while intensive, from the first contact until a move to a positive outcome (which has its own rule).

    In weeks one to six of an intensive period only contact with the young person
    counts; after that, contact with a parent or carer counts too. A transfer
    ends one PA's stretch; the new PA's starts with their own first contact
    (until then, first-contact speaks for the wait).
    """
    contacts = case.dates("contact")
    if not contacts:
        return []  # the weekly rhythm starts with the first contact; first-contact covers the wait for it
    moved = moved_on_while_intensive(case, "moved-on-positive")
    periods: list[Span] = []
    counted = set(contacts)
    endings: dict[date, str] = {}
    for period in case.periods((INTENSIVE,)):
        end = period.end
        if moved is not None and period.start <= moved and (end is None or moved < end):
            end, endings[moved] = moved, f"moved on to a positive outcome on {moved.isoformat()}"
        carers_from = period.start + timedelta(days=CARER_CONTACT_FROM_DAYS)
        counted.update(d for d in case.dates("carer-contact") if carers_from <= d and (end is None or d <= end))
        starts = allocations(case, Span(period.start, end, period.level))
        for index, start in enumerate(starts):
            stop = starts[index + 1] if index + 1 < len(starts) else end
            if stop is not None and stop != end:
                endings[stop] = f"was transferred on {stop.isoformat()}"
            if index == 0:  # the rhythm starts at the first contact, or when the case became intensive after it
                begins: date | None = max(start, contacts[0])
            else:  # the new PA's rhythm starts with their own first contact
                begins = next((d for d in contacts if d >= start), None)
            if begins is None or (stop is not None and stop <= begins):
                continue
            periods.append(Span(begins, stop, period.level))

    def ended(span: Span) -> str:
        return endings.get(span.end) if span.end in endings else case.how_it_ended(span)

    step = lambda d: d + timedelta(days=WEEKLY_GAP_DAYS)  # noqa: E731
    return recurring_flags(case, "weekly-contact", periods, sorted(counted), step, "contact", f"{WEEKLY_GAP_DAYS} days", ended)


def contact_frequency(case: CaseView) -> list[Flag]:
    """While enhanced, contact as often as the plan of work says; a plan that does not say is due to."""
    plans = [e for e in case.events if e.event == "plan-of-work"]
    enhanced = case.periods((ENHANCED,))
    if not plans or not enhanced:
        return []
    flags: list[Flag] = []
    contacts = case.dates("contact")
    for index, plan in enumerate(plans):
        until = plans[index + 1].on if index + 1 < len(plans) else None
        stretches = [
            Span(max(p.start, plan.on), min(p.end, until) if p.end and until else (p.end or until), p.level)
            for p in enhanced
            if (p.end is None or plan.on < p.end) and (until is None or p.start < until)
        ]
        if not stretches:
            continue
        if plan.every is None:
            if until is None and case.closed_on is None:
                flags.append(Flag("contact-frequency", DUE, None, f"the plan of work of {plan.on.isoformat()} does not say how often to contact the young person; record it with the plan (--contact-every DAYS)"))
            continue
        days = plan.every
        step = lambda d, days=days: d + timedelta(days=days)  # noqa: E731

        def ended(span: Span, until=until) -> str:
            return f"had a new plan of work on {until.isoformat()}" if until is not None and span.end == until else case.how_it_ended(span)

        interval = f"{plural(days, 'day')}, as the plan of work of {plan.on.isoformat()} says"
        began = f"the plan of work of {plan.on.isoformat()}" if all(span.start == plan.on for span in stretches) else None
        flags += recurring_flags(case, "contact-frequency", stretches, contacts, step, "contact", interval, ended, began)
    behind = [f for f in flags if f.status != MET]
    return behind or flags[-1:]


def watching_brief_review(case: CaseView) -> list[Flag]:
    term = case.settings.term_months
    months = term if case.facts.in_school else QUARTER_MONTHS
    interval = f"{months} months: " + (f"in school, termly read as every {term} months" if case.facts.in_school else "not in school")
    return recurring_flags(
        case, "watching-brief-review", case.periods((WATCHING_BRIEF,)), case.dates(*PROGRESS_EVENTS),
        lambda d: add_months(d, months), "progress record", interval,
    )


RULES: tuple[Callable[[CaseView], list[Flag]], ...] = (
    first_contact, plan_of_work, plan_of_work_developed, apir_profile, weekly_contact, contact_frequency,
    watching_brief_review, step_down_discussion, e2e_stay,
    e2e_decision, positive_outcome_follow_up, intensive_closure,
)
"""Every rule, in the order of ``guide.GUIDE_RULES``."""
