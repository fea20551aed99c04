"""Provides the set-based queries behind every status: one SQL statement for one person, a team or the whole organisation.

The latest two manager ratings and the latest self-assessment per person and
standard come from one window-function query over the current revisions; the
rules in ``standing`` then turn them into statuses. No per-standard loops.
Like ``StandingRules.from_points``, the queries ignore ratings whose key is no
longer on the framework's scale before choosing the latest, and break ties by
date observed, then time recorded, then revision id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from observations.standing.rules import (
    DEFAULT_STALE_MONTHS,
    NOT_OBSERVED,
    SELF_ASSESSMENT,
    RatingPoint,
    Standing,
    StandingRules,
)
from standards import Framework

if TYPE_CHECKING:
    from observations.store.observation_store import Store

LATEST_RATINGS_SQL = """
WITH ranked AS (
    SELECT o.staff_id, o.standard, o.rating, o.observed_on, o.source, o.observation_id, o.observer,
           o.session_id, o.recorded_at, o.id AS revision_id, {evidence} AS evidence, {examples} AS examples,
           ROW_NUMBER() OVER (
               PARTITION BY o.staff_id, o.standard, o.source = '{self}'
               ORDER BY o.observed_on DESC, o.recorded_at DESC, o.id DESC
           ) AS n
    FROM current_observations o
    WHERE o.framework = :framework AND o.observed_on <= :as_of AND o.rating IN ({ratings}) {people}
)
SELECT * FROM ranked
WHERE n = 1 OR (n = 2 AND source != '{self}')
ORDER BY staff_id, standard, source = '{self}', n
"""


@dataclass(frozen=True)
class Selection:
    """Whose standings to compute: everyone, a team, or some people by id."""

    staff_ids: tuple[str, ...] | None = None
    team: str | None = None
    active_only: bool = False
    """Only people whose status is active today."""
    in_post_on: date | None = None
    """Only people in post on that day: started by then (or with no start date) and not left by then.

    A report as of a past date is about the staff of that day, not of today:
    someone who joined later was not there, someone who has since left was.
    """

    def staff_sql(self, columns: str = "id") -> tuple[str, dict[str, Any]]:
        """The staff selected (``columns`` of the staff table), as a subquery with its parameters."""
        sql = f"SELECT {columns} FROM staff WHERE 1 = 1"
        params: dict[str, Any] = {}
        if self.team is not None:
            sql += " AND team = :team COLLATE NOCASE"
            params["team"] = self.team
        if self.active_only:
            sql += " AND status = 'active'"
        if self.in_post_on is not None:
            sql += (
                " AND (started_on IS NULL OR started_on = '' OR started_on <= :in_post_on)"
                " AND (status = 'active' OR left_on > :in_post_on)"
            )
            params["in_post_on"] = self.in_post_on.isoformat()
        if self.staff_ids is not None:
            names = []
            for index, staff_id in enumerate(self.staff_ids):
                params[f"staff{index}"] = staff_id
                names.append(f":staff{index}")
            sql += f" AND id IN ({', '.join(names) or 'NULL'})"
        return sql, params


def latest_rating_rows(
    store: Store, framework: Framework, *, as_of: date, selection: Selection = Selection(), with_evidence: bool = True
) -> list[dict[str, Any]]:
    """The rows the rules need: per person and standard, the two latest manager ratings and the latest self-assessment."""
    people_sql, params = selection.staff_sql()
    ratings = _known_ratings(framework, params)
    if selection == Selection():
        people = ""
    elif len(selection.staff_ids or ()) == 1 and selection == Selection(staff_ids=selection.staff_ids):
        people = "AND o.staff_id = :staff0"  # lets SQLite use the (staff_id, framework, standard) index
    else:
        people = f"AND o.staff_id IN ({people_sql})"
    sql = LATEST_RATINGS_SQL.format(
        evidence="o.evidence" if with_evidence and store.scope.sees_evidence else "''",
        examples="o.examples" if with_evidence else "'[]'",
        self=SELF_ASSESSMENT,
        people=people,
        ratings=ratings,
    )
    params.update(framework=framework.id, as_of=as_of.isoformat())
    return store.rows(sql, params)


def _known_ratings(framework: Framework, params: dict[str, Any]) -> str:
    """The scale's keys as named parameters (added to ``params``), for ``rating IN (...)``."""
    names = []
    for index, key in enumerate(framework.rating_scale.keys()):
        params[f"rating{index}"] = key
        names.append(f":rating{index}")
    return ", ".join(names)


def _point(row: dict[str, Any]) -> RatingPoint:
    return RatingPoint(
        observation_id=row["observation_id"],
        standard=row["standard"],
        rating=row["rating"],
        observed_on=row["observed_on"],
        source=row["source"],
        evidence=row["evidence"] or "",
        observer=row["observer"] or "",
        examples=tuple(json.loads(row["examples"])) if row["examples"] not in (None, "", "[]") else (),
        session_id=row["session_id"],
        recorded_at=row["recorded_at"] or "",
        revision_id=row["revision_id"],
    )


def standings_for_people(
    store: Store,
    framework: Framework,
    *,
    as_of: date,
    selection: Selection = Selection(),
    stale_months: int = DEFAULT_STALE_MONTHS,
    with_evidence: bool = True,
) -> dict[str, list[Standing]]:
    """Every selected person's standing on every standard of ``framework``, in framework order.

    People with no ratings are included (all not yet observed). Ratings on
    standards the framework no longer has are ignored.
    """
    rules = StandingRules(framework.rating_scale, as_of, stale_months)
    people_sql, params = selection.staff_sql()
    staff_ids = [row["id"] for row in store.rows(people_sql + " ORDER BY id", params)]
    found: dict[tuple[str, str], dict[str, RatingPoint]] = {}
    for row in latest_rating_rows(store, framework, as_of=as_of, selection=selection, with_evidence=with_evidence):
        slot = "self" if row["source"] == SELF_ASSESSMENT else ("current" if row["n"] == 1 else "previous")
        found.setdefault((row["staff_id"], row["standard"]), {})[slot] = _point(row)
    standard_ids = framework.standard_ids()
    unrated = {standard_id: rules.standing(standard_id) for standard_id in standard_ids}  # immutable, so shared
    result: dict[str, list[Standing]] = {}
    for staff_id in staff_ids:
        standings = []
        for standard_id in standard_ids:
            points = found.get((staff_id, standard_id))
            standings.append(
                rules.standing(standard_id, points.get("current"), points.get("previous"), points.get("self"))
                if points
                else unrated[standard_id]
            )
        result[staff_id] = standings
    return result


def person_standings(
    store: Store, framework: Framework, staff_id: str, *, as_of: date, stale_months: int = DEFAULT_STALE_MONTHS
) -> list[Standing]:
    """One person's standing on every standard, in framework order."""
    standings = standings_for_people(
        store, framework, as_of=as_of, selection=Selection(staff_ids=(staff_id,)), stale_months=stale_months
    )
    return standings.get(staff_id, [])


def last_observed(store: Store, *, framework: Framework | None = None, staff_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Each person's latest observation date (any source but self-assessment), for lists of staff."""
    sql = "SELECT staff_id, max(observed_on) AS last FROM current_observations WHERE source != :self"
    params: dict[str, Any] = {"self": SELF_ASSESSMENT}
    if framework is not None:
        sql += " AND framework = :framework"
        params["framework"] = framework.id
    if staff_ids is not None:
        sql += f" AND staff_id IN ({', '.join(f':s{i}' for i in range(len(staff_ids))) or 'NULL'})"
        params.update({f"s{i}": staff_id for i, staff_id in enumerate(staff_ids)})
    sql += " GROUP BY staff_id"
    return {row["staff_id"]: row["last"] for row in store.rows(sql, params)}



LATEST_MANAGER_RATING_SQL = """
SELECT staff_id, standard, rating, observed_on, source, observation_id FROM (
    SELECT o.staff_id, o.standard, o.rating, o.observed_on, o.source, o.observation_id,
           ROW_NUMBER() OVER (
               PARTITION BY o.staff_id, o.standard
               ORDER BY o.observed_on DESC, o.recorded_at DESC, o.id DESC
           ) AS n
    FROM current_observations o
    WHERE o.framework = :framework AND o.observed_on <= :as_of AND o.source != :self
      AND o.rating IN ({ratings}) AND o.staff_id IN ({people})
)
WHERE n = 1
"""


@dataclass(frozen=True)
class StatusCell:
    """One cell of a staff x standard table: the status and the current manager rating that decided it."""

    status: str
    rating: str | None = None
    observed_on: str | None = None
    stale: bool = False


def current_status_cells(
    store: Store,
    framework: Framework,
    *,
    as_of: date,
    selection: Selection = Selection(),
    stale_months: int = DEFAULT_STALE_MONTHS,
) -> dict[str, list[StatusCell]]:
    """Every selected person's status on every standard, in framework order, for org-wide tables.

    The same rules and the same choice of the latest manager rating as
    ``standings_for_people``, so status, rating and staleness are identical; but
    one query without evidence, previous ratings or self-assessments, and one
    shared cell per (rating, date), which keeps thousands of people fast.
    """
    rules = StandingRules(framework.rating_scale, as_of, stale_months)
    people_sql, params = selection.staff_sql()
    unobserved = StatusCell(NOT_OBSERVED)
    standard_ids = framework.standard_ids()
    position = {standard_id: index for index, standard_id in enumerate(standard_ids)}
    table = {row[0]: [unobserved] * len(standard_ids) for row in store.conn.execute(people_sql + " ORDER BY id", params)}
    params.update(framework=framework.id, as_of=as_of.isoformat(), self=SELF_ASSESSMENT)
    shared: dict[tuple[str, str], StatusCell] = {}
    ratings = _known_ratings(framework, params)
    rows = store.conn.execute(LATEST_MANAGER_RATING_SQL.format(people=people_sql, ratings=ratings), params)
    for staff_id, standard, rating, observed_on, source, observation_id in rows:
        cells = table.get(staff_id)
        index = position.get(standard)
        if cells is None or index is None:
            continue  # joined between the two reads, or a standard the framework no longer has
        cell = shared.get((rating, observed_on))
        if cell is None:
            standing = rules.standing(standard, RatingPoint(observation_id, standard, rating, observed_on, source))
            cell = StatusCell(standing.status, rating, observed_on, standing.stale) if standing.current else unobserved
            shared[rating, observed_on] = cell
        cells[index] = cell
    return table
