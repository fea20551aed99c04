"""Provides the served benchmarks: a browser session's start-up under ``serve``, and ten sessions on one server.

Start-up (issue 19): from the sign-in POST to the first staff name on the
terminal a browser-like client holds (``served_client``), against textual-serve
serving the bare one-label app (from the page's GET to its label: it has no
sign-in). Because the product's time includes signing in and the bare app's
cannot, the sign-in POST's own time and both times from the websocket opening
are reported too, so the comparison says where the difference lies.

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
class ServedStartup:
    product: tuple[float, ...]
    """Sign-in POST sent to the first staff name shown, each run."""
    product_socket: tuple[float, ...]
    """Websocket open to the first staff name shown."""
    product_first_frame: tuple[float, ...]
    """Websocket open to the app's first output (process launched, imports done, something drawn)."""
    sign_in: tuple[float, ...]
    """The sign-in POST alone (the password check is most of it)."""
    bare: tuple[float, ...]
    """The bare app: page GET sent to its label shown."""
    bare_socket: tuple[float, ...]
    bare_first_frame: tuple[float, ...]
    longest_feed: float
    staff: int
    scrypt: float
    """One password check (the stored hash's scrypt) in this process, median of five."""
    scrypt_owasp: float
    """One scrypt at OWASP's first recommendation (n=2**17, r=8, p=1), for comparison, median of five."""

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


def bare_server(env: dict[str, str], log_path: Path) -> ServedProcess:
    port = free_port()
    return ServedProcess([sys.executable, str(ROOT / "bench" / "bare_serve.py"), str(port)], port=port, env=env, log_path=log_path)


# -- start-up -------------------------------------------------------------------


@dataclass(frozen=True)
class TabTimes:
    """One tab's start-up: seconds from its first request (the sign-in POST, or the bare app's page GET) to the text."""

    total: float
    socket: float
    """From the websocket open to the text."""
    first_frame: float
    """From the websocket open to the app's first output."""
    sign_in: float
    longest_feed: float


async def _time_tab(server: ServedProcess, text: str, account: BenchAccount | None) -> TabTimes:
    """A new tab until ``text`` is on its terminal: signed in as ``account`` first, or (the bare app) straight to the page."""
    tab = BrowserTab(server.url)
    try:
        tab.screen.watch(text)
        signed = await tab.sign_in(account.username, PASSWORD) if account else None
        started = signed.started if signed else now()
        await tab.open_terminal()
        shown = await tab.shown(text, TIMEOUT)
        opened = tab.opened_at
        return TabTimes(shown - started, shown - opened, tab.screen.first_frame_at - opened, signed.seconds if signed else 0.0, tab.screen.longest_feed)
    finally:
        await tab.close()


def measure_served_startup(db_path: Path, staff: int, library, env: dict[str, str], work: Path, *, runs: int) -> ServedStartup:
    """``runs`` rounds, product and bare app in rotating order, each tab's app ended before the next opens."""
    from bare_app import READY

    admin = add_admin(db_path, library)
    product: list[TabTimes] = []
    bare: list[TabTimes] = []
    served = bare_served = None
    try:
        served = product_server(db_path, env, work / "served-startup.log")
        bare_served = bare_server(env, work / "bare-served.log")
        for round_number in range(runs):
            for which in (("product", "bare") if round_number % 2 == 0 else ("bare", "product")):
                server, text, account, times = (served, admin.first_name, admin, product) if which == "product" else (bare_served, READY, None, bare)
                times.append(asyncio.run(_time_tab(server, text, account)))
                server.wait_for_no_apps()
    finally:
        for server in (served, bare_served):
            if server is not None:
                server.stop()
    return ServedStartup(product=tuple(t.total for t in product), product_socket=tuple(t.socket for t in product),
                         product_first_frame=tuple(t.first_frame for t in product), sign_in=tuple(t.sign_in for t in product),
                         bare=tuple(t.total for t in bare), bare_socket=tuple(t.socket for t in bare),
                         bare_first_frame=tuple(t.first_frame for t in bare),
                         longest_feed=max(t.longest_feed for t in product + bare), staff=staff,
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
