"""Provides the store's foundation: one SQLite connection, all-or-nothing writes, reads as dict rows, the
framework library and the scope (who is asking).

The rest of ``Store`` is built on this in layers, one module each: staff, sessions, observations, actions
(``observation_store.Store`` is the whole). A Store (its sqlite connection) belongs to the thread that opened it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from observations.errors import InputError
from observations.store.database import (
    open_connection,
    open_for_reading,
    tighten_permissions,
    write_transaction,
)
from observations.store.scope import TERMINAL, Scope
from standards import Framework, FrameworkLibrary, UnknownFrameworkError

if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreCore:
    """The connection, its write transactions, the framework library and who is asking: what every part of the store stands on."""

    def __init__(self, db: Database | sqlite3.Connection, library: FrameworkLibrary, path: Path | None = None, *, scope: Scope = TERMINAL):
        if isinstance(db, sqlite3.Connection):
            self.conn, self._db = db, None
        else:
            self.conn, self._db = db.conn, db
        self.library = library
        self.path = path
        self.scope = scope

    @property
    def db(self) -> Database:
        """The sqlite-utils Database over ``conn``, made on first use: reads go straight to the connection, so
        opening the app and reading never imports sqlite-utils (about 50 ms of start-up); the first write does."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @classmethod
    def open(cls, path: Path | str, library: FrameworkLibrary, *, migrate: bool = True, scope: Scope = TERMINAL) -> Self:
        return cls(open_connection(path, migrate=migrate), library, Path(path), scope=scope)

    @classmethod
    def open_for_reading(cls, path: Path | str, library: FrameworkLibrary) -> Self:
        """For a command that only reads: a file this process may not change is opened read-only (see ``open_for_reading``)."""
        return cls(open_for_reading(path), library, Path(path))

    @classmethod
    def empty(cls, library: FrameworkLibrary) -> Self:
        """An empty, read-only store in memory, for reading where no database file is yet (see ``first_use``)."""
        from observations.store.first_use import open_empty_database

        return cls(open_empty_database(), library, None)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One all-or-nothing write transaction. Once the outermost one commits, the file is made
        owner-only: records about people's work were just written to it."""
        outermost = not self.conn.in_transaction
        with write_transaction(self.db) as db:
            yield db
        if outermost and self.path is not None:
            tighten_permissions(self.path)

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query on the raw connection (no savepoint per query) and return dict rows."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    # -- frameworks ---------------------------------------------------------

    def framework(self, framework_id: str) -> Framework:
        try:
            return self.library.get(framework_id)
        except UnknownFrameworkError as error:
            raise InputError(str(error)) from None
