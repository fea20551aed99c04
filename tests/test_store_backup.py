"""Online backup: a consistent, private, self-contained copy, even while another program is writing."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from store_helpers import add_person, file_bytes, table_rows

from observations.exchange.backup import backup_database
from observations.errors import InputError
from observations.store.observation_store import Store


def test_backup_while_another_writer_is_mid_transaction(store, db_path, library, tmp_path):
    member = add_person(store)
    store.record_observation(member.id, "A2", "secure", evidence="committed before the backup")
    committed = table_rows(db_path)
    target = tmp_path / "backups" / "copy.db"
    target.parent.mkdir()
    with Store.open(db_path, library) as app:  # the TUI, in the middle of a write it has not committed
        app.db.conn.execute("BEGIN IMMEDIATE")
        app.db.conn.execute("INSERT INTO staff (id, ref, name, created_at, updated_at) VALUES ('uncommitted', 'zzzzzzzz', 'Not Yet', 'x', 'x')")
        result = backup_database(store, target)
        app.db.conn.rollback()
    assert result["staff"] == 1 and result["observations"] == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not (target.parent / "copy.db-wal").exists()
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert table_rows(target) == committed
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]  # no temporary files left behind
    with Store.open(target, library) as restored:
        assert restored.find_staff("Zoë").id == member.id


def test_backup_replaces_an_older_backup(store, tmp_path):
    target = tmp_path / "copy.db"
    backup_database(store, target)
    add_person(store)
    assert backup_database(store, target)["staff"] == 1


def test_backup_refuses_to_overwrite_what_it_should_not(store, db_path, tmp_path):
    precious = tmp_path / "thesis.docx"
    precious.write_bytes(b"PK\x03\x04 my thesis")
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for target, message in (
        (precious, "exists and is not a database"),
        (foreign, "not a supervision-tui database"),
        (db_path, "is the database itself"),
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "copy.db", "does not exist"),
    ):
        before = file_bytes(target) if target.is_file() else None
        with pytest.raises(InputError, match=message):
            backup_database(store, target)
        if before is not None and target != db_path:
            assert file_bytes(target) == before
