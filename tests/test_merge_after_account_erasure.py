"""Erasing a person replaces their own account's name in every "recorded by" column; a merge or import from a copy
made before the erasure must not bring that name back, however often it runs (schema step m013 marks the account)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from account_rows_support import MANAGER, account_values, written  # noqa: F401 (a fixture)
from store_helpers import table_rows

from observations.accounts.records import add_account, disable_account
from observations.exchange.merge import export_document, import_file, merge_database
from observations.privacy.erasure import erase_staff
from observations.store.observation_store import Store
from observations.store.supervision_interval import set_supervision_interval
from observations.vocabulary import ERASED_NAME

PASSWORD = "a long enough password"


@pytest.fixture
def older_copy(written, store, db_path, library, tmp_path):  # noqa: F811 (the fixture, not a redefinition)
    """Anna (whose own account is ``mgr.anna``) in the file; then another manager's copy of it, to which her account
    went on to write rows the file never got (a new colleague, an observation, a changed interval)."""
    anna = store.add_staff("Anna Kerr", team="North team", started_on="2020-01-01")
    dev = store.add_staff("Dev Patel", team="North team", started_on="2023-01-01")
    add_account(store, MANAGER.account, role="manager", password=PASSWORD, staff=anna.ref, teams=["North team"])
    older = tmp_path / "older.db"
    with Store.open(older, library) as other:
        merge_database(other, db_path)
    with Store.open(older, library, scope=MANAGER) as theirs:
        theirs.add_staff("Cara Dunn", team="North team", started_on="2025-05-01")
        theirs.record_observation(written["zoe"].id, "A3", "secure", observed_on="2025-05-02", observer="Anna Kerr")
        set_supervision_interval(theirs, dev.id, 8)
    return {"path": older, "anna": anna, "zoe": written["zoe"], "dev": dev}


def names_the_account(db_path) -> dict[str, set[str]]:
    return {column: found for column, found in account_values(db_path).items() if MANAGER.account in found}


def test_merging_an_older_copy_after_the_erasure_brings_the_rows_but_not_the_accounts_name(older_copy, store, db_path):
    erase_staff(store, older_copy["anna"].id)
    observations_before = len(store.rows("SELECT id FROM observations"))
    report = merge_database(store, older_copy["path"])
    assert report.added["observations"] == 1 and report.added["staff"] == 1 and report.updated["staff"] == 1
    assert len(store.rows("SELECT id FROM observations")) == observations_before + 1
    assert names_the_account(db_path) == {}
    cara = store.rows("SELECT created_by, updated_by FROM staff WHERE name = 'Cara Dunn'")
    assert cara == [{"created_by": ERASED_NAME, "updated_by": ERASED_NAME}]
    dev = store.staff(older_copy["dev"].id)  # a newer change there to a row the erasure left alone here
    assert (dev.supervision_interval_weeks, dev.updated_by) == (8, ERASED_NAME)
    assert "wk.zoe" in account_values(db_path)["observations.recorded_by"]  # an account not erased keeps its name


def test_merging_twice_changes_nothing(older_copy, store, db_path):
    erase_staff(store, older_copy["anna"].id)
    merge_database(store, older_copy["path"])
    once = table_rows(db_path)
    again = merge_database(store, older_copy["path"])
    assert not again.changed and table_rows(db_path) == once


def test_importing_an_export_of_the_older_copy_does_not_bring_the_name_back_either(older_copy, store, db_path, library, tmp_path):
    exported = tmp_path / "older.json"
    with Store.open(older_copy["path"], library) as theirs:
        exported.write_text(json.dumps(export_document(theirs)), encoding="utf-8")
    erase_staff(store, older_copy["anna"].id)
    assert import_file(store, exported).added["observations"] == 1
    assert names_the_account(db_path) == {}
    once = table_rows(db_path)
    assert not import_file(store, exported).changed and table_rows(db_path) == once


def test_an_erasure_the_merged_file_brings_blanks_the_account_in_its_other_rows_too(older_copy, store, db_path, library, tmp_path):
    """Here the person is erased by the merge itself: the file's erasure, applied first, marks her account here."""
    erased_there = tmp_path / "erased-there.db"
    with Store.open(erased_there, library) as there:
        merge_database(there, db_path)
        erase_staff(there, older_copy["anna"].id)
    merge_database(store, erased_there, erase=True)
    merge_database(store, older_copy["path"])
    assert names_the_account(db_path) == {}


def test_an_account_disabled_without_an_erasure_keeps_its_name_in_merged_rows(older_copy, store, db_path):
    disable_account(store, MANAGER.account)
    report = merge_database(store, older_copy["path"])
    assert report.added["observations"] == 1
    assert MANAGER.account in account_values(db_path)["observations.recorded_by"]


def test_accounts_erased_before_the_schema_step_are_found_by_it(older_copy, store, db_path, library):
    """A file erased before m013: its worker's and its manager's erased accounts are marked when it is opened."""
    zoe = older_copy["zoe"]
    add_account(store, "wk.zoe", role="worker", password=PASSWORD, staff=zoe.ref)
    erase_staff(store, older_copy["anna"].id)
    erase_staff(store, zoe.id)
    add_account(store, "mgr.other", role="manager", password=PASSWORD)
    disable_account(store, "mgr.other")
    store.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("ALTER TABLE accounts DROP COLUMN erased_at")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_accounts_remember_their_erasure'")
        conn.execute("UPDATE accounts SET updated_at = '2020-01-01T00:00:00.000000Z' WHERE username = 'mgr.other'")
    conn.close()
    with Store.open(db_path, library) as reopened:
        marked = {r["username"] for r in reopened.rows("SELECT username FROM accounts WHERE erased_at IS NOT NULL")}
    assert marked == {MANAGER.account, "wk.zoe"}
