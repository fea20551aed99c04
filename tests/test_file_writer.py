"""The one writer: no command writes over a database or its SQLite files, every written file is 0600 and whole,
an ordinary file is replaced unless --no-clobber, and no temporary file outlives the write."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from store_helpers import table_rows

from observations.errors import InputError
from observations.files.writer import write_file
from observations.store.observation_store import Store


@pytest.fixture
def sam_db(cli, tmp_path):
    db = tmp_path / "a.db"
    assert cli("--db", db, "staff", "add", "Sam Patel", "--team", "North").code == 0
    return db


def _refused(result, saying: str = "") -> None:
    assert result.code == 2, result.err
    assert saying in result.err, result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("supervision-tui: error: "), result.err
    assert "Traceback" not in result.err and "wrote" not in result.err


def _no_hidden_files(folder) -> None:
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


WRITING_COMMANDS = {
    "report": lambda out: ["report", "needs", "Sam", "--format", "md", "--out", out],
    "staff export": lambda out: ["staff", "export", "Sam", "--out", out],
    "standards export": lambda out: ["standards", "export", "apir", "--out", out],
    "standards show": lambda out: ["standards", "show", "apir", "--out", out],
    "export": lambda out: ["export", out],
    "caseload report": lambda out: ["report", "caseload", "Sam", "--out", out],
}


@pytest.mark.parametrize("command", sorted(WRITING_COMMANDS))
def test_no_command_writes_over_the_database_it_uses(cli, sam_db, command):
    before = table_rows(sam_db)
    _refused(cli("--db", sam_db, *WRITING_COMMANDS[command](str(sam_db))), str(sam_db))
    assert table_rows(sam_db) == before
    listed = cli("--db", sam_db, "staff", "list")
    assert listed.code == 0 and "Sam Patel" in listed.out, listed.err
    _no_hidden_files(sam_db.parent)


@pytest.mark.parametrize("sidecar", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("command", ["report", "staff export", "export"])
def test_no_command_writes_onto_sqlites_files_beside_the_database(cli, sam_db, command, sidecar):
    target = sam_db.with_name(sam_db.name + sidecar)
    _refused(cli("--db", sam_db, *WRITING_COMMANDS[command](str(target))))
    assert not target.exists()
    assert cli("--db", sam_db, "staff", "list").code == 0


def test_the_live_wal_of_a_database_open_elsewhere_is_refused(cli, sam_db, library):
    """The TUI has the database open (its -wal holds committed rows): a report onto the -wal is refused."""
    with Store.open(sam_db, library) as app:
        app.add_staff("Ann Lee", team="North")
        wal = sam_db.with_name("a.db-wal")
        assert wal.exists() and wal.stat().st_size > 0
        wal_bytes = wal.read_bytes()
        _refused(cli("--db", sam_db, "report", "needs", "Sam", "--format", "md", "--out", wal))
        assert wal.read_bytes() == wal_bytes
    assert "Ann Lee" in cli("--db", sam_db, "staff", "list").out


def test_any_other_sqlite_file_is_refused(cli, sam_db, tmp_path):
    other = tmp_path / "other-manager.db"
    with sqlite3.connect(other) as conn:  # someone's own SQLite file, not ours
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    before = other.read_bytes()
    for command in ("report", "staff export", "standards export", "export"):
        _refused(cli("--db", sam_db, *WRITING_COMMANDS[command](str(other))))
        assert other.read_bytes() == before


def test_the_app_export_path_refuses_the_open_database(sam_db, library):
    """The TUI writes its exports through the same writer while its store is open."""
    with Store.open(sam_db, library) as app:
        with pytest.raises(InputError, match="is the database itself"):
            write_file(sam_db, "# report\n")
        with pytest.raises(InputError, match="SQLite's own file"):
            write_file(sam_db.with_name("a.db-wal"), "# report\n")
        assert app.find_staff("Sam").name == "Sam Patel"
    _no_hidden_files(sam_db.parent)


def test_an_ordinary_file_is_replaced_0600_unless_no_clobber(cli, sam_db, tmp_path):
    target = tmp_path / "needs.md"
    target.write_text("old notes\n")
    os.chmod(target, 0o644)
    written = cli("--db", sam_db, "report", "needs", "Sam", "--format", "md", "--out", target)
    assert written.code == 0, written.err
    assert "Sam Patel" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("keep me\n")
    for command in ("report", "staff export", "standards export", "export"):
        _refused(cli("--db", sam_db, *WRITING_COMMANDS[command](str(target)), "--no-clobber"), "already exists")
        assert target.read_text() == "keep me\n"
    fresh = tmp_path / "fresh.json"
    assert cli("--db", sam_db, "staff", "export", "Sam", "--out", fresh, "--no-clobber").code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    _no_hidden_files(tmp_path)


def test_every_written_file_is_owner_only_even_with_an_open_umask(cli, sam_db, tmp_path):
    old = os.umask(0)
    try:
        outputs = {command: tmp_path / f"{command.replace(' ', '-')}.out" for command in WRITING_COMMANDS}
        for command, target in outputs.items():
            result = cli("--db", sam_db, *WRITING_COMMANDS[command](str(target)))
            assert result.code == 0, (command, result.err)
        assert cli("--db", sam_db, "backup", tmp_path / "copy.db").code == 0
    finally:
        os.umask(old)
    for target in [*outputs.values(), tmp_path / "copy.db"]:
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, target


def test_backup_no_clobber_keeps_an_older_backup(cli, sam_db, tmp_path):
    copy = tmp_path / "copy.db"
    assert cli("--db", sam_db, "backup", copy).code == 0
    before = copy.read_bytes()
    _refused(cli("--db", sam_db, "backup", copy, "--no-clobber"), "already exists")
    assert copy.read_bytes() == before


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("the old report\n")
    seen = []

    def interrupted_rename(source, destination):  # Ctrl-C after the new text is written, before it takes the name
        seen.append(open(source).read())
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted_rename)
    with pytest.raises(KeyboardInterrupt):
        write_file(target, "the new report\n")
    assert seen == ["the new report\n"]
    assert target.read_text() == "the old report\n"
    _no_hidden_files(tmp_path)


def test_a_log_or_journal_is_never_overwritten_whatever_its_name(tmp_path):
    log = tmp_path / "renamed-log.bin"
    log.write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)
    with pytest.raises(InputError, match="log or journal"):
        write_file(log, "text")
