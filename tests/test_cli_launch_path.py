"""Opening the app takes a short path: no command module is imported, and mistakes still get the full parser's message."""

from __future__ import annotations

import subprocess
import sys

import pytest

from supervision_tui.cli.main import app_only_arguments

PROBE = """
import sys
from supervision_tui.cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.startswith("supervision_tui.cli.") and m.endswith("_cmd"))
print("LOADED", ",".join(loaded))
sys.exit(code)
"""


def run_probe(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)


def test_opening_the_app_imports_no_command_module(tmp_path):
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("shopping list\n")
    result = run_probe("--db", str(not_sqlite))
    assert result.returncode == 2
    assert "is not an SQLite database" in result.stderr
    assert "LOADED \n" in result.stdout  # the launch path ran, and loaded no command module


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--db", ""), "--db"),
        (("--no-such-option",), "unrecognized arguments: --no-such-option"),
        (("--db",), "expected one argument"),
    ],
)
def test_mistakes_on_the_way_to_the_app_get_the_full_parsers_message(args, message):
    result = run_probe(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_help_and_version_still_describe_every_command():
    result = run_probe("--help")
    assert result.returncode == 0 and "observe" in result.stdout and "report" in result.stdout
    assert run_probe("--version").stdout.startswith("supervision-tui ")


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ((), {"db": None, "standards_dir": None}),
        (("--db", "a.db"), {"db": "a.db", "standards_dir": None}),
        (("--db=a.db", "--standards-dir", "mine"), {"db": "a.db", "standards_dir": "mine"}),
        (("--db", "a.db", "--db=b=c.db"), {"db": "b=c.db", "standards_dir": None}),  # the last wins, as in argparse
    ],
)
def test_the_apps_own_options_are_read_without_the_parser(args, options):
    assert app_only_arguments(args) == options


@pytest.mark.parametrize(
    "args",
    [("--db",), ("--db", "--standards-dir", "x"), ("--db", ""), ("--db=",), ("--db", "a\x00b"), ("--d", "a.db"),
     ("--help",), ("--version",), ("staff", "list"), ("--db", "a.db", "report"), ("-h",), ("--",)],
)
def test_anything_else_goes_to_the_full_parser(args):
    """Abbreviations, commands, help and every mistake: the parser decides, with its own one-line message."""
    assert app_only_arguments(args) is None
