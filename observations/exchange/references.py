"""Provides the cross-row checks for incoming rows: every reference resolves, every rating fits its framework.

Run after the field checks and before any write, so an import or merge that
would break a foreign key, record a rating the framework does not have, or add
a case the ``case`` commands would refuse, fails with one line naming the row
instead of half-applying.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from observations.caseload.cases import MANAGER_DISCUSSION, check_contact_every, check_ref
from observations.caseload.rule_sets import DEFAULT_FRAMEWORK, followed_rules
from observations.caseload.timeline import LEVEL_CHANGE
from observations.errors import InputError
from observations.store.ids import staff_ref
from standards import UnknownFrameworkError

if TYPE_CHECKING:
    from observations.exchange.plan import MergePlan


REF_SHAPE = re.compile(r"[a-z2-7]{8}")
"""What ``ids.staff_ref`` makes: a ref of any other shape could shadow a name typed as STAFF, or never be found."""


def _ref_for(staff_id: str) -> str | None:
    """The ref every copy derives from a UUID id; None for an id that is not a UUID."""
    try:
        return staff_ref(staff_id)
    except ValueError:
        return None


def check_references(plan: MergePlan) -> None:
    _Checker(plan).run()


class _Checker:
    def __init__(self, plan: MergePlan):
        self.plan = plan
        self.where = plan.where
        store = plan.store
        kept = {table: plan.kept(table) for table in plan.rows}
        self.kept = kept
        self.staff = plan.local_ids["staff"] | {r["id"] for r in kept["staff"]}
        self.session_staff = {r["id"]: r["staff_id"] for r in store.rows("SELECT id, staff_id FROM sessions")}
        self.session_staff.update({r["id"]: r["staff_id"] for r in kept["sessions"]})
        self.session_held = {r["id"]: r["held_on"] for r in store.rows("SELECT id, held_on FROM sessions")}
        self.session_held.update({r["id"]: r["held_on"] for r in kept["sessions"]})
        self.observation_group = {
            r["id"]: (r["observation_id"], r["staff_id"]) for r in store.rows("SELECT id, observation_id, staff_id FROM observations")
        }
        self.observation_group.update({r["id"]: (r["observation_id"], r["staff_id"]) for r in kept["observations"]})
        self.actions = plan.local_ids["actions"] | {r["id"] for r in kept["actions"]}
        self.frameworks: dict[str, tuple[Any, dict[str, Any]]] = {}

    def fail(self, table: str, row: dict[str, Any], message: str) -> None:
        index = self.plan.rows[table].index(row)
        key = "staff_id" if table == "erasures" else "id"
        raise InputError(f"{self.where}: {table}[{index}] ({key} {row[key][:36]}): {message}")

    def run(self) -> None:
        self.check_staff()
        for row in self.kept["sessions"]:
            self.need_staff("sessions", row)
        self.check_observations()
        self.check_actions()
        for row in self.kept["action_updates"]:
            if row["action_id"] not in self.actions:
                self.fail("action_updates", row, f"action_id {row['action_id']!r} is not an action in the file or this database")
        self.check_cases()

    def need_staff(self, table: str, row: dict[str, Any]) -> None:
        if row["staff_id"] not in self.staff:
            self.fail(table, row, f"staff_id {row['staff_id']!r} is not a staff member in the file or this database")

    def need_session(self, table: str, row: dict[str, Any]) -> None:
        session = row.get("session_id")
        if session is None:
            return
        if session not in self.session_staff:
            self.fail(table, row, f"session_id {session!r} is not a session in the file or this database")
        if self.session_staff[session] != row["staff_id"]:
            self.fail(table, row, f"session_id {session!r} is another staff member's session")

    def framework(self, table: str, row: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        framework_id = row["framework"]
        if framework_id not in self.frameworks:
            try:
                framework = self.plan.store.library.get(framework_id)
            except UnknownFrameworkError:
                loaded = ", ".join(self.plan.store.library.ids())
                self.fail(table, row, f"framework {framework_id!r} is not loaded here (frameworks: {loaded}); add its file to your standards folder")
            self.frameworks[framework_id] = (framework, {s.id: s for s in framework.standards()})
        return self.frameworks[framework_id]

    def check_staff(self) -> None:
        local_refs = {r["ref"]: r["id"] for r in self.plan.store.rows("SELECT id, ref FROM staff")}
        for row in self.kept["staff"]:
            expected = _ref_for(row["id"])
            if row["ref"] != expected and not (expected is None and REF_SHAPE.fullmatch(row["ref"])):
                self.fail(
                    "staff", row,
                    f"staff ref {row['ref']!r} is not the ref of its id (it is {expected!r})" if expected
                    else f"staff ref {row['ref']!r} is not a ref (8 lowercase letters and digits 2-7)",
                )
            owner = local_refs.setdefault(row["ref"], row["id"])
            if owner != row["id"]:
                self.fail("staff", row, f"staff ref {row['ref']!r} already belongs to a different person")

    def check_observations(self) -> None:
        for row in self.kept["observations"]:
            self.need_staff("observations", row)
            self.need_session("observations", row)
            group = (row["observation_id"], row["staff_id"])
            if row["supersedes"] is not None:
                previous = self.observation_group.get(row["supersedes"])
                if previous is None:
                    self.fail("observations", row, f"supersedes {row['supersedes']!r}, which is not in the file or this database")
                if previous != group:
                    self.fail("observations", row, "supersedes a revision of a different observation")
            first = self.observation_group.get(row["observation_id"])
            if first is not None and first[1] != row["staff_id"]:
                self.fail("observations", row, "is a revision of an observation about a different staff member")
            framework, standards = self.framework("observations", row)
            standard = standards.get(row["standard"])
            if standard is None:
                self.fail("observations", row, f"unknown standard {row['standard']!r} in {framework.id}")
            if row["rating"] not in framework.rating_scale:
                self.fail(
                    "observations", row,
                    f"rating {row['rating']!r} is not on {framework.id}'s scale (ratings: {', '.join(framework.rating_scale.keys())})",
                )
            for number in json.loads(row["examples"]):
                if not 1 <= number <= len(standard.examples):
                    self.fail("observations", row, f"{standard.id} has no example {number}")

    def check_actions(self) -> None:
        for row in self.kept["actions"]:
            self.need_staff("actions", row)
            self.need_session("actions", row)
            named = json.loads(row["standards"])
            if not row["framework"]:
                if named:
                    self.fail("actions", row, "names standards but no framework")
                continue
            framework, standards = self.framework("actions", row)
            for standard_id in named:
                if standard_id not in standards:
                    self.fail("actions", row, f"unknown standard {standard_id!r} in {framework.id}")

    def check_cases(self) -> None:
        """Refs are compared ignoring case, as the ``case`` commands look them up. A ref already here (or
        earlier in the file) under another id is the same case when it is on the same PA's caseload: its
        events join that case. On another PA's caseload it is refused: nobody could tell whose the events are."""
        local_ids = self.plan.local_ids["cases"]
        known = {r["ref"].casefold(): r for r in self.plan.store.rows("SELECT id, ref, staff_id, framework FROM cases")}
        for row in self.kept["cases"]:
            self.need_staff("cases", row)
            self.check_case_fields(row)
            key = row["ref"].casefold()
            same = known.setdefault(key, row)
            if same["id"] == row["id"] or row["id"] in local_ids:
                continue
            if _framework_of(same) != _framework_of(row):
                self.fail(
                    "cases", row,
                    f"case ref {row['ref']!r} follows {_framework_of(row)} here but {_framework_of(same)} in the other "
                    "copy; a case follows one framework: correct the ref in one database, then merge",
                )
            if same["staff_id"] != row["staff_id"]:
                where = "here" if same["id"] in local_ids else "earlier in the file"
                self.fail(
                    "cases", row,
                    f"case ref {row['ref']!r} is already another staff member's case {where} (as {same['ref']!r}); "
                    "one case cannot be on two caseloads: correct the ref in one database, then merge",
                )
            self.plan.case_alias[row["id"]] = same["id"]
        cases = local_ids | {r["id"] for r in self.kept["cases"]}
        for row in self.kept["case_transfers"]:
            self.check_transfer(row, cases)
        frameworks = {r["id"]: r["framework"] for r in self.plan.store.rows("SELECT id, framework FROM cases")}
        frameworks.update({r["id"]: _framework_of(r) for r in self.kept["cases"]})
        pas = self.case_pas()
        for row in self.kept["case_events"]:
            if row["case_id"] not in cases:
                self.fail("case_events", row, f"case_id {row['case_id']!r} is not a case in the file or this database")
            self.check_event_fields(row, frameworks[row["case_id"]])
            self.check_discussion_session(row, pas.get(row["case_id"], set()))

    def case_pas(self) -> dict[str, set[str]]:
        """Case id -> every PA who has held the case (here or in the file): the PA now and each transfer's two."""
        pas: dict[str, set[str]] = {}
        for case_id, staff_id in self.plan.staff_of_case.items():
            pas.setdefault(case_id, set()).add(staff_id)
        here = self.plan.store.rows("SELECT case_id, from_staff_id, to_staff_id FROM case_transfers")
        for row in [*here, *self.kept["case_transfers"]]:
            pas.setdefault(row["case_id"], set()).update((row["from_staff_id"], row["to_staff_id"]))
        return pas

    def check_discussion_session(self, row: dict[str, Any], pas: set[str]) -> None:
        """A line-manager discussion's session, as ``case log --session`` checks it: a supervision session of a PA who
        held the case, held on the discussion's date. A session that went with an earlier PA's erasure is let be."""
        session = row.get("session_id")
        if session is None:
            return
        if row["event"] != MANAGER_DISCUSSION:
            self.fail("case_events", row, f"a {row['event']} names no supervision session (only a {MANAGER_DISCUSSION} does); session_id must be null")
        if session not in self.session_staff:
            if pas & self.plan.erased:
                return
            self.fail("case_events", row, f"session_id {session!r} is not a session in the file or this database")
        if self.session_staff[session] not in pas:
            self.fail("case_events", row, f"session_id {session!r} is the supervision of a staff member who never held this case")
        if self.session_held[session] != row["on_date"]:
            self.fail("case_events", row, f"session_id {session!r} was held on {self.session_held[session]}, not on the discussion's date {row['on_date']}")

    def check_transfer(self, row: dict[str, Any], cases: set[str]) -> None:
        """A transfer joins a known case to the PA it moved to; the PA it came from may since have been erased."""
        if row["case_id"] not in cases:
            self.fail("case_transfers", row, f"case_id {row['case_id']!r} is not a case in the file or this database")
        if row["from_staff_id"] == row["to_staff_id"]:
            self.fail("case_transfers", row, "from_staff_id and to_staff_id are the same person")
        for column in ("from_staff_id", "to_staff_id"):
            if row[column] not in self.staff and row[column] not in self.plan.erased:
                self.fail("case_transfers", row, f"{column} {row[column]!r} is not a staff member in the file or this database")

    def check_case_fields(self, row: dict[str, Any]) -> None:
        """The checks ``case add`` makes: a case-management id (never a name), a framework whose file here names
        caseload rules, and one of their levels."""
        try:
            if check_ref(row["ref"]) != row["ref"]:
                raise InputError(f"case ref {row['ref']!r} has spaces around it")
            followed = followed_rules(self.plan.store.library, _framework_of(row))
            followed.check_level(row["level"])
            followed.check_in_school(bool(row["in_school"]))
        except InputError as problem:
            self.fail("cases", row, str(problem))

    def check_event_fields(self, row: dict[str, Any], framework: str) -> None:
        """The events ``case log`` records on a case of its framework, plus level changes, which alone carry a level."""
        event, level = row["event"], row["level"]
        try:
            if event != LEVEL_CHANGE:
                followed_rules(self.plan.store.library, framework).check_event(event)
            check_contact_every(event, row.get("contact_every_days"))
        except InputError as problem:
            self.fail("case_events", row, str(problem))
        if event != LEVEL_CHANGE and level is not None:
            self.fail("case_events", row, f"a {event} event has no level (only {LEVEL_CHANGE} does); level must be null")
        if event == LEVEL_CHANGE:
            try:
                followed_rules(self.plan.store.library, framework).check_level(level)
            except InputError as problem:
                self.fail("case_events", row, f"a {LEVEL_CHANGE} needs the new level: {problem}")


def _framework_of(case_row: dict[str, Any]) -> str:
    """The framework an incoming case follows; a file written before cases followed one holds APIR cases."""
    return case_row.get("framework") or DEFAULT_FRAMEWORK
