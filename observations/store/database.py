"""Provides opening the SQLite file safely: owner-only permissions, WAL, foreign keys, migrations.

Records about people's work are private: a new file is created 0600 in a 0700
folder before SQLite ever touches it. A file that is not ours, or is from a newer
version, is refused before anything is written to it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from observations.errors import DatabaseFileError
from observations.store.schema_steps import MIGRATION_NAMES, MIGRATION_SET

if TYPE_CHECKING:
    from sqlite_utils import Database

APP_NAME = "supervision-tui"
DB_FILENAME = "supervision.db"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000


def default_database_path() -> Path:
    """The embedded default: one file in the platform's user data folder."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / DB_FILENAME


def make_private_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents 0700; returns the folders made, outermost first."""
    made: list[Path] = []
    # mkdir(parents=True) would give the intermediate folders the umask's mode
    for missing in reversed([p for p in (folder, *folder.parents) if not p.exists()]):
        try:
            missing.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another program made it meanwhile
        except OSError as error:
            raise DatabaseFileError(f"cannot create folder {folder}: {error.strerror or error}") from None
        made.append(missing)
    return made


def _ensure_private_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) if missing."""
    make_private_folders(path.parent)
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as error:
            raise DatabaseFileError(f"cannot create {path}: {error.strerror or error}") from None
        return
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file")
    if not path.is_file():
        raise DatabaseFileError(f"{path} is not a regular file (a device or pipe); give --db a database file")


def tighten_permissions(path: Path) -> None:
    """Make an existing database owner-only. Called after a write commits, never on opening, so a
    command that only reads, or fails, leaves the file exactly as it was, mode included."""
    try:
        info = path.stat()
        if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.getuid():
            os.chmod(path, 0o600)
    except OSError:
        pass


def _check_schema(conn: sqlite3.Connection, path: Path) -> bool:
    """Refuse files that are not ours or that come from a newer version, before writing anything.

    Returns True when the file lacks steps this code has (a new file, or one
    from an older version): it needs migrating.
    """
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        # SQLite reads the header itself: this code never opens a database file with open(), because
        # closing any descriptor of a file drops every POSIX lock this process holds on it, SQLite's
        # included, and another program would then checkpoint and delete the WAL under our connections
        raise _unusable(path, error) from None
    if not tables:
        return True
    if "_sqlite_migrations" not in tables:
        raise DatabaseFileError(f"{path} is an SQLite database but not a supervision-tui one; choose another file")
    applied = {
        row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])
    }
    if not applied and "staff" not in tables:
        raise DatabaseFileError(f"{path} is an SQLite database but not a supervision-tui one; choose another file")
    newer = sorted(applied - set(MIGRATION_NAMES))
    if newer:
        raise DatabaseFileError(
            f"{path} was written by a newer version of supervision-tui (schema step {newer[-1]!r}); "
            "upgrade supervision-tui to open it. The file was not changed."
        )
    return not applied.issuperset(MIGRATION_NAMES)


def configure(conn: sqlite3.Connection) -> None:
    """Per-connection settings: these do not persist in the file, so every connection needs them."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    # Deleted content is overwritten with zeros, so an erased person's records
    # do not linger in free pages between an erasure and its VACUUM.
    conn.execute("PRAGMA secure_delete = ON")


def open_connection(path: Path | str, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path``, ready to use on this thread only.

    An up-to-date file opens without importing sqlite-utils (about 50 ms of
    start-up): the steps are imported only when some must run.
    """
    path = Path(path).expanduser()
    _ensure_private_file(path)
    _refuse_read_only(path)
    _note_opened(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise DatabaseFileError(f"cannot open {path}: {error}") from None
    try:
        configure(conn)
        outdated = _check_schema(conn, path)
        if migrate:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            if outdated:
                _migrate(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _unusable(path, error) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def read_only_reason(path: Path) -> str | None:
    """Why this process may not change the database at ``path``, or None when it may.

    Changing a WAL database means writing the file and its -wal and -shm, and
    creating those two in the folder when they are missing. Asked before SQLite
    opens the file: given a file it cannot write, SQLite quietly opens it read-only
    and creates -wal and -shm with the file's own mode (0400 beside a 0400 file),
    which then block every write even after the file itself is made writable.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(path, os.W_OK):
        return f"{path} is read-only (make it writable: chmod 600 {path})"
    present = []
    for companion in _companions(path):
        if not companion.exists():
            continue
        if not os.access(companion, os.W_OK) and not _made_writable(companion):
            if not companion.exists():  # another connection closed and removed it meanwhile: missing, not read-only
                continue
            return f"{companion.name} beside it is read-only (make it writable: chmod 600 {companion})"
        present.append(companion)
    if len(present) < 2 and not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only, and SQLite must create {path.name}-wal and {path.name}-shm in it"
    return None


def _made_writable(companion: Path) -> bool:
    """A read-only -wal/-shm of the owner's own beside a writable database (left by a read-only open of a
    0400 file) is made 0600 again, so making the database writable is all it takes to write again."""
    try:
        if companion.stat().st_uid != os.getuid():
            return False
        os.chmod(companion, 0o600)
    except OSError:
        return False
    return os.access(companion, os.W_OK)


def _refuse_read_only(path: Path) -> None:
    """A command that would change a database it may not change stops here, in one line, before SQLite
    opens (and quietly downgrades) it."""
    reason = read_only_reason(path)
    if reason is not None:
        raise DatabaseFileError(
            f"cannot change {path}: {reason}; commands that only read it still work; nothing was changed"
        )


def open_for_reading(path: Path | str) -> sqlite3.Connection:
    """The database at ``path`` for a command that only reads it.

    A file this process may change opens as usual (an older one is brought up
    to date). One it may not -- a 0400 file, a read-only folder or medium -- is
    opened read-only through ``open_readonly``, so that nothing is written or
    created beside it and no -wal or -shm is left behind.
    """
    path = Path(path).expanduser()
    if not path.is_file() or read_only_reason(path) is None:
        return open_connection(path)
    conn = open_readonly(path)
    try:
        outdated = _check_schema(conn, path)
    except BaseException:
        conn.close()
        raise
    if outdated:
        conn.close()
        raise DatabaseFileError(
            f"{path} is read-only and was written by an older version of supervision-tui; open it once where "
            "it can be changed, so it is brought up to date; nothing was changed"
        )
    from observations.files.writer import remember_open_database

    remember_open_database(path)
    return conn


def _note_opened(path: Path) -> None:
    """The writer refuses this file from now on, and the copies a killed command left beside it are swept."""
    from observations.files.sweep import sweep_leftovers
    from observations.files.writer import remember_open_database

    remember_open_database(path)
    sweep_leftovers(path.parent if str(path.parent) else Path("."))


def _migrate(conn: sqlite3.Connection) -> None:
    """Run the steps the file lacks, all in one transaction."""
    from sqlite_utils import Database

    from observations.store.migrations import migrations

    db = Database(conn, execute_plugins=False)
    with write_transaction(db):
        migrations.apply(db)


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """``open_connection`` wrapped in a sqlite-utils Database, for code that writes through it at once."""
    from sqlite_utils import Database

    return Database(open_connection(path, migrate=migrate), execute_plugins=False)


def _has_sqlite_header(path: Path) -> bool:
    """Whether the file starts as an SQLite database does; read only after SQLite refused it (see _check_schema):
    no connection of this process can be using a file SQLite cannot read, so closing this descriptor drops no lock."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _unusable(path: Path, error: sqlite3.DatabaseError) -> sqlite3.DatabaseError | DatabaseFileError:
    """Turn SQLite's terse error while opening into one line naming the file; a busy database stays retryable."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return error
    if "unable to open" in text:
        return DatabaseFileError(
            f"cannot open {path}: SQLite must be able to create {path.name}-wal and {path.name}-shm next to it; "
            f"check that you may write to the folder {path.parent}"
        )
    if "readonly" in text:
        return DatabaseFileError(f"cannot change {path}: SQLite says it is read-only; nothing was changed")
    if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB" and not _has_sqlite_header(path):
        return DatabaseFileError(f"{path} is not an SQLite database; give --db a supervision-tui database file")
    if "not a database" in text or "malformed" in text:
        return DatabaseFileError(f"{path} is not a usable SQLite database ({text}); give --db a supervision-tui database file")
    return DatabaseFileError(f"cannot open {path}: {text}")


def like_escaped(text: str) -> str:
    """``text`` for a LIKE pattern with ``ESCAPE '\\'``: its own %, _ and backslashes match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def readonly_uri(path: Path) -> str:
    """The URI that reads ``path`` without writing anything beside it.

    Read-only is not enough for a WAL database: SQLite still creates its -wal
    and -shm files next to it, with the reader's umask. When neither exists,
    no connection has the file open, so it is read as immutable: no locks, no
    files created. When they exist, the owner's connection may hold committed
    rows in the WAL, so it is read normally (the files are already there).
    """
    resolved = path.resolve()
    uri = "file:" + urllib.parse.quote(str(resolved)) + "?mode=ro"
    companions = (resolved.with_name(resolved.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
    return uri if any(companion.exists() for companion in companions) else uri + "&immutable=1"


def open_readonly(path: Path | str) -> sqlite3.Connection:
    """Open another supervision-tui database for reading only: never migrated, never switched to WAL.

    Used by merge, so the other manager's file is left exactly as it was.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise DatabaseFileError(f"{path} does not exist")
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file")
    if path.stat().st_size == 0:
        raise DatabaseFileError(f"{path} is empty, not a supervision-tui database")
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise DatabaseFileError(f"cannot open {path}: {error}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_schema(conn, path)
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'staff'").fetchone():
            raise DatabaseFileError(f"{path} is an empty SQLite database, not a supervision-tui one")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise DatabaseFileError(f"{path} cannot be read: {error}") from None
    except BaseException:
        conn.close()
        raise
    return conn


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One all-or-nothing write. BEGIN IMMEDIATE takes the write lock up front, so two
    writers queue on the busy timeout instead of failing mid-transaction."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        try:
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
