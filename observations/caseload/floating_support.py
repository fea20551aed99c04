"""Provides Methods of Work's caseload rule: a floating-support client's "regular 6 month support plan and review".

The floating-support summary ("Our Methods of Work", connection workers in
Oxfordshire and Buckinghamshire) states one timescale for a client's support:
the six-month support plan and its review. Its other lines set none (the
README's caseload section lists each, and why). A client's support floats in
intensity rather than moving between the APIR guide's levels, so a case that
follows these rules has one level, ``floating-support``. A framework's cases
follow them when its file says ``rules: floating-support`` under ``caseload:``
(the shipped methods-of-work.md does); the number of months is that file's
``support-plan-months`` (6 in the shipped file, as the document says).
"""

from __future__ import annotations

from .flags import Flag
from .guide import GuideRule
from .recurring import recurring_flags
from .timeline import CaseView, add_months

FLOATING_SUPPORT = "floating-support"
"""The rule set's name as a framework file gives it (``caseload: rules: floating-support``), and its one level."""
LEVELS: tuple[str, ...] = (FLOATING_SUPPORT,)
SUPPORT_PLAN = "support-plan"
REVIEW = "review"
EVENTS: tuple[str, ...] = ("contact", "agency-contact", SUPPORT_PLAN, REVIEW, "closed")
"""What a connection worker logs on a floating-support case: meetings with the client, work with other agencies
on their behalf, the support plan, its review, and the end of regular support."""

RULES: tuple[GuideRule, ...] = (
    GuideRule(
        id="support-plan-review",
        title="Support plan and review every six months",
        source="The Frequency and Level of Support",
        wording="There is also a regular 6 month support plan and review process which helps to make sure this is "
        "working well.",
        check="From the referral until the case closes: a support plan within 6 calendar months of the referral, "
        "then a review (or a new support plan) within 6 calendar months of the last, a gap of exactly 6 months to "
        "the day being fine (31 August to 28 or 29 February is 6 months). A review before the first support plan "
        "reviews nothing and does not count. The document does not say how soon the first plan is written, so the "
        "first six months run from the referral. The months are 'support-plan-months' under 'caseload' in the "
        "framework file (6 in the shipped file, as the document says).",
        levels=LEVELS,
        rule_set=FLOATING_SUPPORT,
    ),
)


def support_plan_review(case: CaseView) -> list[Flag]:
    """The first support plan, then each review or new plan, no more than the framework's months apart."""
    months = case.settings.support_plan_months
    plans = case.dates(SUPPORT_PLAN)
    counted = [day for day in case.dates(SUPPORT_PLAN, REVIEW) if plans and day >= plans[0]]
    begun = f"the referral on {case.facts.referred_on.isoformat()}"
    return recurring_flags(
        case, "support-plan-review", case.periods(LEVELS), counted, lambda day: add_months(day, months),
        "support plan or review", f"{months} months: a regular {months} month support plan and review", began=begun,
    )


CHECKS = (support_plan_review,)
"""Every rule, in the order of ``RULES``."""
