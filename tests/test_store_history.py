"""History rules: a retraction is final, a change builds on the revision it read under the write lock,
rows are deleted or rewritten only by an erasure, and an action without standards belongs to every framework."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from store_helpers import add_person, table_rows

from observations.exchange.backup import backup_database
from observations.caseload import add_case, log_event
from observations.dates import today
from observations.privacy.erasure import erase_staff
from observations.errors import InputError
from observations.exchange.merge import merge_database
from observations.vocabulary import ERASED_NAME
from observations.reports.history_queries import actions_as_of
from observations.standing.queries import person_standings
from observations.store.observation_store import Store

AS_OF = date(2025, 6, 30)


def test_a_correction_merged_from_elsewhere_does_not_undo_a_retraction(tmp_path, library):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    with Store.open(a, library) as opened:
        person = add_person(opened)
        first = opened.record_observation(person.id, "A2", "developing", observed_on="2025-05-01")
        backup_database(opened, b)
        opened.retract_observation(first.id, reason="wrong person")
    with Store.open(b, library) as other:  # later, in the other copy, someone corrects it
        other.correct_observation(first.id, rating="secure", reason="agreed")
    with Store.open(a, library) as opened:
        merge_database(opened, b)
        assert [r["revision"] for r in opened.rows("SELECT revision FROM observations ORDER BY revision")] == [1, 2, 2]
        assert opened.history(person.id) == []
        standings = {s.standard: s.status for s in person_standings(opened, library.get("apir"), person.id, as_of=AS_OF)}
        assert standings["A2"] == "not-observed"
        before = table_rows(a)
        with pytest.raises(InputError, match="was retracted; record a new observation instead"):
            opened.correct_observation(first.id, rating="exemplary", reason="again")
        with pytest.raises(InputError, match="is already retracted"):
            opened.retract_observation(first.id, reason="again")
    assert table_rows(a) == before


def test_a_correction_refuses_to_overwrite_one_made_since_it_was_opened(store):
    person = add_person(store)
    first = store.record_observation(person.id, "A2", "developing", observed_on="2025-05-01")
    store.correct_observation(first.id, rating="secure", reason="someone else, meanwhile", expected_revision=1)
    with pytest.raises(InputError, match=rf"observation {first.id[:8]} was changed by someone else since you opened it \(now revision 2\); reopen it"):
        store.correct_observation(first.id, rating="exemplary", reason="mine", expected_revision=1)
    with pytest.raises(InputError, match="now revision 2"):
        store.retract_observation(first.id, reason="mine", expected_revision=1)
    assert [o.revision for o in store.revisions(first.observation_id)] == [1, 2]
    assert store.retract_observation(first.id, reason="mine", expected_revision=2).revision == 3


def _lock_probe(db_path, monkeypatch, method: str) -> list[str]:
    """Wrap a Store lookup so each call reports whether another connection could take the write lock just then."""
    other = sqlite3.connect(db_path, timeout=0)
    original = getattr(Store, method)
    seen: list[str] = []

    def probed(self, *args, **kwargs):
        found = original(self, *args, **kwargs)
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            seen.append("held")
        else:
            other.execute("ROLLBACK")
            seen.append("free")
        return found

    monkeypatch.setattr(Store, method, probed)
    return seen


@pytest.mark.parametrize(
    ("method", "change"),
    [
        ("find_observation", lambda s, ids: s.correct_observation(ids["observation"], rating="secure", reason="agreed")),
        ("find_observation", lambda s, ids: s.retract_observation(ids["observation"], reason="wrong person")),
        ("action", lambda s, ids: s.update_action(ids["action"], "done")),
        ("staff", lambda s, ids: s.staff_leave(ids["person"], on="2025-06-01")),
        ("staff", lambda s, ids: s.record_observation(ids["person"], "P4", "secure", observed_on="2025-06-01")),
        ("staff", lambda s, ids: s.add_session(ids["person"], held_on="2025-06-01")),
        ("session", lambda s, ids: s.add_action(ids["person"], "Shadow a colleague", session_id=ids["session"])),
        ("staff", lambda s, ids: erase_staff(s, ids["person"])),
    ],
    ids=["correct", "retract", "update-action", "leave", "observe", "add-session", "add-action", "erase"],
)
def test_every_check_that_reads_the_database_runs_under_the_write_lock(store, db_path, monkeypatch, method, change):
    """Otherwise another writer can slip in between the check and the write (two corrections both revision 2)."""
    person = add_person(store)
    ids = {
        "person": person.id,
        "observation": store.record_observation(person.id, "A2", "developing", observed_on="2025-05-01").id,
        "action": store.add_action(person.id, "Read the guide").id,
        "session": store.add_session(person.id, held_on="2025-05-01").id,
    }
    seen = _lock_probe(db_path, monkeypatch, method)
    change(store, ids)
    assert seen[0] == "held"  # the check; a read of the result after the commit may come after it


@pytest.mark.parametrize("table", ["staff", "sessions", "actions", "action_updates", "cases", "case_events", "observations"])
def test_rows_are_deleted_only_by_erasing_their_person(store, table):
    person = add_person(store, manager="Sam Ward")
    session = store.add_session(person.id, held_on="2025-05-01", manager="Sam Ward")
    store.record_observation(person.id, "A2", "developing", observed_on="2025-05-01")
    store.update_action(store.add_action(person.id, "Read the guide", session_id=session.id).id, "done")
    add_case(store, person.id, "AB123", level="enhanced", referred_on="2025-03-03")
    log_event(store, "AB123", "contact", "2025-03-04")
    store.db.execute("PRAGMA foreign_keys = OFF")  # so the refusal is the history rule's, not a dangling reference's
    with pytest.raises(sqlite3.IntegrityError, match="never deleted, except by erasing a person"), store.write():
        store.db.execute(f"DELETE FROM {table}")
    store.db.execute("PRAGMA foreign_keys = ON")
    assert store.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"] >= 1
    erase_staff(store, person.id)
    assert store.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"] == 0


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE sessions SET notes = 'rewritten'", "sessions are never changed"),
        ("UPDATE sessions SET manager = 'Someone Else'", "sessions are never changed"),
        ("UPDATE actions SET text = 'rewritten'", "actions are never changed"),
        ("UPDATE actions SET owner = 'Someone Else'", "actions are never changed"),
        ("UPDATE cases SET level = 'intensive'", "a case is never changed"),
    ],
)
def test_history_is_not_rewritten(store, sql, message):
    person = add_person(store)
    session = store.add_session(person.id, held_on="2025-05-01", manager="Sam Ward")
    store.add_action(person.id, "Read the guide", owner="Sam Ward", session_id=session.id)
    add_case(store, person.id, "AB123", level="enhanced", referred_on="2025-03-03")
    with pytest.raises(sqlite3.IntegrityError, match=message), store.write():
        store.db.execute(sql)


def test_erasing_a_manager_still_blanks_their_name_in_sessions_and_actions(store):
    manager = store.add_staff("Sam Ward")
    person = add_person(store, manager="Sam Ward")
    session = store.add_session(person.id, held_on="2025-05-01", manager="Sam Ward")
    action = store.add_action(person.id, "Read the guide", owner="Sam Ward", created_by="Sam Ward", session_id=session.id)
    result = erase_staff(store, manager.id)
    assert result["deleted"]["names_removed"] == 3
    assert store.sessions(person.id)[0].manager == ERASED_NAME
    assert (store.action(action.id).owner, store.action(action.id).created_by) == (ERASED_NAME, ERASED_NAME)
    assert store.staff(person.id).manager == ERASED_NAME


def test_an_action_without_standards_belongs_to_every_framework(store, library):
    person = add_person(store)
    plain = store.add_action(person.id, "Book the safeguarding refresher")
    assert plain.framework == ""
    assert store.add_action(person.id, "Shadow a first meeting", standards=["A2"]).framework == "apir"
    with store.write():  # one saved before this rule: the default framework and no standards
        store.db.execute(
            "INSERT INTO actions (id, staff_id, text, framework, standards, created_at) "
            "VALUES ('older', ?, 'Read the guide', 'apir', '[]', '2025-01-01T09:00:00Z')",
            [person.id],
        )
    methods_of_work, as_of = library.get("methods-of-work"), today()
    assert sorted(a["text"] for a in actions_as_of(store, person.id, methods_of_work, as_of)) == [
        "Book the safeguarding refresher", "Read the guide",
    ]
    assert len(actions_as_of(store, person.id, library.get("apir"), as_of)) == 3
