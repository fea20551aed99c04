"""Provides the served benchmarks: a browser session's start-up under ``serve``, and ten sessions on one server.

Start-up (issue 19): a signed-in tab, from the terminal page's GET to the
first staff name on the terminal a browser-like client holds
(``served_client``), against textual-serve serving the table app (from its
page's GET to its first row), as the terminal's start-up is against the table
app. The tab signs in first, and the sign-in POST (a deliberate scrypt check)
is timed on its own; the whole, sign-in POST to the name, is reported against
textual-serve serving the bare one-label app, as the issue first asked, and
every program's time from the websocket opening beside it, so the comparison
says where the difference lies.

Ten sessions (issue 15): managers and workers of the demo organisation sign in
at once and each rates standards with the keys a person presses
(``served_sessions``), each save key timed to its committed row. Two rounds:
the rush (everyone's first ratings, while the other tabs' apps are still
starting on the same cores), then, once the apps have gone quiet, everyone
rating at once again (ten people at work). Then every app process's memory and
CPU time is read, and every write is checked to be stored with its account as
recorder. Every server and app process the bench starts is stopped, or killed,
even when a run fails.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from conditions import ROOT, cli_command, median, percentile
from row_watcher import RowWatcher, max_rowid
from serve_accounts import PASSWORD, BenchAccount, add_admin, add_session_accounts
from served_client import BrowserTab, now
from served_processes import Memory, ServedProcess, cpu_seconds, free_port, memory_of, wait_until_quiet
from served_sessions import TIMEOUT, Framework, ServedSession, session_for


@dataclass(frozen=True)
class TabTimes:
    """One tab's start-up: seconds from its first request (the sign-in POST, or a limit's page GET) to the text."""

    total: float
    page: float
    """From the terminal page's GET to the text (for a limit, the same as ``total``)."""
    socket: float
    """From the websocket open to the text."""
    first_frame: float
    """From the websocket open to the app's first output."""
    sign_in: float
    longest_feed: float


@dataclass(frozen=True)
class ServedStartup:
    product: tuple[TabTimes, ...]
    """A signed-in admin's tabs (their clock starts at the sign-in POST)."""
    bare: tuple[TabTimes, ...]
    """textual-serve serving the bare app: page GET to its label (no sign-in)."""
    table: tuple[TabTimes, ...]
    """textual-serve serving the table app: page GET to its first row (no sign-in)."""
    staff: int
    scrypt: float
    """One password check (the stored hash's scrypt) in this process, median of five."""
    scrypt_owasp: float
    """One scrypt at OWASP's first recommendation (n=2**17, r=8, p=1), for comparison, median of five."""

    @property
    def rounds_to_table(self) -> list[float]:
        """Each round's product tab against the table app's tab in the same round, both from their page's GET: the goal's ratio."""
        return [p.page / t.page for p, t in zip(self.product, self.table)]

    @property
    def ratio(self) -> float:
        return median(self.rounds_to_table)

    @property
    def signed_in_ratio(self) -> float:
        """The whole, sign-in POST to the name, against the bare app's page GET to its label (the issue's first measure)."""
        return median([p.total / b.total for p, b in zip(self.product, self.bare)])

    @property
    def longest_feed(self) -> float:
        return max(t.longest_feed for t in (*self.product, *self.bare, *self.table))

    @staticmethod
    def medians(tabs: tuple[TabTimes, ...], measure: str) -> float:
        return median([getattr(tab, measure) for tab in tabs])


@dataclass(frozen=True)
class ServedSessions:
    to_list: dict[str, float]
    """Per account: sign-in POST sent to the first name of its staff list shown."""
    rush_saves: tuple[float, ...]
    """Save key to its row committed, for the saves made while the tabs' apps were still starting (all signed in at once)."""
    steady_saves: tuple[float, ...]
    """The same once the apps had gone quiet, every session then saving at once."""
    steady_by_role: dict[str, tuple[float, ...]]
    """Those, by the account's role (a manager's ctrl+s on the person screen, a worker's number key on induction)."""
    first_saves: tuple[float, ...]
    """Each session's first save (its app's first write)."""
    quiet_after: float
    """Seconds the apps took to go quiet after the rush's last save."""
    steady_load: RoundLoad
    """Where the CPU went during the round judged: the apps, the server, this client, and the machine's load."""
    windows: tuple[float, ...]
    memory: tuple[Memory, ...]
    cpu: tuple[float, ...]
    """CPU seconds each tab's app had used by the end."""
    server_memory: Memory
    stored: dict[str, int]
    """Rows recorded by each account, counted in the database at the end."""
    presses: int
    """Saves per session in each of the two rounds."""
    accounts: tuple[BenchAccount, ...]
    longest_feed: float
    staff: int

    @property
    def saves(self) -> tuple[float, ...]:
        return self.rush_saves + self.steady_saves

    @property
    def steady_p95(self) -> float:
        return percentile(list(self.steady_saves), 0.95)

    @property
    def all_stored(self) -> bool:
        expected = 2 * self.presses
        return all(self.stored.get(a.username, 0) == expected for a in self.accounts) and len(self.saves) == expected * len(self.accounts)


@dataclass(frozen=True)
class RoundLoad:
    """Wall time and CPU seconds (the tabs' apps, the server, the bench's own client) over a round; the load average at its end."""

    wall: float
    apps_cpu: float
    server_cpu: float
    client_cpu: float
    load_average: float = 0.0

    @classmethod
    def now(cls, apps: list[int], server_pid: int) -> RoundLoad:
        import time

        return cls(now(), sum(cpu_seconds(pid) for pid in apps), cpu_seconds(server_pid), time.process_time())

    def since(self, start: RoundLoad) -> RoundLoad:
        import os

        return RoundLoad(self.wall - start.wall, self.apps_cpu - start.apps_cpu, self.server_cpu - start.server_cpu,
                         self.client_cpu - start.client_cpu, os.getloadavg()[0])


def product_server(db_path: Path, env: dict[str, str], log_path: Path) -> ServedProcess:
    port = free_port()
    argv = [*cli_command(), "--db", str(db_path), "serve", "--port", str(port)]
    return ServedProcess(argv, port=port, env={**env, "PYTHONUNBUFFERED": "1"}, log_path=log_path)


def limit_server(app: str, env: dict[str, str], log_path: Path) -> ServedProcess:
    """textual-serve serving the bench's ``app`` ("bare" or "table")."""
    port = free_port()
    return ServedProcess([sys.executable, str(ROOT / "bench" / "bare_serve.py"), str(port), app], port=port, env=env, log_path=log_path)


# -- start-up -------------------------------------------------------------------


async def _time_tab(server: ServedProcess, text: str, account: BenchAccount | None) -> TabTimes:
    """A new tab until ``text`` is on its terminal: signed in as ``account`` first, or (a limit) straight to the page."""
    tab = BrowserTab(server.url)
    try:
        tab.screen.watch(text)
        signed = await tab.sign_in(account.username, PASSWORD) if account else None
        await tab.open_terminal()
        shown = await tab.shown(text, TIMEOUT)
        page, opened = tab.page_requested_at, tab.opened_at
        started = signed.started if signed else page
        return TabTimes(shown - started, shown - page, shown - opened, tab.screen.first_frame_at - opened,
                        signed.seconds if signed else 0.0, tab.screen.longest_feed)
    finally:
        await tab.close()


def measure_served_startup(db_path: Path, staff: int, library, env: dict[str, str], work: Path, *, runs: int) -> ServedStartup:
    """``runs`` rounds of the product, the table app and the bare app, each round in a new order (rotated), each tab's
    app ended before the next opens."""
    import bare_app
    import table_app

    admin = add_admin(db_path, library)
    tabs: dict[str, list[TabTimes]] = {"product": [], "table": [], "bare": []}
    servers: dict[str, ServedProcess] = {}
    try:
        servers["product"] = product_server(db_path, env, work / "served-startup.log")
        for name in ("table", "bare"):
            servers[name] = limit_server(name, env, work / f"{name}-served.log")
        awaited = {"product": (admin.first_name, admin), "table": (table_app.READY, None), "bare": (bare_app.READY, None)}
        order = list(tabs)
        for round_number in range(runs):
            shift = round_number % len(order)
            for name in order[shift:] + order[:shift]:
                text, account = awaited[name]
                tabs[name].append(asyncio.run(_time_tab(servers[name], text, account)))
                servers[name].wait_for_no_apps()
    finally:
        for server in servers.values():
            server.stop()
    return ServedStartup(product=tuple(tabs["product"]), bare=tuple(tabs["bare"]), table=tuple(tabs["table"]), staff=staff,
                         scrypt=password_check_seconds(), scrypt_owasp=owasp_scrypt_seconds())


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


def owasp_scrypt_seconds(checks: int = 5) -> float:
    """What one check would cost at OWASP's first recommendation for scrypt (n=2**17, r=8, p=1: 128 MiB)."""
    import hashlib

    times = []
    for _ in range(checks):
        started = now()
        hashlib.scrypt(PASSWORD.encode(), salt=b"0123456789abcdef", n=2**17, r=8, p=1, maxmem=256 * 2**20, dklen=32)
        times.append(now() - started)
    return median(times)


# -- ten sessions -----------------------------------------------------------------


async def _all(sessions: list[ServedSession], step) -> list:
    """``step(session)`` for every session at once; the first failure, named, once all have ended."""
    done = await asyncio.gather(*(step(session) for session in sessions), return_exceptions=True)
    failed = [(s.account.username, d) for s, d in zip(sessions, done) if isinstance(d, BaseException)]
    if failed:
        username, error = failed[0]
        raise RuntimeError(f"{len(failed)} of {len(sessions)} sessions failed; {username}'s: {error}") from error
    return done


async def _sessions(server: ServedProcess, db_path: Path, accounts: list[BenchAccount], framework: Framework, presses: int):
    """All sign in at once and save ``presses`` ratings (the rush); once the apps are quiet, all save ``presses`` more."""
    watcher = RowWatcher(db_path)
    await watcher.start()
    sessions = [session_for(server.url, account, framework, watcher) for account in accounts]
    try:
        await _all(sessions, lambda s: s.open())
        rush = await _all(sessions, lambda s: s.rate(range(presses)))
        apps = server.app_pids()
        if len(apps) != len(accounts):
            raise RuntimeError(f"{len(accounts)} tabs are open but the server runs {len(apps)} app processes")
        quiet_after = await asyncio.to_thread(wait_until_quiet, apps)
        before = RoundLoad.now(apps, server.process.pid)
        steady = await _all(sessions, lambda s: s.rate(range(presses, 2 * presses)))
        steady_load = RoundLoad.now(apps, server.process.pid).since(before)
        memory = tuple(memory_of(pid) for pid in apps)
        cpu = tuple(cpu_seconds(pid) for pid in apps)
        server_memory = memory_of(server.process.pid)
    finally:
        await asyncio.gather(*(s.tab.close() for s in sessions), return_exceptions=True)
        await watcher.stop()
    return sessions, rush, steady, quiet_after, steady_load, memory, cpu, server_memory, watcher.windows


def stored_rows(db_path: Path, since_rowid: int) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT recorded_by, count(*) FROM observations WHERE rowid > ? GROUP BY recorded_by", (since_rowid,))
        return dict(rows.fetchall())
    finally:
        conn.close()


def measure_served_sessions(db_path: Path, staff: int, library, env: dict[str, str], work: Path, *, sessions: int, presses: int) -> ServedSessions:
    """``sessions`` browser-like tabs on one server at once, each saving 2 x ``presses`` ratings, on ``db_path`` (a copy)."""
    framework = Framework.of(library)
    if 2 * presses > len(framework.standards):
        raise ValueError(f"at most {len(framework.standards) // 2} presses per round (one standard each)")
    accounts = add_session_accounts(db_path, library, sessions)
    before = max_rowid(db_path)
    server = product_server(db_path, env, work / "served-sessions.log")
    try:
        done, rush, steady, quiet_after, steady_load, memory, cpu, server_memory, windows = asyncio.run(_sessions(server, db_path, accounts, framework, presses))
    finally:
        server.stop()
    return ServedSessions(
        to_list={s.account.username: s.to_list for s in done},
        rush_saves=tuple(seconds for saves in rush for _, seconds in saves),
        steady_saves=tuple(seconds for saves in steady for _, seconds in saves),
        steady_by_role={role: tuple(seconds for s, saves in zip(done, steady) if s.account.role == role for _, seconds in saves)
                        for role in sorted({s.account.role for s in done})},
        first_saves=tuple(saves[0][1] for saves in rush if saves),
        quiet_after=quiet_after, steady_load=steady_load, windows=tuple(windows), memory=memory, cpu=cpu, server_memory=server_memory,
        stored=stored_rows(db_path, before), presses=presses, accounts=tuple(accounts),
        longest_feed=max(s.tab.screen.longest_feed for s in done), staff=staff,
    )
