"""Provides the development-needs summary a manager takes into supervision, as a plain dict.

Statuses come from the shared rules (``person_standings``); this module only
arranges them: counts, needs with their trend, evidence, self-assessment and
suggested development, strengths, what is not yet observed, the actions, and
what changed since the last supervision session.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from standards import Framework

from ..standing.rules import DEFAULT_STALE_MONTHS, MET, NEED, NOT_OBSERVED, STRENGTH
from ..standing.queries import person_standings
from .history_queries import actions_as_of, last_session, observations_since, retractions_since
from .items import counts_summary, framework_summary, period_start, person_summary, report_date, standing_item

if TYPE_CHECKING:
    from ..store.observation_store import Store

SINCE_SESSION = "session"
SINCE_OPTION = "since"


def needs_report(
    store: Store,
    staff_id: str,
    *,
    framework_id: str = "apir",
    as_of: date | None = None,
    since: date | None = None,
    stale_months: int = DEFAULT_STALE_MONTHS,
) -> dict[str, Any]:
    """The development-needs summary for one person (who may have left) on ``framework_id`` as of ``as_of``.

    ``since`` (inclusive) starts the "what changed" period; without it the period
    starts after the latest supervision session held before ``as_of`` (a session on
    ``as_of`` is the one this summary is for).
    """
    as_of = report_date(as_of)
    since = period_start(since, as_of)
    framework = store.framework(framework_id)
    member = store.staff(staff_id)
    standings = person_standings(store, framework, member.id, as_of=as_of, stale_months=stale_months)
    items = [standing_item(standing, framework) for standing in standings]
    by_status = {status: [item for item in items if item["status"] == status] for status in (NEED, MET, STRENGTH, NOT_OBSERVED)}
    actions = actions_as_of(store, member.id, framework, as_of)
    return {
        "kind": "needs",
        "as_of": as_of.isoformat(),
        "stale_months": stale_months,
        "framework": framework_summary(framework),
        "stages": [{"id": stage.id, "title": stage.title} for stage in framework.stages],
        "person": person_summary(member, as_of),
        "counts": counts_summary(standings),
        "needs": by_status[NEED],
        "strengths": by_status[STRENGTH],
        "met": by_status[MET],
        "not_observed": by_status[NOT_OBSERVED],
        "due_for_reobservation": [_brief(item) for item in items if item["stale"]],
        "to_discuss": [_brief(item) for item in items if item["discuss"]],
        "actions": {
            "open": [action for action in actions if action["status"] == "open"],
            "overdue": sum(action["overdue"] for action in actions),
        },
        "changes": _changes(store, member.id, framework, as_of, since, actions),
        "caseload": caseload_flags(store, member.id, as_of),
        "follow_through": person_follow_through(store, member.id, as_of),
    }


def person_follow_through(store: Store, staff_id: str, as_of: date) -> dict[str, Any]:
    """The person's follow-through over the last twelve months, every framework's actions together (``follow_through``)."""
    from ..follow_through import action_facts, follow_through_summary

    return follow_through_summary(action_facts(store, as_of, staff_id=staff_id), as_of)


def caseload_flags(store: Store, staff_id: str, as_of: date) -> dict[str, Any] | None:
    """The caseload review's open concerns (overdue, missed, due) for the summary; None without cases in review."""
    from ..caseload import caseload_report
    from ..caseload.report import timescales_phrase

    review = caseload_report(store, staff_id, as_of=as_of)
    if not review["cases"]:
        return None
    concerns = [
        {"ref": case["ref"], "level": case["level"], **{k: flag[k] for k in ("rule", "status", "due", "detail")}}
        for case in review["cases"]
        for flag in case["flags"]
        if flag["status"] != "met"
    ]
    return {
        "cases": review["counts"]["cases"], "open": review["counts"]["open"], "behind": review["counts"]["behind"],
        "timescales": timescales_phrase(review["documents"]), "flags": concerns,
    }


def _brief(item: dict[str, Any]) -> dict[str, Any]:
    """A standard in a short list: enough to name it and say why it is listed."""
    own = item["self_assessment"]
    return {
        "standard": item["standard"],
        "statement": item["statement"],
        "status": item["status"],
        "rating_label": item["rating_label"],
        "date": item["date"],
        "self_assessment_label": own["label"] if own else None,
        "gap": own["gap"] if own else None,
    }


def _changes(
    store: Store, staff_id: str, framework: Framework, as_of: date, since: date | None, actions: list[dict[str, Any]]
) -> dict[str, Any]:
    """What changed in the period: new or corrected ratings, retracted ones and actions closed, oldest first."""
    session = last_session(store, staff_id, as_of)
    if since is not None:
        after, basis = date.fromordinal(since.toordinal() - 1), SINCE_OPTION
    elif session is not None:
        after, basis = date.fromisoformat(session["held_on"]), SINCE_SESSION
    else:
        return {"basis": None, "from": None, "last_session": None, "observations": [], "retracted": [], "actions_closed": []}
    closed = [
        action for action in actions if action["status"] != "open" and action["closed_on"] and action["closed_on"] > after.isoformat()
    ]
    closed.sort(key=lambda action: (action["closed_on"], action["agreed_on"]))
    return {
        "basis": basis,
        "from": (since or after).isoformat(),
        "last_session": session,
        "observations": observations_since(store, staff_id, framework, after=after, as_of=as_of),
        "retracted": retractions_since(store, staff_id, framework, after=after, as_of=as_of),
        "actions_closed": closed,
    }
