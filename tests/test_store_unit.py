"""Store unit tests: staff, observations and their revisions, sessions and actions, and what bad input does (nothing)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from store_helpers import add_person, table_rows

from observations.errors import AmbiguousError, InputError, NotFoundError
from observations.store.ids import staff_ref
from observations.store.text_checks import MAX_EVIDENCE


def test_staff_ref_is_derived_from_the_id_and_finds_the_person(store):
    member = add_person(store, started_on="2025-01-06", manager="Sam Ward", role="Personal Adviser")
    assert member.ref == staff_ref(member.id)
    assert len(member.ref) == 8 and member.ref.isalnum() and member.ref == member.ref.lower()
    assert store.find_staff(member.ref) == member
    assert store.find_staff(member.id) == member
    assert (member.team, member.role, member.started_on, member.manager) == ("North team", "Personal Adviser", "2025-01-06", "Sam Ward")


@pytest.mark.parametrize("query", ["Zoë O'Neil", "zoë o'neil", "ZOË O'NEIL", "zoe oneil", "  Zoë   O'Neil ", "o'neil"])
def test_find_staff_by_name_ignores_case_accents_and_spacing(store, query):
    member = add_person(store)
    add_person(store, "Tom Byrne", "South team")
    assert store.find_staff(query).id == member.id


def test_exact_name_beats_partial_and_ambiguity_names_the_choices(store):
    ann = add_person(store, "Ann Lee")
    add_person(store, "Ann Leech")
    assert store.find_staff("ann lee").id == ann.id
    with pytest.raises(AmbiguousError, match=r"matches 2 people: .*Ann Lee.*Ann Leech.*use a ref"):
        store.find_staff("ann")
    with pytest.raises(NotFoundError, match="no staff member matches 'Nobody'"):
        store.find_staff("Nobody")


@pytest.mark.parametrize("query", ["?", "-", "'", "🙂", "..."])
def test_a_query_without_letters_or_digits_matches_nobody_not_everybody(store, query):
    """With one person on the staff, '?' used to find them (the empty folded query is part of every name)."""
    add_person(store)
    with pytest.raises(NotFoundError, match="no staff member matches"):
        store.find_staff(query)


def test_a_name_without_letters_or_digits_is_still_found_by_itself(store):
    add_person(store)
    symbols = add_person(store, "🙂 ✓", "South team")
    assert store.find_staff("🙂 ✓").id == symbols.id
    with pytest.raises(NotFoundError):
        store.find_staff("🙂")


def test_a_new_starter_can_be_added_before_their_first_day(store):
    monday = (date.today() + timedelta(days=5)).isoformat()
    assert store.add_staff("Kim Starter", started_on=monday).started_on == monday


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "  "}, "name must not be empty"),
        ({"name": "Line\nbreak"}, "one line"),
        ({"name": "x" * 201}, "limit is 200"),
        ({"name": "Ok", "started_on": "2025-13-01"}, "not a real date"),
        ({"name": "Ok", "started_on": "06/01/2025"}, "YYYY-MM-DD"),
    ],
)
def test_bad_staff_input_writes_nothing(store, db_path, kwargs, message):
    before = table_rows(db_path)
    with pytest.raises(InputError, match=message):
        store.add_staff(**kwargs)
    assert table_rows(db_path) == before


EVIDENCE = "Zoë said: <script>alert('x')</script> [bold]not markup[/bold] **not md** 'quotes' \"dq\" ; DROP TABLE staff; --\n\ttabbed 🙂"


def test_evidence_is_stored_exactly_as_typed(store):
    member = add_person(store)
    recorded = store.record_observation(member.id, "a2", "secure", evidence=EVIDENCE, examples=[3, 1, 3], observer="Sam")
    again = store.latest_revision(recorded.observation_id)
    assert again.evidence == EVIDENCE
    assert again.standard == "A2"  # canonical id, whatever case was typed
    assert again.examples == (1, 3)
    assert (again.framework, again.framework_version, again.source, again.observed_on) == ("apir", "2005-08", "observation", date.today().isoformat())
    assert store.rows("SELECT count(*) AS n FROM staff")[0]["n"] == 1


def test_evidence_limit_is_generous_and_clear(store):
    member = add_person(store)
    store.record_observation(member.id, "A2", "secure", evidence="x" * MAX_EVIDENCE)
    with pytest.raises(InputError, match=f"evidence is {MAX_EVIDENCE + 1:,} characters; the limit is {MAX_EVIDENCE:,}"):
        store.record_observation(member.id, "A2", "secure", evidence="x" * (MAX_EVIDENCE + 1))


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (("Z9", "secure"), {}, r"unknown standard 'Z9' in apir \(standards: U1, "),
        (("A2", "great"), {}, r"unknown rating 'great' for apir \(ratings: not-evident, developing, secure, exemplary\)"),
        (("A2", "secure"), {"framework_id": "nope"}, "unknown framework 'nope'"),
        (("A2", "secure"), {"source": "gossip"}, r"unknown source 'gossip' \(sources: observation, case-review"),
        (("A2", "secure"), {"examples": [8]}, "A2 has examples 1 to 7; there is no example 8"),
        (("A2", "secure"), {"observed_on": "2025-02-30"}, "not a real date"),
        (("A2", "secure"), {"observed_on": (date.today() + timedelta(days=1)).isoformat()}, "in the future"),
        (("A2", "secure"), {"observed_on": "1899-12-31"}, "too far in the past"),
        (("A2", "secure"), {"session_id": "abcd1234"}, "no supervision session"),
        (("O1", "secure"), {}, "unknown standard 'O1' in apir"),
    ],
)
def test_bad_observation_input_writes_nothing(store, db_path, args, kwargs, message):
    member = add_person(store)
    before = table_rows(db_path)
    with pytest.raises(InputError, match=message):
        store.record_observation(member.id, *args, **kwargs)
    assert table_rows(db_path) == before


@pytest.mark.parametrize("observer", [None, "", "zoe o'neil", "  ZOË O'NEIL "])
def test_a_self_assessment_is_observed_by_the_person_themself(store, observer):
    member = add_person(store)
    recorded = store.record_observation(member.id, "A2", "secure", source="self-assessment", observer=observer)
    assert (recorded.observer, store.history(member.id)[0].observer) == ("Zoë O'Neil", "Zoë O'Neil")


def test_a_self_assessment_under_someone_elses_name_is_refused_and_writes_nothing(store, db_path):
    member = add_person(store)
    before = table_rows(db_path)
    with pytest.raises(InputError, match="a self-assessment is Zoë O'Neil's own, so its observer is Zoë O'Neil, not Sam Ward"):
        store.record_observation(member.id, "A2", "secure", source="self-assessment", observer="Sam Ward")
    assert table_rows(db_path) == before
    assert store.record_observation(member.id, "A2", "secure", observer="Sam Ward").observer == "Sam Ward"


def test_a_correction_into_a_self_assessment_makes_the_person_its_observer(store):
    member = add_person(store)
    observed = store.record_observation(member.id, "A2", "secure", observer="Sam Ward")
    corrected = store.correct_observation(observed.id, source="self-assessment", reason="she rated herself", by="Sam Ward")
    assert (corrected.source, corrected.observer, corrected.recorded_by) == ("self-assessment", "Zoë O'Neil", "Sam Ward")
    assert store.correct_observation(corrected.id, rating="developing", reason="typo").observer == "Zoë O'Neil"


def test_dates_outside_a_persons_time_in_post_are_refused_and_write_nothing(store, db_path):
    member = add_person(store, started_on="2025-01-06")
    observed = store.record_observation(member.id, "A2", "secure", observed_on="2025-01-06")  # their first day is in post
    store.add_session(member.id, held_on="2025-02-03")
    before = table_rows(db_path)
    refused = [
        (lambda: store.record_observation(member.id, "A2", "secure", observed_on="2025-01-05"), "date observed 2025-01-05 is before Zoë O'Neil started"),
        (lambda: store.correct_observation(observed.id, observed_on="2024-12-31", reason="typo"), "date observed 2024-12-31 is before"),
        (lambda: store.add_session(member.id, held_on="2024-06-01"), "session date 2024-06-01 is before Zoë O'Neil started"),
        (lambda: store.staff_leave(member.id, on="2025-01-01"), "leaving date 2025-01-01 is before Zoë O'Neil started"),
    ]
    for attempt, message in refused:
        with pytest.raises(InputError, match=message):
            attempt()
    assert table_rows(db_path) == before

    store.staff_leave(member.id, on="2025-03-31")
    left = table_rows(db_path)
    with pytest.raises(InputError, match="date observed 2025-04-01 is after Zoë O'Neil left \\(on 2025-03-31\\)"):
        store.record_observation(member.id, "A2", "developing", observed_on="2025-04-01", source="case-review")
    with pytest.raises(InputError, match="session date 2025-04-01 is after"):
        store.add_session(member.id, held_on="2025-04-01")
    assert table_rows(db_path) == left
    assert store.record_observation(member.id, "A3", "secure", observed_on="2025-03-31").observed_on == "2025-03-31"


def test_other_framework_has_its_own_standards(store):
    member = add_person(store)
    observation = store.record_observation(member.id, "O1", "developing", framework_id="methods-of-work")
    assert (observation.framework, observation.standard) == ("methods-of-work", "O1")


def test_correction_supersedes_and_keeps_the_old_revision(store):
    member = add_person(store)
    first = store.record_observation(member.id, "A2", "developing", evidence="first look")
    corrected = store.correct_observation(first.id[:6], rating="secure", reason="agreed in supervision", by="Sam")
    assert (corrected.revision, corrected.supersedes, corrected.observation_id) == (2, first.id, first.observation_id)
    assert corrected.evidence == "first look" and corrected.recorded_by == "Sam"
    assert [o.rating for o in store.revisions(first.observation_id)] == ["developing", "secure"]
    current = store.history(member.id)
    assert [(o.id, o.rating) for o in current] == [(corrected.id, "secure")]
    assert len(store.history(member.id, include_superseded=True)) == 2


def test_retraction_is_a_tombstone_that_reports_skip(store):
    member = add_person(store)
    kept = store.record_observation(member.id, "P4", "secure")
    gone = store.record_observation(member.id, "A2", "developing")
    tombstone = store.retract_observation(gone.id, reason="recorded for the wrong person")
    assert tombstone.retracted and tombstone.revision == 2 and tombstone.reason == "recorded for the wrong person"
    assert [o.id for o in store.history(member.id)] == [kept.id]
    with pytest.raises(InputError, match="already retracted"):
        store.retract_observation(gone.id, reason="again")
    with pytest.raises(InputError, match="was retracted"):
        store.correct_observation(gone.id, rating="secure", reason="too late")


def test_correction_needs_a_reason_and_a_change(store, db_path):
    member = add_person(store)
    first = store.record_observation(member.id, "A2", "developing")
    before = table_rows(db_path)
    with pytest.raises(InputError, match="reason must not be empty"):
        store.correct_observation(first.id, rating="secure", reason="  ")
    with pytest.raises(InputError, match="nothing to correct"):
        store.correct_observation(first.id, rating="developing", reason="same")
    with pytest.raises(InputError, match="unknown rating"):
        store.correct_observation(first.id, rating="superb", reason="typo")
    with pytest.raises(InputError, match="too short"):
        store.correct_observation(first.id[:3], rating="secure", reason="short id")
    assert table_rows(db_path) == before


def test_history_cannot_be_rewritten_behind_the_store(store):
    member = add_person(store)
    observation = store.record_observation(member.id, "A2", "developing")
    conn = store.conn
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE observations SET rating = 'secure' WHERE id = ?", [observation.id])
    for change in ("observer = 'Someone else'", "evidence = 'rewritten'", "observer = '(erased)', rating = 'secure'"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"UPDATE observations SET {change} WHERE id = ?", [observation.id])
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        conn.execute("DELETE FROM observations WHERE id = ?", [observation.id])
    conn.rollback()
    assert store.latest_revision(observation.id).rating == "developing"


def test_sessions_and_actions_belong_to_one_person(store):
    zoe, tom = add_person(store), add_person(store, "Tom Byrne", "South team")
    session = store.add_session(zoe.id, held_on="2025-03-01", manager="Sam", notes="Talked about A2\nand P4")
    assert store.sessions(zoe.id) == [session]
    linked = store.record_observation(zoe.id, "A2", "secure", session_id=session.id[:8], source="supervision")
    assert linked.session_id == session.id
    with pytest.raises(InputError, match="Zoë O'Neil's, not Tom Byrne's"):
        store.record_observation(tom.id, "A2", "secure", session_id=session.id)
    with pytest.raises(InputError, match="Zoë O'Neil's, not Tom Byrne's"):
        store.add_action(tom.id, "Read the guidance", session_id=session.id)


def test_actions_open_done_and_overdue(store):
    member = add_person(store)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    late = store.add_action(member.id, "Shadow a senior PA", standards=["a2", "P1"], due_on=yesterday, owner="Zoë")
    later = store.add_action(member.id, "Read the APIR guidance", due_on=(date.today() + timedelta(days=30)).isoformat())
    assert late.standards == ("A2", "P1") and late.status == "open"
    assert [a.id for a in store.list_actions(overdue_as_of=date.today().isoformat())] == [late.id]
    done = store.update_action(late.id[:6], "done", note="went well")
    assert (done.status, done.closing_note, done.closed_on) == ("done", "went well", date.today().isoformat())
    assert store.list_actions(overdue_as_of=date.today().isoformat()) == []
    assert {a.id for a in store.list_actions(staff_id=member.id, status="open")} == {later.id}
    with pytest.raises(InputError, match="already done"):
        store.update_action(late.id, "done")
    with pytest.raises(InputError, match="unknown standard 'Q9'"):
        store.add_action(member.id, "Something", standards=["Q9"])
    with pytest.raises(InputError, match="action text must not be empty"):
        store.add_action(member.id, "   ")


def test_leaving_keeps_the_record(store):
    member = add_person(store)
    store.record_observation(member.id, "A2", "secure")
    left = store.staff_leave(member.id, on="2025-06-30")
    assert (left.status, left.left_on) == ("left", "2025-06-30")
    assert left.updated_at > member.updated_at
    assert len(store.history(member.id)) == 1
    assert [p.id for p in store.list_staff(include_left=False)] == []
    with pytest.raises(InputError, match="already left"):
        store.staff_leave(member.id)


def test_a_days_session_is_started_once_and_picked_up_after(store, db_path, library):
    from observations.store import Store

    member = add_person(store)
    first, resumed = store.session_on(member.id, "2025-06-30", manager="Ann Lead")
    assert not resumed and first.manager == "Ann Lead"
    with Store.open(db_path, library) as other:  # as a restarted app, or a second screen, would ask
        again, resumed_again = other.session_on(member.id, date(2025, 6, 30), manager="Someone Else")
    assert resumed_again and again.id == first.id
    assert [s.id for s in store.sessions(member.id)] == [first.id]
    later, resumed_later = store.session_on(member.id, "2025-07-01")
    assert not resumed_later and later.id != first.id
