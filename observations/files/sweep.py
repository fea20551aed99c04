"""Provides the sweep of temporary files a killed command left beside a database or a written file.

A SIGKILL, a power cut or a closed laptop lid runs no clean-up, and the hidden
copies left behind hold personal data (and erasure does not reach them). Each
time a database is opened, or a file written, the folder is swept of files of
the tool's own temporary pattern (``temp_names``) whose writer is gone or which
are older than a day. Nothing else is ever removed.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from observations.files.temp_names import STALE_AFTER_SECONDS, writer_pid


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a number we cannot ask about: leave its files alone
    return True


def sweep_leftovers(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove this tool's stale temporary files in ``folder``; returns what was removed. Never raises."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        names = [name for name in os.listdir(folder) if name.startswith(".")]
    except OSError:
        return removed
    for name in names:
        pid = writer_pid(name)
        if pid is None:
            continue
        path = folder / name
        try:
            info = path.lstat()
        except OSError:
            continue
        if _running(pid) and now - info.st_mtime < STALE_AFTER_SECONDS:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
