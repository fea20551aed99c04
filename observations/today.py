"""Provides "today": what needs a manager's attention on one day, one line per thing, the most pressing first.

A manager opening the tool should know what to do without reading every
record. The list gathers, for the staff in view (everyone, a team, or the
people one manager supervises), in post that day:

- supervisions due or overdue (the schedule: ``observations.schedule``);
- development actions past their due date;
- cases behind their framework's timescales, or waiting for a line-manager decision
  (the caseload review's own flags, with the rule that raised them);
- self-assessments two or more levels apart from the manager's rating;
- people with standards not observed for longer than the staleness period;
- new staff behind on induction (see ``induction_behind``).

Each line names the person and the thing (a standard, an action, a case
reference) so the app can open the person at it. Plain data, no Textual: the
command line prints it, the app shows it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .dates import parse_date
from .schedule import DUE, OVERDUE, ScheduleRules
from .standing.rules import DEFAULT_STALE_MONTHS, months_before
from .store.text_checks import folded_name

if TYPE_CHECKING:
    from standards import Framework

    from .store.observation_store import Store
    from .store.records import StaffMember

SUPERVISION = "supervision"
ACTION = "action"
CASE = "case"
DISAGREEMENT = "disagreement"
STALE = "stale"
INDUCTION = "induction"
KINDS = (SUPERVISION, ACTION, CASE, DISAGREEMENT, STALE, INDUCTION)
"""In the order a manager would take them when two are equally late."""
KIND_TITLES = {
    SUPERVISION: "Supervision",
    ACTION: "Action overdue",
    CASE: "Case",
    DISAGREEMENT: "Self-assessment apart",
    STALE: "Not observed lately",
    INDUCTION: "Induction behind",
}



@dataclass(frozen=True)
class AttentionItem:
    """One thing to attend to: whose, what, since or by when, and where in the record it is."""

    kind: str
    staff_id: str
    name: str
    ref: str
    text: str
    due: str | None = None
    """The ISO date it fell (or falls) due, when it has one."""
    overdue: bool = False
    target: str | None = None
    """What to open the person at: a standard id, an action id or a case reference."""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "title": KIND_TITLES[self.kind]}


def sort_key(item: AttentionItem) -> tuple:
    """Overdue first, then the earliest date, then the kind's order, then the person."""
    return (not item.overdue, item.due is None, item.due or "", KINDS.index(item.kind), folded_name(item.name), item.target or "")


def induction_behind(member: StaffMember, met: int, total: int, as_of: date, months: int = ScheduleRules.induction_months) -> int | None:
    """How many standards short of a steady pace a new member of staff is, or None when they are not behind (or not new).

    Induction lasts ``months`` from the start date (the service's setting, as for the supervision schedule). The pace
    is linear: by week ``w`` of an induction ``W`` weeks long, ``total * w // W`` standards met. The first weeks ask
    for nothing, so nobody is behind on day one.
    """
    if not member.started_on or total <= 0:
        return None
    started = date.fromisoformat(member.started_on)
    ends = months_before(started, -months)
    if started > as_of or as_of >= ends:
        return None
    expected = total * ((as_of - started).days // 7) // max(1, (ends - started).days // 7)
    return expected - met if met < expected else None


def people_in_view(store: Store, as_of: date, *, team: str | None = None, manager: str | None = None) -> list[StaffMember]:
    """The staff in post on ``as_of``, of one team and/or supervised by one manager (names matched as the staff search does)."""
    from .standing.queries import Selection
    from .store.records import StaffMember

    sql, params = Selection(team=team, in_post_on=as_of).staff_sql("*")  # the reports' own rule for who was in post
    visible = store.visible_staff_ids()  # and the store's scope
    rows = store.rows(sql + " ORDER BY name COLLATE NOCASE, ref", params)
    people = [StaffMember.from_row(row) for row in rows if visible is None or row["id"] in visible]
    if manager is not None:
        wanted = folded_name(manager)
        people = [m for m in people if folded_name(m.manager) == wanted]
    return people


def attention_items(
    store: Store,
    framework: Framework,
    people: list[StaffMember],
    *,
    as_of: date,
    stale_months: int = DEFAULT_STALE_MONTHS,
    rules: ScheduleRules = ScheduleRules(),
) -> list[AttentionItem]:
    """Everything needing attention for ``people`` as of ``as_of``, most pressing first."""
    from .caseload.report import reviewed_cases
    from .schedule_queries import supervision_schedule
    from .caseload.rules import BEHIND
    from .caseload.rule_sets import RULES_BY_ID
    from .standing.queries import Selection, standings_for_people
    from .standing.rules import MET, STRENGTH

    by_id = {member.id: member for member in people}
    ids = tuple(by_id)
    items: list[AttentionItem] = []

    def item(member: StaffMember, kind: str, text: str, **fields: Any) -> None:
        items.append(AttentionItem(kind, member.id, member.name, member.ref, text, **fields))

    for staff_id, due in supervision_schedule(store, as_of=as_of, rules=rules, staff_ids=ids).items():
        if due.status in (OVERDUE, DUE) and staff_id in by_id:
            last = f"last held {due.last_held.isoformat()}" if due.last_held else "none held yet"
            text = f"supervision {due.describe()} (every {due.interval_weeks} weeks; {last})"
            item(by_id[staff_id], SUPERVISION, text, due=due.due_on.isoformat(), overdue=due.status == OVERDUE)

    for action in store.list_actions(status="open", overdue_as_of=as_of.isoformat()):
        if action.staff_id in by_id:
            item(by_id[action.staff_id], ACTION, action.text, due=action.due_on, overdue=True, target=action.id)

    for record, flags in reviewed_cases(store, ids, as_of=as_of):
        behind = [flag for flag in flags if flag.status in BEHIND]
        if behind and record.staff_id in by_id:
            first = min(behind, key=lambda flag: flag.due or as_of)
            titles = "; ".join(dict.fromkeys(RULES_BY_ID[flag.rule].title for flag in behind))
            due = first.due.isoformat() if first.due else None
            item(by_id[record.staff_id], CASE, f"case {record.ref}: {titles}", due=due, overdue=True, target=record.ref)

    standings = standings_for_people(
        store, framework, as_of=as_of, selection=Selection(staff_ids=ids), stale_months=stale_months, with_evidence=False
    )
    for staff_id, rows in standings.items():
        member = by_id[staff_id]
        for standing in rows:
            if standing.discuss and standing.self_assessment and standing.current:
                own, theirs = standing.self_assessment.rating, standing.current.rating
                scale = framework.rating_scale
                item(member, DISAGREEMENT, f"{standing.standard}: rates themself {scale.label(own)}, rated {scale.label(theirs)}", target=standing.standard)
        stale = [standing.standard for standing in rows if standing.stale]
        if stale:
            shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
            item(member, STALE, f"{len(stale)} standard{'s' if len(stale) != 1 else ''} not observed in {stale_months} months: {shown}", target=stale[0])
        met = sum(1 for standing in rows if standing.status in (MET, STRENGTH))
        short = induction_behind(member, met, len(rows), as_of, rules.induction_months)
        if short is not None:
            item(member, INDUCTION, f"induction: {met} of {len(rows)} standards met, {short} behind a steady pace")

    return sorted(items, key=sort_key)


def today_report(
    store: Store,
    framework_id: str,
    *,
    as_of: date | str | None = None,
    team: str | None = None,
    manager: str | None = None,
    stale_months: int = DEFAULT_STALE_MONTHS,
    rules: ScheduleRules = ScheduleRules(),
) -> dict[str, Any]:
    """The attention list as JSON-ready data: who it covers, counts by kind, and the items."""
    from .dates import today

    day = parse_date(as_of, "as of", allow_future=True) if isinstance(as_of, str) else (as_of or today())
    framework = store.framework(framework_id)
    people = people_in_view(store, day, team=team, manager=manager)
    items = attention_items(store, framework, people, as_of=day, stale_months=stale_months, rules=rules)
    return {
        "kind": "today",
        "as_of": day.isoformat(),
        "framework": framework.id,
        "team": team,
        "manager": manager,
        "people": len(people),
        "counts": {kind: sum(1 for i in items if i.kind == kind) for kind in KINDS},
        "items": [i.to_dict() for i in items],
    }


def today_text(data: dict[str, Any]) -> str:
    """The list for a terminal: one line per item, overdue ones marked, user text shown as text."""
    from standards.visible_text import visible_line

    scope = "".join(
        (f", team {visible_line(data['team'])}" if data["team"] else "", f", supervised by {visible_line(data['manager'])}" if data["manager"] else "")
    )
    lines = [f"Today, {data['as_of']}: {data['people']} {'person' if data['people'] == 1 else 'people'} in view{scope}."]
    if not data["items"]:
        lines.append("Nothing needs attention today.")
    for entry in data["items"]:
        mark = "!" if entry["overdue"] else " "
        due = entry["due"] or ""
        who = visible_line(f"{entry['name']} ({entry['ref']})")
        lines.append(f"{mark} {due:<10}  {entry['title']:<21}  {who}: {visible_line(entry['text'])}")
    return "\n".join(lines) + "\n"
