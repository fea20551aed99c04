"""Shared helpers for the Textual app's tests: a fixed day, demo and hostile databases, waiting without sleeping.

(No tests here; the fixtures built from these, demo_db and hostile_db, are in conftest.py.)
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date
from pathlib import Path


TODAY = date(2025, 6, 30)
"""Every app in the tests lives on this day, so marks, stale flags and snapshots never drift."""
HOSTILE_NAME = "Zoë [bold]O'Neil[/"
HOSTILE_TEAM = "[red]Team[/red] <b>x</b>"
HOSTILE_EVIDENCE = "Saw [red]x[/red] and <b>bold</b> and [link=x]click[/link] and [/] ]["
SIZE = (120, 40)


def make_app(db_path: Path, library):
    from supervision_tui.app import create_app

    return create_app(db_path=db_path, library=library, today=TODAY)


async def settle(pilot) -> None:
    """Wait until no worker is running and the messages they posted are handled (never a sleep)."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        running = [worker for worker in app.workers if not worker.is_finished]
        if not running:
            await pilot.pause()
            return
        await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
    raise AssertionError("workers never settled")


@contextmanager
def database_held(app, lane: str = "interactive") -> Iterator[None]:
    """Keep one of the app's database threads busy until the block ends, so what the UI asks meanwhile waits in its queue.

    Inside the block use ``pilot.press``/``pilot.pause``, not ``press``/``settle``: those wait for workers that are waiting here.
    """
    started, release = threading.Event(), threading.Event()

    def hold(store) -> None:
        started.set()
        release.wait(30)

    thread = threading.Thread(target=app.gateway.call, args=(hold,), kwargs={"lane": lane}, daemon=True)
    thread.start()
    assert started.wait(10), "the database thread never picked up the hold"
    try:
        yield
    finally:
        release.set()
        thread.join(10)


async def press(pilot, *keys: str) -> None:
    """Press keys one at a time, letting the workers each one starts finish before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


def static_text(app, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).content)


def fits_the_width(table) -> bool:
    """True when every column of a DataTable is in view: nothing to scroll sideways to."""
    return table.virtual_size.width <= table.scrollable_content_region.width and table.max_scroll_x == 0


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the database on a fresh connection, as another program would."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def staff_id(path: Path, name: str) -> str:
    return rows(path, "SELECT id FROM staff WHERE name = ?", (name,))[0][0]


async def open_person(pilot, name: str) -> None:
    """From the home screen, filter to ``name`` and open them."""
    await press(pilot, "slash")
    await type_text(pilot, name)
    await press(pilot, "enter", "enter")


@asynccontextmanager
async def person_screen(db_path: Path, library, name: str, **options) -> AsyncIterator[tuple]:
    """(app, pilot) with ``name``'s person screen open, at SIZE; ``options`` go to ``run_test`` (e.g. notifications=True)."""
    app = make_app(db_path, library)
    async with app.run_test(size=SIZE, **options) as pilot:
        await settle(pilot)
        await open_person(pilot, name)
        yield app, pilot


def failures(messages: list) -> list[str]:
    from supervision_tui.app.messages import StoreFailed

    unique = {id(m): m for m in messages if isinstance(m, StoreFailed)}  # the hook may see one message more than once
    return [m.message for m in unique.values()]
