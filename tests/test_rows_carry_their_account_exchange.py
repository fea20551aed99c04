"""The account columns of schema step m010 travel with export, import and merge (once, however often), an export
written before them still imports, subject access lists them, and erasing a person replaces their accounts' names."""

from __future__ import annotations

import json

import pytest
from account_rows_support import MANAGER, account_values, written  # noqa: F401 (a fixture)
from store_helpers import table_rows

from observations.accounts.records import add_account
from observations.errors import InputError
from observations.exchange.merge import export_document, import_file, merge_database
from observations.exchange.rows import TABLES
from observations.privacy.erasure import erase_staff, subject_access
from observations.store.observation_store import Store
from observations.store.record_trail import record_trail
from observations.store.recorded_by import ADDED_BY_M010
from observations.store.scope import Scope
from observations.store.supervision_interval import set_supervision_interval
from observations.vocabulary import ERASED_NAME

PASSWORD = "a long enough password"


def test_import_and_merge_carry_the_accounts_once(written, store, db_path, library, tmp_path):
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(export_document(store)), encoding="utf-8")
    imported, merged = tmp_path / "imported.db", tmp_path / "merged.db"
    for target, bring in ((imported, lambda s: import_file(s, exported)), (merged, lambda s: merge_database(s, db_path))):
        with Store.open(target, library) as other:
            bring(other)
            again = bring(other)
        assert not again.changed
        assert table_rows(target) == table_rows(db_path)
        assert account_values(target) == account_values(db_path)


def test_a_newer_change_to_a_person_brings_who_made_it(written, store, db_path, library, tmp_path):
    theirs = tmp_path / "theirs.db"
    with Store.open(theirs, library) as other:
        merge_database(other, db_path)
    bob = Scope("manager", account="mgr.bob", name="Bob Hale", teams=("North team",))
    with Store.open(theirs, library, scope=bob) as other:
        set_supervision_interval(other, written["zoe"].id, 10)
    report = merge_database(store, theirs)
    assert report.updated["staff"] == 1
    zoe = store.staff(written["zoe"].id)
    assert (zoe.supervision_interval_weeks, zoe.updated_by, zoe.created_by) == (10, "mgr.bob", "")


def test_an_export_from_before_the_columns_imports_with_the_terminal_as_writer(written, store, library, tmp_path):
    document = export_document(store)
    document["schema"] = [step for step in document["schema"] if step != "m010_rows_carry_their_account"]
    for table, columns in ADDED_BY_M010.items():
        document["tables"][table] = [{k: v for k, v in row.items() if k not in columns} for row in document["tables"][table]]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "target.db"
    with Store.open(target, library) as other:
        report = import_file(other, older)
        assert sum(report.added.values()) == sum(len(document["tables"][t]) for t in TABLES)
    for column, found in account_values(target).items():
        if column.split(".")[0] in ADDED_BY_M010 and column not in ("observations.recorded_by", "actions.created_by"):
            assert found == {""}, column


def test_an_account_column_in_a_file_is_checked_like_a_name(written, store, library, tmp_path):
    document = export_document(store)
    document["tables"]["sessions"][0]["created_by"] = "mgr\x1b[31m"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    with Store.open(tmp_path / "target.db", library) as other:
        with pytest.raises(InputError, match="field 'created_by' .* control character"):
            import_file(other, hostile)
        assert other.rows("SELECT count(*) AS n FROM sessions")[0]["n"] == 0


def anna_with_her_account(store):
    """Anna, the manager of the fixture's rows, as a member of staff whose own account is ``mgr.anna``."""
    anna = store.add_staff("Anna Kerr", team="North team", started_on="2020-01-01")
    add_account(store, MANAGER.account, role="manager", password=PASSWORD, staff=anna.ref, teams=["North team"])
    store.conn.execute("INSERT INTO sign_in_failures (username, failed_at) VALUES (?, '[1.0]')", [MANAGER.account])
    store.conn.commit()
    return anna


def test_subject_access_lists_every_row_their_accounts_wrote(written, store):
    anna = anna_with_her_account(store)
    document = subject_access(store, anna.id)
    recorded = document["recorded_by_their_accounts"]
    assert {entry["record"] for entry in recorded} == {
        "staff", "sessions", "observations", "actions", "action_updates", "cases", "case_events", "case_transfers",
        "session_items", "session_records",
    }
    assert document["accounts"][0]["username"] == "mgr.anna" and document["accounts"][0]["failed_sign_ins"] == "[1.0]"
    assert "password_hash" not in document["accounts"][0]


def test_erasing_a_person_replaces_their_accounts_name_in_the_rows_they_wrote_about_others(written, store, db_path):
    anna = anna_with_her_account(store)
    erase_staff(store, anna.id)
    values = account_values(db_path)
    assert not any("mgr.anna" in found for found in values.values()), values
    assert ERASED_NAME in values["session_records.recorded_by"] and ERASED_NAME in values["case_transfers.recorded_by"]
    assert "wk.zoe" in values["observations.recorded_by"]  # another person's account stays
    trail = record_trail(store, written["zoe"].id)
    assert len(trail) > 10 and {line.writer for line in trail} == {"the terminal", ERASED_NAME, "wk.zoe"}
    assert store.rows("SELECT * FROM sign_in_failures") == []
    assert store.rows("SELECT status, staff_id FROM accounts WHERE username = 'mgr.anna'") == [{"status": "disabled", "staff_id": None}]
