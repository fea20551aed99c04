"""Data protection: a subject access export holds everything about a person; erasure leaves no trace in the files."""

from __future__ import annotations

import json
import re
import resource
import signal
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import console_script
from store_helpers import file_bytes, table_counts, table_rows

from observations.demo.organisation import populate_demo
from observations.privacy.erasure import erase_staff, subject_access
from observations.privacy.erasure_evidence import erasure_evidence
from observations.errors import NotFoundError
from observations.store.observation_store import Store

PHRASE = "distinctive phrase about the Wednesday drop-in"


@pytest.fixture
def populated(db_path, library):
    """A demo organisation plus one person with records of every kind; returns that person."""
    with Store.open(db_path, library) as opened:
        populate_demo(opened, staff=12, months=6, seed=5, as_of=date(2025, 6, 30))
        person = opened.add_staff("Marguerite Quennell-Ashby", team="North team", manager="Sam Ward")
        session = opened.add_session(person.id, held_on="2025-06-01", notes=f"Supervision notes: {PHRASE}")
        first = opened.record_observation(person.id, "A2", "developing", evidence=f"Observed: {PHRASE}", session_id=session.id, source="supervision", observed_on="2025-06-01")
        opened.correct_observation(first.id, rating="secure", evidence=f"Corrected: {PHRASE}", reason="agreed")
        action = opened.add_action(person.id, f"Action: {PHRASE}", standards=["A2"], due_on="2025-07-01", session_id=session.id)
        opened.update_action(action.id, "done", note=f"Closing note: {PHRASE}")
        case_id = "case-for-erasure-test"
        opened.db.execute(
            "INSERT INTO cases (id, ref, staff_id, level, referred_on, created_at) VALUES (?, '99999', ?, 'intensive', '2025-05-01', '2025-05-01T09:00:00Z')",
            [case_id, person.id],
        )
        opened.db.execute(
            "INSERT INTO case_events (id, case_id, event, on_date, note, recorded_at) VALUES ('event-1', ?, 'contact', '2025-05-02', ?, '2025-05-02T09:00:00Z')",
            [case_id, f"Case note: {PHRASE}"],
        )
        other = opened.list_staff()[0]
        opened.record_observation(other.id, "P4", "secure", observer=person.name, observed_on="2025-06-02")
        return opened.staff(person.id)


def raw(db_path) -> bytes:
    return b"".join(value or b"" for value in file_bytes(db_path).values())


def test_subject_access_holds_everything_about_the_person(db_path, library, populated):
    with Store.open(db_path, library) as opened:
        document = subject_access(opened, populated.id)
    assert document["format"] == "supervision-tui-subject-access"
    assert document["staff"]["name"] == "Marguerite Quennell-Ashby"
    assert [o["revision"] for o in document["observations"]] == [1, 2]
    assert [o["rating"] for o in document["observations"]] == ["developing", "secure"]
    assert document["sessions"][0]["notes"].endswith(PHRASE)
    assert document["actions"][0]["status"] == "done"
    assert document["actions"][0]["updates"][0]["note"].endswith(PHRASE)
    assert document["cases"][0]["ref"] == "99999" and document["cases"][0]["events"][0]["event"] == "contact"
    # they observed (and so recorded) a colleague's P4: both fields of that one record, each by its own name
    assert [(n["record"], n["field"]) for n in document["named_in"]] == [("observations", "observer"), ("observations", "recorded_by")]
    json.dumps(document)  # plain JSON all the way down


def test_subject_access_lists_other_peoples_records_that_mention_the_person_in_free_text(db_path, library, populated):
    """Not the text (it is about someone else): which record and field, for whoever answers the request to read."""
    with Store.open(db_path, library) as opened:
        colleague = opened.list_staff()[1]
        assert colleague.id != populated.id
        seen = opened.record_observation(colleague.id, "A3", "secure", evidence="Joint visit with marguerite quennell-ashby", observed_on="2025-06-03")
        opened.correct_observation(seen.id, rating="developing", reason="MARGUERITE QUENNELL-ASHBY led it, not them")
        session = opened.add_session(colleague.id, held_on="2025-06-04", notes="Covering Marguerite Quennell-Ashby's cases")
        action = opened.add_action(colleague.id, "Shadow Marguerite Quennell-Ashby", due_on="2025-07-01")
        opened.update_action(action.id, "done", note="Went well (Marguerite Quennell-Ashby)")
        opened.add_session(colleague.id, held_on="2025-06-05", notes="Talked about Quennell and Ashby, two other people")
        document = subject_access(opened, populated.id)
    mentioned = {(m["record"], m["field"]) for m in document["mentioned_in"]}
    assert mentioned == {
        ("observations", "evidence"), ("observations", "reason"), ("sessions", "notes"), ("actions", "text"), ("action_updates", "note"),
    }
    assert session.id in {m["id"] for m in document["mentioned_in"]} and action.id in {m["id"] for m in document["mentioned_in"]}
    # their own records, which hold the phrase and are exported whole above, are not listed again
    assert all(m["id"] not in {o["id"] for o in document["observations"]} for m in document["mentioned_in"])


def test_erasure_deletes_everything_and_keeps_one_audit_line(db_path, library, populated):
    before = table_counts(db_path)
    started = datetime.now(timezone.utc)
    with Store.open(db_path, library) as opened:
        result = erase_staff(opened, populated.id)
        finished = datetime.now(timezone.utc)
        assert result["deleted"] == {
            "case_events": 1, "case_transfers": 0, "cases": 1, "action_updates": 1, "actions": 1, "observations": 2, "sessions": 1,
            "staff": 1, "names_removed": 1, "session_items": 0, "session_records": 0, "accounts_disabled": 0,
        }
        # their name as someone else's observer is replaced; that observation itself stays
        assert opened.rows("SELECT observer, recorded_by, rating FROM observations WHERE observed_on = '2025-06-02' AND standard = 'P4' AND observer = '(erased)'") == [
            {"observer": "(erased)", "recorded_by": "(erased)", "rating": "secure"}
        ]
        assert result["files_scrubbed"]
        with pytest.raises(NotFoundError):
            opened.find_staff(populated.ref)
        (audit,) = opened.rows("SELECT * FROM erasures")
        assert set(audit) == {"staff_id", "erased_at", "evidence"} and audit["staff_id"] == populated.id
        assert audit["evidence"] == erasure_evidence(populated.id, populated.created_at)  # a digest: no personal data
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", audit["erased_at"]), audit["erased_at"]
        erased_at = datetime.fromisoformat(audit["erased_at"].replace("Z", "+00:00"))
        slack = timedelta(seconds=5)  # only a clock stepped by NTP mid-test could move it further
        assert started - slack <= erased_at <= finished + slack, "the moment of erasure, in UTC"
    after = table_counts(db_path)
    assert after["staff"] == before["staff"] - 1
    assert after["observations"] == before["observations"] - 2
    assert after["erasures"] == 1


@pytest.mark.parametrize("other_connection_open", [False, True], ids=["alone", "while-the-app-has-it-open"])
def test_erasure_leaves_no_trace_in_the_raw_files(db_path, library, populated, cli, other_connection_open):
    name = populated.name.encode()
    assert name in raw(db_path)  # present before (in the file or its WAL)
    assert PHRASE.encode() in raw(db_path)
    app = Store.open(db_path, library) if other_connection_open else None
    try:
        if app is not None:
            app.history(populated.id)  # the app has read from it and sits idle, as the TUI would
        refused = cli("staff", "erase", populated.ref, "--db", db_path)
        assert refused.code == 2 and "--yes" in refused.err
        result = cli("staff", "erase", populated.ref, "--yes", "--db", db_path)
        assert result.code == 0, result.err
        assert result.out.startswith(f"erased {populated.ref}:")
        assert "warning" not in result.err
        contents = raw(db_path)
        assert name not in contents
        assert PHRASE.encode() not in contents
        assert b"Quennell" not in contents
    finally:
        if app is not None:
            app.close()
    assert name not in raw(db_path) and PHRASE.encode() not in raw(db_path)


def test_erase_without_yes_changes_nothing(db_path, library, populated, cli):
    before = table_rows(db_path)
    result = cli("staff", "erase", "marguerite quennell-ashby", "--db", db_path)
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("supervision-tui: error: staff erase deletes everything")
    assert table_rows(db_path) == before


def test_an_erasure_that_cannot_vacuum_is_saved_and_says_so(db_path, populated):
    """A disk that fills after the erasure commits used to end in 'error: ... nothing was saved', exit 1, for an
    erasure that was saved. Simulated with a cap on file size at the database's size: the erasure's few pages
    fit in the write-ahead log, VACUUM's copy of every page does not."""
    cap = db_path.stat().st_size

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so a write past the cap fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))

    done = subprocess.run(
        [console_script(), "staff", "erase", populated.ref, "--yes", "--db", str(db_path)],
        capture_output=True, text=True, preexec_fn=limit_file_size, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"erased {populated.ref}:")
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("supervision-tui: warning: the erasure is saved, but the file could not be vacuumed")
    contents = raw(db_path)
    assert populated.name.encode() not in contents and PHRASE.encode() not in contents
    counts = table_counts(db_path)
    assert counts["erasures"] == 1 and counts["cases"] + counts["staff"] > 0
