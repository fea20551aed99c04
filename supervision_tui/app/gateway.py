"""Provides the StoreGateway: the app's only way to the database, one dedicated thread per connection.

An sqlite connection may be used only on the thread that opened it, and no
widget may wait on SQL. So the gateway owns two threads, each with its own
Store: the interactive lane (every write and every quick read) and the
background lane (organisation-wide counts that take seconds), so a slow count
never delays opening a person. Textual thread workers call ``gateway.call``
and block there; the UI thread never does.

No Textual here: the gateway is plain threading and is tested on its own.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, TimeoutError
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from observations.store.observation_store import Store
    from observations.store.scope import Scope
    from standards import FrameworkLibrary

T = TypeVar("T")

INTERACTIVE = "interactive"
BACKGROUND = "background"
LANES = (INTERACTIVE, BACKGROUND)


class GatewayClosed(RuntimeError):
    """The app is closing: the call was not run."""


class Superseded(RuntimeError):
    """A newer call with the same key was queued before this one started, so this one was skipped."""


class _Lane:
    """One thread, one Store, a queue of calls run in order."""

    def __init__(self, name: str, opener: Callable[[], Store]):
        self.name = name
        self._opener = opener
        self._queue: queue.Queue[tuple[Callable[[Store], object], Future, str | None] | None] = queue.Queue()
        self._latest: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._open_error: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=f"store-{name}", daemon=True)

    def begin(self) -> None:
        """Start opening the Store on the lane's thread; calls submitted meanwhile wait in the queue."""
        self._thread.start()

    def wait_open(self) -> None:
        """Wait until the Store is open; re-raise here whatever opening it raised."""
        self._ready.wait()
        if self._open_error is not None:
            raise self._open_error

    def submit(self, fn: Callable[[Store], T], key: str | None) -> Future:
        future: Future = Future()
        with self._lock:
            if self._open_error is not None:
                raise self._open_error
            if self._closed:
                raise GatewayClosed("the database is closed")
            if key is not None:
                older = self._latest.pop(key, None)  # only calls not yet started are listed
                if older is not None and older.set_running_or_notify_cancel():
                    older.set_exception(Superseded(key))
                self._latest[key] = future
            self._queue.put((fn, future, key))
        return future

    def _run(self) -> None:
        try:
            store = self._opener()
        except BaseException as error:  # re-raised by wait_open and by every call, on the caller's thread
            with self._lock:
                self._open_error = error
                self._closed = True
            self._ready.set()
            self._fail_pending(error)
            return
        self._ready.set()
        try:
            while (item := self._queue.get()) is not None:
                fn, future, key = item
                if not self._begin(future, key):
                    continue  # superseded or cancelled before it started
                try:
                    future.set_result(fn(store))
                except BaseException as error:
                    future.set_exception(error)
        finally:
            store.close()
            self._fail_pending()

    def _begin(self, future: Future, key: str | None) -> bool:
        """Mark a queued call as started, unless a newer call with its key already replaced it."""
        with self._lock:
            if key is not None and self._latest.get(key) is future:
                del self._latest[key]
            if future.done() or not future.set_running_or_notify_cancel():
                return False
            if self._closed:
                future.set_exception(GatewayClosed("the database is closed"))
                return False
            return True

    def _fail_pending(self, error: BaseException | None = None) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None and item[1].set_running_or_notify_cancel():
                item[1].set_exception(error or GatewayClosed("the database is closed"))

    def close(self, timeout: float) -> None:
        """Refuse new calls, fail the queued ones at once, let the one in progress finish; wait up to ``timeout`` for that."""
        with self._lock:
            first = not self._closed
            self._closed = True
        if first:
            self._fail_pending()  # a call taken off the queue meanwhile is failed by _begin, which sees _closed
            self._queue.put(None)
        if timeout > 0 and self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)


class StoreGateway:
    """Runs functions of a Store on the database threads and hands back their results.

    The interactive lane opens first (``begin``/``wait_open``), and alone
    migrates a new file; the background lane opens on its first call, so its
    opening never competes with the app's first paint.
    """

    def __init__(self, db_path: Path, library: FrameworkLibrary, scope: Scope | None = None):
        self.db_path = Path(db_path)
        self.library = library
        self.scope = scope
        """Who every Store of this gateway asks as (None: the terminal's admin)."""
        self._lanes: dict[str, _Lane] = {}
        self._lanes_lock = threading.Lock()
        self._closed = False
        self._prefetched: dict[str, Future] = {}

    def _open(self) -> Store:
        from observations.store.observation_store import Store
        from observations.store.scope import TERMINAL

        return Store.open(self.db_path, self.library, scope=self.scope or TERMINAL)

    def _lane(self, name: str) -> _Lane:
        """The lane called ``name``, its thread started (and so its Store opening) on first use."""
        with self._lanes_lock:
            if self._closed:
                raise GatewayClosed("the database is closed")
            lane = self._lanes.get(name)
            if lane is None:
                lane = self._lanes[name] = _Lane(name, self._open)
                lane.begin()
            return lane

    def begin(self) -> StoreGateway:
        """Start opening the database on the interactive lane's thread, so the caller can do other work meanwhile."""
        self._lane(INTERACTIVE)
        return self

    def wait_open(self) -> StoreGateway:
        """Wait for the interactive lane's Store (migrating the file if needed); its error is raised here, before any UI."""
        try:
            self._lane(INTERACTIVE).wait_open()
        except BaseException:
            self.close()
            raise
        return self

    def start(self) -> StoreGateway:
        """Open the database (migrating it if needed); errors are raised here, before any UI."""
        return self.begin().wait_open()

    def prefetch(self, name: str, fn: Callable[[Store], object]) -> None:
        """Start ``fn(store)`` on the interactive lane now, for a screen that will soon want it (see ``take_finished``).

        The home screen's list is read this way while the app is still being
        built, so its first paint already shows the names.
        """
        self._prefetched[name] = self._lane(INTERACTIVE).submit(fn, None)

    def wait_prefetched(self, timeout: float) -> None:
        """Wait (up to ``timeout`` seconds) for the prefetches; for the launcher, before the UI starts.

        A read running beside the UI's first paint takes many times its own
        cost: sqlite3 gives up the GIL for every row it steps, and each time
        waits for the busy UI thread to hand it back. Waiting here, with the UI
        thread idle, costs the read's own few milliseconds.
        """
        for future in list(self._prefetched.values()):
            try:
                future.exception(timeout)
            except (TimeoutError, CancelledError):
                pass

    def take_finished(self, name: str) -> Future | None:
        """The prefetch called ``name`` if it has finished without an error, once; else None (read as usual)."""
        future = self._prefetched.pop(name, None)
        if future is None or not future.done() or future.cancelled() or future.exception() is not None:
            return None
        return future

    def call(self, fn: Callable[[Store], T], *, lane: str = INTERACTIVE, key: str | None = None) -> T:
        """Run ``fn(store)`` on ``lane``'s thread and wait for its result. Call from a worker thread, never the UI.

        With ``key``, a call still waiting in the queue is skipped (raising Superseded)
        when a newer call with the same key arrives: a refresh pressed twice counts once.
        """
        if lane not in LANES:
            raise ValueError(f"unknown lane {lane!r}")
        return self._lane(lane).submit(fn, key).result()

    def close(self, timeout: float = 5.0) -> None:
        """Refuse new calls and fail the queued ones at once; the call in progress finishes, then each connection closes.

        Waits up to ``timeout`` seconds for the threads to finish (0: do not
        wait, as on the UI thread). Safe to call twice: a second call with a
        timeout waits for what the first one left running.
        """
        with self._lanes_lock:
            self._closed = True
            lanes = list(self._lanes.values())
        for lane in lanes:
            lane.close(timeout)
