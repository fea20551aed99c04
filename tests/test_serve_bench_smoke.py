"""The served benchmark part still runs at tiny sizes, its numbers are sane, and it leaves no server or app behind (no timing asserts).

Benchmarks are not tests: nothing here checks that a number is fast, only that
the part ran end to end against real servers on 127.0.0.1, that what it
measured hangs together (a part is never longer than its whole, every save was
stored with its account), and that every process it started has ended, even
when a session fails half-way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "run.py"


@pytest.fixture
def bench(monkeypatch):
    """The bench modules import each other by plain name from bench/."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import serve_bench

    return serve_bench


@pytest.fixture
def demo(bench, tmp_path):
    from conditions import isolated_env
    from dbs import generate

    env = isolated_env(tmp_path / "home")
    return generate(tmp_path, 30, 3, env), env


def _library(tmp_path):
    from standards import load_library

    return load_library(tmp_path / "no-user-frameworks")


def _processes_naming(text: str) -> list[str]:
    """Living processes whose command line mentions ``text`` (a database path only the bench's servers were given)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    command = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
                with open(f"/proc/{entry}/stat") as stat:
                    state = stat.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if text in command and state != "Z":
                found.append(command)
    return found


def test_the_serve_part_runs_from_the_script_and_reports_every_measure(tmp_path):
    out = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--parts", "serve", "--out", str(out), "--work-dir", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]  # a goal missed is reported, not a failure of the script
    text = out.read_text(encoding="utf-8")
    assert "### Parts that failed" not in text, text
    for measure in (
        "Served start-up: a signed-in tab, terminal page GET to the first staff name",
        "sign-in POST to the first staff name, against textual-serve's bare app",
        "| Websocket open to the awaited text |",
        "| Page GET to the awaited text |",
        "Served start-up, where the time goes",
        "sessions on one server: save key to committed row",
        "every write stored with its account as recorder | 8 rows | 8 saves sent | all stored | all | yes |",
        "memory per session",
    ):
        assert measure in text
    assert not _processes_naming(str(tmp_path / "work"))


def test_served_numbers_hang_together_and_every_save_is_stored(bench, demo, tmp_path):
    database, env = demo
    startup = bench.measure_served_startup(database.path, database.staff, _library(tmp_path), env, tmp_path, runs=1)
    (product,), (table,), (bare,) = startup.product, startup.table, startup.bare
    assert 0 < product.sign_in < product.total and 0 < product.socket < product.page < product.total
    assert product.sign_in + product.page <= product.total
    for limit in (table, bare):  # no sign-in: the whole is the page's
        assert limit.sign_in == 0 and 0 < limit.first_frame <= limit.socket < limit.page == limit.total
    assert startup.ratio > 0 and startup.signed_in_ratio > 0 and 0 < startup.scrypt < startup.scrypt_owasp

    from dbs import copy_database

    copy = copy_database(database.path, tmp_path / "sessions.db")
    sessions = bench.measure_served_sessions(copy, database.staff, _library(tmp_path), env, tmp_path, sessions=2, presses=2)
    assert {a.role for a in sessions.accounts} == {"manager", "worker"}
    assert sessions.all_stored and sessions.stored == {a.username: 4 for a in sessions.accounts}
    assert len(sessions.rush_saves) == len(sessions.steady_saves) == 4 and len(sessions.first_saves) == 2
    assert all(0 < s < 120 for s in sessions.saves) and sessions.quiet_after > 0
    assert len(sessions.cpu) == 2 and all(c > 0 for c in sessions.cpu)
    assert all(0 < t < 300 for t in sessions.to_list.values())
    assert len(sessions.memory) == 2 and all(10 < m.rss_mib < 2000 for m in sessions.memory)
    assert not _processes_naming(str(tmp_path))


def test_a_session_that_fails_leaves_no_server_or_app_running(bench, demo, tmp_path, monkeypatch):
    database, env = demo
    import served_sessions

    monkeypatch.setattr(served_sessions, "PASSWORD", "not the password")  # the sessions' sign-ins are refused after the server started
    with pytest.raises(RuntimeError, match="refused with HTTP 401"):
        bench.measure_served_sessions(database.path, database.staff, _library(tmp_path), env, tmp_path, sessions=2, presses=1)
    assert not _processes_naming(str(tmp_path))
