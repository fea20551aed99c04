"""Provides what a command sees where no database is yet, so that only a command that succeeds in writing creates one.

A mistyped ``--db`` given to a command that only reads, or to one that fails
(an unknown person, a bad import file), must not leave a new database file
behind. Reading commands see an empty organisation held in memory. Commands
that add records build the new database in a private temporary file beside the
real name, and it appears under that name only once the command has succeeded.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from observations.errors import DatabaseFileError
from observations.files.temp_names import BUILDING, SIDECARS, create_private
from observations.files.writer import sync_path
from observations.store.database import (
    configure,
    make_private_folders,
    open_database,
    tighten_permissions,
    write_transaction,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


def holds_no_database(path: Path) -> bool:
    """True when there is no database at ``path`` yet: no file there, or an empty regular file.

    Anything else (a folder, a device, a file of another kind) is left for
    ``open_database`` to refuse with its own message.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == 0


def open_empty_database() -> Database:
    """The current schema, empty, in memory and read-only: what a reading command sees where no database is yet."""
    from sqlite_utils import (
        Database,  # only here: a command reading an existing file never imports it (about 50 ms)
    )

    from observations.store.migrations import migrations

    conn = sqlite3.connect(":memory:")
    db = Database(conn, execute_plugins=False)
    configure(conn)
    migrations.apply(db)
    conn.execute("PRAGMA query_only = ON")
    return db


@contextlib.contextmanager
def new_database_file(path: Path) -> Iterator[Path]:
    """A private (0600) temporary file beside ``path`` to build a new database in.

    When the block succeeds, and whoever wrote in it has closed it, the file
    appears at ``path`` (or, for an empty file already there, its rows are copied
    into it); if another program set up ``path`` meanwhile, nothing is replaced. When the block fails, the temporary file and any folders made
    for it are removed, so the failed command leaves nothing behind.
    """
    path = path.expanduser()
    given_empty = path.exists()  # an empty file the user made: filled in place, never replaced
    made = make_private_folders(path.parent)
    try:
        fd, building = create_private(path, BUILDING)
    except OSError as error:
        _remove_folders(made)
        raise DatabaseFileError(f"cannot create {path}: {error.strerror or error}") from None
    os.close(fd)
    try:
        yield building
        _check_complete(building, path)
        if given_empty:
            _fill_empty_file(building, path)
        else:
            _publish(building, path)
    except BaseException:
        _remove(building)
        _remove_folders(made)
        raise
    _remove(building)


def _publish(building: Path, path: Path) -> None:
    """Give the finished file its real name without ever replacing a file that appeared there meanwhile."""
    try:
        os.link(building, path)
    except FileExistsError:
        raise DatabaseFileError(
            f"{path} was created by another program while this command ran; nothing was saved: run the command again"
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if path.exists():  # a filesystem without hard links: check, then rename
            raise DatabaseFileError(f"{path} was created by another program while this command ran; nothing was saved") from None
        os.rename(building, path)
    sync_path(path.parent)  # the new name itself durable, not only the file's contents


def _check_complete(building: Path, path: Path) -> None:
    log = Path(f"{building}-wal")
    if log.exists() and log.stat().st_size:  # its last close could not checkpoint: the file alone is not all of it
        raise DatabaseFileError(f"cannot create {path}: the new database could not be completed; nothing was saved")


def _fill_empty_file(building: Path, path: Path) -> None:
    """Copy every row of the finished database into the empty file at ``path``, in one transaction under
    SQLite's own write lock, and only while it holds no records (another program may have set it up meanwhile)."""
    db = open_database(path)
    conn = db.conn
    try:
        conn.execute("ATTACH DATABASE ? AS building", [str(building)])
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM building.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
        )]
        with write_transaction(db):
            conn.execute("PRAGMA defer_foreign_keys = ON")
            if any(conn.execute(f"SELECT 1 FROM main.{table} LIMIT 1").fetchone() for table in tables):
                raise DatabaseFileError(f"{path} was set up by another program while this command ran; nothing was saved: run the command again")
            for table in tables:
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM building.{table}")
        conn.execute("DETACH DATABASE building")
    finally:
        db.close()
    tighten_permissions(path)


def _remove(building: Path) -> None:
    for suffix in ("", *SIDECARS):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{building}{suffix}")


def _remove_folders(made: list[Path]) -> None:
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only ever empty: never removes what another program put there
