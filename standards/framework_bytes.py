"""Provides reading a framework file's bytes, with the size limit every reader of framework files keeps to."""

from __future__ import annotations

from pathlib import Path

from .problems import Problem

MAX_BYTES = 2_000_000
"""The largest framework file read; a framework is a short Markdown document."""


def read_framework_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes (no more than one past the limit: the file may be huge, or /dev/zero), or None and the problem."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1), []
    except IsADirectoryError:
        return None, [Problem(1, "is a directory, not a framework file")]
    except OSError as error:
        return None, [Problem(1, f"cannot read file: {error.strerror or error}")]
