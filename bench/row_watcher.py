"""Provides the commit watcher of the served sessions: another process that sees each new observation row and who recorded it.

The recording bench watches one app's newest rowid; with ten sessions writing at
once a rowid does not say whose save it was, so this watcher reports every new
row with its ``recorded_by`` (the signed-in account, which the server gives the
app), and each session waits for its own. It polls a read-only connection every
0.5 ms; a row first seen by a poll was committed after the previous poll began,
and that interval (``windows``) bounds how early the commit may really have been.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from pathlib import Path

POLL_SECONDS = 0.0005

ROW_WATCHER = """
import json, sqlite3, sys, time
clock = lambda: time.clock_gettime(time.CLOCK_MONOTONIC)
conn = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
latest = int(sys.argv[3])
previous_start = clock()
print(json.dumps({"ready": latest}), flush=True)
while True:
    started = clock()
    rows = conn.execute("SELECT rowid, recorded_by FROM observations WHERE rowid > ? ORDER BY rowid", (latest,)).fetchall()
    finished = clock()
    for rowid, by in rows:
        print(json.dumps({"rowid": rowid, "by": by, "seen": finished, "window": finished - previous_start}), flush=True)
        latest = rowid
    previous_start = started
    time.sleep(float(sys.argv[2]))
"""


class RowWatcher:
    """Another process polls the file read-only for new observation rows and says who recorded each, and when."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.queues: dict[str, asyncio.Queue] = {}
        self.windows: list[float] = []

    async def start(self) -> None:
        latest = max_rowid(self.db_path)
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-S", "-c", ROW_WATCHER, str(self.db_path), str(POLL_SECONDS), str(latest), stdout=asyncio.subprocess.PIPE
        )
        await self.process.stdout.readline()  # ready: polling from the newest row there was
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while line := await self.process.stdout.readline():
            row = json.loads(line)
            self.windows.append(row["window"])
            self.queue(row["by"]).put_nowait(row["seen"])

    def queue(self, username: str) -> asyncio.Queue:
        return self.queues.setdefault(username, asyncio.Queue())

    async def committed(self, username: str, timeout: float) -> float:
        """When the next row recorded by ``username`` was first seen."""
        try:
            return await asyncio.wait_for(self.queue(username).get(), timeout)
        except TimeoutError:
            raise RuntimeError(f"no row recorded by {username!r} was committed within {timeout:.0f} s") from None

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()
        self._reader.cancel()


def max_rowid(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT coalesce(max(rowid), 0) FROM observations").fetchone()[0]
    finally:
        conn.close()


