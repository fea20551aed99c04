"""Weeks one to six and the plan of work: the developed plan, selected enhanced cases' APIR profile, and contact
as often as an enhanced case's plan of work says."""

from __future__ import annotations

import pytest
from caseload_helpers import D, case, details, flags

from observations.caseload import CaseEvent, CaseFacts, GUIDE_RULES
from observations.caseload.rules import RULES


def test_the_rules_run_in_the_guides_order():
    assert [rule.__name__.replace("_", "-") for rule in RULES] == [rule.id for rule in GUIDE_RULES]


# -- the plan of work developed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "events, as_of, expected",
    [
        ((), "2025-05-01", []),  # no initial plan yet: plan-of-work speaks
        ((("plan-of-work", "2025-03-05"),), "2025-04-01", [("due", "2025-04-14")]),
        ((("plan-of-work", "2025-03-05"),), "2025-04-15", [("overdue", "2025-04-14")]),
        ((("plan-of-work", "2025-03-05"), ("plan-of-work", "2025-04-14")), "2025-05-01", [("met", "2025-04-14")]),  # day 42
        ((("plan-of-work", "2025-03-05"), ("plan-of-work", "2025-04-15")), "2025-05-01", [("missed", "2025-04-14")]),
    ],
)
def test_the_plan_of_work_is_developed_within_six_weeks(events, as_of, expected):
    assert flags(case("enhanced", "2025-03-03", *events), as_of, "plan-of-work-developed") == expected


# -- the APIR profile for selected Active Enhanced young people ----------------------------------------------------


def test_an_enhanced_case_needs_an_apir_profile_only_when_selected():
    assert flags(case("enhanced", "2025-03-03"), "2025-06-01", "apir-profile") == []
    selected = case("enhanced", "2025-03-03", ("selected-for-apir", "2025-03-10"))
    assert flags(selected, "2025-04-01", "apir-profile") == [("due", "2025-04-21")]
    assert details(selected, "2025-04-01", "apir-profile") == [
        "no APIR profile yet; due by 2025-04-21 (six weeks: 42 days after being selected for an APIR profile on 2025-03-10)"
    ]
    on_referral = case("enhanced", "2025-03-03", ("selected-for-apir", "2025-03-03"), ("apir-profile", "2025-04-14"))
    assert flags(on_referral, "2025-06-01", "apir-profile") == [("met", "2025-04-14")]


def test_a_selection_made_while_on_watching_brief_does_not_count():
    facts = case("watching-brief", "2025-03-03", ("selected-for-apir", "2025-03-10"))
    assert flags(facts, "2025-06-01", "apir-profile") == []


# -- contact as often as the enhanced plan of work says ---------------------------------------------------------------


def plan(on: str, every: int | None) -> CaseEvent:
    return CaseEvent("plan-of-work", D(on), None, every)


def enhanced(*events: CaseEvent) -> CaseFacts:
    return CaseFacts(ref="40213", referred_on=D("2025-03-03"), level="enhanced", events=tuple(sorted(events, key=lambda e: e.on)))


def contact(on: str) -> CaseEvent:
    return CaseEvent("contact", D(on))


def frequency(facts: CaseFacts, as_of: str) -> list[tuple[str, str | None]]:
    return flags(facts, as_of, "contact-frequency")


def test_a_plan_that_gives_no_frequency_is_due_to():
    assert frequency(enhanced(plan("2025-03-05", None)), "2025-03-20") == [("due", None)]


@pytest.mark.parametrize(
    "contacts, as_of, expected",
    [
        (("2025-03-19",), "2025-03-25", [("due", "2025-04-02")]),  # 14 days exactly is fine
        (("2025-03-20",), "2025-03-25", [("missed", "2025-03-19"), ("due", "2025-04-03")]),
        ((), "2025-03-20", [("overdue", "2025-03-19")]),
        (("2025-03-10", "2025-03-24"), "2025-03-30", [("due", "2025-04-07")]),
    ],
)
def test_contact_as_often_as_the_plan_of_work_says(contacts, as_of, expected):
    facts = enhanced(plan("2025-03-05", 14), *(contact(day) for day in contacts))
    assert frequency(facts, as_of) == expected


def test_a_new_plan_changes_the_frequency_from_its_date():
    facts = enhanced(plan("2025-03-05", 14), contact("2025-03-12"), plan("2025-03-20", 28), contact("2025-04-15"))
    assert frequency(facts, "2025-04-20") == [("due", "2025-05-13")]
    strict = enhanced(plan("2025-03-05", 14), contact("2025-03-12"), plan("2025-03-20", 7), contact("2025-04-15"))
    assert frequency(strict, "2025-04-20")[0] == ("missed", "2025-03-27")


def test_the_frequency_is_checked_only_while_enhanced():
    facts = CaseFacts(
        ref="40213", referred_on=D("2025-03-03"), level="intensive",
        events=(plan("2025-03-05", 30), contact("2025-03-06"), CaseEvent("level-change", D("2025-04-01"), "enhanced")),
    )
    assert frequency(facts, "2025-04-20") == [("due", "2025-05-01")]  # from the day it became enhanced
    assert frequency(facts, "2025-03-30") == []


# -- recorded through the store and carried by merges -------------------------------------------------------------------


def test_a_plan_of_work_carries_its_contact_frequency_through_the_store_and_a_merge(store, tmp_path, library):
    from store_helpers import add_person

    from observations.caseload import add_case, find_case, log_event
    from observations.errors import InputError
    from observations.exchange.merge import apply_rows, export_document
    from observations.store.observation_store import Store

    pa = add_person(store)
    add_case(store, pa.id, "40213", level="enhanced", referred_on="2025-03-03")
    log_event(store, "40213", "plan-of-work", "2025-03-05", contact_every_days=14)
    log_event(store, "40213", "selected-for-apir", "2025-03-06")
    for event, days, message in (("contact", 14, "only a plan-of-work says"), ("plan-of-work", 0, "from 1 to 366"), ("plan-of-work", 400, "from 1 to 366")):
        with pytest.raises(InputError, match=message):
            log_event(store, "40213", event, "2025-03-07", contact_every_days=days)
    record = find_case(store, "40213")
    assert [(e.event, e.contact_every_days) for e in record.events] == [("plan-of-work", 14), ("selected-for-apir", None)]
    assert flags(record.facts(), "2025-03-10", "contact-frequency") == [("due", "2025-03-19")]
    assert flags(record.facts(), "2025-03-10", "apir-profile") == [("due", "2025-04-17")]  # selected: six weeks from then
    document = export_document(store)
    with Store.open(tmp_path / "other.db", library) as other:
        apply_rows(other, document["tables"], where="export")
        assert [e.contact_every_days for e in find_case(other, "40213").events] == [14, None]
        bad = {**document["tables"], "case_events": [{**row, "contact_every_days": 14, "id": "x" + row["id"][1:]} for row in document["tables"]["case_events"] if row["event"] != "plan-of-work"]}
        with pytest.raises(InputError, match="only a plan-of-work says"):
            apply_rows(other, bad, where="hand-made")


def test_the_readme_lists_every_rule():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Caseload review"):]
    for rule in GUIDE_RULES:
        assert f"| `{rule.id}` |" in section, rule.id
