"""Launching the app: a bad database is one line and exit 2 before the terminal changes; the app factory stays lazy."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from observations.store.observation_store import Store
from tui_support import make_app, settle


def test_a_file_that_is_not_sqlite_is_one_line_and_exit_2(cli, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n")
    result = cli("--db", path)
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"supervision-tui: error: {path} is not an SQLite database; give --db a supervision-tui database file\n"
    assert path.read_text() == "shopping list\n"


def test_a_database_from_a_newer_version_is_refused_untouched(cli, tmp_path, library):
    path = tmp_path / "newer.db"
    with Store.open(path, library):
        pass
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('supervision', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = cli("--db", path)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and "newer version of supervision-tui" in result.err
    assert path.read_bytes() == before


def test_create_app_raises_the_store_error_and_leaves_no_thread_behind(tmp_path, library):
    import threading

    from observations.errors import DatabaseFileError

    path = tmp_path / "bad.db"
    path.write_bytes(b"not a database at all")
    with pytest.raises(DatabaseFileError):
        make_app(path, library)
    assert not [t for t in threading.enumerate() if t.name.startswith("store-")]


def test_importing_the_app_package_loads_no_textual():
    code = "import json, sys, supervision_tui.app; print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert not {name.split(".")[0] for name in json.loads(output)} & {"textual", "jinja2", "holidays"}


def test_opening_the_app_loads_no_report_machinery_until_a_report_screen_opens(tmp_path):
    """Start-up stays lean: jinja2 and holidays arrive with the summary, team, induction or caseload screens."""
    script = f"""
import asyncio, json, sys
from pathlib import Path
from standards import load_library
from supervision_tui.app import create_app
app = create_app(db_path=Path({str(tmp_path / 'lean.db')!r}), library=load_library(Path({str(tmp_path / 'none')!r})))
async def main():
    async with app.run_test() as pilot:
        await pilot.pause()
asyncio.run(main())
print(json.dumps(sorted(sys.modules)))
"""
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    loaded = {name.split(".")[0] for name in json.loads(output.splitlines()[-1])}
    assert "textual" in loaded
    assert not loaded & {"jinja2", "holidays"}


async def test_quitting_never_waits_for_the_database_threads_on_the_ui_thread(tmp_path, library):
    """The app only stops the gateway as it exits; launch_app then closes it (and waits) after the UI is gone."""
    import threading

    from supervision_tui.app.gateway import BACKGROUND, GatewayClosed

    others = set(threading.enumerate())
    app = make_app(tmp_path / "threads.db", library)
    waits: list[float] = []
    close = app.gateway.close

    def recording_close(timeout: float = 5.0) -> None:
        waits.append(timeout)
        close(timeout)

    app.gateway.close = recording_close
    async with app.run_test() as pilot:
        await settle(pilot)
        app.gateway.call(lambda store: None, lane=BACKGROUND)  # the background lane opens on its first call
        threads = [t for t in threading.enumerate() if t not in others and t.name.startswith("store-")]
        assert len(threads) == 2 and all(t.is_alive() for t in threads)
    assert waits == [0]
    with pytest.raises(GatewayClosed):
        app.gateway.call(lambda store: 1)
    app.gateway.close()  # what launch_app does once the app has exited
    assert not [t for t in threads if t.is_alive()]


async def test_the_app_collects_garbage_less_often_while_it_runs_and_restores_python_s_setting(tmp_path, library):
    """Full collections froze the screen for up to 300 ms between rating keys (see APP_GC_THRESHOLDS)."""
    import gc

    from supervision_tui.app.application import APP_GC_THRESHOLDS

    before = gc.get_threshold()
    assert before != APP_GC_THRESHOLDS
    app = make_app(tmp_path / "gc.db", library)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert gc.get_threshold() == APP_GC_THRESHOLDS
    assert gc.get_threshold() == before


async def test_collection_switched_off_for_the_start_is_on_again_once_the_app_has_drawn(tmp_path, library):
    """The launcher disables the collector while the app imports and draws its first screen; the app turns it back on."""
    import gc

    gc.disable()
    try:
        app = make_app(tmp_path / "gc.db", library)
        async with app.run_test() as pilot:
            await settle(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()
