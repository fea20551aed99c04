"""The database gateway: each connection stays on its own thread, errors come back to the caller, stale calls are skipped."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from observations.errors import InputError
from supervision_tui.app.gateway import BACKGROUND, INTERACTIVE, GatewayClosed, StoreGateway, Superseded


def wait_until_queued(gateway: StoreGateway, lane: str, count: int, deadline: float = 10.0) -> None:
    """Wait until ``count`` calls are waiting in ``lane``'s queue (they are submitted from other threads); fail after ``deadline`` seconds.

    (It looks at the lane's queue, a private detail: there is no public way to see a call was queued, and none is needed outside tests.)
    """
    queue = gateway._lanes[lane]._queue
    give_up = time.monotonic() + deadline
    while queue.qsize() < count:
        assert time.monotonic() < give_up, f"{count} call(s) never reached the {lane} queue"
        time.sleep(0.001)


@pytest.fixture
def gateway(tmp_path, library):
    opened = StoreGateway(tmp_path / "gateway.db", library).start()
    yield opened
    opened.close()


def test_calls_run_on_the_lane_thread_that_opened_the_connection(gateway):
    caller = threading.get_ident()
    interactive = gateway.call(lambda store: threading.current_thread().name)
    background = gateway.call(lambda store: threading.current_thread().name, lane=BACKGROUND)
    assert (interactive, background) == ("store-interactive", "store-background")
    assert gateway.call(lambda store: threading.get_ident()) != caller


def test_a_write_on_one_lane_is_seen_by_the_other(gateway):
    member = gateway.call(lambda store: store.add_staff("Ann Lee", team="North"))
    assert gateway.call(lambda store: store.staff(member.id).name, lane=BACKGROUND) == "Ann Lee"


def test_store_errors_are_raised_in_the_caller(gateway):
    with pytest.raises(InputError, match="name must not be empty"):
        gateway.call(lambda store: store.add_staff("  "))
    assert gateway.call(lambda store: len(store.list_staff())) == 0


def test_a_queued_call_is_skipped_when_a_newer_one_with_its_key_arrives(gateway):
    started, release = threading.Event(), threading.Event()

    def blocker(store):
        started.set()
        release.wait(5)
        return "blocker"

    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(gateway.call, blocker, lane=INTERACTIVE)
        assert started.wait(5)
        stale = pool.submit(gateway.call, lambda store: "stale", key="counts")
        wait_until_queued(gateway, INTERACTIVE, 1)
        fresh = pool.submit(gateway.call, lambda store: "fresh", key="counts")
        with pytest.raises(Superseded):
            stale.result(5)
        release.set()
        assert (first.result(5), fresh.result(5)) == ("blocker", "fresh")


def test_closing_fails_waiting_calls_and_refuses_new_ones(tmp_path, library):
    gateway = StoreGateway(tmp_path / "closing.db", library).start()
    gateway.close()
    gateway.close()  # twice is fine
    with pytest.raises(GatewayClosed):
        gateway.call(lambda store: 1)


def test_closing_fails_the_queued_calls_without_running_them(tmp_path, library):
    others = set(threading.enumerate())
    gateway = StoreGateway(tmp_path / "queued.db", library).start()
    gateway.call(lambda store: None, lane=BACKGROUND)  # the background lane opens on its first call
    threads = [t for t in threading.enumerate() if t not in others and t.name.startswith("store-")]
    assert len(threads) == 2
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def blocker(store):
        started.set()
        release.wait(10)
        return "finished"

    with ThreadPoolExecutor(2) as pool:
        running = pool.submit(gateway.call, blocker)
        assert started.wait(5)
        queued = pool.submit(gateway.call, lambda store: ran.append("queued"))
        wait_until_queued(gateway, INTERACTIVE, 1)
        gateway.close(timeout=0)  # does not wait for the running call
        with pytest.raises(GatewayClosed):
            queued.result(5)
        assert not running.done()
        release.set()
        assert running.result(5) == "finished"  # the call in progress finishes
    gateway.close()  # waits for the threads this time
    assert ran == []
    assert not [t for t in threads if t.is_alive()]


def test_the_background_lane_opens_on_its_first_call_not_at_start(tmp_path, library):
    """Its opening would otherwise compete with the app's first paint for the interpreter."""
    others = set(threading.enumerate())
    gateway = StoreGateway(tmp_path / "lazy.db", library).start()
    try:
        started = {t.name for t in threading.enumerate() if t not in others}
        assert started == {"store-interactive"}
        assert gateway.call(lambda store: threading.current_thread().name, lane=BACKGROUND) == "store-background"
    finally:
        gateway.close()


def test_an_open_that_fails_fails_the_calls_queued_behind_it(tmp_path, library):
    from observations.errors import StoreError

    bad = tmp_path / "not-a-database.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    gateway = StoreGateway(bad, library).begin()
    with ThreadPoolExecutor(1) as pool:
        queued = pool.submit(gateway.call, lambda store: "ran")
        with pytest.raises(StoreError):
            queued.result(10)
    with pytest.raises(StoreError):
        gateway.wait_open()
    with pytest.raises(GatewayClosed):
        gateway.call(lambda store: "after")


def test_a_prefetch_is_handed_over_once_and_only_when_finished(gateway):
    gateway.prefetch("answer", lambda store: 42)
    gateway.wait_prefetched(timeout=10)
    found = gateway.take_finished("answer")
    assert found is not None and found.result() == 42
    assert gateway.take_finished("answer") is None
    gateway.prefetch("broken", lambda store: 1 / 0)
    gateway.wait_prefetched(timeout=10)
    assert gateway.take_finished("broken") is None  # the screen then reads as usual and reports the error itself
