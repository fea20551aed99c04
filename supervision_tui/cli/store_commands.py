"""Provides what the commands over the store share: opening the store, reading typed values, showing user text safely."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from standards.visible_text import visible_block, visible_line

from .errors import UsageError

if TYPE_CHECKING:
    from observations.store.observation_store import Store

    from .context import Context


@contextlib.contextmanager
def open_store(
    context: Context, *, missing: str = "empty", reads_only: bool = False, skip_broken_frameworks: bool = False
) -> Iterator[Store]:
    """The store at --db / $SUPERVISION_TUI_DB / the default file, with the loaded frameworks, closed after the block.

    Where no database is yet (no file, or an empty one), ``missing`` says what the
    command gets, so that only a command that succeeds in adding records creates one:
    ``"empty"`` an empty read-only store in memory (commands that read, or change
    existing records), ``"create"`` a new database that appears only if the block
    succeeds (commands that add), ``"refuse"`` an error (commands that copy the database).
    ``reads_only`` is for commands that never change the database: a file they may not change (0400,
    a read-only folder) is read without writing or creating anything beside it.
    ``skip_broken_frameworks`` is for commands that never read a framework (backup, export,
    a person's export and erasure): a broken framework file is then a warning, not a stop.
    """
    from observations.store.first_use import holds_no_database, new_database_file
    from observations.store.observation_store import Store

    path, library = context.db_path, context.library(skip_broken=skip_broken_frameworks)
    if not holds_no_database(path):
        store = Store.open_for_reading(path, library) if reads_only else Store.open(path, library)  # opening sweeps what killed commands left beside it
        with store:
            yield store
        return
    from observations.files.sweep import sweep_leftovers

    sweep_leftovers(path.parent)  # a killed first import or demo left its copy, but no database, behind
    if missing == "refuse":
        raise UsageError(f"there is no database at {path} yet; check --db (or $SUPERVISION_TUI_DB)")
    elif missing == "create":
        with new_database_file(path) as building:
            with Store.open(building, library) as store:
                yield store
        return
    else:
        store = Store.empty(library)
    with store:
        yield store


plain = visible_line
"""User text for a terminal line: control characters (escape sequences) shown, not obeyed (the rule the TUI uses too)."""
plain_block = visible_block
"""Like plain() but keeps line breaks, and tabs as spaces, for multi-line evidence and notes."""


def warn_erasure_unscrubbed(what: str, unscrubbed: str) -> None:
    """An erasure that committed but could not clean the files: say so on stderr, never as an error,
    because the erasure itself is saved (exit 0)."""
    if unscrubbed:
        print(f"supervision-tui: warning: {what} saved, but {plain(unscrubbed)}", file=sys.stderr)


def date_argument(text: str) -> str:
    """argparse type for a date option: given but empty is a mistake (an unset variable), not 'today'.

    The full check (a real date, not in the future) stays in the store, which
    knows what each date means.
    """
    if not text.strip():
        import argparse

        raise argparse.ArgumentTypeError("the date is empty; give YYYY-MM-DD, or leave the option off")
    return text


def numbers(text: str | None, what: str) -> list[int] | None:
    """'1,3' -> [1, 3]; None when not given; the one rule for lists (``observations.lists``)."""
    from observations.lists import parse_number_list

    return parse_number_list(text, what)


def words_list(values: list[str] | None) -> list[str]:
    """Repeatable or comma-separated options ('--standard A2 --standard P1' or '--standard A2,P1')."""
    out: list[str] = []
    for value in values or ():
        out += [part.strip() for part in value.split(",") if part.strip()]
    return out


MAX_STDIN_BYTES = 1_000_000
"""Far above any text limit (evidence is 50,000 characters), so a mistaken pipe of a huge file stops early."""


def text_or_stdin(value: str | None, what: str) -> str | None:
    """'-' reads the text from standard input, so long evidence need not go on the command line.

    The bytes are decoded strictly as UTF-8 and kept as they are (line endings
    included): evidence is stored exactly as written.
    """
    if value != "-":
        return value
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError(f"{what} '-' reads from standard input, but nothing was piped in")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stream (tests); nothing to decode
        return sys.stdin.read()
    data = stream.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        raise UsageError(f"{what} '-': standard input is larger than {MAX_STDIN_BYTES:,} bytes; nothing was saved")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise UsageError(f"{what} '-': standard input is not UTF-8 text (byte {error.start + 1}); save it as UTF-8 and try again") from None


def columns(rows: list[list[str]], header: list[str]) -> str:
    """A plain aligned table; the last column is left unpadded."""
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    lines = []
    for row in table:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
