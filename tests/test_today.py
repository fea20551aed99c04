"""Today's attention list: each kind of item, who is in view, the order, and the command line's three formats."""

from __future__ import annotations

import json
from datetime import date

import pytest

from observations.caseload import add_case, log_event
from observations.store.records import StaffMember
from observations.today import ACTION, CASE, DISAGREEMENT, INDUCTION, STALE, attention_items, induction_behind, people_in_view

AS_OF = date(2025, 6, 30)


def member(started_on: str | None) -> StaffMember:
    return StaffMember("id", "ref", "New Person", "", "", started_on, "", "active", None, "", "")


@pytest.mark.parametrize(
    "started_on, met, expected",
    [
        ("2025-06-30", 0, None),  # day one: nobody is behind
        ("2025-06-24", 0, None),  # within the first week the pace asks for nothing of 26 standards
        ("2025-06-16", 0, 2),  # two weeks in: 26 * 2 // 26 = 2 expected
        ("2025-06-16", 2, None),  # on pace
        ("2025-01-06", 3, 23),  # week 25 of a 25-week induction (six months from 6 January): all 26 expected
        ("2024-12-30", 0, None),  # six months done: no longer in induction
        ("2025-07-01", 0, None),  # starts tomorrow
        (None, 0, None),  # no start date: not known to be new
    ],
)
def test_induction_is_behind_only_below_a_steady_pace(started_on, met, expected):
    assert induction_behind(member(started_on), met, 26, AS_OF) == expected


@pytest.fixture
def team(store):
    """Sam (team North, manager Jo, new) with one of nearly everything, Pat (North) not observed lately,
    Kim (South, manager Lee) with nothing to attend to, and a leaver."""
    sam = store.add_staff("Sam Taylor", team="North", manager="Jo Bloggs", started_on="2025-05-05")
    kim = store.add_staff("Kim Lee", team="South", manager="Lee Ann", started_on="2020-01-06")
    store.add_session(kim.id, held_on="2025-06-20")  # supervised: next due in three weeks
    gone = store.add_staff("Al Gone", team="North", manager="Jo Bloggs", started_on="2020-01-06")
    store.staff_leave(gone.id, on="2025-01-31")
    store.add_action(sam.id, "Shadow a review", due_on="2025-06-20", standards=["A2"])
    store.add_action(sam.id, "Not due yet", due_on="2025-07-20")
    store.add_action(gone.id, "A leaver's overdue action", due_on="2025-01-20")
    store.record_observation(sam.id, "A2", "exemplary", observed_on="2025-06-01", source="observation")
    store.record_observation(sam.id, "A2", "developing", observed_on="2025-06-02", source="self-assessment")
    pat = store.add_staff("Pat Stale", team="North", manager="Jo Bloggs", started_on="2020-01-06")
    store.record_observation(pat.id, "P1", "secure", observed_on="2024-11-01", source="observation")  # stale by the end of June
    add_case(store, sam.id, "40001", level="intensive", referred_on="2025-05-20")  # first contact overdue
    log_event(store, add_case(store, kim.id, "40002", level="intensive", referred_on="2025-06-26").ref, "contact", "2025-06-27")
    return sam, kim, pat


def test_every_kind_of_item_is_found_for_the_person_it_belongs_to(store, team):
    sam, kim, pat = team
    items = attention_items(store, store.framework("apir"), people_in_view(store, AS_OF), as_of=AS_OF)
    kinds = {(item.kind, item.staff_id) for item in items}
    assert {(ACTION, sam.id), (CASE, sam.id), (DISAGREEMENT, sam.id), (STALE, pat.id), (INDUCTION, sam.id)} <= kinds
    assert not [item for item in items if item.staff_id == kim.id]
    action = next(item for item in items if item.kind == ACTION)
    assert (action.text, action.due, action.overdue) == ("Shadow a review", "2025-06-20", True)
    disagreement = next(item for item in items if item.kind == DISAGREEMENT)
    assert disagreement.target == "A2" and "Developing" in disagreement.text and "Exemplary" in disagreement.text
    assert next(item for item in items if item.kind == STALE).target == "P1"
    assert next(item for item in items if item.kind == CASE).target == "40001"


def test_overdue_things_come_first_oldest_first(store, team):
    items = attention_items(store, store.framework("apir"), people_in_view(store, AS_OF), as_of=AS_OF)
    overdue = [item for item in items if item.overdue]
    assert items[: len(overdue)] == overdue
    assert [item.due for item in overdue] == sorted(item.due for item in overdue)


def test_the_view_is_the_people_in_post_of_a_team_or_a_manager(store, team):
    sam, kim, pat = team
    assert {m.name for m in people_in_view(store, AS_OF)} == {"Sam Taylor", "Kim Lee", "Pat Stale"}  # the leaver left in January
    assert {m.name for m in people_in_view(store, date(2025, 1, 15))} == {"Kim Lee", "Al Gone", "Pat Stale"}  # Sam had not started
    assert {m.id for m in people_in_view(store, AS_OF, team="north")} == {sam.id, pat.id}
    assert [m.id for m in people_in_view(store, AS_OF, manager="lee ann")] == [kim.id]
    assert people_in_view(store, AS_OF, manager="Nobody") == []


def test_the_command_line_prints_text_markdown_and_json(cli, store, team, db_path):
    text = cli("today", "--as-of", "2025-06-30", "--db", str(db_path))
    assert text.code == 0, text.err
    assert "Sam Taylor" in text.out and "Shadow a review" in text.out and text.out.splitlines()[1].startswith("!")
    md = cli("today", "--as-of", "2025-06-30", "--format", "md", "--db", str(db_path))
    assert md.out.startswith("# Today: 2025-06-30") and "| **Action overdue** | Sam Taylor" in md.out
    data = json.loads(cli("today", "--as-of", "2025-06-30", "--format", "json", "--manager", "Jo Bloggs", "--db", str(db_path)).out)
    assert data["people"] == 2 and data["counts"]["action"] == 1 and data["items"][0]["overdue"]


def test_user_text_is_text_in_every_format(cli, store, db_path):
    sam = store.add_staff("Sam *[x](javascript:1)*", started_on="2025-01-06")
    store.add_action(sam.id, "do | this", due_on="2025-06-01")
    with store.write() as db:  # a name from before control characters were refused when typed
        db.execute("UPDATE staff SET team = ?, name = ? WHERE id = ?", ["North", "Sam \x1b[2J *[x](javascript:1)*", sam.id])
    text = cli("today", "--as-of", "2025-06-30", "--db", str(db_path)).out
    assert "\x1b" not in text and "\\x1b[2J" in text
    md = cli("today", "--as-of", "2025-06-30", "--format", "md", "--db", str(db_path)).out
    assert "[x](javascript:1)" not in md and "\\|" in md


def test_bad_input_is_one_line_and_exit_2(cli, store, db_path):
    for args in (("--as-of", "2025-02-30"), ("--framework", "nope"), ("--format", "html")):
        result = cli("today", *args, "--db", str(db_path))
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result.err


def test_supervisions_due_and_overdue_come_from_the_schedule(store):
    from observations.today import SUPERVISION
    from observations.schedule import ScheduleRules

    late = store.add_staff("Late Lou", started_on="2020-01-06")
    store.add_session(late.id, held_on="2025-05-01")  # every 4 weeks: due 2025-05-29, a month overdue
    soon = store.add_staff("Soon Sue", started_on="2020-01-06")
    store.add_session(soon.id, held_on="2025-06-05")  # due 2025-07-03: within the week
    later = store.add_staff("Later Len", started_on="2020-01-06")
    store.add_session(later.id, held_on="2025-06-25")  # due 2025-07-23: not yet on the list
    items = [i for i in attention_items(store, store.framework("apir"), people_in_view(store, AS_OF), as_of=AS_OF) if i.kind == SUPERVISION]
    assert [(i.name, i.due, i.overdue) for i in items] == [("Late Lou", "2025-05-29", True), ("Soon Sue", "2025-07-03", False)]
    assert "last held 2025-05-01" in items[0].text
    weekly = attention_items(store, store.framework("apir"), people_in_view(store, AS_OF), as_of=AS_OF, rules=ScheduleRules(service_weeks=1))
    assert {i.name for i in weekly if i.kind == SUPERVISION} == {"Late Lou", "Soon Sue", "Later Len"}
