"""Shared helpers for the store's tests: ways to see exactly what a file holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from observations.exchange.rows import TABLES
from observations.store.observation_store import Store


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table, read on a fresh connection."""
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    finally:
        conn.close()


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, for before/after comparisons."""
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in TABLES}
    finally:
        conn.close()


def file_bytes(path: Path) -> dict[str, bytes | None]:
    """The raw bytes of the database and its WAL/SHM companions (None when absent)."""
    out = {}
    for suffix in ("", "-wal", "-shm"):
        companion = Path(str(path) + suffix)
        out[suffix or "db"] = companion.read_bytes() if companion.exists() else None
    return out


def add_person(store: Store, name: str = "Zoë O'Neil", team: str = "North team", **kwargs):
    return store.add_staff(name, team=team, **kwargs)
