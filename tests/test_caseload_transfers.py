"""Case transfers and leavers: the history stays with the case, the new PA's clocks start at the transfer,
a leaver's case takes nothing new until transferred, and transfers travel through merge, erasure and subject access."""

from __future__ import annotations

import pytest
from caseload_helpers import D, flags
from caseload_helpers import case as facts
from store_helpers import add_person

from observations.caseload import add_case, case_flags, find_case, load_cases, log_event
from observations.caseload.handover import transfer_case
from observations.caseload.transfers import open_cases_of
from observations.errors import InputError, NotFoundError
from observations.exchange.merge import apply_rows, export_document
from observations.privacy.erasure import erase_staff, subject_access
from observations.store.observation_store import Store


# -- the new PA's clocks ---------------------------------------------------------------------------------------------

MIDWAY = ("transferred", "2025-03-06")  # a Monday referral, transferred on Thursday of week one


def test_a_transfer_midway_through_week_one_gives_the_new_pa_their_own_week_one():
    case = facts("intensive", "2025-03-03", ("contact", "2025-03-04"), MIDWAY)
    # the first PA's contact was in time; the new PA makes their own within five working days of the transfer
    assert flags(case, "2025-03-10", "first-contact") == [("met", "2025-03-10"), ("due", "2025-03-13")]
    assert flags(case, "2025-03-14", "first-contact") == [("met", "2025-03-10"), ("overdue", "2025-03-13")]
    # no plan of work yet at the transfer: due seven days after it, not after the referral
    assert flags(case, "2025-03-11", "plan-of-work") == [("due", "2025-03-13")]
    assert flags(case, "2025-03-14", "plan-of-work") == [("overdue", "2025-03-13")]
    assert flags(case, "2025-05-01", "apir-profile") == [("overdue", "2025-04-17")]


def test_what_was_done_before_the_transfer_stays_done():
    case = facts("intensive", "2025-03-03", ("contact", "2025-03-04"), ("plan-of-work", "2025-03-05"), MIDWAY, ("contact", "2025-03-07"))
    assert flags(case, "2025-03-20", "plan-of-work") == [("met", "2025-03-10")]
    assert flags(case, "2025-03-20", "first-contact") == [("met", "2025-03-10"), ("met", "2025-03-13")]


def test_a_deadline_the_first_pa_missed_stays_missed_and_the_new_pa_gets_one_of_their_own():
    case = facts("enhanced", "2025-03-03", ("contact", "2025-03-04"), ("transferred", "2025-03-20"), ("plan-of-work", "2025-03-25"))
    assert flags(case, "2025-04-01", "plan-of-work") == [("missed", "2025-03-10"), ("met", "2025-03-27")]


def test_weekly_contact_is_each_pas_own_from_their_first_contact():
    case = facts(
        "intensive", "2025-03-03", ("contact", "2025-03-04"), ("contact", "2025-03-10"), ("transferred", "2025-03-20"),
        ("contact", "2025-03-24"), ("contact", "2025-03-31"),
    )
    found = [f for f in case_flags(case, D("2025-04-03")) if f.rule == "weekly-contact"]
    assert [(f.status, f.due.isoformat() if f.due else None) for f in found] == [("missed", "2025-03-17"), ("due", "2025-04-07")]
    assert "until the case was transferred on 2025-03-20" in found[0].detail


# -- the store and the commands ---------------------------------------------------------------------------------------


@pytest.fixture
def two(store):
    first, second = add_person(store, "Ann Adviser"), add_person(store, "Ben Adviser")
    add_case(store, first.id, "40213", level="intensive", referred_on="2025-03-03")
    log_event(store, "40213", "contact", "2025-03-04")
    return first, second


def test_a_transfer_keeps_the_history_and_moves_the_case(store, two):
    first, second = two
    moved = transfer_case(store, "40213", second.id, "2025-03-06", note="Caseload rebalanced")
    case = find_case(store, "40213")
    assert (case.staff_id, moved.from_staff_id, [e.event for e in case.events]) == (second.id, first.id, ["contact"])
    assert [c.ref for c in load_cases(store, [second.id])] == ["40213"] and load_cases(store, [first.id]) == []
    # seen as of a day before the transfer, the case was on the first PA's caseload
    assert [c.ref for c in load_cases(store, [first.id], as_of=D("2025-03-05"))] == ["40213"]
    assert load_cases(store, [second.id], as_of=D("2025-03-05")) == []


@pytest.mark.parametrize(
    "to, on, message",
    [
        ("first", "2025-03-06", "already on"),
        ("second", "2025-03-01", "before case 40213's referral date"),
        ("second", "2999-01-01", "future"),
    ],
)
def test_bad_transfers_write_nothing(store, two, to, on, message):
    people = dict(zip(("first", "second"), two))
    with pytest.raises(InputError, match=message):
        transfer_case(store, "40213", people[to].id, on)
    assert find_case(store, "40213").transfers == ()


def test_a_closed_case_or_a_leaver_is_never_transferred_to(store, two):
    first, second = two
    store.staff_leave(second.id, on="2025-03-05")
    with pytest.raises(InputError, match="left on 2025-03-05; transfer the case to someone on the team"):
        transfer_case(store, "40213", second.id, "2025-03-06")
    third = add_person(store, "Cat Adviser")
    log_event(store, "40213", "closed", "2025-03-10")
    with pytest.raises(InputError, match="closed on 2025-03-10"):
        transfer_case(store, "40213", third.id, "2025-03-11")


def test_a_leavers_case_takes_nothing_dated_after_their_leaving_until_transferred(store, two):
    first, second = two
    store.staff_leave(first.id, on="2025-03-10")
    assert open_cases_of(store, first.id) == ["40213"]
    log_event(store, "40213", "contact", "2025-03-10")  # on the leaving day, recorded late: still theirs
    with pytest.raises(InputError, match=r"left on 2025-03-10; transfer it first: supervision-tui case transfer 40213 --to STAFF"):
        log_event(store, "40213", "contact", "2025-03-11")
    transfer_case(store, "40213", second.id, "2025-03-11")
    log_event(store, "40213", "contact", "2025-03-11")
    assert open_cases_of(store, first.id) == [] and open_cases_of(store, second.id) == ["40213"]


def test_a_case_changes_hands_only_by_a_transfer(store, two):
    import sqlite3

    first, second = two
    with pytest.raises(sqlite3.DatabaseError, match="a case is never changed"):
        store.conn.execute("UPDATE cases SET staff_id = ? WHERE ref = '40213'", [second.id])
    transfer_case(store, "40213", second.id, "2025-03-06")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE case_transfers SET on_date = '2025-03-07'")
    with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
        store.conn.execute("DELETE FROM case_transfers")


def test_a_manager_discussion_may_name_the_pas_session_that_day(store, two):
    first, second = two
    session = store.add_session(first.id, held_on="2025-03-12", manager="Dee Manager")
    event = log_event(store, "40213", "manager-discussion", "2025-03-12", session_id=session.id)
    assert find_case(store, "40213").events[-1].session_id == session.id == event.session_id
    other = store.add_session(second.id, held_on="2025-03-12", manager="Dee Manager")
    for session_id, day, message in (
        (other.id, "2025-03-12", "another staff member's supervision"),
        (session.id, "2025-03-13", "was held on 2025-03-12"),
    ):
        with pytest.raises(InputError, match=message):
            log_event(store, "40213", "manager-discussion", day, session_id=session_id)
    with pytest.raises(NotFoundError, match="no supervision session"):
        log_event(store, "40213", "manager-discussion", "2025-03-12", session_id="nope")
    with pytest.raises(InputError, match="only a manager-discussion"):
        log_event(store, "40213", "contact", "2025-03-12", session_id=session.id)
    assert len(find_case(store, "40213").events) == 2


# -- export, merge, erasure, subject access ---------------------------------------------------------------------------


def test_transfers_and_session_links_travel_through_export_and_merge_without_duplicates(store, two, tmp_path, library):
    first, second = two
    session = store.add_session(first.id, held_on="2025-03-05", manager="Dee Manager")
    log_event(store, "40213", "manager-discussion", "2025-03-05", session_id=session.id)
    transfer_case(store, "40213", second.id, "2025-03-06")
    document = export_document(store)
    with Store.open(tmp_path / "other.db", library) as other:
        apply_rows(other, document["tables"], where="export")
        apply_rows(other, document["tables"], where="export")  # twice: nothing doubles
        case = find_case(other, "40213")
        assert case.staff_id == second.id and len(case.transfers) == 1
        assert [e.session_id for e in case.events] == [None, session.id]


def test_a_transfer_made_in_another_copy_hands_the_case_over_here(store, two, tmp_path, library):
    first, second = two
    before = export_document(store)
    with Store.open(tmp_path / "other.db", library) as other:
        apply_rows(other, before["tables"], where="export")
        transfer_case(other, "40213", second.id, "2025-03-06")
        after = export_document(other)
    apply_rows(store, after["tables"], where="other")
    assert find_case(store, "40213").staff_id == second.id


def test_erasing_the_pa_who_holds_a_case_removes_it_and_its_transfers(store, two):
    first, second = two
    transfer_case(store, "40213", second.id, "2025-03-06")
    access = subject_access(store, first.id)
    assert access["cases"] == [] and [t["case_id"] for t in access["case_transfers"]] == [find_case(store, "40213").id]
    erase_staff(store, first.id)  # a former holder: the case stays with the PA who has it
    assert find_case(store, "40213").transfers[0].from_staff_id == first.id
    assert [t["to_staff_id"] for t in subject_access(store, second.id)["cases"][0]["transfers"]] == [second.id]
    erase_staff(store, second.id)
    assert store.rows("SELECT count(*) AS n FROM case_transfers")[0]["n"] == 0
    assert store.rows("SELECT count(*) AS n FROM cases")[0]["n"] == 0


# -- through the command line -------------------------------------------------------------------------------------------


@pytest.fixture
def run(cli, db_path):
    return lambda *args: cli("--db", db_path, *args)


def test_transfer_leave_warning_and_refusal_through_the_command_line(run, db_path):
    first = run("staff", "add", "Ann Adviser", "--team", "North team").out.split()[0]
    second = run("staff", "add", "Ben Adviser", "--team", "North team").out.split()[0]
    assert run("case", "add", first, "40213", "--level", "intensive", "--referred", "2025-03-03").code == 0
    left = run("staff", "leave", first, "--date", "2025-03-10")
    assert left.code == 0
    assert left.err.strip() == (
        f"supervision-tui: warning: {first} still has 1 open case (40213); nothing can be recorded on them after the "
        "leaving date until each is transferred: supervision-tui case transfer REF --to STAFF"
    )
    refused = run("case", "log", "40213", "contact", "2025-03-11")
    assert refused.code == 2 and refused.out == "" and len(refused.err.strip().splitlines()) == 1
    assert "supervision-tui case transfer 40213 --to STAFF" in refused.err
    moved = run("case", "transfer", "40213", "--to", second, "--on", "2025-03-11")
    assert (moved.code, moved.out) == (0, f"40213  from {first} to {second} on 2025-03-11\n")
    assert run("case", "log", "40213", "contact", "2025-03-12").code == 0
    shown = run("case", "show", "40213", "--as-of", "2025-03-12")
    assert f"  2025-03-11  transferred {first} -> {second}\n  2025-03-12  contact\n" in shown.out
    data = __import__("json").loads(run("case", "show", "40213", "--format", "json").out)
    assert [(t["from_staff_ref"], t["to_staff_ref"]) for t in data["transfers"]] == [(first, second)]
    listing = run("case", "list", second, "--format", "json")
    assert [row["ref"] for row in __import__("json").loads(listing.out)] == ["40213"]
    again = run("case", "transfer", "40213", "--to", second, "--on", "2025-03-12")
    assert again.code == 2 and "already on" in again.err


def test_a_discussion_logged_with_its_session_through_the_command_line(run):
    pa = run("staff", "add", "Ann Adviser", "--team", "North team").out.split()[0]
    assert run("case", "add", pa, "40213", "--level", "intensive", "--referred", "2025-03-03").code == 0
    started = run("session", "add", pa, "--date", "2025-03-12", "--manager", "Dee Manager")
    assert started.code == 0, started.err
    session_id = __import__("json").loads(run("session", "list", pa, "--format", "json").out)[0]["id"]
    logged = run("case", "log", "40213", "manager-discussion", "2025-03-12", "--session", session_id)
    assert (logged.code, logged.out) == (0, f"40213  manager-discussion on 2025-03-12 (session {session_id})\n")
    wrong = run("case", "log", "40213", "contact", "2025-03-12", "--session", session_id)
    assert wrong.code == 2 and "only a manager-discussion" in wrong.err
