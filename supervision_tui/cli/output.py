"""Provides output helpers: JSON, CSV and text to stdout or to a file written whole or not at all."""

from __future__ import annotations

import json
import os
import sys
import tempfile
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


def write_atomic(path: Path, text: str, *, mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename, so a crash leaves the old file or the new one."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def emit(text: str, out: str | None = None) -> None:
    """Print ``text`` (``out`` None or ``-``), or write it to the file ``out`` and say where it went
    (on stderr, so stdout stays clean)."""
    if out is not None and not out.strip():
        raise UsageError("--out: the file name is empty; give a file name, or leave --out off to print")
    if out and out != STDOUT:
        path = Path(out)
        write_atomic(path, text)
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
