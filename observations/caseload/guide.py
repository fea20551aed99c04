"""Provides the caseload rules' ids and the guide's own wording for each, so every flag can say why.

The wording is quoted verbatim from the Connexions Northamptonshire guide
("Working with clients on your caseload", August 2005); only PDF-extraction
damage is repaired. ``tests/test_caseload_rules.py`` checks each quotation
against the shipped APIR framework text, which carries the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rule_settings import APIR_GUIDE, TERM_MONTHS


@dataclass(frozen=True)
class GuideRule:
    """One timescale from the guide as the caseload review checks it."""

    id: str
    title: str
    source: str
    """Where in the guide the wording is: the part and the standard or heading."""
    wording: str
    """The guide's words, verbatim."""
    check: str
    """How the rule is checked here, in one sentence (our reading of the wording)."""
    levels: tuple[str, ...]
    """The support levels the rule applies to."""
    rule_set: str = APIR_GUIDE
    """The rule set the rule belongs to (what a framework file names under ``caseload: rules``)."""


INTENSIVE, ENHANCED, WATCHING_BRIEF = "intensive", "enhanced", "watching-brief"
LEVELS: tuple[str, ...] = (INTENSIVE, ENHANCED, WATCHING_BRIEF)
ACTIVE_LEVELS: tuple[str, ...] = (INTENSIVE, ENHANCED)

QUARTER_MONTHS = 3

GUIDE_RULES: tuple[GuideRule, ...] = (
    GuideRule(
        id="first-contact",
        title="First contact within five working days",
        source="Assessment: Plan effectively for assessment",
        wording="Contacting the young person within five working days of receiving the referral form.",
        check="A contact with the young person within five working days of the referral date; weekends and "
        "England and Wales bank holidays are not working days.",
        levels=LEVELS,
    ),
    GuideRule(
        id="plan-of-work",
        title="Initial plan of work in week one",
        source="Timescales: Active Intensive and Active Enhanced, Week One",
        wording="Develop an initial plan of work.",
        check="A plan of work recorded within 7 days of the case becoming active (the referral date, or the date "
        "it moved to intensive or enhanced).",
        levels=ACTIVE_LEVELS,
    ),
    GuideRule(
        id="plan-of-work-developed",
        title="Plan of work developed and recorded in weeks one to six",
        source="Timescales: Active Intensive and Active Enhanced, Weeks One to Six",
        wording="Develop the Plan of Work and record on Insight.",
        check="A second plan of work (the developed one, recorded on Insight: log plan-of-work again) after the "
        "initial one, within 42 days of the case becoming active; checked once an initial plan is recorded.",
        levels=ACTIVE_LEVELS,
    ),
    GuideRule(
        id="apir-profile",
        title="APIR profile within six weeks",
        source="Assessment: Assess the young person's needs accurately",
        wording="For Active Intensive (and selected Active Enhanced) young people, APIR Profile should be recorded "
        "within six weeks.",
        check="An APIR profile recorded within 42 days of the case becoming intensive (the referral date, or the "
        "date it moved to intensive), or, for an enhanced case marked selected-for-apir, of it becoming enhanced "
        "(or of the selection, if later).",
        levels=ACTIVE_LEVELS,
    ),
    GuideRule(
        id="weekly-contact",
        title="Weekly contact (active intensive)",
        source="Implementation: Support the young person in their progress through the action plan",
        wording="Maintaining contact with the young person as frequently as indicated on the plan of work. "
        "(Active intensive minimum weekly.)",
        check="While the case is intensive, from the first contact until a move to a positive outcome: no more "
        "than 7 days between contacts; a gap of exactly 7 days is fine. In weeks one to six only contact with the "
        "young person counts ('Meet young person on a weekly basis'); after that a contact with a parent or carer "
        "counts too ('Maintain contact frequently with the young person or their parents/carers').",
        levels=(INTENSIVE,),
    ),
    GuideRule(
        id="contact-frequency",
        title="Contact as often as the plan of work says (active enhanced)",
        source="Timescales: Active Enhanced, On an ongoing basis",
        wording="Maintain contact as frequently as appropriate for the client. (This frequency should be indicated "
        "in the work plan)",
        check="While the case is enhanced, from each plan of work that gives a frequency (plan-of-work "
        "--contact-every DAYS): no longer gap between contacts with the young person than it says. A current plan "
        "that gives none is due to.",
        levels=(ENHANCED,),
    ),
    GuideRule(
        id="watching-brief-review",
        title="Watching brief: progress recorded termly or three-monthly",
        source="Watching Brief",
        wording="Young people on watching brief will be monitored and their progress recorded at least termly for "
        "young people in school and at least every three months for those not in school. This could be through "
        "direct contact with the young person or through a partner agency.",
        check=f"While on watching brief, a contact, agency contact or review at least every {QUARTER_MONTHS} months "
        f"for a young person not in school, and termly for one in school. The guide does not say how long a term "
        f"is: this project reads termly as every {TERM_MONTHS} months (three terms a year), set as 'term-months' "
        "under 'caseload' in the framework file.",
        levels=(WATCHING_BRIEF,),
    ),
    GuideRule(
        id="step-down-discussion",
        title="Step-down from intensive discussed with the line manager",
        source="Timescales: Active Intensive, On an ongoing basis",
        wording="Review with line manager at supervision where you need support, where there may be changes to level "
        "of support or if the young person may need to come off your caseload.",
        check="Each move from intensive to enhanced or watching brief has a line-manager discussion recorded while the "
        "case was intensive, on or before the date of the move (a step-down followed by a closure is flagged here).",
        levels=(INTENSIVE,),
    ),
    GuideRule(
        id="e2e-stay",
        title="Moved on to E2E: two weeks on the active caseload, then a review",
        source="Leaving your caseload",
        wording="To E2E – they should remain on your active caseload for at least 2 weeks. You should then review "
        "their progress with the PA linked to the E2E provider.",
        check="After an intensive young person moves on to E2E the case stays active (not closed, not watching "
        "brief) for at least 14 days, and a review is recorded on or after day 14. The rule is written for Active "
        "Intensive young people, so a move made while enhanced is not checked.",
        levels=(INTENSIVE,),
    ),
    GuideRule(
        id="e2e-decision",
        title="After E2E: decide with the line manager",
        source="Leaving your caseload",
        wording="Depending on their progress decide (in discussion with your line manager) whether to keep on your "
        "active caseload, make them watching brief or take off caseload.",
        check="After an intensive young person moves on to E2E, a line-manager discussion is recorded on or after "
        "the move and on or before the case is made watching brief or closed; due once the two weeks have passed.",
        levels=(INTENSIVE,),
    ),
    GuideRule(
        id="positive-outcome-follow-up",
        title="Moved on to a positive outcome: one month and two contacts",
        source="Leaving your caseload",
        wording="To other positive outcome (work, training, college etc.) – they should stay on your caseload for "
        "at least one month during which you should contact them at least 2 times to check that they are settling "
        "in OK and providing support with any issues which may lead them to 'drop-out'.",
        check="After an intensive young person moves on to work, training or college the case stays open at least "
        "one calendar month, and at least 2 contacts with the young person fall within that month (after the day of "
        "the move, up to and including the same date a month later); weekly contact is no longer asked for.",
        levels=(INTENSIVE,),
    ),
    GuideRule(
        id="intensive-closure",
        title="Intensive case closed only after a manager discussion",
        source="Leaving your caseload",
        wording="Active intensive young people should not be taken off your caseload without discussion with "
        "your line manager.",
        check="A case that is intensive when it is closed has a line-manager discussion recorded while it was "
        "intensive, on or before the closure date (a step-down then closure is checked by step-down-discussion).",
        levels=(INTENSIVE,),
    ),
)

RULES_BY_ID: dict[str, GuideRule] = {rule.id: rule for rule in GUIDE_RULES}
RULE_IDS: tuple[str, ...] = tuple(RULES_BY_ID)
