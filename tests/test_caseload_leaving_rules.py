"""The guide's leaving rules at their edges: line-manager discussions, the month after a positive outcome, scope."""

from __future__ import annotations

import pytest
from caseload_helpers import D, case, details, flags

from observations.caseload import case_flags

TALK = "manager-discussion"


# -- a step-down from intensive, and a closure ------------------------------------------------------------------------


def test_a_step_down_then_closure_the_next_day_without_discussion_is_flagged():
    facts = case("intensive", "2025-03-03", ("level-change", "2025-05-01", "enhanced"), ("closed", "2025-05-02"))
    assert flags(facts, "2025-06-01", "step-down-discussion") == [("missed", "2025-05-01")]
    assert "then closed on 2025-05-02" in details(facts, "2025-06-01", "step-down-discussion")[0]
    assert flags(facts, "2025-06-01", "intensive-closure") == []  # closed while enhanced: the step-down carries it


def test_a_step_down_after_a_discussion_while_intensive_is_met():
    facts = case("intensive", "2025-03-03", (TALK, "2025-04-28"), ("level-change", "2025-05-01", "enhanced"), ("closed", "2025-05-02"))
    assert flags(facts, "2025-06-01", "step-down-discussion") == [("met", "2025-05-01")]


@pytest.mark.parametrize("talk_on, status", [("2025-05-01", "met"), ("2025-05-02", "missed"), ("2025-03-31", "missed")])
def test_the_discussion_must_be_while_intensive_on_or_before_the_step_down(talk_on, status):
    facts = case(
        "enhanced", "2025-03-03", (TALK, talk_on) if talk_on < "2025-04-01" else ("contact", "2025-03-04"),
        ("level-change", "2025-04-01", "intensive"),
        *([(TALK, talk_on)] if talk_on >= "2025-04-01" else []),
        ("level-change", "2025-05-01", "watching-brief"),
    )
    assert flags(facts, "2025-06-01", "step-down-discussion") == [(status, "2025-05-01")]


def test_a_step_down_on_the_day_of_closure_is_still_a_step_down():
    facts = case("intensive", "2025-03-03", ("level-change", "2025-05-01", "enhanced"), ("closed", "2025-05-01"))
    assert flags(facts, "2025-06-01", "step-down-discussion") == [("missed", "2025-05-01")]


def test_a_level_set_on_the_referral_day_is_not_a_step_down():
    facts = case("intensive", "2025-03-03", ("level-change", "2025-03-03", "enhanced"))
    assert flags(facts, "2025-06-01", "step-down-discussion") == []


def test_a_move_up_to_intensive_needs_no_discussion():
    facts = case("enhanced", "2025-03-03", ("level-change", "2025-04-01", "intensive"))
    assert flags(facts, "2025-06-01", "step-down-discussion") == []


def test_each_step_down_is_checked_on_its_own():
    facts = case(
        "intensive", "2025-03-03", (TALK, "2025-03-20"), ("level-change", "2025-04-01", "enhanced"),
        ("level-change", "2025-05-01", "intensive"), ("level-change", "2025-06-01", "watching-brief"),
    )
    assert flags(facts, "2025-07-01", "step-down-discussion") == [("met", "2025-04-01"), ("missed", "2025-06-01")]


# -- the E2E decision --------------------------------------------------------------------------------------------------

E2E = ("moved-on-e2e", "2025-05-01")


@pytest.mark.parametrize(
    "events, as_of, expected",
    [
        ((E2E,), "2025-05-14", []),  # the two weeks are not over: e2e-stay speaks for now
        ((E2E,), "2025-05-15", [("due", None)]),
        ((E2E, (TALK, "2025-05-16")), "2025-05-20", [("met", None)]),  # kept on the active caseload
        ((E2E, ("review", "2025-05-15"), ("closed", "2025-05-16")), "2025-06-01", [("missed", "2025-05-16")]),
        ((E2E, (TALK, "2025-05-16"), ("closed", "2025-05-16")), "2025-06-01", [("met", "2025-05-16")]),
        ((E2E, (TALK, "2025-04-30"), ("level-change", "2025-05-20", "watching-brief")), "2025-06-01", [("missed", "2025-05-20")]),
        ((E2E, (TALK, "2025-05-19"), ("level-change", "2025-05-20", "watching-brief")), "2025-06-01", [("met", "2025-05-20")]),
    ],
)
def test_after_e2e_the_decision_is_made_with_the_line_manager(events, as_of, expected):
    assert flags(case("intensive", "2025-03-03", *events), as_of, "e2e-decision") == expected


# -- scope: the leaving rules are about Active Intensive young people ------------------------------------------------


@pytest.mark.parametrize("move", ["moved-on-e2e", "moved-on-positive"])
def test_an_enhanced_young_person_moving_on_is_not_checked_against_the_leaving_rules(move):
    facts = case("enhanced", "2025-03-03", ("contact", "2025-03-04"), (move, "2025-05-01"), ("closed", "2025-05-02"))
    found = {f.rule for f in case_flags(facts, D("2025-07-01"))}
    assert not found & {"e2e-stay", "e2e-decision", "positive-outcome-follow-up"}


def test_a_move_on_the_day_of_a_step_down_was_made_while_intensive():
    facts = case("intensive", "2025-03-03", ("moved-on-positive", "2025-05-01"), ("level-change", "2025-05-01", "enhanced"))
    assert flags(facts, "2025-05-10", "positive-outcome-follow-up") == [("due", "2025-06-01")]


# -- another positive outcome: one month, two contacts within it ----------------------------------------------------

MOVED = ("moved-on-positive", "2025-01-31")


@pytest.mark.parametrize(
    "contacts, expected",
    [
        (("2025-02-05", "2025-02-28"), ("met", "2025-02-28")),  # the day the month ends counts
        (("2025-02-05", "2025-03-01"), ("missed", "2025-02-28")),  # the day after does not
        (("2025-01-31", "2025-02-05"), ("missed", "2025-02-28")),  # nor the day of the move
    ],
)
def test_only_contacts_within_the_month_count(contacts, expected):
    facts = case("intensive", "2025-01-06", MOVED, *(("contact", day) for day in contacts))
    assert flags(facts, "2025-04-01", "positive-outcome-follow-up") == [expected]


def test_a_parent_or_carer_contact_is_not_a_contact_with_the_young_person_after_moving_on():
    facts = case("intensive", "2025-01-06", MOVED, ("contact", "2025-02-05"), ("carer-contact", "2025-02-20"))
    assert flags(facts, "2025-04-01", "positive-outcome-follow-up") == [("missed", "2025-02-28")]


def test_weekly_contact_stops_after_a_move_to_a_positive_outcome():
    facts = case("intensive", "2025-01-06", ("contact", "2025-01-07"), ("contact", "2025-01-14"), ("moved-on-positive", "2025-01-20"))
    assert flags(facts, "2025-04-01", "weekly-contact") == [("met", None)]
    late = case("intensive", "2025-01-06", ("contact", "2025-01-07"), ("moved-on-positive", "2025-01-20"))
    assert details(late, "2025-04-01", "weekly-contact") == [
        "no contact from 2025-01-07 until the case moved on to a positive outcome on 2025-01-20 (the longest gap allowed is 7 days)"
    ]


# -- parents and carers: counted for weekly contact after weeks one to six ---------------------------------------------


def weekly_with_carer(carer_on: str) -> list[tuple[str, str | None]]:
    """Weekly contacts from 4 March to 8 April, a carer contact, then the young person again on 21 April."""
    contacts = [("contact", day) for day in ("2025-03-04", "2025-03-11", "2025-03-18", "2025-03-25", "2025-04-01", "2025-04-08")]
    facts = case("intensive", "2025-03-03", *contacts, ("carer-contact", carer_on), ("contact", "2025-04-21"))
    return flags(facts, "2025-04-25", "weekly-contact")


def test_a_carer_contact_counts_for_weekly_contact_only_after_weeks_one_to_six():
    assert weekly_with_carer("2025-04-14") == [("due", "2025-04-28")]  # day 42 of the intensive period: no gap over 7 days
    assert weekly_with_carer("2025-04-13")[0] == ("missed", "2025-04-15")  # day 41: in week six the young person must be met
