"""Read-only database files (issue 18, kind 8).

A command that only reads must work on a file it may not change -- a 0400
file, a read-only folder -- without writing or leaving anything beside it;
a command that would change it says so in one line (exit 2).

File modes do not stop root, and these tests usually run as root. They run
the real console script as root with every capability dropped (``setpriv
--bounding-set=-all``): no CAP_DAC_OVERRIDE, so the file modes apply to it
exactly as they apply to an ordinary user. As an ordinary user they run it
as it is.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import Result, console_script

NAME = "Sam Patel"
READING_COMMANDS = [
    ("staff", "list"),
    ("staff", "show", NAME),
    ("history", NAME),
    ("report", "needs", NAME),
    ("action", "list", NAME),
    ("export", "{out}/all.json"),
    ("backup", "{out}/copy.db"),
    ("staff", "export", NAME, "--out", "{out}/sam.json"),
]
WRITING_COMMANDS = [
    ("staff", "add", "Jo Bloggs"),
    ("observe", NAME, "A2", "developing", "--evidence", "seen"),
    ("staff", "leave", NAME),
    ("staff", "erase", NAME, "--yes"),
]


def _unprivileged_prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and setpriv (util-linux) is missing: file modes cannot be made to apply")
    probe = subprocess.run([setpriv, "--inh-caps=-all", "--bounding-set=-all", "--", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"running as root, and setpriv cannot drop capabilities here: {probe.stderr.decode().strip()}")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--"]


@pytest.fixture
def unprivileged():
    """Run the console script with file modes applying to it, even as root."""
    prefix = _unprivileged_prefix()

    def run(*args) -> Result:
        completed = subprocess.run(
            [*prefix, console_script(), *[str(a) for a in args]], capture_output=True, text=True, timeout=120
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def out(tmp_path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture
def database(cli, tmp_path) -> Path:
    """One person with one observation, in a folder of its own; closed, so no -wal or -shm is left."""
    folder = tmp_path / "records"
    folder.mkdir(mode=0o700)
    path = folder / "team.db"
    assert cli("--db", path, "staff", "add", NAME, "--team", "North").code == 0
    assert cli("--db", path, "observe", NAME, "A2", "developing", "--evidence", "seen").code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["team.db"]
    return path


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (stat.S_IMODE(p.stat().st_mode), p.stat().st_size) for p in folder.iterdir()}


@pytest.fixture
def read_only_folder(database):
    database.parent.chmod(0o500)
    yield database
    database.parent.chmod(0o700)


def _args(command, out: Path) -> list[str]:
    return [part.format(out=out) for part in command]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_a_database_in_a_read_only_folder_can_be_read_and_backed_up(unprivileged, read_only_folder, out, command):
    before = _listing(read_only_folder.parent)
    result = unprivileged("--db", read_only_folder, *_args(command, out))
    assert result.code == 0, result
    assert "needs setting up" not in result.err
    assert _listing(read_only_folder.parent) == before


def test_the_copy_from_a_read_only_folder_is_whole(unprivileged, read_only_folder, out, cli):
    assert unprivileged("--db", read_only_folder, "backup", out / "copy.db").code == 0
    listed = cli("--db", out / "copy.db", "history", NAME)
    assert listed.code == 0 and "seen" in listed.out


@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=" ".join)
def test_a_change_to_a_database_in_a_read_only_folder_is_refused_in_one_line(unprivileged, read_only_folder, command):
    before = _listing(read_only_folder.parent)
    result = unprivileged("--db", read_only_folder, *command)
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and result.err.startswith("supervision-tui: error: cannot change "), result.err
    assert "read-only" in result.err and "needs setting up" not in result.err
    assert _listing(read_only_folder.parent) == before


def test_reading_a_0400_database_leaves_nothing_beside_it_and_chmod_600_is_enough_to_write(unprivileged, database):
    database.chmod(0o400)
    assert unprivileged("--db", database, "staff", "list").code == 0
    assert unprivileged("--db", database, "report", "needs", NAME).code == 0
    assert sorted(p.name for p in database.parent.iterdir()) == ["team.db"]
    refused = unprivileged("--db", database, "staff", "add", "Jo Bloggs")
    assert refused.code == 2 and refused.err.count("\n") == 1 and f"chmod 600 {database}" in refused.err, refused
    assert sorted(p.name for p in database.parent.iterdir()) == ["team.db"]
    database.chmod(0o600)
    added = unprivileged("--db", database, "staff", "add", "Jo Bloggs")
    assert added.code == 0, added


def test_read_only_wal_and_shm_left_by_an_earlier_version_do_not_block_writing(unprivileged, database):
    """Before this fix, reading a 0400 file left 0400 -wal and -shm; once the file is 0600 again they are repaired."""
    for suffix, size in (("-wal", 0), ("-shm", 32768)):
        companion = database.with_name(database.name + suffix)
        companion.write_bytes(b"\0" * size)
        companion.chmod(0o400)
    added = unprivileged("--db", database, "staff", "add", "Jo Bloggs")
    assert added.code == 0, added
    listed = unprivileged("--db", database, "staff", "list")
    assert "Jo Bloggs" in listed.out


def test_a_read_only_file_is_opened_read_only_and_a_writable_one_as_usual(cli, database, monkeypatch):
    """In-process, which open a reading command uses: the file's own name as usual, a ``mode=ro`` URI once the
    question the code asks (may this process change the file?) is answered no, as it is for a 0400 file."""
    import sqlite3

    from observations.store import database as database_module

    opened: list[str] = []
    real_connect = sqlite3.connect

    def spying_connect(target, *args, **kwargs):
        opened.append(str(target))
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", spying_connect)
    assert cli("--db", database, "staff", "list").code == 0
    assert opened == [str(database)]
    opened.clear()
    monkeypatch.setattr(database_module, "read_only_reason", lambda path: f"{path} is read-only")
    result = cli("--db", database, "staff", "list")
    assert result.code == 0 and NAME in result.out
    assert len(opened) == 1 and opened[0].startswith("file:") and "mode=ro" in opened[0]
    refused = cli("--db", database, "staff", "add", "Jo Bloggs")
    assert refused.code == 2 and "cannot change" in refused.err
    assert [row["name"] for row in json.loads(cli("--db", database, "staff", "list", "--format", "json").out)] == [NAME]


def test_a_database_made_read_only_under_a_running_command_is_one_line_and_exit_2(cli, database, monkeypatch):
    """The check before opening cannot see a file made read-only afterwards (a remount, a chmod by another
    program): SQLite's own refusal is then worded as bad input too, not as a failure of the system."""
    from observations.store.observation_store import Store

    real_write = Store.write

    def write_on_read_only(self):
        self.conn.execute("PRAGMA query_only = ON")  # SQLite now refuses writes as it does on a read-only file
        return real_write(self)

    monkeypatch.setattr(Store, "write", write_on_read_only)
    result = cli("--db", database, "staff", "add", "Jo Bloggs")
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and "read-only" in result.err


def test_a_companion_removed_by_another_connection_while_checking_is_missing_not_read_only(tmp_path, monkeypatch):
    """Another connection closing removes -wal and -shm; if that happens between seeing a companion and asking whether
    it is writable, the file is missing (SQLite makes it again in the writable folder), not read-only. The next app
    opening the file as the last one closed it was refused with 'demo.db-wal beside it is read-only'."""
    from observations.store import database as database_module

    path = tmp_path / "demo.db"
    path.write_bytes(b"")
    wal = tmp_path / "demo.db-wal"
    wal.write_bytes(b"")
    access = os.access

    def removed_meanwhile(target, mode, *args, **kwargs):
        if Path(target) == wal and wal.exists():
            wal.unlink()  # the closing connection's checkpoint deletes it now
            return False
        return access(target, mode, *args, **kwargs)

    monkeypatch.setattr(database_module.os, "access", removed_meanwhile)
    assert database_module.read_only_reason(path) is None
