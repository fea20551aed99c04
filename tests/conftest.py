"""Shared fixtures: every test runs with its own database and standards folder, never the user's."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from observations.demo.organisation import populate_demo
from observations.store.observation_store import Store
from standards import FrameworkLibrary, load_library
from tui_support import HOSTILE_EVIDENCE, HOSTILE_NAME, HOSTILE_TEAM, TODAY


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """No test may read or write the real user data, config or cache folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("SUPERVISION_TUI_STANDARDS", str(home / "standards"))
    monkeypatch.delenv("SUPERVISION_TUI_CACHE", raising=False)  # else parsed frameworks land in, and come from, the user's cache
    monkeypatch.delenv("SUPERVISION_TUI_DB", raising=False)
    monkeypatch.delenv("SUPERVISION_TUI_SETTINGS", raising=False)  # settings come from the isolated config folder
    monkeypatch.delenv("SUPERVISION_TUI_DEBUG", raising=False)
    yield


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def cli():
    """Run the CLI in-process: cli('staff', 'list') -> Result(code, out, err)."""

    def run(*args: str) -> Result:
        from supervision_tui.cli.main import main

        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([str(a) for a in args])
        return Result(code, out.getvalue(), err.getvalue())

    return run


def console_script() -> str:
    """The installed ``supervision-tui`` entry point next to this Python."""
    candidate = Path(sys.executable).with_name("supervision-tui")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("supervision-tui")
    assert found, "the supervision-tui console script is not installed"
    return found


@pytest.fixture
def console():
    """Run the real console entry point in a subprocess."""

    def run(*args: str, input: str | None = None, env: dict | None = None, timeout: float = 120) -> Result:
        completed = subprocess.run(
            [console_script(), *[str(a) for a in args]],
            capture_output=True,
            text=True,
            input=input,
            env={**os.environ, **(env or {})},
            timeout=timeout,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def library(tmp_path) -> FrameworkLibrary:
    """The shipped frameworks only (an empty user folder)."""
    return load_library(tmp_path / "no-user-frameworks")


@pytest.fixture
def store(db_path, library):
    with Store.open(db_path, library) as opened:
        yield opened


@pytest.fixture
def demo_db(tmp_path, library) -> Path:
    """A small demo organisation as of TODAY, written on the test thread and closed before the app opens it."""
    path = tmp_path / "demo.db"
    with Store.open(path, library) as store:
        populate_demo(store, staff=12, seed=1, as_of=TODAY)
    return path


@pytest.fixture
def hostile_db(tmp_path, library) -> Path:
    """One person whose name, team and evidence are full of markup, and nothing else."""
    path = tmp_path / "hostile.db"
    with Store.open(path, library) as store:
        member = store.add_staff(HOSTILE_NAME, team=HOSTILE_TEAM, role="[i]PA[/i]", manager="[b]Boss")
        store.record_observation(member.id, "A2", "developing", observed_on=TODAY, evidence=HOSTILE_EVIDENCE, observer="[u]me")
        store.add_action(member.id, "Read [bold]this[/", standards=["A2"], owner="[x]", due_on="2025-06-01")
    return path


def pytest_collection_modifyitems(items):
    """Every test in a test_tui_* module drives the app through a Pilot: marked ``tui`` so it can be picked or
    left out (``-m tui``, ``-m 'not tui'``) and spread over cores with pytest-xdist (``-n auto``)."""
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__name__.startswith("test_tui_"):
            item.add_marker(pytest.mark.tui)
