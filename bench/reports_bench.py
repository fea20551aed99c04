"""Provides the reports benchmark: the training report and one needs summary against their hand-written SQL.

The training report's limit returns what the report carries (every active
person's status on every standard, so needs, heatmap and totals), not only
the needs; both answers are checked equal before anything is timed.

In process, both warm (one untimed run each first), product and limit timed
alternately so a busy machine slows both alike; the median of each and their
ratio. Then the real command line, one process per report, for the time a user
waits and the process's peak memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conditions import AS_OF, cli_command, median
from limits import (
    TRAINING_SQL,
    SqlLimit,
    busiest_person,
    follow_through_answer_from_report,
    follow_through_answer_from_sql,
    framework_parameters,
    needs_answer_from_report,
    needs_answer_from_sql,
    require_same,
    require_same_follow_through,
    require_same_training,
    training_answer_from_report,
    training_answer_from_sql,
)
from processes import check, run_measured

FRAMEWORK = "apir"


@dataclass(frozen=True)
class Timed:
    """One report against its limit, in seconds (medians)."""

    name: str
    product: float
    limit: float
    agreed: int
    """How many (standard, person) needs the product and the SQL both found."""
    cells: int = 0
    """How many heatmap cells (person x standard) they agreed on; 0 where the answer has no heatmap."""
    tallies: int = 0
    """How many follow-through tallies (a team's or a manager's month, or whole period) they agreed on."""

    @property
    def ratio(self) -> float:
        return self.product / self.limit if self.limit else float("nan")


@dataclass(frozen=True)
class Command:
    """One report as a user runs it: a whole process."""

    name: str
    seconds: float
    peak_mib: float


@dataclass(frozen=True)
class ReportResults:
    staff: int
    training: Timed
    needs: Timed
    commands: tuple[Command, ...]


def _alternate(product: Callable[[], object], limit: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median seconds of each, run one after the other ``repeats`` times after one untimed warm-up each."""
    product(), limit()
    product_times, limit_times = [], []
    for _ in range(repeats):
        for call, times in ((product, product_times), (limit, limit_times)):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
    return median(product_times), median(limit_times)


def measure_reports(
    path: Path, staff: int, env: dict[str, str], *, repeats: int, command_runs: int, all_commands: bool = True
) -> ReportResults:
    from observations.reports.needs import needs_report
    from observations.reports.training import training_report
    from observations.store.observation_store import Store
    from standards import load_library

    library = load_library(Path(env["XDG_CONFIG_HOME"]) / "no-user-frameworks")
    framework = library.get(FRAMEWORK)
    staff_id, ref = busiest_person(path, FRAMEWORK)
    store = Store.open(path, library)  # migrates first, so the SQL below sees the same schema
    limit = SqlLimit(path, framework)
    try:
        report = training_report(store, framework_id=FRAMEWORK, as_of=AS_OF)
        agreed_training, agreed_cells = require_same_training(
            training_answer_from_report(report), training_answer_from_sql(limit.training_rows()), f"training report, {staff} staff"
        )
        agreed_tallies = require_same_follow_through(
            follow_through_answer_from_report(report),
            follow_through_answer_from_sql(limit.follow_through_rows()),
            f"training report's follow-through, {staff} staff",
        )
        agreed_needs = require_same(
            needs_answer_from_report(needs_report(store, staff_id, framework_id=FRAMEWORK, as_of=AS_OF)),
            needs_answer_from_sql(limit.needs_rows(staff_id), ref),
            f"needs summary of {ref}, {staff} staff",
        )
        training = _alternate(
            lambda: training_report(store, framework_id=FRAMEWORK, as_of=AS_OF),
            lambda: (limit.training_rows(), limit.follow_through_rows()),
            repeats,
        )
        needs = _alternate(
            lambda: needs_report(store, staff_id, framework_id=FRAMEWORK, as_of=AS_OF), lambda: limit.needs_rows(staff_id), repeats * 4
        )
    finally:
        limit.close()
        store.close()
    return ReportResults(
        staff,
        Timed("training report", *training, agreed_training, agreed_cells, agreed_tallies),
        Timed("needs summary", *needs, agreed_needs),
        tuple(_commands(path, ref, framework_parameters(framework), env, command_runs, all_commands)),
    )


def _commands(path: Path, ref: str, params: dict[str, str], env: dict[str, str], runs: int, everything: bool) -> list[Command]:
    """Each report as its own process, the median of ``runs``; the SQL alone in a bare Python process for comparison.

    Without ``everything``, only the Markdown training report (what the scale table follows).
    """
    base = [*cli_command(), "--db", str(path), "report"]
    as_of = ["--as-of", AS_OF.isoformat()]
    commands = {"report training (Markdown)": [*base, "training", *as_of]}
    if everything:
        commands["report training --format html"] = [*base, "training", "--format", "html", *as_of]
        commands[f"report needs {ref}"] = [*base, "needs", ref, *as_of]
        commands["the training SQL in a bare python3"] = _bare_sql_command(path, params)
    results: list[Command] = []
    for name, argv in commands.items() if runs else ():
        measured = [check(run_measured(argv, env=env), name) for _ in range(runs)]
        results.append(Command(name, median([m.seconds for m in measured]), max(m.peak_mib for m in measured)))
    return results


def _bare_sql_command(path: Path, params: dict[str, str]) -> list[str]:
    """A process that only opens the file and runs the training query: the floor for any report process."""
    import json
    import sys

    code = (
        "import sqlite3, sys, json; conn = sqlite3.connect(sys.argv[1]);"
        "conn.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall()"
    )
    return [sys.executable, "-S", "-c", code, str(path), TRAINING_SQL, json.dumps(params)]
