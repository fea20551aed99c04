"""Provides the one naming pattern of the tool's temporary files, so that a later run can recognise (and only ever remove) its own.

Every temporary file is hidden, beside the file it becomes, and names the
process that writes it: ``.report.md.12345-k3x9a2bq.tmp`` (a file being
written) or ``.supervision.db.12345-k3x9a2bq.new`` (a database being built,
with its ``-wal``/``-shm``/``-journal`` while SQLite has it open). A file of
this pattern whose writer is gone, or that is older than ``STALE_AFTER_SECONDS``,
is a leftover of a killed command.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

WRITING = "tmp"
"""Suffix of a file being written whole before it is renamed into place."""

BUILDING = "new"
"""Suffix of a new database being built before it appears under its name."""

SIDECARS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database while it is open."""

STALE_AFTER_SECONDS = 24 * 3600
"""A temporary file this old is a leftover even if a process of its writer's number is running (numbers are reused)."""

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
PATTERN = r"^\.(?P<target>.+)\.(?P<pid>\d{1,10})-[a-z0-9]{8}\.(?:tmp|new)(?:-wal|-shm|-journal)?$"
"""What a temporary name looks like; compiled on the first sweep that finds a hidden file (1.5 ms of start-up otherwise)."""
_compiled: list[re.Pattern[str]] = []


def temp_path(target: Path, suffix: str) -> Path:
    """A fresh hidden name beside ``target`` for this process (the caller creates it exclusively)."""
    token = "".join(_ALPHABET[byte % len(_ALPHABET)] for byte in os.urandom(8))  # not secrets: 5 ms of start-up
    return target.with_name(f".{target.name}.{os.getpid()}-{token}.{suffix}")


def create_private(target: Path, suffix: str) -> tuple[int, Path]:
    """Create a new temporary file for ``target``, owner-only (0600) from the first byte; returns (fd, path)."""
    for _ in range(100):
        path = temp_path(target, suffix)
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot find a free temporary name beside {target}")


def writer_pid(name: str) -> int | None:
    """The process number in one of our temporary names, or None when ``name`` is not one."""
    if not name.startswith("."):
        return None
    if not _compiled:
        _compiled.append(re.compile(PATTERN))
    match = _compiled[0].match(name)
    return int(match.group("pid")) if match else None
