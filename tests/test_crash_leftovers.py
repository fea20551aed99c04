"""Crash leftovers: a command killed mid-write (SIGKILL runs no clean-up) leaves hidden copies full of personal
data; the next open of the database sweeps them, and only them. An interrupted command cleans up itself."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from conftest import console_script

from observations.files.sweep import sweep_leftovers
from observations.files.temp_names import STALE_AFTER_SECONDS, temp_path, writer_pid

POLL_LIMIT_SECONDS = 60


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _kill_when(args: list[str], appeared, sig: int = signal.SIGKILL) -> subprocess.Popen:
    """Start the console script and send ``sig`` the moment ``appeared()`` is true (a bounded poll on the files)."""
    process = subprocess.Popen([console_script(), *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + POLL_LIMIT_SECONDS
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if appeared():
                process.send_signal(sig)
                break
            time.sleep(0.001)  # the poll's interval, not a wait for the work: the loop ends on the file
        process.wait(timeout=POLL_LIMIT_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process


def _building_log(folder: Path):
    """True once a new database's temporary copy has its -wal with rows in it."""
    return lambda: any(n.endswith(".new-wal") and (folder / n).stat().st_size > 0 for n in _safe_names(folder))


def _safe_names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _killed(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    assert process.returncode == -sig, (process.returncode, process.stderr.read() if process.stderr else "")


def _swept_by_the_next_open(console, process: subprocess.Popen, db: Path, target: Path) -> None:
    """The kill landed while a hidden copy was on disk and before ``target`` appeared; the next command on ``db``
    (here: staff list) removes the copy and still no ``target`` appears."""
    _killed(process)
    assert not target.exists()
    assert _hidden(target.parent), "the kill came too late to leave a copy behind"
    listed = console("--db", db, "staff", "list")
    assert listed.code == 0, listed.err
    assert _hidden(target.parent) == [] and not target.exists()


def test_a_killed_demo_into_a_new_file_leaves_nothing_after_the_next_open(tmp_path, console):
    db = tmp_path / "new.db"
    process = _kill_when(["--db", db, "demo", "--staff", "120", "--months", "24"], _building_log(tmp_path))
    _swept_by_the_next_open(console, process, db, db)


def test_a_killed_import_into_a_new_file_leaves_nothing_after_the_next_open(tmp_path, console):
    source = tmp_path / "source.db"
    assert console("--db", source, "demo", "--staff", "80", "--months", "24").code == 0
    export = tmp_path / "all.json"
    assert console("--db", source, "export", export).code == 0
    work = tmp_path / "work"
    work.mkdir()
    db = work / "new.db"
    process = _kill_when(["--db", db, "import", export], _building_log(work))
    _killed(process)
    assert _hidden(work), "the kill came too late to leave a copy behind"
    assert console("--db", db, "import", export).code == 0  # the next open (here: the import run again)
    assert _hidden(work) == []
    assert console("--db", db, "staff", "list").out.count("\n") > 80


def _padded_database(console, db: Path) -> None:
    """A database large enough (about 48 MB) that a backup of it takes a while."""
    assert console("--db", db, "staff", "add", "Sam Patel", "--team", "North").code == 0
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE padding (blob)")
    conn.execute("INSERT INTO padding SELECT randomblob(1000000) FROM generate_series(1, 48)" if sqlite3.sqlite_version_info >= (3, 46)
                 else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 48) INSERT INTO padding SELECT randomblob(1000000) FROM n")
    conn.commit()
    conn.close()


def test_a_killed_backup_leaves_nothing_after_the_next_open(tmp_path, console):
    db = tmp_path / "a.db"
    _padded_database(console, db)
    target = tmp_path / "copy.db"

    def copy_under_way() -> bool:
        return any(n.startswith(".copy.db.") and (tmp_path / n).stat().st_size > 0 for n in _safe_names(tmp_path))

    process = _kill_when(["--db", db, "backup", target], copy_under_way)
    _swept_by_the_next_open(console, process, db, target)


def test_a_terminated_demo_cleans_up_after_itself(tmp_path):
    """SIGTERM (a closed terminal, a shutdown) runs the clean-up: nothing is left even before the next open."""
    db = tmp_path / "new.db"
    process = _kill_when(["--db", db, "demo", "--staff", "120", "--months", "24"], _building_log(tmp_path), signal.SIGTERM)
    assert process.returncode != 0
    assert _hidden(tmp_path) == [] and not db.exists()


def _leftover(folder: Path, pid: int, token: str, *, age: float = 0.0) -> Path:
    path = folder / f".x.db.{pid}-{token}.new"
    path.write_bytes(b"personal data")
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def test_the_sweep_removes_only_the_tools_own_stale_files(tmp_path):
    child = subprocess.Popen(["sleep", "30"])
    try:
        dead_pid = _exited_pid()
        dead = _leftover(tmp_path, dead_pid, "deadbeef")
        dead_log = dead.with_name(dead.name + "-wal")
        dead_log.write_bytes(b"log")
        alive = _leftover(tmp_path, child.pid, "a11ve000")
        old = _leftover(tmp_path, child.pid, "o1d00000", age=STALE_AFTER_SECONDS + 60)
        theirs = tmp_path / ".x.db.12345.new"  # not our pattern: never touched
        theirs.write_bytes(b"someone else's")
        removed = sweep_leftovers(tmp_path)
        assert sorted(p.name for p in removed) == sorted([dead.name, dead_log.name, old.name])
        assert alive.exists() and theirs.exists()
    finally:
        child.kill()
        child.wait()


def _exited_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_the_pattern_names_the_writer():
    name = temp_path(Path("/tmp/report.md"), "tmp").name
    assert name.startswith(".report.md.") and writer_pid(name) == os.getpid()
    assert writer_pid(name + "-wal") == os.getpid()
    assert writer_pid("report.md") is None and writer_pid(".report.md.tmp") is None


@pytest.mark.parametrize("kind", ["new", "tmp"])
def test_opening_a_database_sweeps_beside_it(tmp_path, kind, console):
    db = tmp_path / "a.db"
    assert console("--db", db, "staff", "add", "Sam Patel", "--team", "North").code == 0
    stale = tmp_path / f".a.db.{_exited_pid()}-abcdefgh.{kind}"
    stale.write_bytes(b"personal data")
    assert console("--db", db, "staff", "list").code == 0
    assert not stale.exists()



def test_a_killed_export_leaves_nothing_after_the_next_open(tmp_path, console):
    """Reports, subject access, framework exports and ``export`` all write through the one writer; a 28 MB export
    is written long enough for the kill to land while its hidden copy is on disk."""
    db = tmp_path / "org.db"
    assert console("--db", db, "demo", "--staff", "400", "--months", "24").code == 0
    target = tmp_path / "all.json"

    def writing() -> bool:
        return any(n.startswith(".all.json.") and n.endswith(".tmp") for n in _safe_names(tmp_path))

    process = _kill_when(["--db", db, "export", target], writing)
    _swept_by_the_next_open(console, process, db, target)
