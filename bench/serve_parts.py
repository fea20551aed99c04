"""Provides the served parts of a run: a browser session's start-up under ``serve``, and ten sessions on one server.

Their numbers go into the run's results the way ``parts`` puts the terminal's:
a row against each goal, a table per session, and how they were measured.
Goals: a signed-in tab's start-up within 1.3x textual-serve serving the table
app, both from their page's GET (issue 19, with the terminal's limit; the
sign-in to the name against the bare app is reported beside it); for ten sessions on one server, the save key to its committed row
p95 under the 50 ms the terminal's recording has (issue 15 names no number, so
the terminal's own goal is the yardstick), and every write stored.
"""

from __future__ import annotations

import os
from pathlib import Path

from conditions import median, percentile
from dbs import DemoDatabase, copy_database
from parts import RECORDING_P95_GOAL, STARTUP_GOAL, STARTUP_WORST_ROUND
from results import Run, seconds, table


def _library(folder: Path):
    from standards import load_library

    return load_library(folder / "home" / "no-user-frameworks")


def record_served_startup(run: Run, database: DemoDatabase, env: dict[str, str], work: Path, runs: int) -> None:
    from serve_bench import ServedStartup, measure_served_startup

    copy = copy_database(database.path, work / "served-startup.db")
    result = measure_served_startup(copy, database.staff, _library(work), env, work, runs=runs)
    product, table_app, bare = result.product, result.table, result.bare
    at = ServedStartup.medians
    worst = max(result.rounds_to_table)
    run.goal(
        f"Served start-up: a signed-in tab, terminal page GET to the first staff name ({database.staff:,} staff), median of {runs} rounds",
        seconds(at(product, "page")),
        f"textual-serve, table app: page GET to its first row {seconds(at(table_app, 'page'))}",
        f"{result.ratio:.2f}x (worst round {worst:.2f}x)",
        f"≤ {STARTUP_GOAL}x, no round past {STARTUP_WORST_ROUND}x",
        result.ratio <= STARTUP_GOAL and worst <= STARTUP_WORST_ROUND,
    )
    run.goal(
        "Served start-up, for context: sign-in POST to the first staff name, against textual-serve's bare app (page GET to its label)",
        seconds(at(product, "total")),
        f"bare app {seconds(at(bare, 'total'))}",
        f"{result.signed_in_ratio:.2f}x (the sign-in POST alone {seconds(at(product, 'sign_in'))})",
        "(none)",
        None,
    )
    run.section(
        f"Served start-up, where the time goes ({database.staff:,} staff, medians of {runs})",
        table(
            ("Phase", "Product (`serve`, signed in)", "Table app (textual-serve)", "Bare app (textual-serve)"),
            (
                ("Sign-in POST answered (password check, cookie)", seconds(at(product, "sign_in")), "— (no sign-in)", "— (no sign-in)"),
                ("… of which one scrypt password check (n=2^15, r=8, p=1: 32 MiB), alone in the bench", seconds(result.scrypt), "—", "—"),
                ("(for comparison: one scrypt at OWASP's first recommendation, n=2^17, r=8, p=1: 128 MiB)", seconds(result.scrypt_owasp), "—", "—"),
                ("Terminal page GET and websocket handshake", *(seconds(median([t.page - t.socket for t in tabs])) for tabs in (product, table_app, bare))),
                ("Websocket open to the app's first output (process launch, imports, first frame)", *(seconds(at(tabs, "first_frame")) for tabs in (product, table_app, bare))),
                ("First output to the awaited text (the product: its staff query and rows)",
                 *(seconds(median([t.socket - t.first_frame for t in tabs])) for tabs in (product, table_app, bare))),
                ("Websocket open to the awaited text", *(seconds(at(tabs, "socket")) for tabs in (product, table_app, bare))),
                ("Page GET to the awaited text", *(seconds(at(tabs, "page")) for tabs in (product, table_app, bare))),
                ("Total (the product's from its sign-in POST)", *(seconds(at(tabs, "total")) for tabs in (product, table_app, bare))),
            ),
        ),
    )
    run.notes.append(
        "Served start-up: `supervision-tui --db FILE serve` and `python bench/bare_serve.py PORT table|bare` (textual-serve's own "
        "`Server` serving `bench/table_app.py` or `bench/bare_app.py`) on 127.0.0.1, all three running through the rounds, in "
        "rotating order, each tab's app ended before the next tab opens. A browser-like client (aiohttp: the sign-in form, its "
        "POST, the terminal page, then `/ws?width=120&height=40`, as the page's script opens it) feeds every binary frame to a "
        "terminal emulator (pyte); the clock stops at the arrival of the frame after which the emulated terminal shows the awaited "
        "text (the first staff name for an admin account; the table app's first row; the bare app's label). The goal's clocks start "
        "at the terminal page's GET (the product's tab already signed in); the whole, from the sign-in POST, is for context. "
        f"Longest emulator feed of one frame: {result.longest_feed * 1000:.1f} ms. Product runs (page GET to name): "
        f"{', '.join(seconds(t.page) for t in product)}; table runs: {', '.join(seconds(t.page) for t in table_app)}; "
        f"bare runs: {', '.join(seconds(t.page) for t in bare)}; sign-in POSTs: {', '.join(seconds(t.sign_in) for t in product)}."
    )


def _served_sessions(database: DemoDatabase, env: dict[str, str], work: Path, sessions: int, presses: int):
    from serve_bench import measure_served_sessions

    copy = copy_database(database.path, work / f"served-{sessions}-sessions.db")
    return measure_served_sessions(copy, database.staff, _library(work), env, work, sessions=sessions, presses=presses)


def _by_role(result) -> str:
    return ", ".join(f"{role} p95 {seconds(percentile(list(saves), 0.95))}" for role, saves in result.steady_by_role.items())


def record_served_sessions(run: Run, database: DemoDatabase, env: dict[str, str], work: Path, sessions: int, presses: int) -> None:
    """First two sessions (a manager and a worker: the same saves with next to no load), then ``sessions`` at once."""
    few = _served_sessions(database, env, work, 2, presses) if sessions > 2 else None
    result = _served_sessions(database, env, work, sessions, presses)
    to_list = list(result.to_list.values())
    rss = [m.rss_mib for m in result.memory]
    pss = [m.pss_mib for m in result.memory if m.pss_mib is not None]
    run.goal(
        f"{sessions} sessions on one server: sign-in POST to the staff list ({database.staff:,} staff), all signing in at once",
        f"median {seconds(median(to_list))}, slowest {seconds(max(to_list))}",
        f"2 sessions alike: slowest {seconds(max(few.to_list.values()))}" if few else "—",
        f"slowest {seconds(max(to_list))}",
        "(none)",
        None,
    )
    run.goal(
        f"{sessions} sessions on one server: save key to committed row, all {sessions} at work at once ({len(result.steady_saves)} saves)",
        f"median {seconds(median(list(result.steady_saves)))}, p95 {seconds(result.steady_p95)} ({_by_role(result)})",
        f"2 sessions alike: p95 {seconds(few.steady_p95)} ({_by_role(few)})" if few else "—",
        f"p95 {seconds(result.steady_p95)}",
        f"p95 < {RECORDING_P95_GOAL * 1000:.0f} ms (the terminal's)",
        result.steady_p95 < RECORDING_P95_GOAL,
    )
    run.goal(
        f"{sessions} sessions on one server, for context: save key to committed row in the rush, all signed in at once ({len(result.rush_saves)} saves)",
        f"median {seconds(median(list(result.rush_saves)))}, p95 {seconds(percentile(list(result.rush_saves), 0.95))}",
        f"each session's first save (its app's first write): median {seconds(median(list(result.first_saves)))}",
        f"p95 {seconds(percentile(list(result.rush_saves), 0.95))}",
        "(none)",
        None,
    )
    run.goal(
        f"{sessions} sessions on one server: every write stored with its account as recorder",
        f"{sum(result.stored.values())} rows",
        f"{2 * presses * sessions} saves sent",
        "all stored" if result.all_stored else "**rows missing or extra**",
        "all",
        result.all_stored,
    )
    run.goal(
        f"{sessions} sessions on one server: memory per session (each tab's app process)",
        f"RSS median {median(rss):.0f} MiB, largest {max(rss):.0f} MiB" + (f"; PSS median {median(pss):.0f} MiB" if pss else ""),
        f"the server itself {result.server_memory.rss_mib:.0f} MiB RSS; CPU per tab's app by the end: median {median(list(result.cpu)):.1f} s",
        f"{sum(rss):.0f} MiB RSS for {sessions} tabs" + (f" ({sum(pss):.0f} MiB PSS)" if pss else ""),
        "(none)",
        None,
    )
    by_account = {account.username: account for account in result.accounts}
    run.section(
        f"{sessions} sessions on one server ({database.staff:,} staff)",
        table(
            ("Account", "Role", "What it rated", "Sign-in to its staff list", "Rows stored"),
            (
                (name, by_account[name].role, "a team member, rating key then ctrl+s" if by_account[name].role == "manager" else "self-assessment on induction, number key",
                 seconds(result.to_list[name]), f"{result.stored.get(name, 0)} of {2 * presses}")
                for name in result.to_list
            ),
        ),
    )
    run.notes.append(
        f"{sessions} sessions: accounts made by the bench on a copy of the demo organisation, {(sessions + 1) // 2} team managers "
        "(their team) and the rest workers of other teams (their own record), each a browser-like client as in the served "
        "start-up. A manager types / and a team member's name, enter, enter (waiting, as a person does, for the filter's and the "
        "list's focus colours before the next key), then per standard a rating key, its draft on screen, and ctrl+s; a worker "
        "presses i and, per standard, a number key (which saves a self-assessment) and down. Two rounds of "
        f"{presses} saves each: the rush (all sign in at the same moment and rate at once, while the other tabs' apps are still "
        f"starting and counting on the same cores), then, after the apps had gone quiet ({result.quiet_after:.1f} s later: "
        "under 5% of a core together over a second), all rate at once again; the goal is judged on that round. In it "
        f"({result.steady_load.wall:.1f} s) the tabs' apps used {result.steady_load.apps_cpu:.1f} CPU seconds, the server "
        f"{result.steady_load.server_cpu:.1f}, the bench's own client ({sessions} terminal emulators) {result.steady_load.client_cpu:.1f}, "
        f"on {os.cpu_count()} cores whose load average (other work included) was {result.steady_load.load_average:.1f}. Each save is "
        "timed from its key to its row, seen by another process polling the file read-only every 0.5 ms for rows recorded by "
        f"that account (its longest gap between polls, the reading's uncertainty: {max(result.windows, default=0) * 1000:.1f} ms). "
        "Memory: /proc VmRSS and Pss of each app process under the server, read with all tabs open. Longest emulator feed of "
        f"one frame: {result.longest_feed * 1000:.1f} ms (the client's own delay on a frame's time)."
    )
