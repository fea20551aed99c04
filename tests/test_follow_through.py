"""The follow-through rate: its edges on plain facts, then the same rules read from a real store."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observations.follow_through import (
    AFTER_LEAVING,
    DROPPED,
    DROPPED_LATE,
    LATE,
    NOT_YET_DUE,
    ON_TIME,
    OPEN,
    UNDATED,
    ActionFacts,
    action_facts,
    by_month,
    follow_through_groups,
    follow_through_summary,
    month_end,
    month_starts,
    outcome_of,
    sparkline,
    tally,
)
from observations.privacy.erasure import erase_staff
from store_helpers import add_person

AS_OF = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (ActionFacts("2025-03-31", "done", "2025-03-31"), ON_TIME),  # done on the due date
        (ActionFacts("2025-03-31", "done", "2025-03-30"), ON_TIME),
        (ActionFacts("2025-03-31", "done", "2025-04-01"), LATE),
        (ActionFacts("2025-03-31", "open", None), OPEN),
        (ActionFacts("2025-03-31", "dropped", "2025-03-20"), DROPPED),
        (ActionFacts("2025-03-31", "dropped", "2025-04-20"), DROPPED_LATE),
        (ActionFacts(None, "open", None), UNDATED),
        (ActionFacts("2025-06-30", "open", None), NOT_YET_DUE),  # due on the report date: not fallen due yet
        (ActionFacts("2025-06-30", "done", "2025-06-29"), NOT_YET_DUE),
        (ActionFacts("2025-05-01", "open", None, left_on="2025-04-30"), AFTER_LEAVING),
        (ActionFacts("2025-04-30", "open", None, left_on="2025-04-30"), OPEN),  # due on their last day: still theirs
    ],
)
def test_outcome_of_each_edge(facts, expected):
    assert outcome_of(facts, AS_OF) == expected


def test_due_on_the_last_day_of_the_period_counts_in_it_and_not_the_next():
    facts = [ActionFacts("2025-03-31", "done", "2025-03-31"), ActionFacts("2025-04-01", "open", None)]
    march = tally(facts, date(2025, 3, 1), date(2025, 3, 31), AS_OF)
    assert march.counts == {ON_TIME: 1} and march.rate == 1.0
    april = tally(facts, date(2025, 4, 1), date(2025, 4, 30), AS_OF)
    assert april.counts == {OPEN: 1} and april.rate == 0.0


def test_done_after_the_period_ended_counts_as_late_in_its_period():
    facts = [ActionFacts("2025-03-15", "done", "2025-05-02")]
    assert tally(facts, date(2025, 3, 1), date(2025, 3, 31), AS_OF).to_dict() == {
        "start": "2025-03-01", "end": "2025-03-31", "on_time": 0, "late": 1, "open": 0, "dropped_late": 0,
        "dropped": 0, "undated": 0, "counted": 1, "rate": 0.0, "percent": 0, "done": 1,
    }


def test_dropped_in_time_leaves_the_rate_and_dropped_late_counts_against_it():
    facts = [
        ActionFacts("2025-03-10", "done", "2025-03-01"),
        ActionFacts("2025-03-10", "dropped", "2025-03-05"),
        ActionFacts("2025-03-10", "dropped", "2025-03-25"),
    ]
    result = tally(facts, date(2025, 3, 1), date(2025, 3, 31), AS_OF)
    assert result.counted == 2 and result.rate == 0.5
    assert result.to_dict()["dropped"] == 1


def test_nothing_due_is_no_rate_not_zero():
    result = tally([ActionFacts(None, "open", None)], date(2025, 3, 1), date(2025, 3, 31), AS_OF)
    assert result.rate is None and result.to_dict()["percent"] is None and result.to_dict()["undated"] == 1


def test_months_run_up_to_the_month_before_the_report_date_on_its_first_day():
    assert month_starts(date(2025, 7, 1), 3) == [date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)]
    assert month_starts(date(2025, 1, 15), 2) == [date(2024, 12, 1), date(2025, 1, 1)]


def test_by_month_and_its_sparkline():
    facts = [
        ActionFacts("2025-04-03", "done", "2025-04-01"),
        ActionFacts("2025-04-20", "open", None),
        ActionFacts("2025-06-02", "done", "2025-06-01"),
        ActionFacts(None, "open", None),
    ]
    months = by_month(facts, AS_OF, 3)
    assert [(m["month"], m["percent"]) for m in months] == [("2025-04", 50), ("2025-05", None), ("2025-06", 100)]
    assert months[1]["undated"] == 0  # undated actions belong to no month
    assert sparkline(months) == "▅·█"
    assert sparkline([{"rate": 0.0}]) == "▁"


@given(
    st.lists(
        st.builds(
            ActionFacts,
            due_on=st.one_of(st.none(), st.dates(date(2023, 12, 1), date(2025, 8, 31)).map(date.isoformat)),
            status=st.sampled_from(["open", "done", "dropped"]),
            closed_on=st.one_of(st.none(), st.dates(date(2023, 12, 1), date(2025, 8, 31)).map(date.isoformat)),
            left_on=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2025, 8, 31)).map(date.isoformat)),
        ),
        max_size=40,
    ),
    st.dates(date(2024, 6, 1), date(2025, 8, 1)),
    st.integers(1, 14),
)
def test_by_month_is_the_tally_of_each_month(facts, as_of, months):
    """by_month counts in one pass; each of its months must be exactly what tally says of that month."""
    expected = [
        {"month": start.isoformat()[:7], **tally([f for f in facts if f.due_on is not None], start, month_end(start), as_of).to_dict()}
        for start in month_starts(as_of, months)
    ]
    assert by_month(facts, as_of, months) == expected


def _act(store, person, due, *updates):
    """An action agreed in a session on 2 January 2025 (an action agreed outside one is agreed when recorded: today)."""
    session, _ = store.session_on(person.id, "2025-01-02")
    action = store.add_action(person.id, f"action due {due}", due_on=due, session_id=session.id)
    for status, on in updates:
        store.update_action(action.id, status, on=on)
    return action


def test_groups_by_team(store):
    north = add_person(store, "Ann", team="North")
    south = add_person(store, "Bea", team="South")
    _act(store, north, "2025-06-01", ("done", "2025-05-30"))
    _act(store, south, "2025-06-01")
    groups = follow_through_groups(action_facts(store, AS_OF), AS_OF, "team")
    assert [(g["name"], g["percent"]) for g in groups] == [("North", 100), ("South", 0)]


def test_store_reopened_action_is_open_and_done_again_is_late(store):
    person = add_person(store)
    _act(store, person, "2025-03-10", ("done", "2025-03-09"), ("open", "2025-03-12"))
    _act(store, person, "2025-03-10", ("done", "2025-03-09"), ("open", "2025-03-12"), ("done", "2025-03-20"))
    facts = action_facts(store, AS_OF, staff_id=person.id)
    assert sorted(outcome_of(f, AS_OF) for f in facts) == [LATE, OPEN]
    # as of the day after it was first done, both were on time: the rate is as known on its date
    earlier = date(2025, 3, 11)
    assert [outcome_of(f, earlier) for f in action_facts(store, earlier, staff_id=person.id)] == [ON_TIME, ON_TIME]


def test_store_a_leavers_actions_count_while_they_were_in_post(store):
    person = add_person(store, started_on="2024-01-01")
    _act(store, person, "2025-03-10")
    _act(store, person, "2025-05-10")
    store.staff_leave(person.id, on="2025-04-30")
    summary = follow_through_summary(action_facts(store, AS_OF, staff_id=person.id), AS_OF)
    assert (summary["open"], summary["counted"]) == (1, 1)


def test_store_an_erased_persons_actions_leave_every_rate(store):
    kept = add_person(store, "Ann", team="North")
    gone = add_person(store, "Bea", team="North")
    _act(store, kept, "2025-03-10", ("done", "2025-03-01"))
    _act(store, gone, "2025-03-10")
    assert follow_through_summary(action_facts(store, AS_OF, team="North"), AS_OF)["percent"] == 50
    erase_staff(store, gone.id)
    assert follow_through_summary(action_facts(store, AS_OF, team="North"), AS_OF)["percent"] == 100


def test_store_actions_agreed_after_the_report_date_are_not_known_then(store):
    person = add_person(store)
    session = store.add_session(person.id, held_on="2025-06-20")
    store.add_action(person.id, "Later", due_on="2025-06-25", session_id=session.id)
    assert action_facts(store, date(2025, 6, 19), staff_id=person.id) == []
    assert len(action_facts(store, AS_OF, staff_id=person.id)) == 1


def test_reports_show_the_rate_with_a_chart_that_needs_no_script(store):
    from observations.reports import render_report
    from observations.reports.needs import needs_report
    from observations.reports.training import training_report

    person = add_person(store, manager="Sam <b>Lead</b>")
    _act(store, person, "2025-03-10", ("done", "2025-03-01"))
    _act(store, person, "2025-05-10", ("done", "2025-05-20"))
    needs = needs_report(store, person.id, as_of=AS_OF)
    assert (needs["follow_through"]["on_time"], needs["follow_through"]["late"], needs["follow_through"]["percent"]) == (1, 1, 50)
    markdown = render_report(kind="needs", fmt="md", data=needs)
    assert "1 of 2 actions that fell due from 2024-07-01 to 2025-06-29 were done by their due date (**50%**)" in markdown
    assert needs["follow_through"]["sparkline"] == "········█·▁·" and needs["follow_through"]["sparkline"] in markdown
    html = render_report(kind="needs", fmt="html", data=needs)
    assert html.count("<svg") == 1 and "<script" not in html and "<title>2025-05: 0 of 1 on time (0%)</title>" in html
    training = training_report(store, as_of=AS_OF)
    assert [group["name"] for group in training["follow_through"]["by_manager"]] == ["Sam <b>Lead</b>"]
    page = render_report(kind="training", fmt="html", data=training)
    assert "Manager: Sam &lt;b&gt;Lead&lt;/b&gt;" in page and page.count("<svg") == 3  # the whole, its one team, its one manager


def test_the_training_reports_group_table_calls_open_and_dropped_late_not_done_in_markdown_as_in_html(store):
    """The column adds the actions still open to those dropped after their due date: 'Open' misnamed it, and the HTML said 'Not done'."""
    from observations.reports import render_report
    from observations.reports.training import training_report

    person = add_person(store, manager="Sam Lead")
    _act(store, person, "2025-03-10")
    _act(store, person, "2025-04-10", ("dropped", "2025-04-20"))
    training = training_report(store, as_of=AS_OF)
    markdown = render_report(kind="training", fmt="md", data=training)
    assert "| Team or manager | Fell due | On time | Late | Not done | Rate | Per month |" in markdown
    assert "| Manager: Sam Lead | 2 | 0 | 0 | 2 | 0% |" in markdown
    html = render_report(kind="training", fmt="html", data=training)
    assert '<th class="num">Not done</th>' in html
