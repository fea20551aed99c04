"""Provides the one line (and exit code) that says what went wrong, for the command line and the app alike.

What an error means to the user is domain knowledge: a locked database, a
full disk, a framework file with a mistake, a path the system refuses. Both
the command line and the terminal app word it the same way, so the wording
lives here, below both. No Textual and no argparse here; the heavy modules an
error may come from are imported only when an error is being described.
"""

from __future__ import annotations

import errno
import os
import sqlite3

PATH_ERRNOS = frozenset(
    (errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS, errno.ELOOP, errno.EEXIST)
)
"""OSErrors that mean the path given is unusable (bad input, exit 2) rather than the system failing."""


def describe_error(error: BaseException) -> tuple[str, int] | None:
    """The one line and exit code for an error the user can act on; None for a bug.

    An error that carries its own ``exit_code`` (the store's errors, the command
    line's usage errors) is raised on purpose and says itself what is wrong.
    """
    exit_code = getattr(error, "exit_code", None)
    if isinstance(exit_code, int):
        return str(error), exit_code
    from standards import DuplicateFrameworkError, FrameworkError, UnknownFrameworkError
    from standards.interchange import InterchangeError

    if isinstance(error, (FrameworkError, DuplicateFrameworkError, UnknownFrameworkError, InterchangeError)):
        return str(error), 2
    if isinstance(error, sqlite3.OperationalError):
        text = str(error)
        if "locked" in text or "busy" in text:
            return "the database is busy: another program kept it locked too long; nothing was saved, try again", 1
        if "full" in text:
            return "the disk is full: nothing was saved", 1
        if "readonly" in text:
            # a file (or folder, or medium) made read-only while in use: the user's to change, like any read-only path
            return "the database is read-only, so this change cannot be saved (make the file and its folder writable); nothing was saved", 2
        return f"database error: {text}; nothing was saved", 1
    if isinstance(error, sqlite3.DatabaseError):
        return f"the database file cannot be used: {error}", 2
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "the disk is full: nothing was saved", 1
    if isinstance(error, OSError) and error.filename is not None:
        # a path the user gave that the system refuses: too long, not allowed, read-only, ...
        name = os.fsdecode(error.filename)
        shown = name if len(name) <= 80 else name[:40] + "…" + name[-30:]
        code = 2 if error.errno in PATH_ERRNOS else 1
        return f"cannot use {shown}: {error.strerror or error}; nothing was saved", code
    return None
