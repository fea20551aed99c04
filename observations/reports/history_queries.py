"""Provides one person's supervision history as of a date: the last session, the actions, and what changed since.

Each is one SQL statement with parameters. "As of" means what was known on
that day: actions agreed later are left out and an action's status is its
latest update dated on or before the day.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from standards import Framework

from ..store.records import action_is_overdue
from ..standing.rules import SELF_ASSESSMENT, status_of
from .items import STATUS_LABELS

if TYPE_CHECKING:
    from ..store.observation_store import Store

LAST_SESSION_SQL = """
SELECT held_on, manager FROM sessions
WHERE staff_id = :staff AND held_on < :as_of
ORDER BY held_on DESC, created_at DESC, id DESC LIMIT 1
"""

STATUS_AS_OF_JOIN = """
LEFT JOIN action_updates u ON u.id = (
    SELECT x.id FROM action_updates x
    WHERE x.action_id = a.id AND x.on_date <= :as_of
    ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1
)
"""
"""Joins each action ``a`` to its status on ``:as_of`` as ``u``: its latest update dated on or before that day."""

ACTIONS_AS_OF_SQL = f"""
SELECT a.id, a.text, a.standards, a.owner, a.due_on,
       COALESCE(s.held_on, substr(a.created_at, 1, 10)) AS agreed_on,
       COALESCE(u.status, 'open') AS status, u.on_date AS closed_on, u.note AS closing_note
FROM actions a
LEFT JOIN sessions s ON s.id = a.session_id
{STATUS_AS_OF_JOIN}WHERE a.staff_id = :staff AND (a.framework IN (:framework, '') OR a.standards = '[]')
  AND COALESCE(s.held_on, substr(a.created_at, 1, 10)) <= :as_of
ORDER BY a.due_on IS NULL, a.due_on, agreed_on, a.created_at, a.id
"""

CHANGES_SQL = """
SELECT standard, rating, observed_on, source, observer, revision
FROM current_observations
WHERE staff_id = :staff AND framework = :framework AND observed_on <= :as_of
  AND (observed_on > :after OR substr(recorded_at, 1, 10) BETWEEN :day_after AND :as_of)
ORDER BY observed_on, recorded_at, id
"""


RETRACTIONS_SQL = """
SELECT observation_id, standard, rating, observed_on, source, reason, recorded_by,
       substr(min(recorded_at), 1, 10) AS retracted_on
FROM observations
WHERE staff_id = :staff AND framework = :framework AND retracted = 1
GROUP BY observation_id
HAVING retracted_on BETWEEN :day_after AND :as_of
ORDER BY retracted_on, observation_id
"""
"""Observations retracted in the period: each one once, on the day of its first tombstone (copies merged from
elsewhere may each carry one). A tombstone keeps the retracted revision's standard, rating and dates."""


def last_session(store: Store, staff_id: str, as_of: date) -> dict[str, Any] | None:
    """The latest supervision session held before ``as_of``.

    A session on the report date itself is the one the summary is being taken
    into, so "what changed" runs from the session before it.
    """
    rows = store.rows(LAST_SESSION_SQL, {"staff": staff_id, "as_of": as_of.isoformat()})
    return rows[0] if rows else None


def actions_as_of(store: Store, staff_id: str, framework: Framework, as_of: date) -> list[dict[str, Any]]:
    """Every action agreed by ``as_of`` (for this framework or none), with its status on that day, soonest due first.

    An action that names no standards belongs to every framework, also one stored
    before such actions were saved with no framework (``'apir'`` and ``[]``).
    """
    rows = store.rows(ACTIONS_AS_OF_SQL, {"staff": staff_id, "framework": framework.id, "as_of": as_of.isoformat()})
    actions = []
    for row in rows:
        is_open = row["status"] == "open"
        actions.append(
            {
                "id": row["id"],
                "text": row["text"],
                "standards": json.loads(row["standards"] or "[]"),
                "owner": row["owner"],
                "agreed_on": row["agreed_on"],
                "due_on": row["due_on"],
                "status": row["status"],
                "overdue": action_is_overdue(row["status"], row["due_on"], as_of.isoformat()),
                "closed_on": None if is_open else row["closed_on"],
                "closing_note": "" if is_open else row["closing_note"] or "",
            }
        )
    return actions


def retractions_since(store: Store, staff_id: str, framework: Framework, *, after: date, as_of: date) -> list[dict[str, Any]]:
    """Ratings retracted after ``after``, up to ``as_of``, oldest first: they count no more, which changes a status
    as surely as a new rating does, so supervision hears of them (with the reason given)."""
    params = {"staff": staff_id, "framework": framework.id, "as_of": as_of.isoformat(), "day_after": (after + timedelta(days=1)).isoformat()}
    scale = framework.rating_scale
    known = set(framework.standard_ids())
    return [
        {
            "standard": row["standard"],
            "rating": row["rating"],
            "rating_label": scale.label(row["rating"]),
            "date": row["observed_on"],
            "source": row["source"],
            "retracted_on": row["retracted_on"],
            "retracted_by": row["recorded_by"],
            "reason": row["reason"],
        }
        for row in store.rows(RETRACTIONS_SQL, params)
        if row["rating"] in scale and row["standard"] in known
    ]


def observations_since(store: Store, staff_id: str, framework: Framework, *, after: date, as_of: date) -> list[dict[str, Any]]:
    """Ratings observed after ``after``, or recorded (or corrected) after it, up to ``as_of``; oldest first.

    A rating observed earlier but entered in the period is marked ``recorded_late``.
    Self-assessments are included (marked) because a new one is news in
    supervision, but they carry no status.
    """
    day_after = date.fromordinal(after.toordinal() + 1)
    params = {
        "staff": staff_id,
        "framework": framework.id,
        "as_of": as_of.isoformat(),
        "after": after.isoformat(),
        "day_after": day_after.isoformat(),
    }
    scale = framework.rating_scale
    known = set(framework.standard_ids())
    changes = []
    for row in store.rows(CHANGES_SQL, params):
        if row["rating"] not in scale or row["standard"] not in known:
            continue  # the framework file changed since; such ratings count nowhere
        own = row["source"] == SELF_ASSESSMENT
        status = None if own else status_of(scale, row["rating"])
        changes.append(
            {
                "standard": row["standard"],
                "rating": row["rating"],
                "rating_label": scale.label(row["rating"]),
                "date": row["observed_on"],
                "source": row["source"],
                "observer": row["observer"],
                "status": status,
                "status_label": STATUS_LABELS[status] if status else None,
                "self_assessment": own,
                "corrected": row["revision"] > 1,
                "recorded_late": row["observed_on"] <= params["after"],
            }
        )
    return changes
