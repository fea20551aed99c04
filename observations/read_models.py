"""Provides the read models of the app's screens: what each one shows, read from a Store in one go.

The app runs these on its database thread and only draws what they return, so
the SQL and the rules (what is overdue, which actions a session reviews) live
in the domain, where the command line and a future served session read the
same answers. Each screen's data comes from a few set-based queries (never one
per row), and every status comes from ``observations.standing.queries``. The home screen's
list and counts are in ``staff_listing``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from observations.store.records import Action, Observation, Session, StaffMember
    from observations.standing.rules import Standing
    from observations.store.observation_store import Store
    from standards import Framework

@dataclass(frozen=True)
class PersonData:
    """Everything the person screen shows, read in one go so moving between standards needs no SQL."""

    member: StaffMember
    framework_id: str
    standings: dict[str, Standing]
    history: dict[str, tuple[Observation, ...]]
    """Current revisions per standard, newest first, self-assessments included."""
    actions: tuple[Action, ...]
    sessions: tuple[Session, ...]
    """Newest first."""
    ratings_by_framework: dict[str, int]
    """How many current observations the person has in each framework, to point at the one that has them."""


def load_person(store: Store, framework: Framework, staff_id: str, as_of: date) -> PersonData:
    from observations.standing.queries import person_standings

    member = store.staff(staff_id)
    standings = {s.standard: s for s in person_standings(store, framework, staff_id, as_of=as_of)}
    history: dict[str, list[Observation]] = defaultdict(list)
    for observation in store.history(staff_id, framework_id=framework.id):
        if observation.observed_on <= as_of.isoformat():
            history[observation.standard].append(observation)
    return PersonData(
        member=member,
        framework_id=framework.id,
        standings=standings,
        history={k: tuple(v) for k, v in history.items()},
        actions=tuple(store.list_actions(staff_id=staff_id)),
        sessions=tuple(store.sessions(staff_id)),
        ratings_by_framework={
            row["framework"]: row["n"]
            for row in store.rows(
                "SELECT framework, count(*) AS n FROM current_observations WHERE staff_id = ? GROUP BY framework", [staff_id]
            )
        },
    )


def actions_due_since(actions: tuple[Action, ...] | list[Action], since: str | None, as_of: date) -> list[Action]:
    """Actions due after the previous session (or ever, with none) up to today, plus any still open and overdue."""
    today = as_of.isoformat()
    picked = []
    for action in actions:
        if action.due_on is None:
            continue
        due_in_window = (since is None or action.due_on > since) and action.due_on <= today
        if due_in_window or action.is_overdue(today):
            picked.append(action)
    return sorted(picked, key=lambda a: (a.due_on or "", a.created_at))


@dataclass(frozen=True)
class PersonActions:
    member: StaffMember
    actions: tuple[Action, ...]


def load_actions(store: Store, staff_id: str) -> PersonActions:
    return PersonActions(store.staff(staff_id), tuple(store.list_actions(staff_id=staff_id)))


@dataclass(frozen=True)
class SessionData:
    """A supervision session: the previous one, actions due since it, and what was recorded in this one."""

    member: StaffMember
    session: Session
    previous: Session | None
    due: tuple[Action, ...]
    agreed: tuple[Action, ...]
    observations: tuple[Observation, ...]


def load_session(store: Store, session_id: str, as_of: date) -> SessionData:
    session = store.session(session_id)
    member = store.staff(session.staff_id)
    earlier = [s for s in store.sessions(member.id) if (s.held_on, s.created_at) < (session.held_on, session.created_at)]
    previous = earlier[0] if earlier else None
    actions = store.list_actions(staff_id=member.id)
    observations = [o for o in store.history(member.id) if o.session_id == session.id]
    return SessionData(
        member=member,
        session=session,
        previous=previous,
        due=tuple(actions_due_since(actions, previous.held_on if previous else None, as_of)),
        agreed=tuple(a for a in actions if a.session_id == session.id),
        observations=tuple(observations),
    )


@dataclass(frozen=True)
class TeamData:
    """The training report for one team, with each member's id and cases behind their framework's timescales."""

    report: dict
    ids_by_ref: dict[str, str]
    cases_behind: dict[str, int]
    """By staff id: cases with an overdue or missed step of their framework's timescales."""
    follow_through: dict[str, dict] = field(default_factory=dict)
    """By staff id: each person's follow-through summary (``follow_through``), for people with any action."""


def load_team(store: Store, framework_id: str, team: str, as_of: date) -> TeamData:
    from observations.caseload import overdue_cases_by_staff
    from observations.reports.training import training_report

    report = training_report(store, framework_id=framework_id, team=team, as_of=as_of)
    ids_by_ref = {member.ref: member.id for member in store.list_staff(team=report["team"] or team)}
    cases_behind = overdue_cases_by_staff(store, list(ids_by_ref.values()), as_of=as_of)
    return TeamData(report, ids_by_ref, cases_behind, people_follow_through(store, report["team"] or team, as_of))


def people_follow_through(store: Store, team: str, as_of: date) -> dict[str, dict]:
    """Each team member's follow-through by staff id: the team view's column."""
    from observations.follow_through import action_facts, follow_through_groups

    groups = follow_through_groups(action_facts(store, as_of, team=team), as_of, "staff_id")
    return {group["name"]: group for group in groups}


STAFF_SUMMARY_SQL = """
SELECT
  (SELECT count(*) FROM current_observations WHERE staff_id = :id) AS observations,
  (SELECT max(observed_on) FROM current_observations WHERE staff_id = :id AND source != 'self-assessment') AS last_observed,
  (SELECT count(*) FROM current_observations WHERE staff_id = :id AND source = 'self-assessment') AS self_assessed,
  (SELECT count(*) FROM observations WHERE staff_id = :id AND revision > 1 AND retracted = 0) AS corrections,
  (SELECT count(*) FROM observations WHERE staff_id = :id AND retracted = 1) AS retractions,
  (SELECT count(*) FROM sessions WHERE staff_id = :id) AS sessions,
  (SELECT max(held_on) FROM sessions WHERE staff_id = :id) AS last_session,
  (SELECT count(*) FROM current_actions WHERE staff_id = :id AND status = 'open') AS open_actions,
  (SELECT count(*) FROM current_actions WHERE staff_id = :id AND status = 'open' AND due_on < :today) AS overdue_actions,
  (SELECT count(*) FROM current_actions WHERE staff_id = :id AND status = 'done') AS done_actions,
  (SELECT count(*) FROM cases WHERE staff_id = :id) AS cases
"""


def staff_summary(store: Store, staff_id: str, *, as_of: date) -> dict[str, int | str | None]:
    """Counts that tell a manager where one person's record stands (``staff show``), in one query."""
    return store.rows(STAFF_SUMMARY_SQL, {"id": staff_id, "today": as_of.isoformat()})[0]


def staff_refs(store: Store) -> dict[str, str]:
    """Every member of staff's ref by id, leavers included (a case list names its worker by ref)."""
    return {row["id"]: row["ref"] for row in store.rows("SELECT id, ref FROM staff")}


def observations_per_session(store: Store, staff_id: str) -> dict[str, int]:
    """How many current observations each of one person's supervision sessions holds."""
    rows = store.rows(
        "SELECT session_id, count(*) AS n FROM current_observations WHERE staff_id = ? AND session_id IS NOT NULL "
        "GROUP BY session_id",
        [staff_id],
    )
    return {row["session_id"]: row["n"] for row in rows}
