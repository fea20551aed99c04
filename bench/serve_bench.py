"""Provides the served benchmarks: a browser session's start-up under ``serve``, and ten sessions on one server.

Start-up (issue 19): from the sign-in POST to the first staff name on the
terminal a browser-like client holds (``served_client``), against textual-serve
serving the bare one-label app (from the page's GET to its label: it has no
sign-in). Because the product's time includes signing in and the bare app's
cannot, the sign-in POST's own time and both times from the websocket opening
are reported too, so the comparison says where the difference lies.

Ten sessions (issue 15): managers and workers of the demo organisation sign in
at once and each rates standards with the keys a person presses: a manager on
a team member's person screen (a rating key, then ctrl+s, as the recording
bench does), a worker on their own induction checklist (a number key saves
their self-assessment). Each save key is timed to its committed row, seen by
another process polling the database read-only; then every app process's
memory is read, and every write is checked to be stored with its account as
recorder. Every server and app process the bench starts is stopped, or killed,
even when a run fails.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from conditions import ROOT, cli_command, median, percentile
from serve_accounts import PASSWORD, BenchAccount, add_admin, add_session_accounts
from served_client import BrowserTab, now
from row_watcher import RowWatcher, max_rowid
from served_processes import Memory, ServedProcess, free_port, memory_of

RATING_KEYS = ("3", "2", "4", "1")
FILTER_PLACEHOLDER = "filters by name"
"""Part of the home screen's filter placeholder: its colours change when the filter takes the focus."""
ONE_SHOWN = re.compile(r"\b1 of [\d,]+ shown")
"""The home screen's status line once the filter has left one person on the list."""
TIMEOUT = 120.0
"""Seconds any one thing may take before the bench gives up on it (ten apps start at once on a small machine)."""

@dataclass(frozen=True)
class ServedStartup:
    product: tuple[float, ...]
    """Sign-in POST sent to the first staff name shown, each run."""
    product_socket: tuple[float, ...]
    """Websocket open to the first staff name shown."""
    sign_in: tuple[float, ...]
    """The sign-in POST alone (the password check is most of it)."""
    bare: tuple[float, ...]
    """The bare app: page GET sent to its label shown."""
    bare_socket: tuple[float, ...]
    longest_feed: float
    staff: int
    scrypt: float
    """One password check (the stored hash's scrypt) in this process, median of five."""

    @property
    def ratio(self) -> float:
        return median(list(self.product)) / median(list(self.bare))

    @property
    def socket_ratio(self) -> float:
        return median(list(self.product_socket)) / median(list(self.bare_socket))


@dataclass(frozen=True)
class ServedSessions:
    to_list: dict[str, float]
    """Per account: sign-in POST sent to the first name of its staff list shown."""
    saves: tuple[float, ...]
    """Save key sent to its row committed (seen by the watcher), every save of every session."""
    saves_all_open: tuple[float, ...]
    """Those of the saves sent once every session's staff list was on screen (no app still starting)."""
    first_saves: tuple[float, ...]
    """Each session's first save (its app's first write)."""
    windows: tuple[float, ...]
    memory: tuple[Memory, ...]
    server_memory: Memory
    stored: dict[str, int]
    """Rows recorded by each account, counted in the database at the end."""
    presses: int
    accounts: tuple[BenchAccount, ...]
    longest_feed: float
    staff: int

    @property
    def save_p95(self) -> float:
        return percentile(list(self.saves), 0.95)

    @property
    def all_stored(self) -> bool:
        return all(self.stored.get(a.username, 0) == self.presses for a in self.accounts) and len(self.saves) == self.presses * len(self.accounts)


def product_server(db_path: Path, env: dict[str, str], log_path: Path) -> ServedProcess:
    port = free_port()
    argv = [*cli_command(), "--db", str(db_path), "serve", "--port", str(port)]
    return ServedProcess(argv, port=port, env={**env, "PYTHONUNBUFFERED": "1"}, log_path=log_path)


def bare_server(env: dict[str, str], log_path: Path) -> ServedProcess:
    port = free_port()
    return ServedProcess([sys.executable, str(ROOT / "bench" / "bare_serve.py"), str(port)], port=port, env=env, log_path=log_path)


# -- start-up -------------------------------------------------------------------


async def _product_run(server: ServedProcess, account: BenchAccount) -> tuple[float, float, float, float]:
    tab = BrowserTab(server.url)
    try:
        tab.screen.watch(account.first_name)
        signed = await tab.sign_in(account.username, PASSWORD)
        await tab.open_terminal()
        shown = await tab.shown(account.first_name, TIMEOUT)
        return shown - signed.started, shown - tab.opened_at, signed.seconds, tab.screen.longest_feed
    finally:
        await tab.close()


async def _bare_run(server: ServedProcess) -> tuple[float, float, float]:
    from bare_app import READY

    tab = BrowserTab(server.url)
    try:
        tab.screen.watch(READY)
        started = now()
        await tab.open_terminal()
        shown = await tab.shown(READY, TIMEOUT)
        return shown - started, shown - tab.opened_at, tab.screen.longest_feed
    finally:
        await tab.close()


def measure_served_startup(db_path: Path, staff: int, library, env: dict[str, str], work: Path, *, runs: int) -> ServedStartup:
    """``runs`` rounds, product and bare app in rotating order, each tab's app ended before the next opens."""
    admin = add_admin(db_path, library)
    product, product_socket, sign_in, bare, bare_socket, feeds = [], [], [], [], [], [0.0]
    served = bare_served = None
    try:
        served = product_server(db_path, env, work / "served-startup.log")
        bare_served = bare_server(env, work / "bare-served.log")
        for round_number in range(runs):
            for which in (("product", "bare") if round_number % 2 == 0 else ("bare", "product")):
                if which == "product":
                    total, socket_time, signing, feed = asyncio.run(_product_run(served, admin))
                    product.append(total), product_socket.append(socket_time), sign_in.append(signing)
                    served.wait_for_no_apps()
                else:
                    total, socket_time, feed = asyncio.run(_bare_run(bare_served))
                    bare.append(total), bare_socket.append(socket_time)
                    bare_served.wait_for_no_apps()
                feeds.append(feed)
    finally:
        for server in (served, bare_served):
            if server is not None:
                server.stop()
    return ServedStartup(tuple(product), tuple(product_socket), tuple(sign_in), tuple(bare), tuple(bare_socket), max(feeds), staff, password_check_seconds())


def password_check_seconds(checks: int = 5) -> float:
    """What the sign-in's password check costs alone: the product's own scrypt check of a stored hash."""
    from observations.accounts.passwords import hash_password, verify_password

    stored = hash_password(PASSWORD)
    times = []
    for _ in range(checks):
        started = now()
        if not verify_password(PASSWORD, stored):
            raise RuntimeError("the password check refused the right password")
        times.append(now() - started)
    return median(times)


# -- ten sessions -----------------------------------------------------------------


@dataclass(frozen=True)
class Framework:
    """What the keys need to know of the framework shown: its standards in order, their stages, the level labels."""

    standards: tuple[str, ...]
    stages: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def of(cls, library, framework_id: str = "apir") -> Framework:
        framework = library.get(framework_id)
        ids = framework.standard_ids()
        return cls(ids, tuple(framework.stage_of(s).id for s in ids), tuple(level.label for level in framework.rating_scale.levels))


async def _manager_ratings(tab: BrowserTab, account: BenchAccount, framework: Framework, watcher: RowWatcher, presses: int) -> list[tuple[float, float]]:
    """As the recording bench: / and the name, enter twice, then per standard a rating key and ctrl+s."""
    focused = tab.watch_restyle(FILTER_PLACEHOLDER)
    await tab.press("slash")
    await tab.shown(focused, TIMEOUT)
    await tab.type_text(account.rates)
    await tab.shown(tab.screen.watch("the filter leaves one person", lambda: tab.screen.matches(ONE_SHOWN)), TIMEOUT)
    listed = tab.watch_restyle(account.rates)  # the row's cursor colour changes as the focus reaches the list
    await tab.press("enter")
    await tab.shown(listed, TIMEOUT)
    await tab.press("enter")
    await tab.shown(f"Record {framework.standards[0]}", TIMEOUT)
    if not tab.screen.shows(f"{account.rates} · "):
        raise RuntimeError(f"{account.username} meant to open {account.rates!r}; the terminal showed:\n{tab.screen.text()}")
    saves = []
    for index in range(presses):
        standard, key = framework.standards[index], RATING_KEYS[index % len(RATING_KEYS)]
        await tab.press(key)
        await tab.shown(f"{key} {framework.labels[int(key) - 1]}, not saved", TIMEOUT)
        sent = await tab.press("ctrl+s")
        saves.append((sent, await watcher.committed(account.username, TIMEOUT) - sent))
        following = f"Record {framework.standards[index + 1]}" if index + 1 < len(framework.standards) else f"Saved {standard}:"
        await tab.shown(following, TIMEOUT)
    return saves


async def _worker_self_assessments(tab: BrowserTab, account: BenchAccount, framework: Framework, watcher: RowWatcher, presses: int) -> list[tuple[float, float]]:
    """On their own induction checklist (i): a number key saves a self-assessment; down moves to the next standard."""
    await tab.press("i")
    await tab.shown(f"Induction · {account.staff_name}", TIMEOUT)
    saves = []
    for index in range(presses):
        standard, key = framework.standards[index], RATING_KEYS[index % len(RATING_KEYS)]
        sent = await tab.press(key)
        saves.append((sent, await watcher.committed(account.username, TIMEOUT) - sent))
        await tab.shown(f"self-assessment of {standard}: {framework.labels[int(key) - 1]}", TIMEOUT)
        if index + 1 < presses:
            crossing = framework.stages[index + 1] != framework.stages[index]
            await tab.press(*(["down", "down"] if crossing else ["down"]))  # a stage's heading row lies between stages
    return saves


async def _one_session(server: ServedProcess, account: BenchAccount, framework: Framework, watcher: RowWatcher, presses: int, tabs: list):
    tab = BrowserTab(server.url)
    tabs.append(tab)
    tab.screen.watch(account.first_name)
    signed = await tab.sign_in(account.username, PASSWORD)
    await tab.open_terminal()
    listed_at = await tab.shown(account.first_name, TIMEOUT)
    rate = _manager_ratings if account.role == "manager" else _worker_self_assessments
    return listed_at - signed.started, listed_at, await rate(tab, account, framework, watcher, presses)


async def _sessions(server: ServedProcess, db_path: Path, accounts: list[BenchAccount], framework: Framework, presses: int):
    watcher = RowWatcher(db_path)
    await watcher.start()
    tabs: list[BrowserTab] = []
    try:
        done = await asyncio.gather(*(_one_session(server, a, framework, watcher, presses, tabs) for a in accounts), return_exceptions=True)
        failed = [(a.username, d) for a, d in zip(accounts, done) if isinstance(d, BaseException)]
        if failed:
            username, error = failed[0]
            raise RuntimeError(f"{len(failed)} of {len(accounts)} sessions failed; {username}'s: {error}") from error
        apps = server.app_pids()
        if len(apps) != len(accounts):
            raise RuntimeError(f"{len(accounts)} tabs are open but the server runs {len(apps)} app processes")
        memory = tuple(memory_of(pid) for pid in apps)
        server_memory = memory_of(server.process.pid)
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
        await watcher.stop()
    feed = max(tab.screen.longest_feed for tab in tabs)
    return done, memory, server_memory, watcher.windows, feed


def stored_rows(db_path: Path, since_rowid: int) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT recorded_by, count(*) FROM observations WHERE rowid > ? GROUP BY recorded_by", (since_rowid,))
        return dict(rows.fetchall())
    finally:
        conn.close()


def measure_served_sessions(db_path: Path, staff: int, library, env: dict[str, str], work: Path, *, sessions: int, presses: int) -> ServedSessions:
    """``sessions`` browser-like tabs on one server at once, each saving ``presses`` ratings, on ``db_path`` (a copy)."""
    framework = Framework.of(library)
    if presses > len(framework.standards):
        raise ValueError(f"at most {len(framework.standards)} presses per session (one per standard)")
    accounts = add_session_accounts(db_path, library, sessions)
    before = max_rowid(db_path)
    server = product_server(db_path, env, work / "served-sessions.log")
    try:
        done, memory, server_memory, windows, feed = asyncio.run(_sessions(server, db_path, accounts, framework, presses))
    finally:
        server.stop()
    to_list = {account.username: result[0] for account, result in zip(accounts, done)}
    all_open = max(listed_at for _, listed_at, _ in done)
    saves = tuple(seconds for _, _, session_saves in done for _, seconds in session_saves)
    saves_all_open = tuple(seconds for _, _, session_saves in done for sent, seconds in session_saves if sent > all_open)
    first_saves = tuple(session_saves[0][1] for _, _, session_saves in done if session_saves)
    return ServedSessions(to_list, saves, saves_all_open, first_saves, tuple(windows), memory, server_memory, stored_rows(db_path, before), presses, tuple(accounts), feed, staff)
