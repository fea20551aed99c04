"""Every subcommand, given hostile arguments and files, keeps the same three promises.

Hypothesis draws each command's arguments from a pool of what goes wrong in
practice: control characters, markup, SQL, huge and negative numbers,
impossible dates, lists with holes, the database itself (and its -wal) as an
output file, folders, missing paths, and hand-made files that are not what they
claim. For every run:

- it never ends in a traceback or an internal error: exit 0, or exit 2 with one
  line on stderr;
- when it is refused (exit 2), the database holds exactly what it held (its
  ``iterdump`` compared) and no new file is left in the folder;
- when it is accepted, the database is still a sound SQLite file.

The normal suite runs a bounded number of examples per command; set
``SUPERVISION_TUI_HOSTILE_EXAMPLES`` (e.g. 300) for a longer search.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import shutil
import sqlite3
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervision_tui.cli.main import main
from supervision_tui.cli.parser import build_parser

EXAMPLES = int(os.environ.get("SUPERVISION_TUI_HOSTILE_EXAMPLES", "12"))

HOSTILE_TEXT = [
    "",
    " ",
    "\x1b]0;pwned\x07",
    "\x1b[31mred",
    "a\x00b",
    "line\nbreak",
    "[bold]x[/",
    "<script>alert(1)</script>",
    "'; DROP TABLE staff; --",
    "%_",
    "x" * 5000,
    "Zoë O'Neil",
    "=HYPERLINK(\"http://x\")",
    "-1",
    "0",
    "1.5",
    "99999999999999999999",
    "1,,2",
    "1,1",
    "9999-12-31",
    "0001-01-01",
    "2025-02-30",
    "yesterday",
    "apir",
    "A2",
    "secure",
    "self-assessment",
]
"""Text any argument may be given."""

PATHS = ["{db}", "{db}-wal", "{db}-journal", "{dir}", "{dir}/missing/out.md", "{dir}/out.md", "{dir}/out.db"]
"""Where an output (or input) may be pointed: the database itself, its sidecars, a folder, a missing folder, a plain file."""

FILES = ["deep.json", "huge-number.json", "erasures-only.json", "not-json.json", "binary.bin", "empty.md", "formula.md"]
"""Hand-made input files, written into each run's folder by ``write_files``."""


def write_files(folder: Path, real: dict[str, str]) -> None:
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "huge-number.json").write_text('{"format": "supervision-tui-export", "version": ' + "9" * 5000 + "}")
    erasure = {"staff_id": real["staff_id"], "erased_at": "2025-01-01T00:00:00.000000Z"}
    (folder / "erasures-only.json").write_text(
        json.dumps({"format": "supervision-tui-export", "version": 1, "tables": {"erasures": [erasure]}})
    )
    (folder / "not-json.json").write_text("{nope")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.md").write_text("")
    (folder / "formula.md").write_text("---\nid: =cmd\ntitle: =1+1\n---\n# =SUM(A1)\n")


def subcommands() -> list[tuple[tuple[str, ...], list[argparse.Action]]]:
    """Every leaf command of the parser, with the actions it takes (help and the global options left out)."""

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, (*path, name))
                return
        yield path, [a for a in parser._actions if a.dest not in ("help", "db", "standards_dir")]

    return list(walk(build_parser(), ()))


COMMANDS = subcommands()


def values_for(real: dict[str, str]) -> st.SearchStrategy[str]:
    return st.sampled_from([*HOSTILE_TEXT, *PATHS, *FILES, *real.values()])


@st.composite
def arguments(draw, actions: list[argparse.Action], real: dict[str, str]) -> list[str]:
    """Hostile arguments for one command: every positional, and any subset of its options."""
    argv: list[str] = []
    value = values_for(real)
    for action in actions:
        if not action.option_strings:
            count = 1 if action.nargs in (None, 1) else draw(st.integers(1, 2))
            argv += [draw(value) for _ in range(count)]
        elif draw(st.booleans()):
            if action.nargs == 0:
                argv.append(action.option_strings[0])
            elif action.choices is not None and draw(st.booleans()):
                argv += [action.option_strings[0], draw(st.sampled_from([str(c) for c in action.choices]))]
            else:
                argv += [action.option_strings[0], draw(value)]
    return argv


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def sound(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def run_cli(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A small demo organisation, and real names and ids from it, so some runs get past the first check."""
    folder = tmp_path_factory.mktemp("hostile-template")
    db = folder / "template.db"
    assert run_cli(["--db", str(db), "demo", "--staff", "4", "--seed", "3"])[0] == 0
    conn = sqlite3.connect(db)
    try:
        staff_id, ref, name = conn.execute("SELECT id, ref, name FROM staff ORDER BY name LIMIT 1").fetchone()
        observation = conn.execute("SELECT observation_id FROM observations LIMIT 1").fetchone()[0]
        action = conn.execute("SELECT id FROM actions LIMIT 1").fetchone()[0]
        session = conn.execute("SELECT id FROM sessions LIMIT 1").fetchone()[0]
        case = conn.execute("SELECT ref FROM cases LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    real = {"staff_id": staff_id, "ref": ref, "name": name, "observation": observation[:8], "action": action[:8],
            "session": session[:8], "case": case}
    return db, real


RUNS = itertools.count()

FINDS_PROBLEMS = {("standards", "check")}
"""Commands whose exit 1 means "I looked, and found problems" (listed on standard output), as a linter's does."""


@pytest.mark.parametrize("path, actions", COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_arguments_keep_the_three_promises(path, actions, data, template, tmp_path, monkeypatch):
    source, real = template
    folder = tmp_path / f"run{next(RUNS)}"
    folder.mkdir()
    monkeypatch.chdir(folder)  # a relative name (the hand-made files, or any drawn text as an output) lands here
    # 'serve' checks everything before it starts, then serves until Ctrl+C: past its checks, it stops at once here
    monkeypatch.setattr("supervision_tui.cli.serve_cmd.serve_until_stopped", lambda settings: settings.sock.close() or 0)
    db = folder / "work.db"
    shutil.copyfile(source, db)
    os.chmod(db, 0o600)
    write_files(folder, real)
    drawn = data.draw(arguments(actions, real), label="arguments")
    argv = ["--db", str(db), "--standards-dir", str(folder / "frameworks"), *path]
    argv += [arg.replace("{db}", str(db)).replace("{dir}", str(folder)) for arg in drawn]
    before, files_before = dump(db), sorted(p.name for p in folder.iterdir())

    code, err = run_cli(argv)

    assert "Traceback" not in err and "internal error" not in err, err
    assert code in (0, 2) or (path in FINDS_PROBLEMS and code == 1 and err == ""), (code, err)
    assert db.exists() and sound(db), f"{' '.join(path)} left {db.name} unreadable: {err}"
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("supervision-tui: error: "), err
        assert dump(db) == before, f"refused, yet the database changed: {err}"
        assert sorted(p.name for p in folder.iterdir()) == files_before, f"refused, yet files appeared: {err}"
