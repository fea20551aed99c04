"""The supervision schedule: which interval applies, when the next session is due, and the interval carried everywhere."""

from __future__ import annotations

import json
from datetime import date

import pytest

from observations.errors import InputError
from observations.exchange.backup import backup_database
from observations.exchange.merge import export_document, import_file, merge_database
from observations.privacy.erasure import erase_staff, subject_access
from observations.schedule import (
    DUE, INDUCTION, OVERDUE, PERSON, SCHEDULED, SERVICE, ScheduleRules, check_interval_weeks, next_supervision, urgency,
)
from observations.schedule_queries import supervision_schedule
from observations.store.observation_store import Store
from observations.store.supervision_interval import set_supervision_interval

AS_OF = date(2026, 6, 15)
RULES = ScheduleRules(service_weeks=4, induction_weeks=2, induction_months=6)


def due(**kwargs):
    options = {"as_of": AS_OF, "rules": RULES, "last_held": None, "started_on": date(2020, 1, 1), "added_on": date(2024, 1, 1)}
    return next_supervision("s", **{**options, **kwargs})


def test_next_session_is_one_interval_after_the_last_one_held():
    found = due(last_held=date(2026, 6, 1))
    assert found.due_on == date(2026, 6, 29) and found.interval_source == SERVICE and found.days == 14
    assert found.status == SCHEDULED and found.describe() == "in 14 days"


@pytest.mark.parametrize(
    ("last_held", "status", "days", "words"),
    [
        (date(2026, 5, 18), DUE, 0, "due today"),
        (date(2026, 5, 25), DUE, 7, "due in 7 days"),
        (date(2026, 5, 26), SCHEDULED, 8, "in 8 days"),
        (date(2026, 5, 17), OVERDUE, -1, "overdue 1 day"),
        (date(2026, 4, 1), OVERDUE, -47, "overdue 47 days"),
    ],
)
def test_due_means_today_or_within_a_week_and_overdue_means_the_day_has_passed(last_held, status, days, words):
    found = due(last_held=last_held)
    assert (found.status, found.days, found.describe()) == (status, days, words)


def test_someone_never_supervised_is_due_from_their_start_date_else_from_when_they_were_added():
    assert due(started_on=date(2025, 1, 6)).due_on == date(2025, 2, 3)
    assert due(started_on=None, added_on=date(2026, 6, 1)).due_on == date(2026, 6, 29)


def test_new_staff_in_induction_are_seen_on_the_induction_interval_until_it_ends():
    starter = due(started_on=date(2026, 6, 1))
    assert starter.interval_source == INDUCTION and starter.due_on == date(2026, 6, 15)
    six_months_on = due(started_on=date(2025, 12, 15), last_held=date(2026, 6, 1))
    assert six_months_on.interval_source == SERVICE  # induction is over on the day six months have passed
    still_in = due(started_on=date(2025, 12, 16), last_held=date(2026, 6, 1))
    assert still_in.interval_source == INDUCTION and still_in.due_on == date(2026, 6, 15)


def test_a_persons_own_interval_wins_even_in_induction():
    found = due(started_on=date(2026, 6, 1), own_weeks=6)
    assert found.interval_source == PERSON and found.due_on == date(2026, 7, 13)


@pytest.mark.parametrize("bad", [0, -1, 53, 1000, "0", "x", "", "2.5", 2.5, True, None])
def test_an_interval_must_be_1_to_52_whole_weeks(bad):
    with pytest.raises(InputError) as raised:
        check_interval_weeks(bad)
    assert "\n" not in str(raised.value)


def test_sorting_by_urgency_puts_the_most_overdue_first_and_leavers_last():
    a, b, c = due(last_held=date(2026, 3, 1)), due(last_held=date(2026, 6, 1)), due(last_held=date(2026, 5, 1))
    assert sorted([b, None, c, a], key=urgency) == [a, c, b, None]


@pytest.fixture
def store(tmp_path, library):
    with Store.open(tmp_path / "s.db", library) as opened:
        yield opened


def test_the_schedule_from_the_database_counts_sessions_up_to_the_day_and_skips_leavers(store):
    ann = store.add_staff("Ann", started_on="2020-01-01")
    bob = store.add_staff("Bob", started_on="2020-01-01")
    store.add_session(ann.id, held_on="2026-05-01")
    store.add_session(ann.id, held_on="2026-06-10")
    store.staff_leave(bob.id, on="2026-01-01")
    schedule = supervision_schedule(store, as_of=date(2026, 6, 5), rules=RULES)
    assert set(schedule) == {ann.id}
    assert schedule[ann.id].last_held == date(2026, 5, 1) and schedule[ann.id].due_on == date(2026, 5, 29)


def test_setting_an_interval_checks_it_and_changes_nothing_when_it_is_bad(store):
    ann = store.add_staff("Ann")
    before = store.staff(ann.id)
    for bad in (0, -2, 99, "many"):
        with pytest.raises(InputError):
            set_supervision_interval(store, ann.id, bad)
    assert store.staff(ann.id) == before
    assert set_supervision_interval(store, ann.id, "3").supervision_interval_weeks == 3
    assert set_supervision_interval(store, ann.id, None).supervision_interval_weeks is None


def test_the_database_refuses_an_absurd_interval_written_around_the_store(store):
    import sqlite3

    ann = store.add_staff("Ann")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE staff SET supervision_interval_weeks = 0 WHERE id = ?", [ann.id])


def test_the_interval_is_in_the_subject_access_export_and_gone_after_erasure(store):
    ann = store.add_staff("Ann")
    set_supervision_interval(store, ann.id, 3)
    assert subject_access(store, ann.id)["staff"]["supervision_interval_weeks"] == 3
    erase_staff(store, ann.id)
    assert store.rows("SELECT count(*) AS n FROM staff WHERE supervision_interval_weeks IS NOT NULL")[0]["n"] == 0


def test_merge_carries_the_newer_interval_without_duplicating_the_person(tmp_path, library):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    with Store.open(a, library) as first:
        ann = first.add_staff("Ann")
        backup_database(first, b)
    with Store.open(b, library) as second:
        set_supervision_interval(second, ann.id, 6)
    with Store.open(a, library) as first:
        report = merge_database(first, b)
        assert report.updated["staff"] == 1 and report.added["staff"] == 0
        assert first.staff(ann.id).supervision_interval_weeks == 6
        assert merge_database(first, b).updated["staff"] == 0  # again: nothing new


def test_export_and_import_carry_the_interval_and_an_older_file_without_it_still_imports(tmp_path, library):
    with Store.open(tmp_path / "a.db", library) as first:
        ann = first.add_staff("Ann")
        set_supervision_interval(first, ann.id, 5)
        document = export_document(first)
    (tmp_path / "new.json").write_text(json.dumps(document))
    older = json.loads(json.dumps(document))
    for row in older["tables"]["staff"]:
        del row["supervision_interval_weeks"]
    (tmp_path / "old.json").write_text(json.dumps(older))
    with Store.open(tmp_path / "b.db", library) as second:
        import_file(second, tmp_path / "new.json")
        assert second.staff(ann.id).supervision_interval_weeks == 5
    with Store.open(tmp_path / "c.db", library) as third:
        import_file(third, tmp_path / "old.json")
        assert third.staff(ann.id).supervision_interval_weeks is None


def test_import_refuses_an_absurd_interval_with_one_line_and_writes_nothing(tmp_path, library):
    with Store.open(tmp_path / "a.db", library) as first:
        first.add_staff("Ann")
        document = export_document(first)
    document["tables"]["staff"][0]["supervision_interval_weeks"] = 0
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with Store.open(tmp_path / "b.db", library) as second:
        with pytest.raises(InputError, match="supervision_interval_weeks") as raised:
            import_file(second, tmp_path / "bad.json")
        assert "\n" not in str(raised.value)
        assert second.rows("SELECT count(*) AS n FROM staff")[0]["n"] == 0


def test_a_managers_schedule_holds_only_their_people_and_only_they_set_an_interval(tmp_path, library):
    from observations.store.scope import MANAGER, WORKER, AccessDenied, Scope

    path = tmp_path / "scoped.db"
    with Store.open(path, library) as store:
        jo = store.add_staff("Jo Bloggs", team="Managers")
        sam = store.add_staff("Sam Taylor", team="North", manager="Jo Bloggs")
        kim = store.add_staff("Kim Lee", team="South", manager="Lee Ann")
    manager = Scope(MANAGER, account="jo", staff_id=jo.id, name="Jo Bloggs", teams=("north",))
    with Store.open(path, library, scope=manager) as store:
        assert set(supervision_schedule(store, as_of=AS_OF, rules=RULES)) <= {sam.id, jo.id}
        assert kim.id not in supervision_schedule(store, as_of=AS_OF, rules=RULES, staff_ids=[kim.id])
        assert set_supervision_interval(store, sam.id, 3).supervision_interval_weeks == 3
    worker = Scope(WORKER, account="sam", staff_id=sam.id, name="Sam Taylor")
    with Store.open(path, library, scope=worker) as store:
        with pytest.raises(AccessDenied):
            set_supervision_interval(store, sam.id, 6)
