"""Provides the demo databases the benchmarks run on, made by the real ``supervision-tui demo`` command and timed.

Each size is generated fresh in every run (so the generator's rows per second
is measured every time), always with the same seed, months and date, so two
runs measure the same organisation.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from conditions import AS_OF, SEED, cli_command
from processes import check, run_measured

COUNTED_TABLES = ("staff", "sessions", "observations", "actions", "action_updates", "cases", "case_events")


@dataclass(frozen=True)
class DemoDatabase:
    """One generated organisation and what generating it cost."""

    path: Path
    staff: int
    months: int
    rows: int
    seconds: float
    peak_mib: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def generate(folder: Path, staff: int, months: int, env: dict[str, str]) -> DemoDatabase:
    """``supervision-tui --db FILE demo --staff N --months M`` on a new file, timed as one process."""
    path = folder / f"demo-{staff}-staff-{months}-months.db"
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    argv = [*cli_command(), "--db", str(path), "demo", "--staff", str(staff), "--months", str(months), "--seed", str(SEED), "--as-of", AS_OF.isoformat()]
    run = check(run_measured(argv, env=env), f"generating the {staff}-staff demo")
    return DemoDatabase(path, staff, months, count_rows(path), run.seconds, run.peak_mib)


def count_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return sum(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED_TABLES)
    finally:
        conn.close()


def copy_database(source: Path, target: Path) -> Path:
    """A copy to write on (the recording bench adds rows), taken with SQLite's backup so the WAL is included."""
    target.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    shutil.copymode(source, target)
    return target


def first_names(path: Path, count: int = 1) -> list[str]:
    """The first active staff names in the home screen's order (name without case, then ref)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT name FROM staff WHERE status = 'active' ORDER BY name COLLATE NOCASE, ref LIMIT ?", (count,)
        ).fetchall()
    finally:
        conn.close()
    return [row[0] for row in rows]
