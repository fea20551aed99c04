"""Provides the online backup: a consistent single-file copy, safe while the TUI has the database open.

SQLite's backup API copies a consistent snapshot even while others write. The
copy is built by the one file writer (``observations.files.writer``): in a
private temporary file next to the target, renamed into place, so a crash never
leaves a half-written backup under the real name (and the next open sweeps it).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from observations.errors import InputError
from observations.files.writer import check_target, replacing
from observations.store.database import readonly_uri

if TYPE_CHECKING:
    from observations.store.observation_store import Store


def _check_target(target: Path, *, clobber: bool) -> None:
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name such as {target / 'supervision-backup.db'}")
    check_target(target, database=True, clobber=clobber)  # refuses the database itself: the store's open registered it
    if target.exists() and target.stat().st_size > 0 and not _is_ours(target):
        raise InputError(f"{target} exists and is not a supervision-tui database; refusing to overwrite it")


def _is_ours(path: Path) -> bool:
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone())
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def backup_database(store: Store, target: Path | str, *, clobber: bool = True) -> dict[str, Any]:
    """Copy the whole database to ``target`` (0600, a self-contained file, no WAL needed); without ``clobber``
    an existing file is never replaced, not even an older backup."""
    store.scope.check_admin("back up the database")
    target = Path(target).expanduser()
    _check_target(target, clobber=clobber)
    with replacing(target, database=True, clobber=clobber) as tmp:
        copy = sqlite3.connect(tmp)
        try:
            store.conn.backup(copy, pages=1024)
            copy.execute("PRAGMA journal_mode = DELETE")
            ok = copy.execute("PRAGMA quick_check").fetchone()[0]
            staff = copy.execute("SELECT count(*) FROM staff").fetchone()[0]
            observations = copy.execute("SELECT count(*) FROM observations").fetchone()[0]
        finally:
            copy.close()
        if ok != "ok":
            raise InputError(f"the backup copy failed its check ({ok}); {target} was not written")
    return {"path": str(target), "bytes": target.stat().st_size, "staff": staff, "observations": observations}
