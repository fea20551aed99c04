"""Provides the follow-through rate: of the actions that fell due in a period, how many were done by their due date.

Supervision agrees actions; whether they happen is what managers lose track of.
This module answers it per person, team and manager, and per month, from the
append-only action history, so the same numbers feed the needs summary, the
training report and the team view. The counting itself (``outcome_of``,
``tally``, ``by_month``) is pure and works on plain facts; one SQL statement
(``action_facts``) reads them.

The rules, decided once here:

- An action **falls due** on its due date and counts once that day has passed,
  the same line as "overdue" (``action_is_overdue``): an action due on the
  report date is not counted yet. Actions with no due date never fall due; they
  are counted apart (``undated``) so a reader sees how many escape the rate.
- Its outcome is its status **as of the report date**: the latest update dated
  on or before that day (the rule of ``actions_as_of``). Done on or before the
  due date is **on time**, done after it is **late** (also when it was done
  after the period ended), anything else still **open**. A reopened action is
  open again; done again, its completion is the later date.
- **Dropped** actions: an action dropped (cancelled) on or before its due date
  was a decision to stop, not a failure to follow through, so it leaves the
  rate and is shown as ``dropped``. One dropped after its due date had already
  been missed: it counts as **not done** (``dropped_late``), so dropping an
  overdue action never improves the rate.
- A **leaver's** actions count while they were in post: those due after their
  leaving date are left out (``after_leaving``); those due before count.
  An **erased** person's actions are gone from the database, so from every rate.
- The rate is ``on_time / counted`` where ``counted = on_time + late + open +
  dropped_late``; ``None`` when nothing fell due (no rate, not 0%).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from observations.dates import month_starts as months_ending

if TYPE_CHECKING:
    from observations.store.observation_store import Store

ON_TIME, LATE, OPEN, DROPPED, DROPPED_LATE = "on_time", "late", "open", "dropped", "dropped_late"
NOT_YET_DUE, UNDATED, AFTER_LEAVING = "not_yet_due", "undated", "after_leaving"
COUNTED = (ON_TIME, LATE, OPEN, DROPPED_LATE)
"""The outcomes in the rate's denominator."""
DEFAULT_MONTHS = 12
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
NO_RATE_MARK = "·"


@dataclass(frozen=True)
class ActionFacts:
    """What the rate needs of one action, as of the report date."""

    due_on: str | None
    status: str
    """Its status as of the report date: open, done or dropped."""
    closed_on: str | None
    """The date of the update that gave it that status (None while open)."""
    left_on: str | None = None
    """Its person's leaving date, if they have left."""
    staff_id: str = ""
    team: str = ""
    manager: str = ""


def outcome_of(facts: ActionFacts, as_of: date) -> str:
    """One action's outcome on ``as_of`` (ISO dates compare as text)."""
    return _outcome(facts, as_of.isoformat())


def _outcome(facts: ActionFacts, as_of: str) -> str:
    if facts.due_on is None:
        return UNDATED
    if facts.left_on is not None and facts.due_on > facts.left_on:
        return AFTER_LEAVING
    if facts.due_on >= as_of:
        return NOT_YET_DUE
    if facts.status == "done":
        return ON_TIME if (facts.closed_on or "") <= facts.due_on else LATE
    if facts.status == "dropped":
        return DROPPED if (facts.closed_on or "") <= facts.due_on else DROPPED_LATE
    return OPEN


@dataclass(frozen=True)
class Tally:
    """The outcomes of the actions that fell due in one period."""

    start: str
    end: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return sum(self.counts.get(outcome, 0) for outcome in COUNTED)

    @property
    def rate(self) -> float | None:
        """On time as a share of the counted actions; None when none fell due."""
        return self._rate_of(self.counted)

    def _rate_of(self, counted: int) -> float | None:
        return self.counts.get(ON_TIME, 0) / counted if counted else None

    def to_dict(self) -> dict[str, Any]:
        counted = self.counted  # summed once: a report makes thousands of these
        rate = self._rate_of(counted)
        return {
            "start": self.start,
            "end": self.end,
            **{outcome: self.counts.get(outcome, 0) for outcome in (*COUNTED, DROPPED, UNDATED)},
            "counted": counted,
            "rate": None if rate is None else round(rate, 4),
            "percent": None if rate is None else round(rate * 100),
            "done": self.counts.get(ON_TIME, 0) + self.counts.get(LATE, 0),
        }


def tally(facts: Iterable[ActionFacts], start: date, end: date, as_of: date) -> Tally:
    """The outcomes of the actions due from ``start`` to ``end`` (both inclusive) as of ``as_of``.

    Undated actions have no period: they are counted in every tally of these facts."""
    first, last, day = start.isoformat(), end.isoformat(), as_of.isoformat()
    counts: dict[str, int] = {}
    for fact in facts:
        if fact.due_on is not None and not first <= fact.due_on <= last:
            continue
        outcome = _outcome(fact, day)
        counts[outcome] = counts.get(outcome, 0) + 1
    return Tally(first, last, counts)


def month_starts(as_of: date, months: int) -> list[date]:
    """The first days of the ``months`` calendar months ending with the one holding the day before ``as_of``."""
    return months_ending(as_of - timedelta(days=1), months)


def month_end(start: date) -> date:
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def by_month(facts: Iterable[ActionFacts], as_of: date, months: int = DEFAULT_MONTHS) -> list[dict[str, Any]]:
    """One tally per calendar month by due date, oldest first, each as a dict with its ``month`` (YYYY-MM).

    The same as ``tally`` of each month (a test keeps it so), in one pass over the facts rather than one per month:
    the training report tallies every team's and manager's months, and twelve passes each were most of its time.
    """
    periods = _month_periods(as_of, months)
    counts: dict[str, dict[str, int]] = {key: {} for key, _, _ in periods}
    day = as_of.isoformat()
    for fact in facts:
        month = counts.get(fact.due_on[:7]) if fact.due_on is not None else None  # an ISO date's month is its first 7
        if month is not None:
            outcome = _outcome(fact, day)
            month[outcome] = month.get(outcome, 0) + 1
    return [{"month": key, **Tally(first, last, counts[key]).to_dict()} for key, first, last in periods]


@lru_cache(maxsize=8)
def _month_periods(as_of: date, months: int) -> tuple[tuple[str, str, str], ...]:
    """(YYYY-MM, first day, last day) of each month ``by_month`` tallies: the same for every group of one report."""
    return tuple((start.isoformat()[:7], start.isoformat(), month_end(start).isoformat()) for start in month_starts(as_of, months))


def sparkline(monthly: list[dict[str, Any]]) -> str:
    """The monthly rates as block characters (0% lowest, 100% highest), ``·`` for a month with nothing due:
    a chart in a terminal line or a Markdown paragraph."""
    marks = []
    for month in monthly:
        rate = month["rate"]
        marks.append(NO_RATE_MARK if rate is None else SPARK_BLOCKS[min(len(SPARK_BLOCKS) - 1, int(rate * len(SPARK_BLOCKS)))])
    return "".join(marks)


FACTS_SQL = """
SELECT a.staff_id, a.due_on, s.team, s.manager, s.left_on,
       COALESCE(u.status, 'open') AS status, u.on_date AS closed_on
FROM actions a
JOIN staff s ON s.id = a.staff_id
LEFT JOIN sessions h ON h.id = a.session_id
{status_join}WHERE COALESCE(h.held_on, substr(a.created_at, 1, 10)) <= :as_of {where}
"""


def action_facts(
    store: Store, as_of: date, *, staff_id: str | None = None, team: str | None = None, manager: str | None = None
) -> list[ActionFacts]:
    """The facts of every action agreed by ``as_of``: of one person, a team, a manager's staff, or everyone.

    Every framework's actions count: following through is about the person, not a framework."""
    where, params = [], {"as_of": as_of.isoformat()}
    for column, value in (("a.staff_id", staff_id), ("s.team", team), ("s.manager", manager)):
        if value is not None:
            where.append(f"AND {column} = :{column[2:]} COLLATE NOCASE")
            params[column[2:]] = value
    from observations.reports.history_queries import STATUS_AS_OF_JOIN

    rows = store.rows(FACTS_SQL.format(where=" ".join(where), status_join=STATUS_AS_OF_JOIN), params)
    return [
        ActionFacts(
            due_on=row["due_on"], status=row["status"], closed_on=row["closed_on"], left_on=row["left_on"],
            staff_id=row["staff_id"], team=row["team"], manager=row["manager"],
        )
        for row in rows
    ]


def follow_through_summary(facts: list[ActionFacts], as_of: date, months: int = DEFAULT_MONTHS) -> dict[str, Any]:
    """The period of ``months`` whole months up to ``as_of`` as one tally, its months, and their sparkline."""
    monthly = by_month(facts, as_of, months)
    start = date.fromisoformat(monthly[0]["month"] + "-01")
    whole = tally(facts, start, as_of - timedelta(days=1), as_of).to_dict()
    return {**whole, "months": monthly, "sparkline": sparkline(monthly)}


def follow_through_groups(facts: list[ActionFacts], as_of: date, key: str, months: int = DEFAULT_MONTHS) -> list[dict[str, Any]]:
    """One summary per value of ``key`` (``team``, ``manager`` or ``staff_id``), named ``name``, by name."""
    groups: dict[str, list[ActionFacts]] = {}
    for fact in facts:
        groups.setdefault(getattr(fact, key), []).append(fact)
    return [
        {"name": name, **follow_through_summary(group, as_of, months)}
        for name, group in sorted(groups.items(), key=lambda item: item[0].casefold())
    ]
