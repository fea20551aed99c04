"""A session's agenda and its agreed record: what the agenda holds, the refusals, immutability, corrections,
subject access, erasure and merge."""

from __future__ import annotations

import json
import sqlite3

import pytest

from observations.errors import InputError
from observations.exchange.merge import merge_database
from observations.privacy.erasure import erase_staff, subject_access
from observations.reports import render_report
from observations.store.observation_store import Store
from observations.supervision.agenda import build_agenda
from observations.supervision.record import agree_session, correct_record, session_record, tick_item
from store_helpers import add_person, table_rows

HOSTILE = "Sam <b>*Lead*</b> [x](y)"


@pytest.fixture
def cycle(store):
    """A worker with a manager, a session in March that agreed two actions, and the April session starting."""
    manager = add_person(store, HOSTILE, team="North", started_on="2024-01-01")
    worker = add_person(store, "Ann Worker", team="North", manager=HOSTILE, started_on="2024-01-01")
    march = store.add_session(worker.id, held_on="2025-03-03", manager=HOSTILE)
    done = store.add_action(worker.id, "Read the guide", owner="Ann Worker", due_on="2025-03-20", session_id=march.id)
    store.update_action(done.id, "done", on="2025-03-18")
    still_open = store.add_action(worker.id, "Shadow a review", due_on="2025-03-25", session_id=march.id)
    store.record_observation(worker.id, "A2", "developing", observed_on="2025-03-01", observer=HOSTILE)
    store.record_observation(worker.id, "P4", "developing", observed_on="2025-03-01", observer=HOSTILE)
    store.record_observation(worker.id, "P4", "exemplary", observed_on="2025-03-02", source="self-assessment")
    april, _ = store.session_on(worker.id, "2025-04-07", manager=HOSTILE)
    return {"manager": manager, "worker": worker, "march": march, "done": done, "open": still_open, "april": april}


def keys(agenda):
    return [(item["kind"], item["subject"]) for item in agenda["items"]]


def test_the_agenda_holds_last_times_actions_needs_and_disagreements(store, cycle):
    agenda = build_agenda(store, cycle["worker"].id, "2025-04-07", session_id=cycle["april"].id)
    assert keys(agenda) == [
        ("action", cycle["done"].id), ("action", cycle["open"].id), ("need", "A2"), ("need", "P4"), ("disagreement", "P4"),
    ]
    details = [item["detail"] for item in agenda["items"]]
    assert details[0] == "agreed last time: done on 2025-03-18, on time; owner Ann Worker"
    assert details[1] == "agreed last time: open, overdue since 2025-03-25"
    assert details[4] == "self-assessed Exemplary, manager's rating Developing (2 levels above)"
    assert agenda["previous_session"] == {"held_on": "2025-03-03", "manager": HOSTILE}


def test_ticks_and_decisions_show_on_the_agenda(store, cycle):
    session = cycle["april"].id
    tick_item(store, session, "action", cycle["open"].id[:8], note="Blocked: no review to shadow yet")
    tick_item(store, session, "need", "a2")
    tick_item(store, session, "decision", "", note="Case 123 stays intensive")
    agenda = build_agenda(store, cycle["worker"].id, "2025-04-07", session_id=session)
    discussed = {(i["kind"], i["subject"]): i["note"] for i in agenda["items"] if i["discussed"]}
    assert discussed == {("action", cycle["open"].id): "Blocked: no review to shadow yet", ("need", "A2"): ""}
    assert [d["note"] for d in agenda["decisions"]] == ["Case 123 stays intensive"]


@pytest.mark.parametrize(
    ("kind", "subject", "message"),
    [
        ("need", "R6", "need 'R6' is not on the agenda"),
        ("feeling", "A2", "unknown agenda item kind 'feeling'"),
        ("decision", "", "decision must not be empty"),
    ],
)
def test_a_tick_off_the_agenda_is_refused_and_writes_nothing(store, db_path, cycle, kind, subject, message):
    before = table_rows(db_path)
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        tick_item(store, cycle["april"].id, kind, subject)
    assert table_rows(db_path) == before


def test_agreeing_freezes_the_record_and_a_second_agreement_is_refused(store, db_path, cycle):
    session = cycle["april"].id
    worker = cycle["worker"]
    tick_item(store, session, "action", cycle["done"].id, note="Well done")
    store.add_action(worker.id, "Write up a case plan", owner="Ann Worker", due_on="2025-05-01", session_id=session)
    record = agree_session(store, session, manager=HOSTILE, staff="Ann Worker", next_session_on="2025-05-05", on="2025-04-07")
    assert record["agreed"] == {"manager": HOSTILE, "staff": "Ann Worker", "on": "2025-04-07"}
    assert record["actions_agreed"] == [{"text": "Write up a case plan", "owner": "Ann Worker", "due_on": "2025-05-01", "standards": []}]
    assert record["next_session_on"] == "2025-05-05"
    # later events do not change what was agreed
    store.update_action(cycle["open"].id, "done", on="2025-04-10")
    assert session_record(store, session) == record
    before = table_rows(db_path)
    for attempt in (
        lambda: agree_session(store, session, manager=HOSTILE, staff="Ann Worker"),
        lambda: tick_item(store, session, "need", "A2"),
        lambda: tick_item(store, session, "decision", "", note="one more"),
    ):
        with pytest.raises(InputError, match="was agreed on 2025-04-07; an agreed record is never changed"):
            attempt()
    assert table_rows(db_path) == before


def test_nothing_new_is_filed_under_an_agreed_session_and_the_day_starts_another(store, db_path, cycle):
    """An agreed record is fixed, so an observation or action recorded later cannot claim to be part of the session:
    the store refuses it, writing nothing, and asking for that day's session starts a new one."""
    worker, april = cycle["worker"], cycle["april"]
    agree_session(store, april.id, manager=HOSTILE, staff="Ann Worker", on="2025-04-07")
    before = table_rows(db_path)
    for attempt in (
        lambda: store.record_observation(worker.id, "A2", "secure", observed_on="2025-04-07", observer=HOSTILE, session_id=april.id),
        lambda: store.add_action(worker.id, "One more thing", due_on="2025-05-01", session_id=april.id[:8]),
    ):
        with pytest.raises(InputError, match="was agreed on 2025-04-07: its record is fixed, so nothing more is filed under it"):
            attempt()
    assert table_rows(db_path) == before
    again, existing = store.session_on(worker.id, "2025-04-07", manager=HOSTILE)
    assert not existing and again.id != april.id and again.held_on == "2025-04-07"
    assert store.session_on(worker.id, "2025-04-07") == (again, True)  # and that one is taken up until it is agreed
    saved = store.record_observation(worker.id, "A2", "secure", observed_on="2025-04-07", observer=HOSTILE, session_id=again.id)
    assert saved.session_id == again.id


def test_the_database_itself_refuses_to_change_an_agreed_record(store, db_path, cycle):
    agree_session(store, cycle["april"].id, manager=HOSTILE, staff="Ann Worker")
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="never changed: add a correction"):
        conn.execute("UPDATE session_records SET body = '{}'")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        conn.execute("DELETE FROM session_records")
    with pytest.raises(sqlite3.IntegrityError):  # agreed once, even when written behind the code's back
        conn.execute(
            "INSERT INTO session_records (id, session_id, staff_id, kind, body, agreed_on, recorded_at) "
            "SELECT 'other', session_id, staff_id, 'agreed', body, agreed_on, recorded_at FROM session_records"
        )
    conn.close()


def test_a_correction_is_its_own_entry(store, cycle):
    session = cycle["april"].id
    agreed = agree_session(store, session, manager=HOSTILE, staff="Ann Worker", on="2025-04-07")
    corrected = correct_record(store, session, "The next session is on 12 May, not 5 May", by=HOSTILE, on="2025-04-08")
    assert corrected["corrections"] == [{"text": "The next session is on 12 May, not 5 May", "by": HOSTILE, "on": "2025-04-08"}]
    assert {k: v for k, v in corrected.items() if k != "corrections"} == {k: v for k, v in agreed.items() if k != "corrections"}
    with pytest.raises(InputError, match="before the record was agreed"):
        correct_record(store, session, "x", by=HOSTILE, on="2025-04-06")


def test_a_correction_needs_an_agreed_record(store, cycle):
    with pytest.raises(InputError, match="has no agreed record yet"):
        correct_record(store, cycle["april"].id, "x", by="me")


def test_agreement_refuses_a_leavers_action_a_past_due_date_and_a_bad_next_date(store, db_path, cycle):
    session, worker = cycle["april"].id, cycle["worker"]
    leaver = add_person(store, "Lee Leaver", started_on="2024-01-01")
    store.staff_leave(leaver.id, on="2025-04-01")
    cases = [
        (lambda: agree_session(store, session, manager=HOSTILE, staff="Ann Worker", next_session_on="2025-04-07"), "not after this session"),
        (lambda: agree_session(store, session, manager="", staff="Ann Worker"), "manager's name"),
        (lambda: agree_session(store, session, manager=HOSTILE, staff=" "), "staff member's name"),
    ]
    for attempt, message in cases:
        before = table_rows(db_path)
        with pytest.raises(InputError, match=message):
            attempt()
        assert table_rows(db_path) == before
    owned = store.add_action(worker.id, "Hand over", owner="lee  LEAVER", session_id=session)
    before = table_rows(db_path)
    with pytest.raises(InputError, match=f"action {owned.id[:8]} is owned by Lee Leaver, who left on 2025-04-01"):
        agree_session(store, session, manager=HOSTILE, staff="Ann Worker")
    assert table_rows(db_path) == before


def test_agreement_refuses_an_action_due_before_the_session(store, db_path, cycle):
    late = store.add_action(cycle["worker"].id, "Backdated", due_on="2025-04-01", session_id=cycle["april"].id)
    before = table_rows(db_path)
    with pytest.raises(InputError, match=f"action {late.id[:8]} is due 2025-04-01, before the session on 2025-04-07"):
        agree_session(store, cycle["april"].id, manager=HOSTILE, staff="Ann Worker")
    assert table_rows(db_path) == before


def test_the_record_renders_user_text_as_text(store, cycle):
    session = cycle["april"].id
    tick_item(store, session, "decision", "", note="<script>alert(1)</script> **bold**")
    record = agree_session(store, session, manager=HOSTILE, staff="Ann Worker")
    html = render_report(kind="session_record", fmt="html", data=record)
    assert "<script>" not in html and "&lt;script&gt;" in html and "Sam &lt;b&gt;*Lead*&lt;/b&gt;" in html
    markdown = render_report(kind="session_record", fmt="md", data=record)
    assert "\\<script\\>" in markdown and "\\*\\*bold\\*\\*" in markdown and "Sam \\<b\\>\\*Lead\\*\\</b\\> \\[x\\](y)" in markdown
    assert json.loads(render_report(kind="session_record", fmt="json", data=record))["agreed"]["staff"] == "Ann Worker"


def test_subject_access_holds_the_record_and_erasure_removes_it(store, cycle):
    session = cycle["april"].id
    tick_item(store, session, "need", "A2", note="Shadowing planned")
    agree_session(store, session, manager=HOSTILE, staff="Ann Worker")
    document = subject_access(store, cycle["worker"].id)
    assert [i["note"] for i in document["session_items"]] == ["Shadowing planned"]
    assert [r["kind"] for r in document["session_records"]] == ["agreed"]
    # the manager is named in the worker's record: subject access for the manager lists it, erasing them blanks it
    assert ("session_records", "manager_name") in {(n["record"], n["field"]) for n in subject_access(store, cycle["manager"].id)["named_in"]}
    erase_staff(store, cycle["manager"].id)
    kept = session_record(store, session)
    assert kept["agreed"]["manager"] == "(erased)" and kept["session"]["manager"] == "(erased)" and HOSTILE not in json.dumps(kept)
    result = erase_staff(store, cycle["worker"].id)
    assert result["deleted"]["session_items"] == 1 and result["deleted"]["session_records"] == 1
    assert store.rows("SELECT count(*) AS n FROM session_records")[0]["n"] == 0


def test_merge_carries_the_record_once(tmp_path, library, cycle, store, db_path):
    session = cycle["april"].id
    tick_item(store, session, "decision", "", note="Agreed in the first copy")
    agree_session(store, session, manager=HOSTILE, staff="Ann Worker")
    correct_record(store, session, "A correction", by=HOSTILE)
    other = tmp_path / "other.db"
    with Store.open(other, library) as copy:
        first = merge_database(copy, db_path)
        again = merge_database(copy, db_path)
        assert (first.added["session_records"], first.added["session_items"]) == (2, 1)
        assert not again.changed
        assert session_record(copy, session) == session_record(store, session)
    assert table_rows(other)["session_records"] == table_rows(db_path)["session_records"]
