"""The caseload rules at their edges: plain facts in, flags out, no database."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import standards
from observations.caseload import GUIDE_RULES, RULE_IDS, STATUSES, CaseEvent, CaseFacts, case_flags
from observations.caseload.guide import LEVELS
from observations.caseload.timeline import LOGGED_EVENTS, CaseView, add_months

D = date.fromisoformat


def case(level: str, referred: str, *events: tuple, in_school: bool = False) -> CaseFacts:
    """A case from ('event', 'YYYY-MM-DD'[, new level]) tuples."""
    return CaseFacts(
        ref="40213", referred_on=D(referred), level=level, in_school=in_school,
        events=tuple(CaseEvent(e[0], D(e[1]), e[2] if len(e) > 2 else None) for e in events),
    )


def flags(facts: CaseFacts, as_of: str, rule: str) -> list[tuple[str, str | None]]:
    """(status, due) of one rule's flags."""
    return [(f.status, f.due.isoformat() if f.due else None) for f in case_flags(facts, D(as_of)) if f.rule == rule]


def only(facts: CaseFacts, as_of: str, rule: str) -> tuple[str, str | None]:
    found = flags(facts, as_of, rule)
    assert len(found) == 1, found
    return found[0]


# -- the guide's wording ----------------------------------------------------------------


def test_every_rule_quotes_the_guide_verbatim():
    shipped = Path(standards.__file__).parent / "frameworks" / "apir.md"
    text = " ".join(shipped.read_text(encoding="utf-8").split())
    assert [r.id for r in GUIDE_RULES] == list(RULE_IDS) and len(RULE_IDS) == 12
    for rule in GUIDE_RULES:
        assert " ".join(rule.wording.split()) in text, rule.id
        assert set(rule.levels) <= set(LEVELS)


# -- first contact: five working days --------------------------------------------------------


@pytest.mark.parametrize(
    "contact, status",
    [("2026-01-05", "met"), ("2026-01-06", "missed"), ("2025-12-24", "met")],
)
def test_first_contact_after_a_christmas_eve_referral(contact, status):
    facts = case("enhanced", "2025-12-24", ("contact", contact))
    assert only(facts, "2026-02-01", "first-contact") == (status, "2026-01-05")


@pytest.mark.parametrize("as_of, status", [("2026-01-02", "due"), ("2026-01-05", "due"), ("2026-01-06", "overdue")])
def test_first_contact_not_made_is_due_then_overdue(as_of, status):
    assert only(case("intensive", "2025-12-24"), as_of, "first-contact") == (status, "2026-01-05")


def test_first_contact_after_a_friday_referral_is_due_the_next_friday():
    assert only(case("watching-brief", "2025-10-03", ("contact", "2025-10-10")), "2025-11-01", "first-contact") == ("met", "2025-10-10")
    assert only(case("watching-brief", "2025-10-03", ("contact", "2025-10-13")), "2025-11-01", "first-contact") == ("missed", "2025-10-10")


def test_an_agency_contact_is_not_a_contact_with_the_young_person():
    assert only(case("enhanced", "2025-10-03", ("agency-contact", "2025-10-06")), "2025-10-20", "first-contact")[0] == "overdue"


def test_first_contact_seen_from_an_earlier_date_ignores_what_came_later():
    facts = case("enhanced", "2025-12-24", ("contact", "2026-01-05"))
    assert only(facts, "2026-01-02", "first-contact") == ("due", "2026-01-05")
    assert case_flags(facts, D("2025-12-23")) == []  # not referred yet


def test_first_contact_for_a_case_closed_before_the_deadline_lapses_unless_made():
    assert flags(case("enhanced", "2025-10-03", ("closed", "2025-10-06")), "2025-11-01", "first-contact") == []
    assert only(case("enhanced", "2025-10-03", ("contact", "2025-10-06"), ("closed", "2025-10-06")), "2025-11-01", "first-contact")[0] == "met"
    assert only(case("enhanced", "2025-10-03", ("closed", "2025-10-20")), "2025-11-01", "first-contact")[0] == "missed"


# -- plan of work: week one -------------------------------------------------------------------------


@pytest.mark.parametrize("plan, status", [("2025-03-14", "met"), ("2025-03-15", "missed")])
def test_plan_of_work_within_seven_days(plan, status):
    assert only(case("intensive", "2025-03-07", ("plan-of-work", plan)), "2025-04-01", "plan-of-work") == (status, "2025-03-14")


def test_plan_of_work_applies_to_active_levels_only():
    assert flags(case("watching-brief", "2025-03-07"), "2025-04-01", "plan-of-work") == []
    assert only(case("enhanced", "2025-03-07"), "2025-03-10", "plan-of-work") == ("due", "2025-03-14")
    assert only(case("enhanced", "2025-03-07"), "2025-03-15", "plan-of-work") == ("overdue", "2025-03-14")


def test_plan_of_work_week_one_starts_when_a_watching_brief_case_becomes_active():
    facts = case("watching-brief", "2025-03-07", ("level-change", "2025-05-01", "enhanced"))
    assert only(facts, "2025-05-02", "plan-of-work") == ("due", "2025-05-08")
    [flag] = [f for f in case_flags(facts, D("2025-05-02")) if f.rule == "plan-of-work"]
    assert "becoming enhanced on 2025-05-01" in flag.detail


def test_plan_of_work_lapses_when_the_case_leaves_active_work_in_week_one():
    facts = case("intensive", "2025-03-07", ("level-change", "2025-03-10", "watching-brief"))
    assert flags(facts, "2025-04-01", "plan-of-work") == []
    # intensive then enhanced is one active period: week one still counts from referral
    moved = case("intensive", "2025-03-07", ("level-change", "2025-03-10", "enhanced"))
    assert only(moved, "2025-04-01", "plan-of-work") == ("overdue", "2025-03-14")


# -- APIR profile: six weeks, intensive --------------------------------------------------------------


@pytest.mark.parametrize("profile, status", [("2025-04-18", "met"), ("2025-04-19", "missed")])
def test_apir_profile_within_six_weeks(profile, status):
    assert only(case("intensive", "2025-03-07", ("apir-profile", profile)), "2025-06-01", "apir-profile") == (status, "2025-04-18")


def test_apir_profile_is_for_intensive_cases_and_a_closed_case_without_one_missed_it():
    assert flags(case("enhanced", "2025-03-07"), "2025-06-01", "apir-profile") == []
    assert only(case("intensive", "2025-03-07"), "2025-04-18", "apir-profile")[0] == "due"
    assert only(case("intensive", "2025-03-07"), "2025-04-19", "apir-profile")[0] == "overdue"
    assert only(case("intensive", "2025-03-07", ("closed", "2025-05-01")), "2025-06-01", "apir-profile")[0] == "missed"


def test_apir_profile_six_weeks_run_from_becoming_intensive():
    facts = case("enhanced", "2025-03-07", ("level-change", "2025-04-01", "intensive"))
    assert only(facts, "2025-04-20", "apir-profile") == ("due", "2025-05-13")
    assert only(facts, "2025-04-10", "apir-profile") == ("due", "2025-05-13")
    assert flags(facts, "2025-03-31", "apir-profile") == []  # seen before the change: still enhanced


def test_a_profile_recorded_before_the_case_became_intensive_is_met_and_says_so():
    facts = case("enhanced", "2025-03-07", ("apir-profile", "2025-03-20"), ("level-change", "2025-04-01", "intensive"))
    assert only(facts, "2025-04-20", "apir-profile") == ("met", "2025-05-13")
    [flag] = [f for f in case_flags(facts, D("2025-04-20")) if f.rule == "apir-profile"]
    assert flag.detail == "APIR profile on 2025-03-20, before becoming intensive on 2025-04-01 (due by 2025-05-13)"


# -- weekly contact, intensive -----------------------------------------------------------------------------


def test_a_gap_of_exactly_seven_days_is_fine_and_eight_is_missed():
    weekly = case("intensive", "2025-03-03", ("contact", "2025-03-04"), ("contact", "2025-03-11"), ("contact", "2025-03-19"))
    assert flags(weekly, "2025-03-20", "weekly-contact") == [("missed", "2025-03-18"), ("due", "2025-03-26")]
    exact = case("intensive", "2025-03-03", ("contact", "2025-03-04"), ("contact", "2025-03-11"), ("contact", "2025-03-18"))
    assert flags(exact, "2025-03-20", "weekly-contact") == [("due", "2025-03-25")]


@pytest.mark.parametrize("as_of, status", [("2025-03-11", "due"), ("2025-03-12", "overdue")])
def test_the_current_gap_is_due_then_overdue(as_of, status):
    assert flags(case("intensive", "2025-03-03", ("contact", "2025-03-04")), as_of, "weekly-contact") == [(status, "2025-03-11")]


def test_weekly_contact_starts_with_the_first_contact_and_counts_only_contacts():
    assert flags(case("intensive", "2025-03-03"), "2025-04-01", "weekly-contact") == []
    facts = case("intensive", "2025-03-03", ("contact", "2025-03-04"), ("agency-contact", "2025-03-10"), ("review", "2025-03-11"))
    assert flags(facts, "2025-03-13", "weekly-contact") == [("overdue", "2025-03-11")]


def test_weekly_contact_applies_only_while_intensive():
    # intensive -> enhanced: the long gap after the change is not counted; the intensive weeks were kept
    down = case(
        "intensive", "2025-03-03", ("contact", "2025-03-04"), ("contact", "2025-03-10"),
        ("level-change", "2025-03-15", "enhanced"), ("contact", "2025-04-30"),
    )
    assert flags(down, "2025-05-01", "weekly-contact") == [("met", None)]
    # enhanced -> intensive: the clock starts on the day it became intensive, not at the last contact
    up = case("enhanced", "2025-03-03", ("contact", "2025-03-04"), ("level-change", "2025-04-01", "intensive"))
    assert flags(up, "2025-04-05", "weekly-contact") == [("due", "2025-04-08")]
    assert flags(up, "2025-04-09", "weekly-contact") == [("overdue", "2025-04-08")]
    assert flags(case("enhanced", "2025-03-03", ("contact", "2025-03-04")), "2025-05-01", "weekly-contact") == []


def test_weekly_contact_gap_up_to_closure_is_missed():
    facts = case("intensive", "2025-03-03", ("contact", "2025-03-04"), ("closed", "2025-03-20"))
    assert flags(facts, "2025-04-01", "weekly-contact") == [("missed", "2025-03-11")]
    kept = case("intensive", "2025-03-03", ("contact", "2025-03-04"), ("contact", "2025-03-11"), ("closed", "2025-03-18"))
    assert flags(kept, "2025-04-01", "weekly-contact") == [("met", None)]


def test_weekly_contact_seen_from_the_past_ignores_later_contacts():
    facts = case("intensive", "2025-03-03", ("contact", "2025-03-04"), ("contact", "2025-03-20"))
    assert flags(facts, "2025-03-15", "weekly-contact") == [("overdue", "2025-03-11")]
    assert flags(facts, "2025-03-21", "weekly-contact") == [("missed", "2025-03-11"), ("due", "2025-03-27")]


# -- watching brief ------------------------------------------------------------------------------------------


def test_watching_brief_not_in_school_every_three_months():
    facts = case("watching-brief", "2025-01-10", ("contact", "2025-01-13"), ("agency-contact", "2025-04-13"))
    assert flags(facts, "2025-07-13", "watching-brief-review") == [("due", "2025-07-13")]
    assert flags(facts, "2025-07-14", "watching-brief-review") == [("overdue", "2025-07-13")]
    late = case("watching-brief", "2025-01-10", ("contact", "2025-01-13"), ("review", "2025-04-14"))
    assert flags(late, "2025-05-01", "watching-brief-review") == [("missed", "2025-04-13"), ("due", "2025-07-14")]


def test_watching_brief_in_school_is_termly_read_as_four_months():
    gap = (("contact", "2025-01-13"), ("agency-contact", "2025-05-13"))
    assert flags(case("watching-brief", "2025-01-10", *gap, in_school=True), "2025-06-01", "watching-brief-review") == [("due", "2025-09-13")]
    assert flags(case("watching-brief", "2025-01-10", *gap), "2025-06-01", "watching-brief-review") == [("missed", "2025-04-13"), ("due", "2025-08-13")]
    [flag] = [f for f in case_flags(case("watching-brief", "2025-01-10", *gap, in_school=True), D("2025-06-01")) if f.rule == "watching-brief-review"]
    assert "termly" in flag.detail and "4 months" in flag.detail


def test_watching_brief_runs_from_the_level_change_and_other_events_do_not_record_progress():
    facts = case("intensive", "2025-01-10", ("contact", "2025-01-13"), ("level-change", "2025-02-01", "watching-brief"), ("plan-of-work", "2025-03-01"))
    assert flags(facts, "2025-05-02", "watching-brief-review") == [("overdue", "2025-05-01")]
    assert flags(case("enhanced", "2025-01-10"), "2025-12-01", "watching-brief-review") == []


# -- leaving the caseload ----------------------------------------------------------------------------------------


E2E = ("moved-on-e2e", "2025-05-01")


@pytest.mark.parametrize(
    "events, as_of, expected",
    [
        ((E2E,), "2025-05-10", ("due", "2025-05-15")),
        ((E2E,), "2025-05-15", ("due", "2025-05-15")),
        ((E2E,), "2025-05-16", ("overdue", "2025-05-15")),
        ((E2E, ("review", "2025-05-08")), "2025-05-20", ("overdue", "2025-05-15")),  # reviewed too soon
        ((E2E, ("review", "2025-05-15")), "2025-05-20", ("met", "2025-05-15")),
        ((E2E, ("closed", "2025-05-10")), "2025-06-01", ("missed", "2025-05-15")),
        ((E2E, ("review", "2025-05-15"), ("closed", "2025-05-15")), "2025-06-01", ("met", "2025-05-15")),
        ((E2E, ("closed", "2025-05-20")), "2025-06-01", ("missed", "2025-05-15")),  # closed with no review
        ((E2E, ("level-change", "2025-05-08", "watching-brief")), "2025-06-01", ("missed", "2025-05-15")),
    ],
)
def test_e2e_two_weeks_then_a_review(events, as_of, expected):
    assert only(case("intensive", "2025-03-03", ("contact", "2025-03-04"), *events), as_of, "e2e-stay") == expected


@pytest.mark.parametrize(
    "leaving",
    [("closed", "2025-05-01"), ("level-change", "2025-05-01", "watching-brief")],
    ids=["closed", "watching-brief"],
)
def test_leaving_the_active_caseload_on_the_day_of_the_e2e_move_is_a_stay_of_0_days(leaving):
    facts = case("intensive", "2025-03-03", ("contact", "2025-03-04"), E2E, leaving)
    (flag,) = [f for f in case_flags(facts, D("2025-06-01")) if f.rule == "e2e-stay"]
    assert (flag.status, flag.due) == ("missed", D("2025-05-15"))
    assert "after 0 days" in flag.detail


def test_an_e2e_move_on_the_day_of_referral_and_closure_is_missed():
    facts = case("intensive", "2025-05-01", E2E, ("closed", "2025-05-01"))
    assert only(facts, "2025-06-01", "e2e-stay") == ("missed", "2025-05-15")


def test_an_e2e_move_on_the_day_the_case_became_active_counts_from_then():
    facts = case("watching-brief", "2025-03-03", ("level-change", "2025-05-01", "intensive"), E2E)
    assert only(facts, "2025-05-10", "e2e-stay") == ("due", "2025-05-15")


def test_e2e_rule_needs_a_move_from_the_active_caseload():
    assert flags(case("enhanced", "2025-03-03"), "2025-06-01", "e2e-stay") == []
    assert flags(case("watching-brief", "2025-03-03", E2E), "2025-06-01", "e2e-stay") == []


MOVED = ("moved-on-positive", "2025-01-31")


@pytest.mark.parametrize(
    "events, as_of, expected",
    [
        ((MOVED,), "2025-02-10", ("due", "2025-02-28")),
        ((MOVED, ("contact", "2025-02-05"), ("contact", "2025-02-20")), "2025-02-27", ("due", "2025-02-28")),
        ((MOVED, ("contact", "2025-02-05"), ("contact", "2025-02-20")), "2025-03-01", ("met", "2025-02-28")),
        ((MOVED, ("contact", "2025-02-05")), "2025-03-01", ("missed", "2025-02-28")),  # the month passed with one
        ((MOVED, ("contact", "2025-02-05"), ("contact", "2025-02-06"), ("closed", "2025-02-20")), "2025-04-01", ("missed", "2025-02-28")),
        ((MOVED, ("contact", "2025-02-05"), ("contact", "2025-02-27"), ("closed", "2025-02-28")), "2025-04-01", ("met", "2025-02-28")),
        ((MOVED, ("contact", "2025-01-31"), ("contact", "2025-02-27"), ("closed", "2025-03-03")), "2025-04-01", ("missed", "2025-02-28")),
    ],
)
def test_positive_outcome_one_month_and_two_contacts(events, as_of, expected):
    assert only(case("intensive", "2025-01-06", *events), as_of, "positive-outcome-follow-up") == expected


@pytest.mark.parametrize(
    "events, expected",
    [
        ((("closed", "2025-06-01"),), [("missed", "2025-06-01")]),
        ((("manager-discussion", "2025-05-28"), ("closed", "2025-06-01")), [("met", "2025-06-01")]),
        ((("level-change", "2025-05-01", "enhanced"), ("closed", "2025-06-01")), []),
        ((), []),
    ],
)
def test_intensive_closure_needs_a_manager_discussion(events, expected):
    assert flags(case("intensive", "2025-03-03", *events), "2025-07-01", "intensive-closure") == expected


def test_a_manager_discussion_before_the_case_became_intensive_does_not_count():
    facts = case(
        "enhanced", "2025-03-03", ("manager-discussion", "2025-03-20"), ("level-change", "2025-04-01", "intensive"),
        ("closed", "2025-06-01"),
    )
    assert flags(facts, "2025-07-01", "intensive-closure") == [("missed", "2025-06-01")]
    assert flags(case("enhanced", "2025-03-03", ("closed", "2025-06-01")), "2025-07-01", "intensive-closure") == []


def test_a_case_made_intensive_on_the_day_it_closes_closed_intensive():
    """Found by the property test: no intensive span is left, but the case was intensive when it closed."""
    facts = case("enhanced", "2025-01-01", ("level-change", "2025-03-02", "intensive"), ("closed", "2025-03-02"))
    assert flags(facts, "2025-03-02", "intensive-closure") == [("missed", "2025-03-02")]


# -- levels over time --------------------------------------------------------------------------------------------------


def test_level_spans_and_the_level_on_a_day():
    facts = case(
        "intensive", "2025-03-03", ("level-change", "2025-04-01", "enhanced"), ("level-change", "2025-05-01", "watching-brief"),
        ("closed", "2025-06-01"),
    )
    view = CaseView(facts, D("2025-07-01"))
    assert [(s.start.isoformat(), s.end.isoformat() if s.end else None, s.level) for s in view.spans] == [
        ("2025-03-03", "2025-04-01", "intensive"), ("2025-04-01", "2025-05-01", "enhanced"), ("2025-05-01", "2025-06-01", "watching-brief"),
    ]
    assert view.level_on(D("2025-03-31")) == "intensive" and view.level_on(D("2025-04-01")) == "enhanced"
    assert view.current_level == "watching-brief"
    assert CaseView(facts, D("2025-04-15")).current_level == "enhanced"
    assert [(s.level, s.end) for s in view.periods(("intensive", "enhanced"))] == [("intensive", D("2025-05-01"))]


@pytest.mark.parametrize(
    "day, months, expected",
    [("2025-01-31", 1, "2025-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2025-11-30", 3, "2026-02-28"), ("2025-10-15", 4, "2026-02-15")],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(D(day), months) == D(expected)


# -- properties over any history ------------------------------------------------------------------------------------------------

EVENT_KINDS = [e for e in LOGGED_EVENTS if e != "closed"]


@st.composite
def histories(draw):
    referred = D("2025-01-01") + timedelta(days=draw(st.integers(0, 365)))
    offsets = sorted(draw(st.lists(st.integers(0, 200), max_size=25)))
    events = []
    for offset in offsets:
        day = referred + timedelta(days=offset)
        if draw(st.integers(0, 9)) == 0:
            events.append(CaseEvent("level-change", day, draw(st.sampled_from(LEVELS))))
        else:
            events.append(CaseEvent(draw(st.sampled_from(EVENT_KINDS)), day))
    if draw(st.booleans()):
        events.append(CaseEvent("closed", referred + timedelta(days=draw(st.integers(offsets[-1] if offsets else 0, 260)))))
    facts = CaseFacts("40213", referred, draw(st.sampled_from(LEVELS)), draw(st.booleans()), tuple(events))
    return facts, referred + timedelta(days=draw(st.integers(-10, 300)))


@settings(max_examples=300, deadline=None)
@given(histories())
def test_any_history_gives_well_formed_flags(history):
    facts, as_of = history
    found = case_flags(facts, as_of)
    view = CaseView(facts, as_of)
    # the level at closure counts too: a move to intensive on the day of closing leaves no span, yet the case closed intensive
    levels_seen = {s.level for s in view.spans} | {view.current_level} if facts.referred_on <= as_of else set()
    for flag in found:
        assert flag.rule in RULE_IDS and flag.status in STATUSES
        assert flag.detail and not re.search(r"\{|\}|None", flag.detail)
        assert not re.search(r"(^|[ ,(])-\d+ (working )?days?\b", flag.detail), flag  # no "-50 days after"
        rule = next(r for r in GUIDE_RULES if r.id == flag.rule)
        assert levels_seen & set(rule.levels), (flag, levels_seen)
        if flag.status in ("due", "overdue"):
            assert view.closed_on is None, flag  # nothing is still open on a closed case
        if flag.status == "overdue":
            assert flag.due is not None and flag.due < as_of
        if flag.status == "due" and flag.due is not None:
            assert flag.due >= as_of
    assert [f.rule for f in found] == sorted((f.rule for f in found), key=RULE_IDS.index)
