"""Provides the recording benchmark: a rating key to its draft on screen, and the save key to the committed row.

The app runs on a copy of the database as the tests run it (``create_app`` with
a fixed day). A person is opened the way a user does (``/``, the name, enter).
In this app a rating takes two keys: the rating key (1-4) marks a draft in
memory and shows it; ctrl+s writes it and moves to the next standard. Both are
timed, each from its own key:

- rating key to draft on screen: the key event is posted to the app directly
  (Pilot would wait at least 40 ms for the app to go idle, and a clock around
  it would mostly time Pilot), and the clock stops at the first screen update
  whose terminal output shows the draft ("3 Secure, not saved"). A headless app
  computes each update but skips turning it into terminal bytes; the benchmark
  does that step for it, as a real terminal's driver would, and looks there.
- save key to committed row: the row is seen by a watcher process polling the
  file from its own sqlite3 connection (``max(rowid)``, microseconds, every
  0.5 ms), so the time is when another program could read the row.

Between keys the app finishes its follow-up work (re-reading the person), so
every key starts from a quiet app; nothing waits by sleeping a fixed time.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from conditions import AS_OF, median, percentile

POLL_SECONDS = 0.0005
RATING_KEYS = ("3", "2", "4", "1")
SCREEN_SIZE = (120, 40)


@dataclass(frozen=True)
class RecordingResults:
    presses: tuple[float, ...]
    """Seconds from the save key to the row committed, one per rating."""
    windows: tuple[float, ...]
    """For each row, how long before it was seen it may have been committed: the granularity."""
    staff: int
    people: int
    drafts: tuple[float, ...] = ()
    """Seconds from the rating key to the draft on screen, one per rating."""

    @property
    def median(self) -> float:
        return median(list(self.presses))

    @property
    def p95(self) -> float:
        return percentile(list(self.presses), 0.95)

    @property
    def draft_median(self) -> float:
        return median(list(self.drafts))

    @property
    def draft_p95(self) -> float:
        return percentile(list(self.drafts), 0.95)


WATCHER = """
import sqlite3, sys, time
clock = lambda: time.clock_gettime(time.CLOCK_MONOTONIC)
conn = sqlite3.connect(sys.argv[1])
latest = None
previous_start = clock()
while True:
    started = clock()
    now = conn.execute("SELECT coalesce(max(rowid), 0) FROM observations").fetchone()[0]
    finished = clock()
    if now != latest:
        print(now, finished, finished - previous_start, flush=True)
        latest = now
    previous_start = started
    time.sleep(float(sys.argv[2]))
"""


def now() -> float:
    """The clock both processes share (CLOCK_MONOTONIC is one clock for the whole machine)."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


class CommitWatcher:
    """Another process polls the newest observation rowid from its own connection and reports when each appears.

    A row first seen by a poll was committed after the previous poll began: that
    interval, the uncertainty of the reading, is kept for every row (``windows``).
    A separate process, because a thread here would share the GIL with the app
    (its polls waited behind rendering) and keep Pilot from ever seeing the app idle.
    """

    def __init__(self, path: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-S", "-c", WATCHER, str(path), str(POLL_SECONDS)], stdout=subprocess.PIPE, text=True
        )
        self.latest, self.seen_at, _ = self._next()
        self.windows: list[float] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="commit-watcher", daemon=True)
        self._reader.start()

    def _next(self) -> tuple[int, float, float]:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the commit watcher stopped")
        rowid, seen_at, window = line.split()
        return int(rowid), float(seen_at), float(window)

    def _read(self) -> None:
        while True:
            try:
                rowid, seen_at, window = self._next()
            except RuntimeError:
                return
            with self._lock:
                self.latest, self.seen_at = rowid, seen_at
                self.windows.append(window)

    def state(self) -> tuple[int, float]:
        with self._lock:
            return self.latest, self.seen_at

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()
        self._reader.join()
        self.process.stdout.close()


class ScreenWatch:
    """Times a key from posting it to the first screen update whose terminal output shows an awaited text.

    It wraps the app's display step (``App._display``, given each compositor
    update), because a headless app never turns an update into the bytes a
    terminal would receive; while a text is awaited, each update is rendered
    to those bytes, as a real driver would, and searched.
    """

    def __init__(self, app):
        if not callable(getattr(app, "_display", None)):
            raise RuntimeError("this Textual has no App._display to watch; the rating-key timing needs updating")
        self._app = app
        self._display = app._display
        self._awaited: str | None = None
        self._shown: asyncio.Event | None = None
        self._shown_at = 0.0
        app._display = self._watch

    def _watch(self, screen, update) -> None:
        self._display(screen, update)
        if self._awaited is not None and hasattr(update, "render_segments"):
            if self._awaited in update.render_segments(self._app.console):
                self._shown_at = now()
                self._awaited = None
                self._shown.set()

    async def time_key(self, key: str, text: str, timeout: float) -> float:
        """Seconds from posting ``key`` to ``text`` on screen, waiting on the app (never a fixed sleep)."""
        from textual import events

        self._awaited, self._shown = text, asyncio.Event()
        started = now()
        self._app.post_message(events.Key(key, key).set_sender(self._app))
        try:
            await asyncio.wait_for(self._shown.wait(), timeout)
        except TimeoutError:
            self._awaited = None
            raise RuntimeError(f"key {key!r}: {text!r} was not on screen within {timeout:.0f} s") from None
        return self._shown_at - started


async def _settle(pilot) -> None:
    """Until no worker runs and their messages are handled (the tests' way, never a fixed sleep)."""
    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        running = [worker for worker in app.workers if not worker.is_finished]
        if not running:
            await pilot.pause()
            return
        await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
    raise RuntimeError("the app's workers never settled")


async def _open_person(pilot, name: str) -> None:
    """As a user does: / to filter, the name, enter to the list, enter to open."""
    for keys in (("slash", *name), ("enter",), ("enter",)):
        await pilot.press(*keys)
        await _settle(pilot)


async def _record(db_path: Path, library, names: list[str], presses: int, timeout: float) -> tuple[list[float], list[float], list[float], int]:
    from supervision_tui.app import create_app

    framework = library.get("apir")
    standards = len(framework.standard_ids())
    labels = [level.label for level in framework.rating_scale.levels]
    app = create_app(db_path=db_path, library=library, today=AS_OF)
    screen = ScreenWatch(app)
    watcher = CommitWatcher(db_path)
    times: list[float] = []
    drafts: list[float] = []
    people = 0
    try:
        async with app.run_test(size=SCREEN_SIZE) as pilot:
            await _settle(pilot)
            while len(times) < presses:
                if people >= len(names):
                    raise RuntimeError(f"ran out of people after {len(times)} presses")
                await _open_person(pilot, names[people])
                people += 1
                for index in range(min(standards, presses - len(times))):
                    key = RATING_KEYS[index % len(RATING_KEYS)]
                    drafts.append(await screen.time_key(key, f"{key} {labels[int(key) - 1]}, not saved", timeout))
                    await _settle(pilot)
                    before, _ = watcher.state()
                    started = now()
                    await pilot.press("ctrl+s")
                    while (seen := watcher.state())[0] == before:
                        if now() - started > timeout:
                            raise RuntimeError(f"press {len(times) + 1}: no row was committed within {timeout:.0f} s")
                        await asyncio.sleep(POLL_SECONDS)
                    times.append(seen[1] - started)
                    await _settle(pilot)
                await pilot.press("escape")  # everything is saved, so it goes straight back to the list
                await _settle(pilot)
    finally:
        watcher.stop()
    return times, drafts, watcher.windows, people


def measure_recording(db_path: Path, names: list[str], staff: int, library, *, presses: int, timeout: float = 30.0) -> RecordingResults:
    """``presses`` ratings drafted and saved on ``db_path`` (a copy: it is written), over as many of ``names`` as needed."""
    times, drafts, windows, people = asyncio.run(_record(db_path, library, names, presses, timeout))
    return RecordingResults(tuple(times), tuple(windows), staff, people, tuple(drafts))
