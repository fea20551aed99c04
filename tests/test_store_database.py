"""The database file: private permissions, migrations from nothing, and files that must be refused untouched."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from store_helpers import add_person, file_bytes, table_counts

from observations.store.database import open_database
from observations.errors import DatabaseFileError, InputError
from observations.store.migrations import known_migration_names
from observations.store.observation_store import Store


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_is_private_and_fully_migrated(tmp_path, library):
    path = tmp_path / "new" / "deeper" / "supervision.db"
    with Store.open(path, library) as opened:
        assert opened.db.journal_mode == "wal"
        assert opened.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert opened.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert opened.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        applied = {r["name"] for r in opened.rows("SELECT name FROM _sqlite_migrations")}
    assert applied == known_migration_names()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700


def test_migrates_an_empty_existing_file(tmp_path, library):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with Store.open(path, library) as opened:
        assert {"staff", "observations", "current_observations", "erasures"} <= set(opened.db.table_names() + opened.db.view_names())
        add_person(opened)
    with Store.open(path, library) as reopened:  # a second open applies nothing and keeps the data
        assert len(reopened.list_staff()) == 1


def test_existing_loose_permissions_are_tightened_by_a_write_not_by_reading(db_path, library):
    """Opening to read, or a write that fails, leaves the file exactly as it was, mode included."""
    Store.open(db_path, library).close()
    db_path.chmod(0o644)
    with Store.open(db_path, library) as opened:
        opened.list_staff()
        with pytest.raises(InputError):
            opened.add_staff("")
    assert mode(db_path) == 0o644
    with Store.open(db_path, library) as opened:
        add_person(opened)
    assert mode(db_path) == 0o600


def refused_untouched(path, library, match: str):
    before = file_bytes(path)
    before_mode = mode(path)
    with pytest.raises(DatabaseFileError, match=match):
        Store.open(path, library)
    assert file_bytes(path) == before
    assert mode(path) == before_mode


def test_refuses_a_file_that_is_not_sqlite(tmp_path, library):
    path = tmp_path / "notes.db"
    path.write_bytes(b"Dear diary, today I observed some practice.\n" * 10)
    path.chmod(0o644)
    refused_untouched(path, library, "is not an SQLite database")


def test_refuses_another_applications_sqlite_database(tmp_path, library):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    refused_untouched(path, library, "not a supervision-tui one")


def test_refuses_a_newer_schema_and_leaves_it_untouched(db_path, library):
    with Store.open(db_path, library) as opened:
        add_person(opened)
        opened.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('supervision', 'm999_from_the_future', '2030-01-01')"
        )
    refused_untouched(db_path, library, r"newer version of supervision-tui \(schema step 'm999_from_the_future'\)")


def test_refuses_a_folder(tmp_path, library):
    with pytest.raises(DatabaseFileError, match="is a folder"):
        Store.open(tmp_path, library)


def test_a_full_disk_rolls_back_the_whole_write(store, db_path):
    member = add_person(store)
    before = table_counts(db_path)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        with store.write():
            for number in range(50):
                store.db["observations"].insert(
                    {
                        "id": f"obs-{number}", "observation_id": f"obs-{number}", "staff_id": member.id, "framework": "apir",
                        "framework_version": "2005-08", "standard": "A2", "rating": "secure", "observed_on": "2025-01-01",
                        "source": "observation", "evidence": "x" * 4000, "recorded_at": "2025-01-01T00:00:00Z",
                    }
                )
    assert not store.conn.in_transaction
    assert table_counts(db_path) == before
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    store.record_observation(member.id, "A2", "secure")  # the connection is still usable
    assert table_counts(db_path)["observations"] == 1


def test_open_database_without_migrating_leaves_a_new_file_empty(tmp_path):
    path = tmp_path / "bare.db"
    db = open_database(path, migrate=False)
    try:
        assert db.table_names() == []
    finally:
        db.close()


def test_a_new_database_appears_only_when_its_command_succeeds(tmp_path, library):
    from observations.store.first_use import new_database_file

    path = tmp_path / "made" / "for" / "it.db"
    with pytest.raises(InputError):
        with new_database_file(path) as building:
            with Store.open(building, library) as opened:
                opened.add_staff("")
    assert not (tmp_path / "made").exists()
    with new_database_file(path) as building:
        with Store.open(building, library) as opened:
            add_person(opened)
    assert sorted(p.name for p in path.parent.iterdir()) == ["it.db"]
    with Store.open(path, library) as reopened:
        assert [m.name for m in reopened.list_staff()] == ["Zoë O'Neil"]


@pytest.mark.parametrize("start_empty", [False, True], ids=["no-file", "empty-file"])
def test_a_database_another_program_set_up_meanwhile_is_never_replaced(tmp_path, library, start_empty):
    from observations.store.first_use import new_database_file

    path = tmp_path / "shared.db"
    if start_empty:
        path.write_bytes(b"")
    with pytest.raises(DatabaseFileError, match="another program"):
        with new_database_file(path) as building:
            with Store.open(building, library) as opened:
                add_person(opened, "Mine Only")
            with Store.open(path, library) as other:  # the app, say, opened the same name and wrote first
                add_person(other, "Theirs")
    with Store.open(path, library) as reopened:
        assert [m.name for m in reopened.list_staff()] == ["Theirs"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "no-user-frameworks") == ["shared.db"]


def test_the_step_names_read_at_open_are_every_step_in_order():
    """Opening compares the file's steps with MIGRATION_NAMES (no sqlite-utils needed); it must list every step."""
    from sqlite_utils import Database

    from observations.store.migrations import migrations
    from observations.store.schema_steps import MIGRATION_NAMES

    assert list(MIGRATION_NAMES) == [step.name for step in migrations.pending(Database(memory=True, execute_plugins=False))]


def test_opening_and_reading_an_up_to_date_file_imports_no_sqlite_utils(tmp_path, library):
    """The app's start-up reads the staff list: sqlite-utils (about 50 ms to import) waits for the first write."""
    import subprocess
    import sys

    path = tmp_path / "ready.db"
    with Store.open(path, library) as ready:
        add_person(ready)
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from standards import load_library\n"
        "from observations.store.observation_store import Store\n"
        f"store = Store.open(Path({str(path)!r}), load_library(None))\n"
        "assert len(store.list_staff()) == 1\n"
        "print('sqlite_utils' in sys.modules)\n"
        "store.add_staff('Second Person')\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
    # and a reading command, through the command line's way of opening the store
    command = (
        "import sys\n"
        "from supervision_tui.cli.main import main\n"
        f"assert main(['--db', {str(path)!r}, 'staff', 'list']) == 0\n"
        "print('sqlite_utils' in sys.modules, file=sys.stderr)\n"
    )
    listed = subprocess.run([sys.executable, "-c", command], capture_output=True, text=True, timeout=60)
    assert (listed.returncode, listed.stderr.split()) == (0, ["False"]), listed.stderr
