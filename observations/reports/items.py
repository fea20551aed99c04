"""Provides the plain-dict pieces every report shares: the framework, the person, a rating, a standing, the report date.

Reports are JSON-able dicts so one set of data feeds Markdown, HTML, JSON, CSV
and the TUI alike; these helpers keep the shapes identical across reports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from standards import Framework, Standard

from ..dates import parse_date, today
from ..errors import InputError
from ..store.records import StaffMember
from ..standing.rules import MET, NEED, NOT_OBSERVED, STRENGTH, RatingPoint, Standing, count_statuses

STATUS_LABELS = {
    NEED: "development need",
    MET: "met",
    STRENGTH: "strength",
    NOT_OBSERVED: "not yet observed",
}
"""How each status reads in a sentence."""


def report_date(as_of: date | None) -> date:
    """The report's as-of date: today when not given; never in the future (nothing is known about it yet)."""
    return parse_date(as_of, "as-of date", default=today())


def period_start(since: date | None, as_of: date) -> date | None:
    """A --since date, checked against the report date."""
    if since is None:
        return None
    since = parse_date(since, "since date")
    if since > as_of:
        raise InputError(f"since date {since.isoformat()} is after the report date {as_of.isoformat()}")
    return since


def framework_summary(framework: Framework) -> dict[str, Any]:
    """The framework as a report names it, with its rating scale (lowest level first)."""
    return {
        "id": framework.id,
        "title": framework.title,
        "version": framework.version,
        "threshold": framework.rating_scale.threshold,
        "rating_scale": [
            {"key": level.key, "label": level.label, "meets_standard": level.meets_standard}
            for level in framework.rating_scale.levels
        ],
    }


def person_summary(member: StaffMember, as_of: date) -> dict[str, Any]:
    """Who the report is about, as they were on ``as_of``; no database ids, only the short ref people use.

    A report as of a day before someone left shows them in post, as it would have then.
    """
    left_by_then = member.status != "active" and (member.left_on is None or member.left_on <= as_of.isoformat())
    return {
        "ref": member.ref,
        "name": member.name,
        "role": member.role,
        "team": member.team,
        "manager": member.manager,
        "status": member.status if left_by_then else "active",
        "started_on": member.started_on,
        "left_on": member.left_on if left_by_then else None,
    }


def rating_summary(point: RatingPoint | None, framework: Framework) -> dict[str, Any] | None:
    """One rating with its label, date and where it came from."""
    if point is None:
        return None
    return {
        "rating": point.rating,
        "label": framework.rating_scale.label(point.rating),
        "date": point.observed_on,
        "source": point.source,
        "observer": point.observer,
    }


def standard_summary(standard: Standard, framework: Framework) -> dict[str, Any]:
    """A standard's id, statement, stage and the development activities its examples suggest.

    Many standards mark no development activity of their own (APIR marks them on
    each stage's "secure knowledge and understanding" standard), so for those the
    stage's activities are offered separately as ``stage_development`` (and training
    demand counts them apart as well as in its total).
    """
    stage = framework.stage_of(standard.id)
    own = list(standard.development_activities())
    stage_wide: list[str] = []
    if not own:
        for other in stage.standards:
            stage_wide += [activity for activity in other.development_activities() if activity not in stage_wide]
    return {
        "standard": standard.id,
        "statement": standard.statement,
        "stage": stage.id,
        "stage_title": stage.title,
        "suggested_development": own,
        "stage_development": stage_wide,
    }


def standing_item(standing: Standing, framework: Framework) -> dict[str, Any]:
    """Everything a report says about one standard for one person, flat enough for JSON and templates.

    ``rating`` and ``date`` are the current manager rating's (None when not yet
    observed); the self-assessment sits beside it and never decides the status.
    """
    current = rating_summary(standing.current, framework)
    own = rating_summary(standing.self_assessment, framework)
    if own is not None:
        own["gap"] = standing.self_gap
    return {
        **standard_summary(framework.standard(standing.standard), framework),
        "status": standing.status,
        "status_label": STATUS_LABELS[standing.status],
        "rating": current["rating"] if current else None,
        "rating_label": current["label"] if current else None,
        "date": current["date"] if current else None,
        "source": current["source"] if current else None,
        "observer": current["observer"] if current else None,
        "evidence": standing.current.evidence if standing.current else "",
        "stale": standing.stale,
        "previous": rating_summary(standing.previous, framework),
        "trend": standing.trend,
        "self_assessment": own,
        "discuss": standing.discuss,
    }


def counts_summary(standings: list[Standing]) -> dict[str, int]:
    """How many standards are in each status, plus stale ratings and the total, with keys templates can use."""
    counts = {status.replace("-", "_"): number for status, number in count_statuses(standings).items()}
    counts["total"] = len(standings)
    return counts
