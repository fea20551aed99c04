"""Provides a supervision session's agenda, built from the record, with what was ticked through so far.

Managers lose track of the cycle around a session: what was agreed last time and
whether it happened, which cases need a decision, which standards are needs,
where someone rates themself two or more levels from the manager. The agenda
puts those in one list, in that order, each item named by ``(kind, subject)``
so a tick (a ``session_items`` row) finds its item again:

- ``action``: each action agreed in the previous session, with its outcome on
  this session's day, then any other action still open past its due date;
- ``case``: each case with a concern from the caseload review (overdue, missed, due);
- ``need``: each development need in the framework;
- ``disagreement``: each standard whose self-assessment is two or more levels
  from the manager's rating;
- ``decision``: decisions the manager added, about anything.

It reads only; ticking is ``record.tick_item``. The needs summary for the
session's day supplies needs, disagreements and cases, so the agenda and the
summary taken into the session cannot disagree.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from observations.dates import parse_date, today
from observations.reports.history_queries import STATUS_AS_OF_JOIN
from observations.store.records import action_is_overdue

if TYPE_CHECKING:
    from observations.store.observation_store import Store

PREVIOUS_SESSION_SQL = """
SELECT id, held_on, manager FROM sessions
WHERE staff_id = :staff AND held_on < :day
ORDER BY held_on DESC, created_at DESC, id DESC LIMIT 1
"""

ACTIONS_SQL = f"""
SELECT a.id, a.text, a.owner, a.due_on, a.session_id,
       COALESCE(u.status, 'open') AS status, u.on_date AS closed_on
FROM actions a
LEFT JOIN sessions s ON s.id = a.session_id
{STATUS_AS_OF_JOIN}WHERE a.staff_id = :staff AND COALESCE(s.held_on, substr(a.created_at, 1, 10)) < :as_of
ORDER BY a.due_on IS NULL, a.due_on, a.created_at, a.id
"""
"""Every framework's actions agreed before the session's day, with their status on it (``actions_as_of``'s rule)."""

TICKS_SQL = """
SELECT kind, subject, note, recorded_at FROM session_items
WHERE session_id = :session ORDER BY recorded_at, id
"""


def session_held_on(store: Store, staff_id: str, day: date) -> str | None:
    """The id of the session with ``staff_id`` on ``day`` (the latest started, as ``Store.session_on`` picks), if any."""
    rows = store.rows(
        "SELECT id FROM sessions WHERE staff_id = ? AND held_on = ? ORDER BY created_at DESC LIMIT 1", [staff_id, day.isoformat()]
    )
    return rows[0]["id"] if rows else None


def build_agenda(
    store: Store, staff_id: str, held_on: str | date | None = None, *, framework_id: str = "apir", session_id: str | None = None
) -> dict[str, Any]:
    """The agenda of ``staff_id``'s session on ``held_on`` (default today); with ``session_id``, its ticks and decisions."""
    from observations.reports.needs import needs_report

    day = parse_date(held_on, "session date", default=today())
    member = store.staff(staff_id)
    summary = needs_report(store, member.id, framework_id=framework_id, as_of=day)
    previous = store.rows(PREVIOUS_SESSION_SQL, {"staff": member.id, "day": day.isoformat()})
    previous_session = previous[0] if previous else None
    actions = store.rows(ACTIONS_SQL, {"staff": member.id, "as_of": day.isoformat()})
    items = _action_items(actions, previous_session, day)
    items += _case_items(summary["caseload"])
    items += [
        _item("need", need["standard"], f"{need['standard']}: {need['statement']}", f"{need['rating_label']}, {need['date']}")
        for need in summary["needs"]
    ]
    items += [
        _item(
            "disagreement",
            item["standard"],
            f"{item['standard']}: {item['statement']}",
            f"self-assessed {item['self_assessment_label']}, manager's rating {item['rating_label']} "
            f"({abs(item['gap'])} levels {'above' if item['gap'] > 0 else 'below'})",
        )
        for item in summary["to_discuss"]
    ]
    decisions: list[dict[str, Any]] = []
    if session_id is not None:
        _apply_ticks(store, session_id, items, decisions)
    return {
        "kind": "agenda",
        "held_on": day.isoformat(),
        "session_id": session_id,
        "framework": summary["framework"],
        "person": summary["person"],
        "previous_session": previous_session and {"held_on": previous_session["held_on"], "manager": previous_session["manager"]},
        "items": items,
        "decisions": decisions,
        "follow_through": summary["follow_through"],
    }


def _item(kind: str, subject: str, title: str, detail: str) -> dict[str, Any]:
    return {"kind": kind, "subject": subject, "key": f"{kind}:{subject}", "title": title, "detail": detail, "discussed": False, "note": ""}


def _action_items(actions: list[dict[str, Any]], previous: dict[str, Any] | None, day: date) -> list[dict[str, Any]]:
    """Actions agreed last time, with their outcome on the day, then other actions open past their due date."""
    agreed_last = [a for a in actions if previous is not None and a["session_id"] == previous["id"]]
    for action in actions:
        action["overdue"] = action_is_overdue(action["status"], action["due_on"], day.isoformat())
    overdue = [a for a in actions if a["overdue"] and a not in agreed_last]
    items = []
    for action, why in [(a, "agreed last time") for a in agreed_last] + [(a, "overdue") for a in overdue]:
        if action["status"] == "open":
            state = f"open, overdue since {action['due_on']}" if action["overdue"] else (
                f"open, due {action['due_on']}" if action["due_on"] else "open, no due date"
            )
        else:
            timing = ""
            if action["status"] == "done" and action["due_on"]:
                timing = ", on time" if action["closed_on"] <= action["due_on"] else f", late (due {action['due_on']})"
            state = f"{action['status']} on {action['closed_on']}{timing}"
        owner = f"; owner {action['owner']}" if action["owner"] else ""
        items.append(_item("action", action["id"], action["text"], f"{why}: {state}{owner}"))
    return items


def _case_items(caseload: dict[str, Any] | None) -> list[dict[str, Any]]:
    """One item per case with a concern, its concerns joined."""
    if not caseload:
        return []
    by_case: dict[str, list[dict[str, Any]]] = {}
    for flag in caseload["flags"]:
        by_case.setdefault(flag["ref"], []).append(flag)
    return [
        _item("case", ref, f"Case {ref} ({flags[0]['level']})", "; ".join(f"{f['status']} {f['rule']}: {f['detail']}" for f in flags))
        for ref, flags in by_case.items()
    ]


def _apply_ticks(store: Store, session_id: str, items: list[dict[str, Any]], decisions: list[dict[str, Any]]) -> None:
    """Mark each ticked item discussed with its latest note; a tick whose item is no longer on the agenda (an action
    closed since) is kept as an item of its own, so nothing discussed drops out of the record."""
    by_key = {item["key"]: item for item in items}
    for tick in store.rows(TICKS_SQL, {"session": session_id}):
        if tick["kind"] == "decision":
            decisions.append({"note": tick["note"], "recorded_at": tick["recorded_at"]})
            continue
        key = f"{tick['kind']}:{tick['subject']}"
        item = by_key.get(key)
        if item is None:
            item = by_key[key] = _item(tick["kind"], tick["subject"], tick["subject"], "no longer on the agenda")
            items.append(item)
        item["discussed"] = True
        if tick["note"]:
            item["note"] = tick["note"]
