"""Durability: writers killed with SIGKILL mid-transaction lose nothing committed; two writers at once lose nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import add_person

from observations.store.observation_store import Store

WORKER = Path(__file__).with_name("store_worker.py")


def start_worker(db_path: Path, staff_id: str, count: int, *, barrier: bool = False) -> subprocess.Popen:
    args = [sys.executable, str(WORKER), str(db_path), staff_id, str(count)] + (["--barrier"] if barrier else [])
    return subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def check_intact(db_path: Path, committed: list[str]) -> None:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        present = {row[0] for row in conn.execute("SELECT observation_id FROM observations")}
        missing = set(committed) - present
        assert not missing, f"{len(missing)} committed observations are missing"
        # every revision after the first supersedes a revision that is present
        orphans = conn.execute(
            "SELECT count(*) FROM observations o WHERE o.revision > 1 AND NOT EXISTS "
            "(SELECT 1 FROM observations p WHERE p.id = o.supersedes AND p.revision = o.revision - 1)"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        conn.close()


SEED_ENV = "SUPERVISION_TUI_KILL_SEED"
"""Set it to the seed a failure printed to repeat that run's kill points."""


def kill_seed() -> int:
    """The seed for the kill points: from SUPERVISION_TUI_KILL_SEED, else a fresh one, printed (pytest shows it on failure)."""
    seed = int(os.environ.get(SEED_ENV) or random.SystemRandom().randrange(2**32))
    print(f"kill points: {SEED_ENV}={seed}")
    return seed


def test_a_printed_kill_seed_repeats_the_kill_points(monkeypatch, capsys):
    """The number of commits before each kill comes from the seed (the moment within a write is the scheduler's)."""
    monkeypatch.setenv(SEED_ENV, "1234")
    assert kill_seed() == 1234
    assert f"{SEED_ENV}=1234" in capsys.readouterr().out
    monkeypatch.delenv(SEED_ENV)
    assert kill_seed() != kill_seed() or kill_seed() != kill_seed(), "without the variable, each run draws its own"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_at_random_moments_loses_nothing_committed(db_path, library):
    with Store.open(db_path, library) as opened:
        staff_id = add_person(opened).id
    seed = kill_seed()
    rng = random.Random(seed)
    committed: list[str] = []
    for round_number in range(6):
        worker = start_worker(db_path, staff_id, 0)
        for _ in range(rng.randint(1, 40)):  # let it commit a random number of observations, then kill it mid-write
            line = worker.stdout.readline()
            assert line, worker.stderr.read()
            committed.append(line.strip())
        worker.send_signal(signal.SIGKILL)
        assert worker.wait() == -signal.SIGKILL
        committed += [line.strip() for line in worker.stdout.read().splitlines() if line.strip()]
        worker.stdout.close(), worker.stderr.close(), worker.stdin.close()
        try:
            check_intact(db_path, committed)
        except AssertionError as failure:
            raise AssertionError(f"round {round_number + 1}, {SEED_ENV}={seed}: {failure}") from failure
    assert len(committed) >= 6
    with Store.open(db_path, library) as reopened:  # and the store still works after all that
        reopened.record_observation(staff_id, "A2", "secure")


def test_two_writers_at_once_lose_nothing(db_path, library):
    with Store.open(db_path, library) as opened:
        first, second = add_person(opened).id, add_person(opened, "Tom Byrne", "South team").id
    count = 40
    workers = [start_worker(db_path, staff_id, count, barrier=True) for staff_id in (first, second)]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    for worker in workers:  # both start writing at the same moment
        worker.stdin.write("go\n")
        worker.stdin.flush()
    outputs = [worker.communicate() for worker in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
        assert "locked" not in err
    committed = [line for out, _ in outputs for line in out.split()]
    assert len(committed) == 2 * count
    check_intact(db_path, committed)
    with Store.open(db_path, library) as reopened:
        assert len(reopened.history(first)) == count
        assert len(reopened.history(second)) == count


def test_a_command_run_while_the_app_has_the_database_open_loses_nothing(db_path, library, console):
    """The app holds two connections (its two lanes); a command in another process opens and closes the file.

    POSIX drops every lock a process holds on a file when the process closes any
    descriptor of it: had opening the second connection read the file's header
    through Python, the app would hold no lock, the command would take itself for
    the last user, checkpoint and delete the WAL under the app, and the app's next
    writes would go to a deleted file (lost, and the index corrupted).
    """
    with Store.open(db_path, library) as first:
        add_person(first, "Before Command")
        with Store.open(db_path, library) as second:
            assert second.list_staff()
            listed = console("staff", "list", "--db", db_path)
            assert listed.code == 0, listed.err
            assert Path(f"{db_path}-wal").exists(), "a command deleted the WAL while the app had the database open"
            assert console("staff", "add", "Command Person", "--db", db_path).code == 0
            add_person(second, "After Command", "South team")
            add_person(first, "Last One", "East team")
    names = {row["name"] for row in json.loads(console("staff", "list", "--format", "json", "--db", db_path).out)}
    assert names == {"Before Command", "Command Person", "After Command", "Last One"}
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
