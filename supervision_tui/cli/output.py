"""Provides output helpers: JSON, CSV and text to stdout or to a file written whole or not at all."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from observations.exchange.spreadsheet import csv_text

from .errors import UsageError

STDOUT = "-"
"""``--out -`` (or a file argument of ``-``) prints instead of writing a file, as Unix tools do."""


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV for spreadsheets: user text that would start a formula is defused (see ``observations.exchange.spreadsheet``)."""
    return csv_text(header, rows)


def no_clobber_option(parser) -> None:
    """``--no-clobber`` for a command that writes a file: an existing file of that name is left alone (exit 2)."""
    parser.add_argument("--no-clobber", action="store_true", help="refuse to replace a file that already exists")


def emit(text: str, out: str | None = None, *, no_clobber: bool = False) -> None:
    """Print ``text`` (``out`` None or ``-``), or write it to the file ``out`` through the one writer (never over
    a database, owner-only, whole or not at all) and say where it went (on stderr, so stdout stays clean)."""
    if out is not None and not out.strip():
        raise UsageError("--out: the file name is empty; give a file name, or leave --out off to print")
    if out is not None and "\x00" in out:  # open() would raise a ValueError, which is not a file error
        raise UsageError("--out: the file name contains a NUL character, which no file name can")
    if out and out != STDOUT:
        from observations.files.writer import write_file

        path = write_file(Path(out), text, clobber=not no_clobber)
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
