"""Cases' frameworks and line-manager discussions' sessions through export, import, merge, erasure and subject access:
carried without duplicates, and refused with one line (nothing written) when they do not fit."""

from __future__ import annotations

import copy

import pytest
from caseload_helpers import refused_merge

from observations.caseload import add_case, find_case, log_event
from observations.caseload.handover import transfer_case
from observations.exchange.merge import apply_rows, export_document
from observations.privacy.erasure import erase_staff, subject_access
from observations.store.observation_store import Store


@pytest.fixture
def two(store):
    """Ann (who holds a floating-support case and an APIR case) and Ben, both on the team."""
    ann = store.add_staff("Ann Worker", team="Oxford")
    ben = store.add_staff("Ben Worker", team="Oxford")
    add_case(store, ann.id, "FS-101", level=None, referred_on="2025-01-10", framework="methods-of-work")
    log_event(store, "FS-101", "support-plan", "2025-01-31")
    add_case(store, ann.id, "40213", level="intensive", referred_on="2025-03-03")
    return ann, ben


@pytest.fixture
def other(tmp_path, library):
    with Store.open(tmp_path / "other.db", library) as opened:
        yield opened


def case_row(document, ref):
    return next(row for row in document["tables"]["cases"] if row["ref"] == ref)


refused = refused_merge


# -- a case's framework ------------------------------------------------------------------------------------------


def test_a_cases_framework_travels_through_export_and_merge_without_duplicates(store, two, other):
    document = export_document(store)
    assert case_row(document, "FS-101")["framework"] == "methods-of-work"
    apply_rows(other, document["tables"], where="export")
    apply_rows(other, document["tables"], where="export")
    assert other.rows("SELECT ref, framework FROM cases ORDER BY ref") == [
        {"ref": "40213", "framework": "apir"}, {"ref": "FS-101", "framework": "methods-of-work"},
    ]
    assert [e.event for e in find_case(other, "FS-101").events] == ["support-plan"]


def test_a_file_written_before_cases_followed_a_framework_brings_apir_cases(store, two, other):
    tables = copy.deepcopy(export_document(store)["tables"])
    tables["cases"] = [{k: v for k, v in row.items() if k != "framework"} for row in tables["cases"] if row["ref"] == "40213"]
    tables["case_events"] = []
    apply_rows(other, tables, where="old.json")
    assert find_case(other, "40213").framework == "apir"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: case_row({"tables": t}, "FS-101").update(framework="ours"), r"cases\[\d\].*framework 'ours' has no caseload rules"),
        (lambda t: case_row({"tables": t}, "FS-101").update(level="intensive"), r"unknown level 'intensive' \(levels of a methods-of-work case"),
        (lambda t: case_row({"tables": t}, "FS-101").update(in_school=True), "not marked as in school"),
        (lambda t: t["case_events"][0].update(event="plan-of-work"), r"case_events\[0\].*unknown event 'plan-of-work' \(events of a methods-of-work case"),
    ],
)
def test_a_case_or_event_that_does_not_fit_its_framework_is_refused(store, two, other, change, message):
    tables = copy.deepcopy(export_document(store)["tables"])
    change(tables)
    refused(other, tables, message)


def test_one_ref_following_two_frameworks_is_refused(store, two, other, library, tmp_path):
    ann, _ = two
    apply_rows(other, {"staff": export_document(store)["tables"]["staff"]}, where="staff")
    add_case(other, ann.id, "FS-101", level="enhanced", referred_on="2025-01-10")
    refused(other, export_document(store)["tables"], "case ref 'FS-101' follows methods-of-work here but apir in the other copy")


def test_subject_access_shows_the_framework_and_erasure_removes_the_case(store, two):
    ann, _ = two
    cases = {c["ref"]: c for c in subject_access(store, ann.id)["cases"]}
    assert cases["FS-101"]["framework"] == "methods-of-work" and cases["40213"]["framework"] == "apir"
    erase_staff(store, ann.id)
    assert store.rows("SELECT count(*) AS n FROM cases")[0]["n"] == 0


# -- a line-manager discussion's session ---------------------------------------------------------------------------


@pytest.fixture
def discussed(store, two):
    """Ann's 40213 discussed in her supervision session of 2025-03-12."""
    ann, ben = two
    session = store.add_session(ann.id, held_on="2025-03-12", manager="Dee Manager")
    log_event(store, "40213", "manager-discussion", "2025-03-12", session_id=session.id)
    return session


def discussion(tables):
    return next(row for row in tables["case_events"] if row["event"] == "manager-discussion")


def test_a_discussion_with_its_session_merges(store, discussed, other):
    document = export_document(store)
    apply_rows(other, document["tables"], where="export")
    assert [e.session_id for e in find_case(other, "40213").events] == [discussed.id]


def test_a_discussion_whose_session_is_in_neither_copy_is_refused(store, discussed, other):
    tables = copy.deepcopy(export_document(store)["tables"])
    tables["sessions"] = []
    refused(other, tables, rf"case_events\[\d\] .*session_id '{discussed.id}' is not a session in the file or this database")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t, ben: t["sessions"][0].update(staff_id=ben.id), "the supervision of a staff member who never held this case"),
        (lambda t, ben: discussion(t).update(on_date="2025-03-13"), "was held on 2025-03-12, not on the discussion's date 2025-03-13"),
        (lambda t, ben: t["case_events"].__setitem__(0, {**t["case_events"][0], "session_id": t["sessions"][0]["id"]}), "names no supervision session"),
    ],
)
def test_a_discussion_linked_to_the_wrong_session_is_refused(store, two, discussed, other, change, message):
    tables = copy.deepcopy(export_document(store)["tables"])
    change(tables, two[1])
    refused(other, tables, message)


def test_a_session_already_here_satisfies_the_link(store, discussed, other):
    document = export_document(store)
    apply_rows(other, {k: v for k, v in document["tables"].items() if k not in ("case_events",)}, where="first")
    only_events = {"case_events": document["tables"]["case_events"]}
    apply_rows(other, only_events, where="second")
    assert find_case(other, "40213").events[-1].session_id == discussed.id


def test_a_session_that_went_with_an_earlier_pas_erasure_is_let_be(store, two, discussed, other):
    ann, ben = two
    transfer_case(store, "40213", ben.id, "2025-03-13")
    erase_staff(store, ann.id)  # her session goes; the case, with Ben, keeps the discussion held in it
    assert find_case(store, "40213").events[-1].session_id == discussed.id
    apply_rows(other, export_document(store)["tables"], where="export")
    assert find_case(other, "40213").events[-1].session_id == discussed.id
