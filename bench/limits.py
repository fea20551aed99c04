"""Provides the limits for the reports: the same answer from one hand-written SQL query through the sqlite3 module.

The store cannot beat its own SQL, so a report's time divided by its query's
time says what the layers above SQLite cost. Before anything is timed, the
query's answer is checked against the product's, so the comparison is honest:
if they differ, the benchmark stops and says where.

The answer compared, for the training report, is everything the report
carries: every active person's status on every standard (the heatmap: need,
met, strength or not observed, with the rating and whether it is stale), from
their latest current rating by a manager (any source but self-assessment) on
or before the report date; the needs per standard with that rating and its
date; and the totals. The query returns the whole staff x standard matrix, so
it does the work the report does rather than only finding the needs. The report
also carries the follow-through of agreed actions, per team and per manager, for
the twelve months and each of them: a second query (``FOLLOW_THROUGH_SQL``)
counts the same outcomes, and the limit's time is both queries'. For one
person's needs summary: the needs, for one person.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from conditions import AS_OF

SELF_ASSESSMENT = "self-assessment"

TRAINING_SQL = """
WITH standards AS (SELECT key AS position, value AS standard FROM json_each(:standards)),
cells AS (
    SELECT staff.ref, staff.name, staff.team, standards.position, standards.standard,
           (SELECT o.id FROM current_observations o
             WHERE o.framework = :framework AND o.staff_id = staff.id AND o.standard = standards.standard
               AND o.observed_on <= :as_of AND o.source != :self
             ORDER BY o.observed_on DESC, o.recorded_at DESC, o.id DESC LIMIT 1) AS latest_id
    FROM staff CROSS JOIN standards
    WHERE staff.status = 'active'
),
latest AS (
    SELECT cells.*, o.observed_on,
           CASE WHEN o.rating IN (SELECT value FROM json_each(:levels)) THEN o.rating END AS rating
    FROM cells LEFT JOIN observations o ON o.id = cells.latest_id
)
SELECT ref, name, team, standard, rating, CASE WHEN rating IS NOT NULL THEN observed_on END,
       CASE
           WHEN rating IS NULL THEN 'not-observed'
           WHEN rating IN (SELECT value FROM json_each(:need_ratings)) THEN 'need'
           WHEN rating = :strength THEN 'strength'
           ELSE 'met'
       END AS status,
       coalesce(rating IS NOT NULL AND observed_on < :stale_before, 0) AS stale
FROM latest
ORDER BY team COLLATE NOCASE, name COLLATE NOCASE, ref, position
"""
"""One row per active person and standard, in the report's order: the heatmap, from which needs and totals follow.

Each cell looks its latest rating up through the (framework, staff, standard,
date) index. The other way, the latest ratings from one window query joined
to the staff x standard grid, is a nested loop in SQLite (no hash joins, and no
automatic index on the windowed rows): about 100 s at 2,000 staff, where this
takes about 0.4 s. A latest rating whose key the scale no longer has counts as
not observed, as in the report.
"""

NEEDS_SQL = """
SELECT standard, rating, observed_on FROM (
    SELECT standard, rating, observed_on,
           ROW_NUMBER() OVER (PARTITION BY standard ORDER BY observed_on DESC, recorded_at DESC, id DESC) AS n
    FROM current_observations
    WHERE staff_id = :staff_id AND framework = :framework AND observed_on <= :as_of AND source != :self
)
WHERE n = 1
  AND rating IN (SELECT value FROM json_each(:need_ratings))
  AND standard IN (SELECT value FROM json_each(:standards))
"""

FOLLOW_THROUGH_SQL = """
WITH facts AS (
    SELECT s.team, s.manager, a.due_on,
           CASE
               WHEN a.due_on IS NULL THEN 'undated'
               WHEN s.left_on IS NOT NULL AND a.due_on > s.left_on THEN 'after_leaving'
               WHEN a.due_on >= :as_of THEN 'not_yet_due'
               WHEN u.status = 'done' THEN CASE WHEN coalesce(u.on_date, '') <= a.due_on THEN 'on_time' ELSE 'late' END
               WHEN u.status = 'dropped' THEN CASE WHEN coalesce(u.on_date, '') <= a.due_on THEN 'dropped' ELSE 'dropped_late' END
               ELSE 'open'
           END AS outcome
    FROM actions a
    JOIN staff s ON s.id = a.staff_id
    LEFT JOIN sessions h ON h.id = a.session_id
    LEFT JOIN action_updates u ON u.id = (
        SELECT x.id FROM action_updates x WHERE x.action_id = a.id AND x.on_date <= :as_of
        ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1
    )
    WHERE coalesce(h.held_on, substr(a.created_at, 1, 10)) <= :as_of
),
buckets AS (
    SELECT team, manager, outcome, substr(due_on, 1, 7) AS bucket FROM facts
    WHERE due_on IS NOT NULL AND substr(due_on, 1, 7) IN (SELECT value FROM json_each(:months))
    UNION ALL
    SELECT team, manager, outcome, 'whole' FROM facts
    WHERE due_on IS NULL OR due_on BETWEEN :first_day AND :day_before
)
SELECT 'team', team, bucket, outcome, count(*) FROM buckets GROUP BY team, bucket, outcome
UNION ALL
SELECT 'manager', manager, bucket, outcome, count(*) FROM buckets GROUP BY manager, bucket, outcome
"""
"""Counts of each follow-through outcome per team and per manager: each month of the twelve by due date, and the
whole period (which also counts the actions with no due date), with the rules of ``observations.follow_through``."""
FOLLOW_THROUGH_OUTCOMES = ("on_time", "late", "open", "dropped_late", "dropped", "undated")
"""The outcomes the report shows for each group and month."""

FollowThroughAnswer = dict[tuple[str, str, str], dict[str, int]]
"""(team or manager, its name, YYYY-MM or 'whole') -> the count of each outcome: the shape both answers are put in."""

NeedsByStandard = dict[str, set[tuple[str, str, str]]]
"""standard -> {(who, rating, date)}: the shape both answers are put in to compare them."""
HeatmapRow = tuple[str, str, str, tuple[tuple[str, str, "str | None", bool], ...]]
"""(ref, name, team, ((standard, status, rating, stale), ...)): one person's row of the heatmap."""


@dataclass(frozen=True)
class TrainingAnswer:
    """What the training report says, in a shape both the product and the SQL can be put in."""

    heatmap: tuple[HeatmapRow, ...]
    needs: NeedsByStandard
    counts: dict[str, int]


def framework_parameters(framework: Any) -> dict[str, Any]:
    """The framework's facts the queries need as parameters: its levels, which are below the threshold and which
    is a strength, its standards in order, and the date before which a rating is stale (6 months before, as the
    report's default)."""
    from observations.standing.rules import DEFAULT_STALE_MONTHS, months_before

    scale = framework.rating_scale
    below = [level.key for level in scale.levels if not scale.meets(level.key)]
    top = scale.levels[-1].key
    return {
        "framework": framework.id,
        "self": SELF_ASSESSMENT,
        "levels": json.dumps(list(scale.keys())),
        "need_ratings": json.dumps(below),
        "strength": top if scale.meets(top) else "",
        "standards": json.dumps(list(framework.standard_ids())),
        "as_of": AS_OF.isoformat(),
        "stale_before": months_before(AS_OF, DEFAULT_STALE_MONTHS).isoformat(),
    }


def follow_through_parameters() -> dict[str, str]:
    """The report date, the twelve months the report shows (to the month before the report date's day before), and
    the whole period's first and last day."""
    from observations.follow_through import month_starts

    months = month_starts(AS_OF, 12)
    return {
        "as_of": AS_OF.isoformat(),
        "months": json.dumps([start.isoformat()[:7] for start in months]),
        "first_day": months[0].isoformat(),
        "day_before": (AS_OF - timedelta(days=1)).isoformat(),
    }


class SqlLimit:
    """One plain sqlite3 connection (no sqlite-utils, no store) running the hand-written queries."""

    def __init__(self, path: Path, framework: Any):
        self.conn = sqlite3.connect(path)
        self.params = framework_parameters(framework)
        self.follow_through_params = follow_through_parameters()

    def close(self) -> None:
        self.conn.close()

    def training_rows(self) -> list[tuple[str, str, str, str, str | None, str | None, str, int]]:
        return self.conn.execute(TRAINING_SQL, self.params).fetchall()

    def follow_through_rows(self) -> list[tuple[str, str, str, str, int]]:
        return self.conn.execute(FOLLOW_THROUGH_SQL, self.follow_through_params).fetchall()

    def needs_rows(self, staff_id: str) -> list[tuple[str, str, str]]:
        return self.conn.execute(NEEDS_SQL, {**self.params, "staff_id": staff_id}).fetchall()


def training_answer_from_sql(rows: list[tuple[str, str, str, str, str | None, str | None, str, int]]) -> TrainingAnswer:
    """The heatmap (rows arrive person by person, standards in order), the needs and the totals."""
    people: dict[str, tuple[str, str, list[tuple[str, str, str | None, bool]]]] = {}
    needs: NeedsByStandard = defaultdict(set)
    counts: Counter[str] = Counter()
    for ref, name, team, standard, rating, observed_on, status, stale in rows:
        people.setdefault(ref, (name, team, []))[2].append((standard, status, rating, bool(stale)))
        counts[status.replace("-", "_")] += 1
        counts["stale"] += bool(stale)
        if status == "need":
            needs[standard].add((ref, rating, observed_on))
    heatmap = tuple((ref, name, team, tuple(cells)) for ref, (name, team, cells) in people.items())
    counts["staff_with_needs"] = sum(any(cell[1] == "need" for cell in row[3]) for row in heatmap)
    counts["total"] = len(rows)
    return TrainingAnswer(heatmap, dict(needs), dict(counts))


def training_answer_from_report(report: dict[str, Any]) -> TrainingAnswer:
    needs = {}
    for item in report["by_standard"]:
        if len(item["staff"]) != item["staff_with_need"]:
            raise AssertionError(f"{item['standard']}: the report counts {item['staff_with_need']} but lists {len(item['staff'])}")
        if item["staff"]:
            needs[item["standard"]] = {(person["ref"], person["rating"], person["date"]) for person in item["staff"]}
    heatmap = tuple(
        (row["ref"], row["name"], row["team"], tuple((c["standard"], c["status"], c["rating"], bool(c["stale"])) for c in row["cells"]))
        for row in report["heatmap"]["rows"]
    )
    return TrainingAnswer(heatmap, needs, dict(report["counts"]))


def require_same_training(product: TrainingAnswer, limit: TrainingAnswer, what: str) -> tuple[int, int]:
    """(needs, heatmap cells) both agree on; AssertionError naming the first difference otherwise."""
    needs = require_same(product.needs, limit.needs, what)
    for mine, theirs in zip(product.heatmap, limit.heatmap):
        if mine != theirs:
            where = next((a[0] for a, b in zip(mine[3], theirs[3]) if a != b), "the person")
            raise AssertionError(f"{what}: the heatmap differs at {mine[0]} / {theirs[0]}, {where}: product {mine[:3]} {_cell(mine, where)}, SQL {theirs[:3]} {_cell(theirs, where)}")
    if len(product.heatmap) != len(limit.heatmap):
        raise AssertionError(f"{what}: the product's heatmap has {len(product.heatmap)} people, the SQL's {len(limit.heatmap)}")
    totals = {key: limit.counts.get(key, 0) for key in product.counts}
    if totals != product.counts:
        raise AssertionError(f"{what}: the totals differ: product {product.counts}, SQL {totals}")
    return needs, sum(len(row[3]) for row in product.heatmap)


def follow_through_answer_from_sql(rows: list[tuple[str, str, str, str, int]]) -> FollowThroughAnswer:
    answer: FollowThroughAnswer = defaultdict(lambda: dict.fromkeys(FOLLOW_THROUGH_OUTCOMES, 0))
    for kind, name, bucket, outcome, count in rows:
        if outcome in FOLLOW_THROUGH_OUTCOMES:
            answer[(kind, name, bucket)][outcome] += count
    return dict(answer)


def follow_through_answer_from_report(report: dict[str, Any]) -> FollowThroughAnswer:
    """Every team's and manager's counts, the whole period and each month, leaving out what counts nothing (the SQL
    has no row for a group's month in which nothing fell due)."""
    answer: FollowThroughAnswer = {}
    for kind, key in (("team", "by_team"), ("manager", "by_manager")):
        for group in report["follow_through"][key]:
            for bucket, tallied in (("whole", group), *((month["month"], month) for month in group["months"])):
                counts = {outcome: tallied[outcome] for outcome in FOLLOW_THROUGH_OUTCOMES}
                if any(counts.values()):
                    answer[(kind, group["name"], bucket)] = counts
    return answer


def require_same_follow_through(product: FollowThroughAnswer, limit: FollowThroughAnswer, what: str) -> int:
    """How many (group, period) tallies both agree on; AssertionError naming the first difference otherwise."""
    for key in sorted(set(product) | set(limit)):
        if product.get(key) != limit.get(key):
            raise AssertionError(f"{what}: the follow-through of {key} differs: product {product.get(key)}, SQL {limit.get(key)}")
    return len(product)


def _cell(row: HeatmapRow, standard: str):
    return next((cell for cell in row[3] if cell[0] == standard), None)


def needs_answer_from_sql(rows: list[tuple[str, str, str]], ref: str) -> NeedsByStandard:
    return {standard: {(ref, rating, observed_on)} for standard, rating, observed_on in rows}


def needs_answer_from_report(report: dict[str, Any]) -> NeedsByStandard:
    ref = report["person"]["ref"]
    return {item["standard"]: {(ref, item["rating"], item["date"])} for item in report["needs"]}


def require_same(product: NeedsByStandard, limit: NeedsByStandard, what: str) -> int:
    """The number of (standard, person) needs both agree on; AssertionError naming the first difference otherwise."""
    for standard in sorted(set(product) | set(limit)):
        only_product = product.get(standard, set()) - limit.get(standard, set())
        only_sql = limit.get(standard, set()) - product.get(standard, set())
        if only_product or only_sql:
            raise AssertionError(
                f"{what}: the product and the hand-written SQL disagree on {standard}: "
                f"only in the product {sorted(only_product)[:3]}, only in the SQL {sorted(only_sql)[:3]}"
            )
    return sum(len(people) for people in product.values())


def busiest_person(path: Path, framework_id: str) -> tuple[str, str]:
    """(id, ref) of the active person with the most observations on the framework: the slowest needs summary."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT s.id, s.ref FROM staff s JOIN observations o ON o.staff_id = s.id "
            "WHERE s.status = 'active' AND o.framework = ? GROUP BY s.id ORDER BY count(*) DESC, s.ref LIMIT 1",
            (framework_id,),
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        raise RuntimeError(f"no active person has observations on {framework_id}")
    return row[0], row[1]
