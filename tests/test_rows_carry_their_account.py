"""Every row written under a signed-in scope names its account (schema step m010), the terminal's names nobody, and
``history --trail`` shows who wrote each row; older files gain the columns with '' in every existing row."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

from observations.caseload.cases import add_case, log_event
from observations.store.migrations import migrations
from observations.store.observation_store import Store
from observations.store.record_trail import record_trail
from observations.store.recorded_by import ACCOUNT_COLUMNS, ADDED_BY_M010
from observations.store.scope import AccessDenied, Scope
from observations.supervision.record import tick_item
from account_rows_support import account_values, worker_scope, written  # noqa: F401 (a fixture)


def test_every_kind_of_row_written_under_a_scope_names_its_account(written, db_path):
    values = account_values(db_path)
    assert values.pop("staff.created_by") == {"", "mgr.anna"}  # Zoë was added at the terminal, Ben by the manager
    assert values.pop("staff.updated_by") == {"mgr.anna"}  # both changed since by the manager
    assert values.pop("observations.recorded_by") == {"mgr.anna", "wk.zoe"}
    assert all(found == {"mgr.anna"} for found in values.values()), values


def test_the_terminal_writes_no_account(store, db_path, library):
    member = store.add_staff("Ada Lovelace", team="North team", started_on="2024-01-01")
    session = store.add_session(member.id, held_on="2025-03-03")
    action = store.add_action(member.id, "Read the guide")
    store.update_action(action.id, "done", on="2025-03-04")
    add_case(store, member.id, "50001", level="intensive", referred_on="2025-01-06")
    log_event(store, "50001", "contact", "2025-02-03")
    tick_item(store, session.id, "decision", "", note="Keep going")
    store.staff_leave(member.id, on="2025-03-31")
    for column, found in account_values(db_path).items():
        assert found <= {""}, column


def test_the_trail_shows_who_wrote_each_row_about_the_person_oldest_first(written, store):
    trail = record_trail(store, written["zoe"].id)
    kinds = [line.kind for line in trail]
    assert kinds.count("person added") == 1 and kinds.count("person changed") == 1
    for kind in ("session", "observation", "action", "action update", "case", "case event", "case transfer",
                 "agenda tick", "decision", "record agreed", "record corrected"):
        assert kind in kinds, kind
    assert [line.at for line in trail] == sorted(line.at for line in trail)
    writers = {(line.kind, line.writer) for line in trail}
    assert ("person added", "the terminal") in writers and ("person changed", "mgr.anna") in writers
    assert ("observation", "wk.zoe") in writers and ("observation", "mgr.anna") in writers
    assert {line.writer for line in trail if line.kind not in ("person added", "observation")} == {"mgr.anna"}
    assert not any("Well done" in line.what or "40213 stays" in line.what for line in trail)  # no free text


def test_the_worker_sees_their_own_trail_a_trainer_none_and_a_worker_nobody_elses(written, db_path, library):
    zoe, colleague = written["zoe"], written["colleague"]
    with Store.open(db_path, library, scope=worker_scope(zoe.id)) as worker:
        assert any(line.writer == "wk.zoe" for line in record_trail(worker, zoe.id))
        with pytest.raises(AccessDenied):
            record_trail(worker, colleague.id)
    with Store.open(db_path, library, scope=Scope("trainer", account="tr.kim")) as trainer, pytest.raises(AccessDenied):
        record_trail(trainer, zoe.id)


def test_history_shows_the_account_that_recorded_each_row(written, cli, db_path):
    result = cli("--db", db_path, "history", written["zoe"].ref)
    assert result.code == 0, result.err
    assert "by Anna Kerr  recorded by mgr.anna" in result.out
    assert "recorded by wk.zoe" in result.out
    trail = cli("--db", db_path, "history", written["zoe"].ref, "--trail")
    assert trail.code == 0, trail.err
    lines = trail.out.splitlines()
    assert lines[0].startswith("Zoë O'Neil (") and "rows written about them, oldest first" in lines[0]
    assert any("person added" in line and line.endswith("by the terminal") for line in lines)
    assert any("case transfer" in line and "40214" in line and line.endswith("by mgr.anna") for line in lines)
    assert any("observation" in line and line.endswith("by wk.zoe") for line in lines)
    as_json = json.loads(cli("--db", db_path, "history", written["zoe"].ref, "--trail", "--format", "json").out)
    assert {row["by"] for row in as_json} == {"", "mgr.anna", "wk.zoe"}


def test_the_trail_refuses_a_standard_or_all_on_one_line(written, cli, db_path):
    result = cli("--db", db_path, "history", written["zoe"].ref, "A2", "--trail")
    assert result.code == 2 and result.err.count("\n") == 1 and "--trail" in result.err


OLD_ROWS = """
INSERT INTO staff VALUES ('s1', 'aaaaaaaa', 'Zoë', 'North team', '', '2024-01-01', '', 'active', NULL, 't0', 't0', NULL);
INSERT INTO sessions VALUES ('se1', 's1', '2025-03-03', '', '', 't1');
INSERT INTO actions VALUES ('a1', 's1', 'Read', '', '[]', '', NULL, NULL, 't1', 'Anna');
INSERT INTO action_updates VALUES ('u1', 'a1', 'done', '', '2025-03-04', 't2');
INSERT INTO cases VALUES ('c1', '40213', 's1', 'intensive', '2025-01-06', 0, 't1');
INSERT INTO case_events VALUES ('e1', 'c1', 'contact', '2025-02-03', NULL, '', 't2', NULL, NULL);
INSERT INTO case_transfers VALUES ('t1', 'c1', 's1', 's1', '2025-02-04', '', 't2');
INSERT INTO session_items VALUES ('i1', 'se1', 's1', 'decision', '', 'Keep going', 't2');
INSERT INTO session_records VALUES ('r1', 'se1', 's1', 'correction', 'text', 'Anna', '', '2025-03-04', NULL, 't3');
"""


def test_an_older_file_gains_the_columns_with_the_terminal_in_every_existing_row(db_path, library):
    db = Database(db_path)
    migrations.apply(db, stop_before="m010_rows_carry_their_account")
    db.conn.execute("PRAGMA foreign_keys = OFF")
    db.conn.executescript(OLD_ROWS)
    db.conn.commit()
    db.close()
    with Store.open(db_path, library) as store:
        for table, columns in ADDED_BY_M010.items():
            for column in columns:
                assert {r[column] for r in store.rows(f"SELECT {column} FROM {table}")} == {""}, (table, column)
        conn = store.conn
        for table in ("sessions", "action_updates", "cases", "case_events", "case_transfers", "session_items", "session_records"):
            column = ACCOUNT_COLUMNS[table][0]
            with pytest.raises(sqlite3.IntegrityError):  # still append-only: no one's account can be written later
                conn.execute(f"UPDATE {table} SET {column} = 'someone'")
            with pytest.raises(sqlite3.IntegrityError):  # and nothing else changes with it
                conn.execute(f"UPDATE {table} SET {column} = '(erased)', recorded_at = 'x'" if table not in ("sessions", "cases")
                             else f"UPDATE {table} SET {column} = '(erased)', created_at = 'x'")
            conn.execute(f"UPDATE {table} SET {column} = '(erased)'")  # what an erasure does
            conn.rollback()
