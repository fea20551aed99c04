"""Merge and import: an erased person's name stays erased, case refs match as the case commands match them,
and case rows are checked as strictly as the commands that write them."""

from __future__ import annotations

import json

import pytest
from store_helpers import file_bytes, table_rows

from observations.exchange.backup import backup_database
from observations.caseload import add_case, find_case, log_event
from observations.privacy.erasure import erase_staff
from observations.errors import InputError
from observations.exchange.merge import export_document, import_file, merge_database
from observations.vocabulary import ERASED_NAME
from observations.store.observation_store import Store

MANAGER = "Pat Manager"


def names_in(store: Store) -> set[str]:
    """Every value of every field that can hold a person's name."""
    found = set()
    for sql in (
        "SELECT observer AS v FROM observations UNION SELECT recorded_by FROM observations",
        "SELECT manager AS v FROM sessions UNION SELECT manager FROM staff",
        "SELECT owner AS v FROM actions UNION SELECT created_by FROM actions",
    ):
        found |= {r["v"] for r in store.rows(sql)}
    return found


@pytest.fixture
def a_and_b(tmp_path, library):
    """A holds Pat (a manager) and Q; B is a backup of A taken before A erases Pat."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    with Store.open(a, library) as opened:
        pat = opened.add_staff(MANAGER, team="North")
        q = opened.add_staff("Quinn Adebayo", team="North", manager=MANAGER)
        opened.record_observation(q.id, "A2", "developing", observer=MANAGER, observed_on="2025-05-01")
        backup_database(opened, b)
    return a, b, pat.id, q.id


def add_named_records(path, library, q_id: str) -> None:
    """In B, after the backup: more of Pat's name in Q's records, in every name field."""
    with Store.open(path, library) as other:
        other.record_observation(q_id, "P4", "secure", observer=MANAGER, observed_on="2025-05-02")
        session = other.add_session(q_id, held_on="2025-05-02", manager=MANAGER)
        other.add_action(q_id, "Shadow a colleague", owner=MANAGER, created_by=MANAGER, session_id=session.id)


def test_a_merge_never_brings_an_erased_persons_name_back(a_and_b, library):
    a, b, pat_id, q_id = a_and_b
    with Store.open(a, library) as opened:
        erase_staff(opened, pat_id)
    add_named_records(b, library, q_id)
    with Store.open(b, library) as other, other.write():  # and B's newer details for Q still name Pat as manager
        other.db.execute("UPDATE staff SET team = 'South', updated_at = '2999-01-01T00:00:00Z' WHERE id = ?", [q_id])
    with Store.open(a, library) as opened:
        report = merge_database(opened, b)
        assert report.added["observations"] == 1 and report.updated["staff"] == 1
        assert MANAGER not in names_in(opened)
        assert ERASED_NAME in names_in(opened)
        assert opened.staff(q_id).team == "South" and opened.staff(q_id).manager == ERASED_NAME
    assert MANAGER.encode() not in b"".join(v or b"" for v in file_bytes(a).values())


def test_an_erasure_arriving_by_import_blanks_the_name_in_the_rows_it_arrives_with(a_and_b, library, tmp_path):
    """B erased Pat and still holds rows naming Pat typed after the erasure; A learns the name from its own row."""
    a, b, pat_id, q_id = a_and_b
    with Store.open(b, library) as other:
        erase_staff(other, pat_id)
    add_named_records(b, library, q_id)
    export = tmp_path / "b.json"
    with Store.open(b, library) as other:
        export.write_text(json.dumps(export_document(other)), encoding="utf-8")
    with Store.open(a, library) as opened:
        report = import_file(opened, export, erase=True)
        assert report.erased_here == 1 and report.added["sessions"] == 1
        assert MANAGER not in names_in(opened)


def test_merge_refuses_a_case_ref_that_is_another_pas_case(tmp_path, library):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    with Store.open(a, library) as opened:
        backup_database(opened, b)
        add_case(opened, opened.add_staff("Ann Lee").id, "ab123", level="enhanced", referred_on="2025-03-03")
    with Store.open(b, library) as other:
        add_case(other, other.add_staff("Ben Ode").id, "AB123", level="intensive", referred_on="2025-03-04")
        log_event(other, "AB123", "contact", "2025-03-05")
    before = table_rows(a)
    with Store.open(a, library) as opened, pytest.raises(InputError, match=r"case ref 'AB123' is already another staff member's case here \(as 'ab123'\)"):
        merge_database(opened, b)
    assert table_rows(a) == before


def test_merge_joins_a_case_ref_in_other_letters_to_the_same_pas_case(tmp_path, library):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    with Store.open(a, library) as opened:
        pa = opened.add_staff("Ann Lee")
        backup_database(opened, b)
        add_case(opened, pa.id, "ab123", level="enhanced", referred_on="2025-03-03")
    with Store.open(b, library) as other:  # the same case, added in the other copy with capitals
        add_case(other, pa.id, "AB123", level="enhanced", referred_on="2025-03-03")
        log_event(other, "AB123", "contact", "2025-03-04")
    with Store.open(a, library) as opened:
        report = merge_database(opened, b)
        assert report.added["cases"] == 0 and report.added["case_events"] == 1
        assert [r["ref"] for r in opened.rows("SELECT ref FROM cases")] == ["ab123"]
        assert [e.event for e in find_case(opened, "AB123").events] == ["contact"]


def test_a_file_holding_one_ref_twice_from_an_older_merge_still_merges(tmp_path, library):
    """Before refs were compared ignoring case, a merge could keep 'ab123' and 'AB123' side by side."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    with Store.open(a, library) as opened:
        pa = opened.add_staff("Ann Lee")
        backup_database(opened, b)
    with Store.open(b, library) as other:
        add_case(other, pa.id, "ab123", level="enhanced", referred_on="2025-03-03")
        with other.write():
            other.db.execute(
                "INSERT INTO cases (id, ref, staff_id, level, referred_on, created_at) "
                "VALUES ('old-id', 'AB123', ?, 'enhanced', '2025-03-03', '2025-03-03T09:00:00Z')",
                [pa.id],
            )
        log_event(other, "ab123", "contact", "2025-03-04")
    with Store.open(a, library) as opened:
        report = merge_database(opened, b)
        assert report.added["cases"] == 1 and report.added["case_events"] == 1
        assert len(find_case(opened, "AB123").events) == 1


def _with_case(tmp_path, library, case_changes: dict, event_changes: dict):
    path = tmp_path / "source.db"
    with Store.open(path, library) as opened:
        pa = opened.add_staff("Ann Lee")
        add_case(opened, pa.id, "AB123", level="enhanced", referred_on="2025-03-03")
        log_event(opened, "AB123", "contact", "2025-03-04")
        document = export_document(opened)
    document["tables"]["cases"][0].update(case_changes)
    document["tables"]["case_events"][0].update(event_changes)
    export = tmp_path / "cases.json"
    export.write_text(json.dumps(document), encoding="utf-8")
    return export


@pytest.mark.parametrize(
    ("case_changes", "event_changes", "message"),
    [
        ({"ref": "JaneSmith01"}, {}, "looks like it contains a name"),
        ({"ref": "no digits"}, {}, "is not a case-management id"),
        ({"level": "bogus"}, {}, "unknown level 'bogus'"),
        ({}, {"event": "party"}, "unknown event 'party'"),
        ({}, {"level": "intensive"}, "a contact event has no level"),
        ({}, {"event": "level-change"}, "a level-change needs the new level"),
        ({}, {"event": "level-change", "level": "bogus"}, "unknown level 'bogus'"),
        ({}, {"on_date": "2999-01-01"}, "is in the future"),
    ],
)
def test_import_checks_case_rows_as_the_case_commands_do(tmp_path, library, db_path, case_changes, event_changes, message):
    export = _with_case(tmp_path, library, case_changes, event_changes)
    with Store.open(db_path, library) as opened, pytest.raises(InputError, match=message):
        import_file(opened, export)
    with Store.open(db_path, library) as opened:
        assert not opened.rows("SELECT 1 FROM staff") and not opened.rows("SELECT 1 FROM cases")


def test_import_accepts_a_level_change_with_its_level(tmp_path, library, db_path):
    export = _with_case(tmp_path, library, {}, {"event": "level-change", "level": "intensive"})
    with Store.open(db_path, library) as opened:
        assert import_file(opened, export).added["case_events"] == 1
        assert [(e.event, e.level) for e in find_case(opened, "ab123").events] == [("level-change", "intensive")]
