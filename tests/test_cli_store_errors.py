"""Bad input to the store's commands: one clear line on stderr, exit 2, and not a byte written."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
from datetime import date, timedelta

import pytest
from conftest import console_script
from store_helpers import file_bytes, table_rows


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Built once: two people, two namesakes, and one observation, session and action for Zoë."""
    from observations.store.observation_store import Store
    from standards import load_library

    folder = tmp_path_factory.mktemp("template")
    with Store.open(folder / "template.db", load_library(folder / "no-user-frameworks")) as store:
        people = {name: store.add_staff(name, team=team) for name, team in (
            ("Zoë O'Neil", "North team"), ("Tom Byrne", "South team"), ("Ann Lee", "North team"), ("Ann Leech", "South team"),
        )}
        zoe = people["Zoë O'Neil"].id
        ids = {
            "obs": store.record_observation(zoe, "A2", "secure", observed_on="2025-03-01").observation_id,
            "session": store.add_session(zoe, held_on="2025-03-01").id,
            "action": store.add_action(zoe, "Read the guidance").id,
        }
    return (folder / "template.db").read_bytes(), ids


@pytest.fixture
def filled(db_path, template):
    content, ids = template
    db_path.write_bytes(content)
    db_path.chmod(0o600)
    (db_path.parent / "bad.json").write_text("{oops", encoding="utf-8")
    return ids


ERRORS = [
    (["staff", "show", "nobody"], "no staff member matches 'nobody'"),
    (["staff", "add", ""], "name must not be empty"),
    (["staff", "add", "Two\nLines"], "one line"),
    (["staff", "add", "Kim", "--started", "06/01/2025"], "start date: '06/01/2025' is not a date in the form YYYY-MM-DD"),
    (["staff", "leave", "zoë", "--date", "{tomorrow}"], "is in the future"),
    (["staff", "erase", "zoe o'neil"], "add --yes to confirm"),
    (["staff", "erase", "zoë"], "no staff member has the ref or the whole name 'zoë'"),
    (["observe", "zoë", "A2", "secure", "--examples", "1,,2"], "--examples: '1,,2' has an empty item"),
    (["observe", "zoë", "A2", "secure", "--examples", "1,1"], "1 appears twice"),
    (["staff", "add", "Kim Roe", "--started", "9999-01-01"], "more than 5 years ahead"),
    (["staff", "export", "Ann"], "matches 2 people"),
    (["observe", "Ann", "A2", "secure"], "staff 'Ann' matches 2 people: .* use a ref"),
    (["observe", "zoë", "Z9", "secure"], "unknown standard 'Z9' in apir"),
    (["observe", "zoë", "A2", "great"], r"unknown rating 'great' for apir \(ratings: not-evident, developing, secure, exemplary\)"),
    (["observe", "zoë", "A2", "secure", "--framework", "nope"], "unknown framework 'nope'"),
    (["observe", "zoë", "O1", "secure", "--framework", "methods-of-work", "--date", "{tomorrow}"], "is in the future"),
    (["observe", "zoë", "A2", "secure", "--date", "2025-02-30"], "'2025-02-30' is not a real date"),
    (["observe", "zoë", "A2", "secure", "--source", "gossip"], r"unknown source 'gossip' \(sources: observation, case-review, supervision, self-assessment\)"),
    (["observe", "zoë", "A2", "secure", "--examples", "1,x"], "--examples: '1,x' is not a list of numbers"),
    (["observe", "zoë", "A2", "secure", "--examples", "99"], "there is no example 99"),
    (["observe", "zoë", "A2", "secure", "--evidence", "x" * 50_001], "evidence is 50,001 characters; the limit is 50,000"),
    (["observe", "zoë", "A2", "secure", "--session", "abcd9999"], "no supervision session with id 'abcd9999'"),
    (["observe", "Tom", "A2", "secure", "--session", "{session}"], "is Zoë O'Neil's, not Tom Byrne's"),
    (["observe", "zoë", "A2"], "the following arguments are required: RATING"),
    (["history", "zoë", "Z9"], "unknown standard 'Z9'"),
    (["history", "nobody"], "no staff member matches"),
    (["correct", "abc", "--rating", "secure", "--reason", "x"], "too short"),
    (["correct", "ffff0000", "--rating", "secure", "--reason", "x"], "no observation with id 'ffff0000'"),
    (["correct", "{obs}", "--reason", "x"], "nothing to correct"),
    (["correct", "{obs}", "--rating", "developing"], "the following arguments are required: --reason"),
    (["correct", "{obs}", "--rating", "superb", "--reason", "typo"], "unknown rating 'superb'"),
    (["retract", "{obs}", "--reason", " "], "reason must not be empty"),
    (["session", "add", "zoë", "--date", "{tomorrow}"], "session date: .* is in the future"),
    (["action", "add", "zoë", "  "], "action text must not be empty"),
    (["action", "add", "zoë", "Read", "--standard", "Q9"], "unknown standard 'Q9'"),
    (["action", "add", "zoë", "Read", "--due", "2025-13-01"], "due date: '2025-13-01' is not a real date"),
    (["action", "done", "ffff0000"], "no action with id 'ffff0000'"),
    (["action", "done", "{action}", "--date", "{tomorrow}"], "is in the future"),
    (["import", "{dir}/missing.json"], "missing.json does not exist"),
    (["import", "{dir}/bad.json"], r"bad.json is not valid JSON \(line 1, column 2"),
    (["merge", "{dir}/missing.db"], "missing.db does not exist"),
    (["merge", "{dir}/bad.json"], "is not an SQLite database"),
    (["demo"], "already holds 4 staff members"),
    (["demo", "--staff", "0", "--add"], "demo staff: 0 is out of range"),
    (["backup", "{db}"], "is the database itself"),
    (["export", "{dir}/no/such/folder/x.json"], "folder .* does not exist"),
    (["staff", "list", "--format", "yaml"], "invalid choice: 'yaml'"),
    (["observe", "zoë", "A2", "secure", "--date", ""], "argument --date: the date is empty"),
    (["staff", "add", "Kim", "--started", " "], "argument --started: the date is empty"),
    (["export", ""], "argument FILE.json: the name is empty"),
    (["backup", ""], "argument FILE.db: the name is empty"),
    (["staff", "export", "zoë", "--out", ""], "argument --out: the name is empty"),
    (["observe", "zoë", "A2", "secure", "--evidence", "caf\udce9"], r"the argument 'caf\\xe9' is not UTF-8 text"),
    (["staff", "list", "stray\nword"], r"unrecognized arguments: stray\\x0aword"),
    (["backup", "{dir}/" + "y" * 300 + ".db"], r"cannot use .*…y+\.db: File name too long; nothing was saved"),
    (["export", "{dir}/" + "y" * 300 + ".json"], "File name too long"),
    (["staff", "export", "zoë", "--out", "{dir}/" + "y" * 300], "File name too long"),
]


@pytest.mark.parametrize("args, message", ERRORS, ids=[" ".join(a[:3])[:40] for a, _ in ERRORS])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, db_path, filled, args, message):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()  # now, not at import: a run may cross midnight
    values = {**filled, "dir": str(db_path.parent), "db": str(db_path), "tomorrow": tomorrow}
    args = [arg.format(**values) if "{" in arg else arg for arg in args]
    before_rows, before_bytes = table_rows(db_path), file_bytes(db_path)
    result = cli(*args, "--db", db_path)
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.startswith("supervision-tui: error: ")
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    assert re.search(message, result.err), result.err
    assert table_rows(db_path) == before_rows
    assert file_bytes(db_path) == before_bytes


def untouched_refusal(cli, path, message: str) -> None:
    before = file_bytes(path)
    for args in (["staff", "list"], ["staff", "add", "Kim"], ["demo"]):
        result = cli(*args, "--db", path)
        assert result.code == 2 and result.err.count("\n") == 1, result
        assert message in result.err, result.err
    assert file_bytes(path) == before


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Meeting notes, not a database\n" * 20)
    untouched_refusal(cli, path, "is not an SQLite database")


def test_another_programs_database_is_refused_and_untouched(cli, tmp_path):
    path = tmp_path / "recipes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    untouched_refusal(cli, path, "is an SQLite database but not a supervision-tui one")


def test_a_newer_schema_is_refused_and_untouched(cli, db_path, filled):
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('supervision', 'm900_next_year', 'x')")
    conn.commit()
    conn.close()
    untouched_refusal(cli, db_path, "was written by a newer version of supervision-tui")


def test_a_folder_given_as_the_database(cli, tmp_path):
    result = cli("staff", "list", "--db", tmp_path)
    assert result.code == 2 and "is a folder" in result.err


def test_a_full_disk_is_one_line_and_saves_nothing(cli, db_path, filled, monkeypatch):
    """SQLITE_FULL, forced by capping the file's size on every new connection."""
    from observations.store import database

    real_configure = database.configure

    def capped(conn):
        real_configure(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 1}")

    monkeypatch.setattr(database, "configure", capped)
    before = table_rows(db_path)
    result = cli("demo", "--add", "--staff", "50", "--db", db_path)
    assert (result.code, result.err) == (1, "supervision-tui: error: the disk is full: nothing was saved\n")
    assert table_rows(db_path) == before


def test_an_empty_db_option_is_refused_not_taken_as_the_default(cli, tmp_path):
    """'--db "$DB"' with DB unset must not quietly open the default database in the user's data folder."""
    result = cli("staff", "add", "Kim", "--db", "")
    assert result.code == 2 and "argument --db: the name is empty" in result.err
    assert result.err.count("\n") == 1
    from observations.store.database import default_database_path

    assert not default_database_path().exists()


def test_a_device_given_as_the_database_is_refused(cli):
    result = cli("staff", "list", "--db", os.devnull)
    assert result.code == 2 and result.err.count("\n") == 1, result
    assert "is not a regular file" in result.err


def test_a_damaged_sqlite_file_is_named_in_the_refusal(cli, tmp_path):
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + b"garbage" * 2000)
    before = path.read_bytes()
    result = cli("staff", "list", "--db", path)
    assert result.code == 2 and result.err.count("\n") == 1, result
    assert str(path) in result.err and "is not a usable SQLite database" in result.err
    assert path.read_bytes() == before


def test_opening_errors_name_the_file_and_what_to_check(tmp_path):
    """SQLite says only 'unable to open database file' when it cannot make the -wal file beside the database."""
    from observations.store.database import _unusable
    from observations.errors import DatabaseFileError

    path = tmp_path / "shared" / "team.db"
    error = _unusable(path, sqlite3.OperationalError("unable to open database file"))
    assert isinstance(error, DatabaseFileError)
    assert str(path) in str(error) and "team.db-wal" in str(error) and str(path.parent) in str(error)
    busy = sqlite3.OperationalError("database is locked")
    assert _unusable(path, busy) is busy


def test_evidence_from_standard_input_is_stored_exactly_or_refused_whole(console, db_path, filled, tmp_path):
    typed = "Line one\r\n[bold]Zoë[/] <b>two</b>\n"
    result = console("observe", "zoë", "A3", "secure", "--evidence", "-", "--db", db_path, input=typed)
    assert result.code == 0, result.err
    found = json.loads(console("history", "zoë", "A3", "--format", "json", "--db", db_path).out)
    assert [o["evidence"] for o in found] == [typed]

    before = file_bytes(db_path)
    latin1 = subprocess.run(
        [console_script(), "observe", "zoë", "A3", "secure", "--evidence", "-", "--db", str(db_path)],
        input="café".encode("latin-1"), capture_output=True, timeout=60,
    )
    assert latin1.returncode == 2
    assert latin1.stderr.decode().count("\n") == 1 and b"not UTF-8 text" in latin1.stderr
    assert file_bytes(db_path) == before


READ_OR_FAIL = [
    ["staff", "list"],
    ["history", "Nobody"],
    ["observe", "Nobody", "A2", "secure"],
    ["staff", "add", ""],
    ["import", "{dir}/missing.json"],
    ["demo", "--staff", "0"],
    ["action", "list"],
    ["backup", "{dir}/copy.db"],
    ["export", "{dir}/all.json"],
]
"""Commands that only read, or fail: none may leave a database where there was none."""


def run_each(console, path, folder):
    for args in READ_OR_FAIL:
        result = console(*[a.format(dir=folder) for a in args], "--db", path)
        assert "Traceback" not in result.err and "internal error" not in result.err, result
        assert result.code == 0 or (result.code == 2 and result.err.count("\n") == 1), (args, result)
        yield args, result


def test_reading_or_failing_where_no_database_is_creates_nothing(console, tmp_path):
    """A mistyped --db used to become a new, empty database (and its folders) even for 'staff list' or a failed 'observe'."""
    path = tmp_path / "typo" / "deeper" / "supervison.db"
    for args, result in run_each(console, path, tmp_path):
        assert sorted(p.name for p in tmp_path.iterdir()) == [], (args, result)
    listed = console("staff", "list", "--db", path)
    assert listed.out.startswith("no staff yet")
    refused = console("backup", tmp_path / "copy.db", "--db", path)
    assert f"there is no database at {path} yet" in refused.err


def test_an_empty_file_stays_empty_until_a_command_adds_to_it(console, tmp_path):
    path = tmp_path / "made-with-touch.db"
    path.write_bytes(b"")
    for args, _result in run_each(console, path, tmp_path):
        assert path.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == [path.name], args
    added = console("staff", "add", "Kim Lee", "--db", path)
    assert added.code == 0, added.err
    assert json.loads(console("staff", "list", "--format", "json", "--db", path).out)[0]["name"] == "Kim Lee"


def test_the_first_successful_add_creates_the_database_privately_and_leaves_no_temporary_file(console, tmp_path):
    path = tmp_path / "new" / "deeper" / "team.db"
    added = console("staff", "add", "Kim Lee", "--db", path)
    assert added.code == 0, added.err
    ref = added.out.strip().splitlines()[-1].split()[0]
    assert [p.name for p in path.parent.iterdir()] == ["team.db"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700 and stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    assert console("staff", "show", ref, "--db", path).code == 0


def test_reading_or_failing_leaves_an_existing_files_permissions_alone(console, db_path, filled):
    """Tightening a shared file to owner-only is a change: only a command that writes records makes it."""
    db_path.chmod(0o640)
    for args, _result in run_each(console, db_path, db_path.parent):
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o640, args
    recorded = console("observe", "zoë", "A2", "secure", "--db", db_path)
    assert recorded.code == 0, recorded.err
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.mark.parametrize("args", [
    ["observe", "x" * 100_000, "A2", "secure"],
    ["observe", "zoë", "A2", "secure", "--examples", "9" * 100_000],
    ["history", "zoë", "Q" * 100_000],
], ids=["staff", "examples", "standard"])
def test_an_error_quoting_a_huge_argument_stays_a_readable_line(console, db_path, filled, args):
    """The whole 100,000-character argument used to come back in the error line."""
    before = file_bytes(db_path)
    result = console(*args, "--db", db_path)
    assert result.code == 2 and result.err.count("\n") == 1, result.err[:300]
    assert len(result.err) < 700 and "characters left out]" in result.err
    assert result.err.startswith("supervision-tui: error: ")
    assert file_bytes(db_path) == before
