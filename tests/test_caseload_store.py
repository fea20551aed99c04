"""The case store: adding cases, logging events and level changes, refusing bad input, loading set-based."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from store_helpers import add_person, table_rows

from observations.caseload import add_case, caseload_report, change_level, find_case, load_cases, log_event, overdue_cases_by_staff
from observations.errors import InputError, NotFoundError


@pytest.fixture
def pa(store):
    return add_person(store, role="Personal Adviser")


def test_add_find_log_and_change_level(store, pa):
    added = add_case(store, pa.id, "CN-40213", level="intensive", referred_on="2025-03-03", in_school=True)
    assert (added.ref, added.level, added.referred_on, added.in_school, added.events) == ("CN-40213", "intensive", "2025-03-03", True, ())
    assert find_case(store, " cn-40213 ").id == added.id  # refs are found whatever their case
    log_event(store, "CN-40213", "contact", "2025-03-04", note="Met at the centre.\nAgreed next steps.")
    change_level(store, "CN-40213", "enhanced", "2025-04-01", note="Settled at home")
    case = find_case(store, "CN-40213")
    assert [(e.event, e.on_date, e.level) for e in case.events] == [("contact", "2025-03-04", None), ("level-change", "2025-04-01", "enhanced")]
    assert case.events[0].note == "Met at the centre.\nAgreed next steps."
    assert case.view(date(2025, 4, 2)).current_level == "enhanced" and case.level == "intensive"


@pytest.mark.parametrize(
    "ref, message",
    [
        ("", "must not be empty"),
        ("John Smith", "no spaces"),
        ("Smith40213", "looks like it contains a name"),
        ("ZoeONeil-1", "looks like it contains a name"),
        ("abcdef", "at least one digit"),
        ("4021\n3", "not a case-management id"),
        ("1" * 41, "the limit is 40"),
        ("<b>1</b>", "not a case-management id"),
    ],
)
def test_refs_are_short_codes_never_names(store, pa, db_path, ref, message):
    before = table_rows(db_path)
    with pytest.raises(InputError, match=message):
        add_case(store, pa.id, ref, level="enhanced", referred_on="2025-03-03")
    assert table_rows(db_path) == before


def test_lowercase_hex_and_slashed_refs_are_accepted(store, pa):
    for ref in ("a3f9bcde12", "INS/2025/0042", "YP_00017", "40213"):
        assert add_case(store, pa.id, ref, level="enhanced", referred_on="2025-03-03").ref == ref


def test_bad_cases_write_nothing(store, pa, db_path):
    add_case(store, pa.id, "40213", level="enhanced", referred_on="2025-03-03")
    leaver = add_person(store, "Sam Left")
    store.staff_leave(leaver.id, on="2025-01-31")
    before = table_rows(db_path)
    future = (date.today() + timedelta(days=1)).isoformat()
    for kwargs, message in [
        ({"ref": "40213"}, "'40213' already exists"),
        ({"ref": "cn40213", "level": "urgent"}, "unknown level 'urgent' .levels: intensive, enhanced, watching-brief"),
        ({"ref": "40214", "referred_on": future}, "is in the future"),
        ({"ref": "40214", "referred_on": "2025-02-30"}, "not a real date"),
        ({"ref": "40214", "staff_id": leaver.id}, "left on 2025-01-31"),
        ({"ref": "40214", "staff_id": "nobody"}, "no staff member"),
    ]:
        args = {"staff_id": pa.id, "level": "enhanced", "referred_on": "2025-03-03", **kwargs}
        with pytest.raises(InputError, match=message):
            add_case(store, args.pop("staff_id"), args.pop("ref"), **args)
    assert table_rows(db_path) == before


def test_bad_events_write_nothing(store, pa, db_path):
    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-03-03")
    log_event(store, "40213", "contact", "2025-03-20")
    before = table_rows(db_path)
    future = (date.today() + timedelta(days=1)).isoformat()
    for args, message, error in [
        (("99999", "contact", "2025-03-04"), "no case with ref '99999'", NotFoundError),
        (("40213", "phone-call", "2025-03-04"), "unknown event 'phone-call' .events: contact, carer-contact, agency-contact", InputError),
        (("40213", "level-change", "2025-03-04"), "case level REF LEVEL DATE", InputError),
        (("40213", "contact", future), "is in the future", InputError),
        (("40213", "contact", "2025-03-02"), "before case 40213's referral date 2025-03-03", InputError),
        (("40213", "closed", "2025-03-19"), "events up to 2025-03-20; it cannot be closed on 2025-03-19", InputError),
    ]:
        with pytest.raises(error, match=message):
            log_event(store, *args)
    with pytest.raises(InputError, match="limit is 2,000"):
        log_event(store, "40213", "contact", "2025-03-21", note="x" * 2001)
    for args, message in [
        (("40213", "urgent", "2025-04-01"), "unknown level 'urgent'"),
        (("40213", "intensive", "2025-04-01"), "already intensive on 2025-04-01"),
        (("40213", "enhanced", "2025-03-01"), "before case 40213's referral date"),
        (("40213", "enhanced", future), "in the future"),
    ]:
        with pytest.raises(InputError, match=message):
            change_level(store, *args)
    assert table_rows(db_path) == before


def test_a_closed_case_takes_late_entries_dated_before_its_closure_only(store, pa, db_path):
    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-03-03")
    log_event(store, "40213", "contact", "2025-03-04")
    log_event(store, "40213", "closed", "2025-05-01")
    log_event(store, "40213", "manager-discussion", "2025-04-28", note="Recorded late")  # it did happen before closure
    before = table_rows(db_path)
    with pytest.raises(InputError, match="was closed on 2025-05-01; nothing dated after that"):
        log_event(store, "40213", "contact", "2025-05-02")
    with pytest.raises(InputError, match="already closed on 2025-05-01"):
        log_event(store, "40213", "closed", "2025-05-03")
    with pytest.raises(InputError, match="was closed on 2025-05-01"):
        change_level(store, "40213", "enhanced", "2025-05-02")
    assert table_rows(db_path) == before
    flags = {f["rule"]: f["status"] for f in caseload_report(store, pa.id, as_of=date(2025, 5, 10))["cases"][0]["flags"]}
    assert flags["intensive-closure"] == "met"


def test_a_second_level_change_on_one_day_is_refused(store, pa):
    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-03-03")
    change_level(store, "40213", "enhanced", "2025-04-01")
    with pytest.raises(InputError, match="already has a level change on 2025-04-01"):
        change_level(store, "40213", "watching-brief", "2025-04-01")


def test_case_events_are_append_only(store, pa, db_path):
    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-03-03")
    log_event(store, "40213", "contact", "2025-03-04")
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE case_events SET on_date = '2025-03-05'")
    conn.close()


def queries_while(store, action):
    """Run ``action`` and return the SELECT statements it sent to SQLite."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        result = action()
    finally:
        store.conn.set_trace_callback(None)
    return result, [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_loading_is_three_queries_whatever_the_number_of_staff(store):
    people = [add_person(store, f"Adviser {n}") for n in range(30)]
    for index, person in enumerate(people):
        add_case(store, person.id, f"4{index:04d}", level="intensive", referred_on="2025-03-03")
        log_event(store, f"4{index:04d}", "contact", "2025-03-04")
    few, few_queries = queries_while(store, lambda: load_cases(store, [people[0].id]))
    many, many_queries = queries_while(store, lambda: load_cases(store, [p.id for p in people]))
    assert len(few) == 1 and len(many) == 30 and all(len(c.events) == 1 for c in many)
    assert len(few_queries) == len(many_queries) == 3  # cases, events, transfers
    counts, count_queries = queries_while(store, lambda: overdue_cases_by_staff(store, [p.id for p in people], as_of=date(2025, 3, 20)))
    assert len(count_queries) == 3 and set(counts.values()) == {1}


def test_load_cases_as_of_and_closed_since(store, pa):
    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-03-03")
    log_event(store, "40213", "contact", "2025-03-04")
    log_event(store, "40213", "closed", "2025-04-01")
    add_case(store, pa.id, "40214", level="enhanced", referred_on="2025-05-01")
    log_event(store, "40214", "contact", "2025-05-02")
    past = load_cases(store, [pa.id], as_of=date(2025, 3, 10))
    assert [(c.ref, [e.event for e in c.events]) for c in past] == [("40213", ["contact"])]
    recent = load_cases(store, [pa.id], as_of=date(2025, 6, 1), closed_since=date(2025, 4, 2))
    assert [c.ref for c in recent] == ["40214"]
    assert [c.ref for c in load_cases(store, None)] == ["40213", "40214"]
    assert load_cases(store, []) == []


def test_erasing_a_pa_removes_their_cases_and_an_export_carries_them(store, pa, tmp_path, library):
    from observations.privacy.erasure import erase_staff
    from observations.exchange.merge import apply_rows, export_document
    from observations.store.observation_store import Store

    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-03-03")
    log_event(store, "40213", "contact", "2025-03-04", note="Note to be erased")
    change_level(store, "40213", "enhanced", "2025-04-01")
    document = json.loads(json.dumps(export_document(store)))
    with Store.open(tmp_path / "copy.db", library) as copy:
        apply_rows(copy, document["tables"], where="export")
        assert caseload_report(copy, pa.id, as_of=date(2025, 5, 1))["cases"] == caseload_report(store, pa.id, as_of=date(2025, 5, 1))["cases"]
    erase_staff(store, pa.id)
    assert store.rows("SELECT count(*) AS n FROM cases")[0]["n"] == 0
    assert store.rows("SELECT count(*) AS n FROM case_events")[0]["n"] == 0
    assert overdue_cases_by_staff(store, None, as_of=date(2025, 5, 1)) == {}
