"""Provides the limits for the reports: the same answer from one hand-written SQL query through the sqlite3 module.

The store cannot beat its own SQL, so a report's time divided by its query's
time says what the layers above SQLite cost. Before anything is timed, the
query's answer is checked against the product's, so the comparison is honest:
if they differ, the benchmark stops and says where.

The answer compared, for the training report: per standard, the active staff
whose latest current rating from a manager (any source but self-assessment)
on or before the report date is below the framework's threshold, with that
rating and its date. For one person's needs summary: the same, for one person.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import AS_OF

SELF_ASSESSMENT = "self-assessment"

TRAINING_SQL = """
WITH latest AS (
    SELECT staff_id, standard, rating, observed_on,
           ROW_NUMBER() OVER (
               PARTITION BY staff_id, standard ORDER BY observed_on DESC, recorded_at DESC, id DESC
           ) AS n
    FROM current_observations
    WHERE framework = :framework AND observed_on <= :as_of AND source != :self
)
SELECT latest.standard, staff.ref, latest.rating, latest.observed_on
FROM latest JOIN staff ON staff.id = latest.staff_id
WHERE latest.n = 1 AND staff.status = 'active'
  AND latest.rating IN (SELECT value FROM json_each(:need_ratings))
  AND latest.standard IN (SELECT value FROM json_each(:standards))
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

NeedsByStandard = dict[str, set[tuple[str, str, str]]]
"""standard -> {(who, rating, date)}: the shape both answers are put in to compare them."""


def framework_parameters(framework: Any) -> dict[str, Any]:
    """The framework's facts the query needs as parameters: which ratings are below the threshold, which standards exist."""
    scale = framework.rating_scale
    below = [level.key for level in scale.levels if not scale.meets(level.key)]
    return {
        "framework": framework.id,
        "self": SELF_ASSESSMENT,
        "need_ratings": json.dumps(below),
        "standards": json.dumps(list(framework.standard_ids())),
        "as_of": AS_OF.isoformat(),
    }


class SqlLimit:
    """One plain sqlite3 connection (no sqlite-utils, no store) running the hand-written queries."""

    def __init__(self, path: Path, framework: Any):
        self.conn = sqlite3.connect(path)
        self.params = framework_parameters(framework)

    def close(self) -> None:
        self.conn.close()

    def training_rows(self) -> list[tuple[str, str, str, str]]:
        return self.conn.execute(TRAINING_SQL, self.params).fetchall()

    def needs_rows(self, staff_id: str) -> list[tuple[str, str, str]]:
        return self.conn.execute(NEEDS_SQL, {**self.params, "staff_id": staff_id}).fetchall()


def training_answer_from_sql(rows: list[tuple[str, str, str, str]]) -> NeedsByStandard:
    answer: NeedsByStandard = defaultdict(set)
    for standard, ref, rating, observed_on in rows:
        answer[standard].add((ref, rating, observed_on))
    return dict(answer)


def training_answer_from_report(report: dict[str, Any]) -> NeedsByStandard:
    answer = {}
    for item in report["by_standard"]:
        if len(item["staff"]) != item["staff_with_need"]:
            raise AssertionError(f"{item['standard']}: the report counts {item['staff_with_need']} but lists {len(item['staff'])}")
        if item["staff"]:
            answer[item["standard"]] = {(person["ref"], person["rating"], person["date"]) for person in item["staff"]}
    return answer


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
