"""Shared by the serve tests: a demo database with accounts, and a real ``supervision-tui serve`` on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from contextlib import closing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conftest import console_script

from observations.accounts.records import add_account
from observations.demo.organisation import populate_demo
from observations.store.observation_store import Store

ADMIN_PASSWORD = "admin password 1"
WORKER_PASSWORD = "worker password 1"


@dataclass
class RunningServer:
    url: str
    db_path: Path
    process: subprocess.Popen
    first_staff_name: str
    worker_name: str

    def stop(self) -> tuple[int, str]:
        """Ctrl+C, as a person stops it; returns the exit code and what it said on stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _out, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return self.process.returncode, err


def running_server(tmp_path_factory) -> Iterator[RunningServer]:
    """For a module-scoped fixture: a served demo database, stopped with Ctrl+C afterwards, which must stop cleanly."""
    from standards import load_library

    folder = tmp_path_factory.mktemp("served")
    library = load_library(folder / "no-user-frameworks")
    db_path, first, worker = served_database(folder, library)
    process = start_server(db_path, standards_dir=folder / "no-user-frameworks")
    running = RunningServer(f"http://127.0.0.1:{process.port}", db_path, process, first, worker)
    yield running
    code, err = running.stop()
    assert code == 0 and "server stopped" in err and "Traceback" not in err, err


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_database(folder: Path, library) -> tuple[Path, str, str]:
    """A demo organisation with an admin 'boss' and a worker 'ada' linked to one of its staff."""
    db_path = folder / "served.db"
    with Store.open(db_path, library) as store:
        populate_demo(store, staff=6, seed=4)
        people = store.list_staff()
        worker = people[-1]
        add_account(store, "boss", role="admin", password=ADMIN_PASSWORD)
        add_account(store, "ada", role="worker", password=WORKER_PASSWORD, staff=worker.ref)
        first = sorted(p.name for p in people if p.status == "active")[0]
    return db_path, first, worker.name


def start_server(db_path: Path, *, standards_dir: Path, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    port = free_port()
    process = subprocess.Popen(
        [console_script(), "--db", str(db_path), "--standards-dir", str(standards_dir), "serve", "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=isolated_environment(db_path.parent),
    )
    process.port = port  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve stopped at once: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            process_wait(process, 0.1)
    process.kill()
    raise AssertionError("serve did not start listening within a minute")


def isolated_environment(folder: Path) -> dict[str, str]:
    """The server (and every app it starts) reads and writes nothing of the real user's folders."""
    home = folder / "home"
    home.mkdir(exist_ok=True)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SUPERVISION_TUI_", "XDG_"))}
    return {**environment, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"), "PYTHONUNBUFFERED": "1"}


def process_wait(process: subprocess.Popen, seconds: float) -> None:
    """Wait for the server to start listening: a short wait on the process itself (it ends early if it exits)."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass
