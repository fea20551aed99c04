"""Provides the induction checklist for a new member of staff, as a plain dict.

Every standard in framework order with its status (the shared rules), the
date it was met, the person's own self-assessment beside it, the share met,
and a short list of what to work on next.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from standards import Framework

from ..standing.rules import DEFAULT_STALE_MONTHS, MET, NEED, NOT_OBSERVED, SELF_ASSESSMENT, STRENGTH
from ..standing.queries import person_standings
from .items import counts_summary, framework_summary, person_summary, report_date, standing_item

if TYPE_CHECKING:
    from ..store.observation_store import Store

NEXT_LIMIT = 5
"""How many standards "what to work on next" suggests: enough to plan with, few enough to act on."""

MANAGER_RATINGS_SQL = """
SELECT standard, rating, observed_on FROM current_observations
WHERE staff_id = :staff AND framework = :framework AND observed_on <= :as_of AND source != :self
ORDER BY observed_on DESC, recorded_at DESC, id DESC
"""


def induction_report(
    store: Store, staff_id: str, *, framework_id: str = "apir", as_of: date | None = None, stale_months: int = DEFAULT_STALE_MONTHS
) -> dict[str, Any]:
    """One person's induction checklist on ``framework_id`` as of ``as_of``."""
    as_of = report_date(as_of)
    framework = store.framework(framework_id)
    member = store.staff(staff_id)
    standings = person_standings(store, framework, member.id, as_of=as_of, stale_months=stale_months)
    met_on = _met_since(store, member.id, framework, as_of)
    items = [{**standing_item(standing, framework), "met_on": met_on.get(standing.standard) if standing.meets else None} for standing in standings]
    counts = counts_summary(standings)
    met = counts["met"] + counts["strength"]
    return {
        "kind": "induction",
        "as_of": as_of.isoformat(),
        "stale_months": stale_months,
        "framework": framework_summary(framework),
        "person": person_summary(member, as_of),
        "counts": counts,
        "progress": {"met": met, "total": counts["total"], "percent": round(100 * met / counts["total"]) if counts["total"] else 0},
        "stages": [
            {
                "id": stage.id,
                "title": stage.title,
                "met": sum(item["status"] in (MET, STRENGTH) for item in stage_items),
                "total": len(stage_items),
                "standards": stage_items,
            }
            for stage in framework.stages
            if (stage_items := [item for item in items if item["stage"] == stage.id])
        ],
        "next": _next_steps(items, framework),
    }


def _met_since(store: Store, staff_id: str, framework: Framework, as_of: date) -> dict[str, str]:
    """Per standard, the first date of the unbroken run of manager ratings at or above the threshold that ends on the report date.

    So "met on" is when the person got there, not merely the latest
    re-observation; a dip below the threshold starts the run again.
    """
    scale = framework.rating_scale
    params = {"staff": staff_id, "framework": framework.id, "as_of": as_of.isoformat(), "self": SELF_ASSESSMENT}
    since: dict[str, str] = {}
    broken: set[str] = set()
    for row in store.rows(MANAGER_RATINGS_SQL, params):
        standard = row["standard"]
        if standard in broken or row["rating"] not in scale:
            continue  # a rating no longer on the scale counts nowhere, as in the statuses
        if scale.meets(row["rating"]):
            since[standard] = row["observed_on"]
        else:
            broken.add(standard)
    return since


def _next_steps(items: list[dict[str, Any]], framework: Framework) -> list[dict[str, Any]]:
    """Needs first (lowest rating first, then framework order), then standards not yet observed, in framework order."""
    scale = framework.rating_scale
    needs = sorted((item for item in items if item["status"] == NEED), key=lambda item: scale.rank(item["rating"]))
    unseen = [item for item in items if item["status"] == NOT_OBSERVED]
    return [
        {
            "standard": item["standard"],
            "statement": item["statement"],
            "status": item["status"],
            "status_label": item["status_label"],
            "rating_label": item["rating_label"],
            "date": item["date"],
            "suggested_development": item["suggested_development"],
        }
        for item in (needs + unseen)[:NEXT_LIMIT]
    ]
