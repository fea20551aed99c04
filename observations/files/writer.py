"""Provides the one writer of every file the tool writes besides its database (reports, exports, backups,
framework files, subject access), so that no command can write over a database, half a file, or a file
readable by others.

A target is refused, with one line and nothing written, when it is a database
this process has open, one of SQLite's files beside a database (``-wal``,
``-shm``, ``-journal``), or any existing SQLite file (a backup may replace only
an older database). The bytes go to a hidden owner-only temporary file beside
the target (``temp_names``), are synced, and are renamed into place; the
temporary file is removed on every way out, an interrupt included.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from observations.errors import InputError
from observations.files.temp_names import SIDECARS, WRITING, create_private

SQLITE_HEADER = b"SQLite format 3\x00"
LOG_HEADERS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83", b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7")
"""How a write-ahead log (two byte orders) and a rollback journal start: never overwritten, whatever their name."""

_OPEN_DATABASES: set[Path] = set()


class TargetExistsError(InputError):
    """``--no-clobber`` (or a file that must be new) and the target is already there; nothing was written."""


def remember_open_database(path: Path) -> None:
    """Called by the store for every database it opens: the writer refuses these (and their sidecars) for good."""
    _OPEN_DATABASES.add(Path(os.path.abspath(path)))


def _is_open_database(path: Path) -> bool:
    absolute = Path(os.path.abspath(path))
    for database in _OPEN_DATABASES:
        if absolute == database:
            return True
        with contextlib.suppress(OSError):
            if path.exists() and database.exists() and os.path.samefile(path, database):
                return True
    return False


def _starts_with(path: Path, headers: tuple[bytes, ...]) -> bool:
    """Read only after ``_is_open_database`` said no: closing a descriptor of a file drops this process's
    SQLite locks on it, so a database this process has open is never opened here."""
    try:
        with path.open("rb") as handle:
            start = handle.read(16)
    except OSError:
        return False
    return any(start.startswith(header) for header in headers)


def _sidecar_of(path: Path) -> Path | None:
    for suffix in SIDECARS:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return None


def check_target(target: Path, *, database: bool = False, clobber: bool = True) -> Path:
    """The target as given, or an InputError saying why it must not be written; ``database`` is for a backup,
    which may replace an older database but never an ordinary file."""
    target = Path(target).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(f"cannot write {target}: it is a folder; give a file name")
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist")
    for candidate in {target, Path(os.path.realpath(target))}:
        if _is_open_database(candidate):
            raise InputError(f"{target} is the database itself; give another file name")
        stem = _sidecar_of(candidate)
        if stem is not None and (_is_open_database(stem) or _starts_with(stem, (SQLITE_HEADER,))):
            raise InputError(f"{target} is SQLite's own file beside the database {stem.name}; give another file name")
    if not target.exists():
        return target
    if not clobber:
        raise TargetExistsError(f"{target} already exists and --no-clobber was given; nothing was written")
    if _starts_with(target, LOG_HEADERS):
        raise InputError(f"{target} is an SQLite log or journal; give another file name")
    is_sqlite = _starts_with(target, (SQLITE_HEADER,))
    if is_sqlite and not database:
        raise InputError(f"{target} is an SQLite database; refusing to write over it: give another file name")
    if database and not is_sqlite and target.stat().st_size > 0:
        raise InputError(f"{target} exists and is not a database; refusing to overwrite it")
    return target


@contextlib.contextmanager
def replacing(target: Path, *, database: bool = False, clobber: bool = True, mode: int = 0o600) -> Iterator[Path]:
    """A fresh hidden file beside ``target`` (``mode`` from its first byte) to write in; when the block succeeds
    it is synced and renamed over ``target`` (linked, never replacing, without ``clobber``); it never outlives the block."""
    target = check_target(target, database=database, clobber=clobber)
    from observations.files.sweep import sweep_leftovers

    sweep_leftovers(target.parent if str(target.parent) else Path("."))
    try:
        fd, temp = create_private(target, WRITING)
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror or error}") from None
    os.close(fd)
    try:
        if mode != 0o600:
            os.chmod(temp, mode)
        yield temp
        sync_path(temp)
        check_target(target, database=database, clobber=clobber)  # it may have changed while the block ran
        _publish(temp, target, clobber=clobber)
        sync_path(target.parent if str(target.parent) else Path("."))
    finally:
        for suffix in ("", *SIDECARS):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{temp}{suffix}")


def write_file(target: Path | str, data: str | bytes, *, clobber: bool = True, mode: int = 0o600) -> Path:
    """Write ``data`` (text as UTF-8, line endings as given) to ``target`` whole or not at all."""
    target = Path(target).expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(target, clobber=clobber, mode=mode) as temp:
        with open(temp, "wb") as handle:
            handle.write(payload)
    return target


def _publish(temp: Path, target: Path, *, clobber: bool) -> None:
    if clobber:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # fails if the name appeared meanwhile: never replaces
    except FileExistsError:
        raise TargetExistsError(f"{target} already exists and --no-clobber was given; nothing was written") from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise TargetExistsError(f"{target} already exists and --no-clobber was given; nothing was written") from None
        os.rename(temp, target)


def sync_path(path: Path) -> None:
    """Make a file's contents, or a folder's names, durable (best effort: some file systems cannot)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
