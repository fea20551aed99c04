"""Provides the ``supervision-tui`` entry point: argument parsing, dispatch and the one-line error contract.

Every command module registers its own subcommands; with no subcommand the
Textual app opens. Whatever goes wrong, the user sees one line, never a
traceback (set SUPERVISION_TUI_DEBUG=1 to see one).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence

from .context import Context
from .errors import PROG, UsageError

APP_OPTIONS = {"--db": "db", "--standards-dir": "standards_dir"}
"""The options the app takes; the full parser (supervision_tui.cli.parser) knows them too, with every command."""


def app_only_arguments(argv: Sequence[str]) -> dict[str, str | None] | None:
    """The app's options when ``argv`` asks for nothing but the app, written out in full (``--db PATH`` or
    ``--db=PATH``), else None, and the full parser decides (help, a command, an abbreviation, a mistake).

    Opening the app is the common case: it need not import argparse and every
    command module to build a parser it will not use.
    """
    options: dict[str, str | None] = dict.fromkeys(APP_OPTIONS.values())
    at = 0
    while at < len(argv):
        name, equals, value = argv[at].partition("=")
        if name not in APP_OPTIONS:
            return None
        if not equals:
            if at + 1 == len(argv) or argv[at + 1].startswith("-"):
                return None  # argparse says what is missing
            at += 1
            value = argv[at]
        if not value.strip() or "\x00" in value:
            return None  # file_argument's one-line error, through the parser
        options[APP_OPTIONS[name]] = value
        at += 1
    return options


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
    app_options = app_only_arguments(argv)
    if app_options is not None:
        from supervision_tui.launch import launch_app

        return launch_app(Context(db_option=app_options["db"], standards_dir_option=app_options["standards_dir"]))
    from .parser import build_parser

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
