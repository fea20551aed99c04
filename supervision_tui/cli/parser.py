"""Provides the command line's argument parser: every command module's subcommands, with one-line usage errors.

Built only when a command is given (or help asked for): opening the app needs
none of it, and building it imports every command module.
"""

from __future__ import annotations

import argparse
import importlib

from supervision_tui import __version__

from .context import file_argument
from .errors import PROG, UsageError

COMMAND_MODULES: tuple[str, ...] = (
    "standards_cmd",
    "staff_cmd",
    "record_cmd",
    "plan_cmd",
    "data_cmd",
    "report_cmd",
    "case_cmd",
    "today_cmd",
    "calendar_cmd",
    "settings_cmd",
    "account_cmd",
    "serve_cmd",
)
"""Modules under supervision_tui.cli that add subcommands, in help order."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit 2 through UsageError."""

    def error(self, message: str):  # type: ignore[override]
        where = self.prog.removeprefix(PROG).strip()
        raise UsageError(f"{where + ': ' if where else ''}{message} (see '{self.prog} --help')")


def global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--db and --standards-dir, accepted before the subcommand and after it."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", metavar="PATH", type=file_argument, default=default, help="the database file (default: $SUPERVISION_TUI_DB, else one file in your user data folder)")
    parser.add_argument("--standards-dir", metavar="DIR", type=file_argument, default=default, help="your organisation's framework files (default: $SUPERVISION_TUI_STANDARDS, else your user config folder)")


def build_parser() -> Parser:
    common = Parser(add_help=False)
    global_options(common, suppress=True)
    parser = Parser(
        prog=PROG,
        description="Practice-standards supervision: record observations of practice against the APIR standards and "
        "produce development-needs summaries. With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    global_options(parser, suppress=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"supervision_tui.cli.{name}")
        module.register(subparsers, common)
    return parser
