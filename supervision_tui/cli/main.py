"""Provides the ``supervision-tui`` entry point: argument parsing, dispatch and the one-line error contract.

Every command module registers its own subcommands; with no subcommand the
Textual app opens. Whatever goes wrong, the user sees one line, never a
traceback (set SUPERVISION_TUI_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence

from supervision_tui import __version__

from .context import Context, file_argument
from .errors import UsageError

PROG = "supervision-tui"

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


def app_only_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The global options when ``argv`` asks for nothing but the app, else None.

    Opening the app is the common case; it need not import every command
    module to build a parser it will not use.
    """
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    root = Parser(prog=PROG, add_help=False)
    global_options(root, suppress=False)
    try:
        args, rest = root.parse_known_args(argv)
    except UsageError:
        return None  # let the full parser say what is wrong
    return None if rest else args


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


def check_arguments_are_text(argv: Sequence[str]) -> None:
    """Refuse arguments that are not UTF-8 (Python hands them over as lone surrogates, which
    SQLite and JSON cannot store), naming the bytes, before any command sees them."""
    for value in argv:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(value).decode("utf-8", "backslashreplace")
            raise UsageError(f"the argument '{shown}' is not UTF-8 text; type it again or check your terminal's encoding") from None


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    check_arguments_are_text(argv)
    app_args = app_only_arguments(argv)
    if app_args is not None:
        from supervision_tui.launch import launch_app

        return launch_app(Context(db_option=app_args.db, standards_dir_option=app_args.standards_dir))
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(db_option=args.db, standards_dir_option=args.standards_dir)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command:
            # a command group such as 'standards' given without its subcommand
            raise UsageError(f"{args.command}: choose a subcommand (see '{PROG} {args.command} --help')")
        from supervision_tui.launch import launch_app

        return launch_app(context)
    with _interrupt_on_termination():
        return handler(args, context) or 0


@contextlib.contextmanager
def _interrupt_on_termination() -> Iterator[None]:
    """SIGTERM and SIGHUP (a shutdown, a closed terminal) stop a command as Ctrl-C does, so every clean-up runs:
    the transaction rolls back and no temporary copy is left. (Only SIGKILL skips it; the next open sweeps.)"""
    import signal

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[sig] = signal.signal(sig, interrupted)
        except ValueError:  # not the main thread (an embedding program's worker): leave its handling alone
            break
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


MAX_ERROR_CHARS = 600
"""An error quoting a 100,000-character argument back in full is one line, but not a readable one."""


def one_line(message: str) -> str:
    """An error is one line even when it quotes a user's argument that holds a line break or escape code,
    and short enough to read when it quotes a very long one (its start and end are kept)."""
    from standards.visible_text import visible_line

    line = visible_line(message)
    if len(line) <= MAX_ERROR_CHARS:
        return line
    cut = len(line) - MAX_ERROR_CHARS + 30
    middle = (len(line) - cut) // 2
    return f"{line[:middle]}…[{cut:,} characters left out]…{line[middle + cut:]}"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); say nothing more
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 0
    except Exception as error:
        if os.environ.get("SUPERVISION_TUI_DEBUG"):
            raise
        from observations.error_wording import describe_error

        known = describe_error(error)
        if known is not None:
            message, code = known
            print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)
            return code
        print(
            f"{PROG}: internal error: {type(error).__name__}: {one_line(str(error))} "
            "(this is a bug; set SUPERVISION_TUI_DEBUG=1 to see the details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
