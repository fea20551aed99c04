"""Provides the training-needs report for trainers, as a plain dict, and its CSV form for spreadsheets.

Staff in post on the report date only: people who have left are not training
needs, and a report as of a past date is about the staff of that day. Statuses
come from one set-based query (``current_statuses``, the shared rules); this module
counts them per standard and per development activity and lays out the
staff x standard matrix the heatmap and the TUI team view use.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from standards import Framework

from ..errors import InputError
from ..exchange.spreadsheet import csv_text
from ..standing.rules import DEFAULT_STALE_MONTHS, MET, NEED, NOT_OBSERVED, STRENGTH
from ..store.scope import WORKER, AccessDenied
from ..standing.queries import Selection, StatusCell, current_status_cells
from .items import framework_summary, report_date, standard_summary

if TYPE_CHECKING:
    from ..store.observation_store import Store

CSV_HEADER = (
    "ref", "name", "team", "stage", "standard", "statement", "rating", "date", "due_for_reobservation",
    "suggested_activities", "stage_activities",
)
"""``suggested_activities`` are the standard's own; ``stage_activities`` its stage's, for a standard that lists none."""
LEFT_NOTE = "Staff in post on the report date only: people who have left are not training needs, nor are people yet to start."


def training_report(
    store: Store,
    *,
    framework_id: str = "apir",
    team: str | None = None,
    as_of: date | None = None,
    stale_months: int = DEFAULT_STALE_MONTHS,
) -> dict[str, Any]:
    """Training needs across active staff (or one team) on ``framework_id`` as of ``as_of``."""
    as_of = report_date(as_of)
    framework = store.framework(framework_id)
    team = _known_team(store, team)
    if store.scope.role == WORKER:
        raise AccessDenied("a worker sees only their own record, not a training report")
    visible = store.visible_staff_ids()  # a manager's report is about the staff they manage
    selection = Selection(team=team, in_post_on=as_of, staff_ids=tuple(sorted(visible)) if visible is not None else None)
    people = _people_in_post(store, selection)
    statuses = current_status_cells(store, framework, as_of=as_of, selection=selection, stale_months=stale_months)
    standards = [standard_summary(standard, framework) for standard in framework.standards()]
    rows, with_need, counts = _tabulate(people, statuses, standards, framework)
    by_standard = [{**summary, "staff_with_need": len(staff), "staff": staff} for summary, staff in zip(standards, with_need)]
    return {
        "kind": "training",
        "as_of": as_of.isoformat(),
        "stale_months": stale_months,
        "framework": framework_summary(framework),
        "team": team,
        "scope": {"staff": len(rows), "unrated": _unrated(rows), "active_only": True, "note": LEFT_NOTE},
        "counts": counts,
        "by_standard": by_standard,
        "activities": _activity_demand(by_standard),
        "heatmap": {
            "stages": [{"id": s.id, "title": s.title, "standards": [x.id for x in s.standards]} for s in framework.stages if s.standards],
            "standards": [summary["standard"] for summary in standards],
            "rows": rows,
        },
        "follow_through": group_follow_through(store, team, as_of),
    }


def group_follow_through(store: Store, team: str | None, as_of: date) -> dict[str, Any]:
    """The follow-through of the team (or everyone) over twelve months, with one line per team and per manager.

    Unlike the needs above it counts leavers' actions from while they were in post (see ``follow_through``)."""
    from ..follow_through import action_facts, follow_through_groups, follow_through_summary

    facts = action_facts(store, as_of, team=team)
    return {
        **follow_through_summary(facts, as_of),
        "by_team": follow_through_groups(facts, as_of, "team") if team is None else [],
        "by_manager": follow_through_groups(facts, as_of, "manager"),
    }


def _unrated(rows: list[dict[str, Any]]) -> int:
    """How many of the people have no manager's rating in this framework at all: staff assessed against
    another one (a floating-support caseworker in an APIR report), or not yet observed by anyone."""
    return sum(1 for row in rows if all(cell["status"] == NOT_OBSERVED for cell in row["cells"]))


def _tabulate(
    people: list[dict[str, Any]], statuses: dict[str, list[StatusCell]], standards: list[dict[str, Any]], framework: Framework
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]], dict[str, int]]:
    """One pass over people x standards: the heatmap rows, who has each need, and the totals.

    Equal cells share one dict (per standard, status, rating and staleness), so
    the matrix of thousands of people holds a few hundred dicts: read them, never
    change one in place.
    """
    labels = {level.key: level.label for level in framework.rating_scale.levels}
    standard_ids = [summary["standard"] for summary in standards]
    with_need: list[list[dict[str, Any]]] = [[] for _ in standards]
    counts = dict.fromkeys((NEED, MET, STRENGTH, NOT_OBSERVED, "stale", "staff_with_needs"), 0)
    shared: dict[tuple[int, str, str | None, bool], dict[str, Any]] = {}
    rows = []
    for person in people:
        person_cells = statuses.get(person["id"])
        if person_cells is None:
            continue  # joined or changed between the two reads; the next report will have them
        cells = []
        has_need = False
        for index, cell in enumerate(person_cells):
            key = (index, cell.status, cell.rating, cell.stale)
            shown = shared.get(key)
            if shown is None:
                shown = shared[key] = {"standard": standard_ids[index], "status": cell.status, "rating": cell.rating, "stale": cell.stale}
            cells.append(shown)
            counts[cell.status] += 1
            counts["stale"] += cell.stale
            if cell.status == NEED:
                has_need = True
                with_need[index].append(
                    {
                        "ref": person["ref"],
                        "name": person["name"],
                        "team": person["team"],
                        "rating": cell.rating,
                        "rating_label": labels[cell.rating],
                        "date": cell.observed_on,
                        "stale": cell.stale,
                    }
                )
        counts["staff_with_needs"] += has_need
        rows.append({"ref": person["ref"], "name": person["name"], "team": person["team"], "cells": cells})
    totals = {key.replace("-", "_"): value for key, value in counts.items()}
    totals["total"] = len(rows) * len(standards)
    return rows, with_need, totals


def _known_team(store: Store, team: str | None) -> str | None:
    """The team as it is spelled in the records: its whole name or an unambiguous part of it, matched without
    case ('riverside' finds 'Riverside team', as part of a name finds a person); InputError naming teams if not."""
    if team is None:
        return None
    teams = store.teams()
    wanted = team.strip().casefold()
    exact = [known for known in teams if known.casefold() == wanted]
    partial = [known for known in teams if wanted and wanted in known.casefold()]
    if exact or len(partial) == 1:
        return (exact or partial)[0]
    if len(partial) > 1:
        raise InputError(f"team {team!r} matches {len(partial)} teams: {', '.join(partial[:8])}; give more of the name")
    shown = ", ".join(teams[:8]) + (f", ... ({len(teams)} teams)" if len(teams) > 8 else "")
    raise InputError(f"no team {team!r} in the records (teams: {shown or 'none recorded'})")


def _people_in_post(store: Store, selection: Selection) -> list[dict[str, Any]]:
    """The people the report is about, by team then name: the same selection the statuses come from."""
    sql, params = selection.staff_sql("id, ref, name, team")
    return store.rows(sql + " ORDER BY team COLLATE NOCASE, name COLLATE NOCASE, ref", params)


def _activity_demand(by_standard: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each development activity with the people it is suggested to, each person once, most demanded first:
    by the people who need a standard that lists it, then by all it is suggested to.

    The needs summary suggests an activity for a need on a standard that lists
    it and, where a standard lists none of its own, for a need anywhere on its
    stage; a trainer counting places on a course must count the same people.
    ``staff_with_need`` counts both; ``staff_direct`` only people with a need on
    a standard that lists the activity itself (``standards``); ``stage_standards``
    are the standards it is suggested for through their stage.
    """
    demand: dict[str, dict[str, Any]] = {}

    def entry_for(activity: str) -> dict[str, Any]:
        return demand.setdefault(activity, {"activity": activity, "standards": [], "stage_standards": [], "refs": set(), "direct": set()})

    for item in by_standard:
        refs = {person["ref"] for person in item["staff"]}
        for activity in item["suggested_development"]:
            entry = entry_for(activity)
            entry["standards"].append(item["standard"])
            entry["refs"] |= refs
            entry["direct"] |= refs
        for activity in item["stage_development"]:
            entry = entry_for(activity)
            entry["stage_standards"].append(item["standard"])
            entry["refs"] |= refs
    # the people who need a standard that names the activity come first (the issue's "across the standards it
    # serves"): counting stage-wide suggestions first put every induction activity of a stage at the top
    ranked = sorted(demand.values(), key=lambda entry: (-len(entry["direct"]), -len(entry["refs"])))  # stable: ties keep framework order
    return [
        {
            "activity": e["activity"],
            "staff_with_need": len(e["refs"]),
            "staff_direct": len(e["direct"]),
            "standards": e["standards"],
            "stage_standards": e["stage_standards"],
        }
        for e in ranked
    ]


ACTIVITY_SEPARATOR = "\n"
"""Between the activities in one CSV cell: one per line. An activity is one line of a framework file, so no
separator inside a line is safe ("Attending training on; Equal Opportunities, ..." holds "; " itself)."""


def training_csv(data: dict[str, Any]) -> str:
    """One row per person and need, people in report order, for spreadsheets (parses with the csv module)."""
    stage_titles = {item["standard"]: item["stage_title"] for item in data["by_standard"]}
    order = {row["ref"]: index for index, row in enumerate(data["heatmap"]["rows"])}
    lines = []
    for position, item in enumerate(data["by_standard"]):
        for person in item["staff"]:
            cells = [
                person["ref"], person["name"], person["team"], stage_titles[item["standard"]], item["standard"], item["statement"],
                person["rating"], person["date"], "yes" if person["stale"] else "no", ACTIVITY_SEPARATOR.join(item["suggested_development"]),
                ACTIVITY_SEPARATOR.join(item["stage_development"]),
            ]
            lines.append((order[person["ref"]], position, cells))
    return csv_text(CSV_HEADER, (cells for _, _, cells in sorted(lines, key=lambda line: line[:2])))
