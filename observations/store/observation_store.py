"""Provides the Store: staff, observations, sessions and actions, validated against the frameworks.

Every write checks its input and then writes in one transaction. Checks that
read the database (does the person exist, has the action that status already,
which revision is current) run inside that BEGIN IMMEDIATE transaction, so
another writer cannot change the answer between the check and the write. Bad
input writes nothing and a crash leaves either the whole write or none of it.
A Store (its sqlite connection) belongs to the thread that opened it.

A Store also carries who is asking (``scope``: see ``observations.store.scope``).
Every method that hands out or changes a person's record checks it, so a
role's limits hold whichever screen or command asks; the terminal and the
command line run as ``TERMINAL``, an admin.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from observations.dates import parse_date, today
from observations.errors import AmbiguousError, InputError, NotFoundError
from observations.store.database import (
    open_connection,
    open_for_reading,
    tighten_permissions,
    write_transaction,
)
from observations.store.ids import new_id, now_utc, staff_ref
from observations.store.records import Action, Observation, Session, StaffMember
from observations.store.scope import TERMINAL, Scope
from observations.store.revisions import (
    check_observation,
    corrected_fields,
    new_revision,
    revision_to_change,
)
from observations.store.text_checks import (
    MAX_EVIDENCE,
    MIN_ID_PREFIX,
    check_in_post,
    checked_text,
    folded_name,
    like_prefix,
    self_assessor,
)
from observations.vocabulary import ACTION_STATUSES, SELF_ASSESSMENT
from standards import Framework, FrameworkLibrary, UnknownFrameworkError

if TYPE_CHECKING:
    from sqlite_utils import Database

class Store:
    """The observation store over one SQLite database."""

    def __init__(self, db: Database | sqlite3.Connection, library: FrameworkLibrary, path: Path | None = None, *, scope: Scope = TERMINAL):
        if isinstance(db, sqlite3.Connection):
            self.conn, self._db = db, None
        else:
            self.conn, self._db = db.conn, db
        self.library = library
        self.path = path
        self.scope = scope

    @property
    def db(self) -> Database:
        """The sqlite-utils Database over ``conn``, made on first use: reads go straight to the connection, so
        opening the app and reading never imports sqlite-utils (about 50 ms of start-up); the first write does."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @classmethod
    def open(cls, path: Path | str, library: FrameworkLibrary, *, migrate: bool = True, scope: Scope = TERMINAL) -> Store:
        return cls(open_connection(path, migrate=migrate), library, Path(path), scope=scope)

    @classmethod
    def open_for_reading(cls, path: Path | str, library: FrameworkLibrary) -> Store:
        """For a command that only reads: a file this process may not change is opened read-only (see ``open_for_reading``)."""
        return cls(open_for_reading(path), library, Path(path))

    @classmethod
    def empty(cls, library: FrameworkLibrary) -> Store:
        """An empty, read-only store in memory, for reading where no database file is yet (see ``first_use``)."""
        from observations.store.first_use import open_empty_database

        return cls(open_empty_database(), library, None)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One all-or-nothing write transaction. Once the outermost one commits, the file is made
        owner-only: records about people's work were just written to it."""
        outermost = not self.conn.in_transaction
        with write_transaction(self.db) as db:
            yield db
        if outermost and self.path is not None:
            tighten_permissions(self.path)

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query on the raw connection (no savepoint per query) and return dict rows."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    # -- frameworks ---------------------------------------------------------

    def framework(self, framework_id: str) -> Framework:
        try:
            return self.library.get(framework_id)
        except UnknownFrameworkError as error:
            raise InputError(str(error)) from None

    # -- staff --------------------------------------------------------------

    def add_staff(
        self,
        name: str,
        *,
        team: str | None = None,
        role: str | None = None,
        started_on: str | date | None = None,
        manager: str | None = None,
    ) -> StaffMember:
        name = checked_text(name, "name", required=True, limit=200)
        self.scope.check_team(team or "", "add staff")
        started = parse_date(started_on, "start date", allow_future=True).isoformat() if started_on else None
        row = {
            "name": name,
            "team": checked_text(team, "team", limit=200),
            "role": checked_text(role, "role", limit=200),
            "started_on": started,
            "manager": checked_text(manager, "manager", limit=200),
            "status": "active",
            "left_on": None,
        }
        with self.write():
            for _ in range(5):
                staff_id = new_id()
                ref = staff_ref(staff_id)
                if not self.rows("SELECT 1 FROM staff WHERE ref = ?", [ref]):
                    break
            stamp = now_utc()
            row.update(id=staff_id, ref=ref, created_at=stamp, updated_at=stamp)
            self.db["staff"].insert(row)
        return self.staff(staff_id)

    def staff(self, staff_id: str) -> StaffMember:
        rows = self.rows("SELECT * FROM staff WHERE id = ?", [staff_id])
        if not rows:
            raise NotFoundError(f"no staff member with id {staff_id!r}")
        member = StaffMember.from_row(rows[0])
        self.scope.check_sees(member)
        return member

    def find_staff(self, query: str, *, exact: bool = False) -> StaffMember:
        """A staff member by ref, id, or unambiguous name (exact first, then part of the name).

        ``exact`` leaves out part of a name: what cannot be undone (erasure) must name its person whole."""
        text = (query or "").strip()
        if not text:
            raise InputError("staff: give a staff ref or name")
        matches = self.rows("SELECT * FROM staff WHERE ref = ? OR id = ?", [text.lower(), text.lower()])
        matches = self._visible(matches)
        if not matches:
            people = self._visible(self.rows("SELECT * FROM staff ORDER BY name COLLATE NOCASE, ref"))
            wanted = folded_name(text)
            if wanted:
                matches = [r for r in people if folded_name(r["name"]) == wanted]
                if not matches and not exact:
                    matches = [r for r in people if wanted in folded_name(r["name"])]
            else:  # no letters or digits ('?', '-', an emoji): as "part of a name" it would be part of every name
                matches = [r for r in people if r["name"].casefold() == text.casefold()]
        if len(matches) == 1:
            return StaffMember.from_row(matches[0])
        if len(matches) > 1:
            options = ", ".join(f"{r['ref']} ({r['name']}, {r['team'] or 'no team'})" for r in matches[:6])
            more = ", ..." if len(matches) > 6 else ""
            raise AmbiguousError(f"staff {text!r} matches {len(matches)} people: {options}{more}; use a ref")
        if exact:
            raise NotFoundError(f"no staff member has the ref or the whole name {text!r}; 'supervision-tui staff list' shows refs and names")
        raise NotFoundError(f"no staff member matches {text!r}; 'supervision-tui staff list' shows refs and names")

    def list_staff(self, *, team: str | None = None, include_left: bool = True) -> list[StaffMember]:
        sql = "SELECT * FROM staff WHERE 1 = 1"
        params: list[Any] = []
        if team:
            sql += " AND team = ? COLLATE NOCASE"
            params.append(team)
        if not include_left:
            sql += " AND status = 'active'"
        sql += " ORDER BY name COLLATE NOCASE, ref"
        return [StaffMember.from_row(r) for r in self._visible(self.rows(sql, params))]

    def teams(self) -> list[str]:
        if self.scope.sees_everyone:
            return [r["team"] for r in self.rows("SELECT DISTINCT team FROM staff WHERE team != '' ORDER BY team COLLATE NOCASE")]
        return sorted({member.team for member in self.list_staff() if member.team}, key=str.casefold)

    def _visible(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The staff rows this store's scope may see (all of them for an admin or a trainer, at no cost)."""
        if self.scope.sees_everyone:
            return rows
        return [row for row in rows if self.scope.sees(StaffMember.from_row(row))]

    def visible_staff_ids(self) -> set[str] | None:
        """The ids of the staff this scope may see; None when it sees everyone (so callers need not filter)."""
        return None if self.scope.sees_everyone else {member.id for member in self.list_staff()}

    def staff_leave(self, staff_id: str, *, on: str | date | None = None) -> StaffMember:
        left_on = parse_date(on, "leaving date", default=today()).isoformat()
        with self.write():
            member = self.staff(staff_id)
            self.scope.check_manages(member, "mark as left")
            if member.status == "left":
                raise InputError(f"{member.ref} ({member.name}) has already left (on {member.left_on})")
            check_in_post(member, left_on, "leaving date")
            self.db.execute(
                "UPDATE staff SET status = 'left', left_on = ?, updated_at = ? WHERE id = ?",
                [left_on, now_utc(), staff_id],
            )
        return self.staff(staff_id)

    # -- observations -------------------------------------------------------

    def record_observation(
        self,
        staff_id: str,
        standard_id: str,
        rating: str,
        *,
        framework_id: str = "apir",
        observed_on: str | date | None = None,
        source: str = "observation",
        evidence: str = "",
        examples: Iterable[int] = (),
        observer: str | None = None,
        session_id: str | None = None,
    ) -> Observation:
        framework = self.framework(framework_id)
        standard, numbers = check_observation(framework, standard_id, rating, source, examples, evidence or "")
        when = parse_date(observed_on, "date observed", default=today()).isoformat()
        row_id = new_id()
        row = {
            "id": row_id,
            "observation_id": row_id,
            "revision": 1,
            "supersedes": None,
            "framework": framework.id,
            "framework_version": framework.version,
            "standard": standard,
            "rating": rating,
            "observed_on": when,
            "source": source,
            "evidence": evidence or "",
            "examples": json.dumps(numbers),
            "observer": checked_text(observer, "observer", limit=200),
            "recorded_at": now_utc(),
            "recorded_by": self.scope.recorder(checked_text(observer, "observer", limit=200)),
            "reason": "",
            "retracted": 0,
        }
        with self.write():
            member = self.staff(staff_id)
            self.scope.check_records(member, source)
            check_in_post(member, when, "date observed")
            if source == SELF_ASSESSMENT:
                row["observer"] = self_assessor(member, row["observer"])
                row["recorded_by"] = self.scope.recorder(row["observer"])
            row.update(staff_id=member.id, session_id=self._session_of(member, session_id))
            self.db["observations"].insert(row)
        return Observation.from_row(row)

    def find_observation(self, text: str) -> Observation:
        """The current revision of the observation whose id (or any revision's id) starts with ``text``."""
        prefix = (text or "").strip().lower()
        if len(prefix) < MIN_ID_PREFIX:
            raise InputError(f"observation id {text!r} is too short; give at least {MIN_ID_PREFIX} characters")
        logical = self.rows(
            "SELECT DISTINCT observation_id FROM observations WHERE id LIKE ? ESCAPE '\\' OR observation_id LIKE ? ESCAPE '\\'",
            [like_prefix(prefix), like_prefix(prefix)],
        )
        if not logical:
            raise NotFoundError(f"no observation with id {text!r}; 'supervision-tui history STAFF' lists ids")
        if len(logical) > 1:
            raise AmbiguousError(f"observation id {text!r} matches {len(logical)} observations; give more characters")
        found = self.latest_revision(logical[0]["observation_id"])
        self.staff(found.staff_id)  # the scope may see whose it is
        return found

    def latest_revision(self, observation_id: str) -> Observation:
        rows = self.rows(
            "SELECT * FROM observations WHERE observation_id = ? ORDER BY revision DESC, recorded_at DESC, id DESC LIMIT 1",
            [observation_id],
        )
        if not rows:
            raise NotFoundError(f"no observation with id {observation_id!r}")
        return Observation.from_row(rows[0])

    def revisions(self, observation_id: str) -> list[Observation]:
        rows = self.rows("SELECT * FROM observations WHERE observation_id = ? ORDER BY revision, recorded_at, id", [observation_id])
        return [Observation.from_row(r) for r in rows]

    def is_retracted(self, observation_id: str) -> bool:
        """True once any revision retracts the observation: a retraction is final, even
        over a correction made elsewhere and merged in later."""
        return bool(self.rows("SELECT 1 FROM observations WHERE observation_id = ? AND retracted = 1 LIMIT 1", [observation_id]))

    def correct_observation(
        self,
        observation_id: str,
        *,
        reason: str,
        by: str | None = None,
        rating: str | None = None,
        evidence: str | None = None,
        examples: Iterable[int] | None = None,
        source: str | None = None,
        observed_on: str | date | None = None,
        standard_id: str | None = None,
        expected_revision: int | None = None,
    ) -> Observation:
        """A new revision superseding the current one; the old revision stays in history.

        ``expected_revision`` is the revision the caller showed the user: when
        someone else has corrected the observation since, nothing is written.
        """
        when = parse_date(observed_on, "date observed").isoformat() if observed_on is not None else None
        with self.write():
            current = revision_to_change(self, observation_id, expected_revision, retracting=False)
            self.scope.check_records(self.staff(current.staff_id), current.source)
            changes = corrected_fields(self, current, rating, evidence, examples, source, standard_id, when)
            self.scope.check_records(self.staff(current.staff_id), changes.get("source", current.source))
            return new_revision(self, current, changes, reason=reason, by=self.scope.recorder(by or ""), retract=False)

    def retract_observation(
        self, observation_id: str, *, reason: str, by: str | None = None, expected_revision: int | None = None
    ) -> Observation:
        """A tombstone revision: the observation stays in history but no report counts it, ever again."""
        with self.write():
            current = revision_to_change(self, observation_id, expected_revision, retracting=True)
            self.scope.check_records(self.staff(current.staff_id), current.source)
            return new_revision(self, current, {}, reason=reason, by=self.scope.recorder(by or ""), retract=True)

    def history(
        self,
        staff_id: str,
        *,
        framework_id: str | None = None,
        standard_id: str | None = None,
        include_superseded: bool = False,
    ) -> list[Observation]:
        """Observations of one person, newest first; current revisions only unless asked."""
        self.staff(staff_id)  # the scope may see them
        self.scope.check_evidence()
        table = "observations" if include_superseded else "current_observations"
        sql = f"SELECT * FROM {table} WHERE staff_id = ?"
        params: list[Any] = [staff_id]
        if framework_id:
            sql += " AND framework = ?"
            params.append(framework_id)
        if standard_id:
            sql += " AND standard = ? COLLATE NOCASE"
            params.append(standard_id)
        sql += " ORDER BY observed_on DESC, recorded_at DESC"
        return [Observation.from_row(r) for r in self.rows(sql, params)]

    # -- sessions -----------------------------------------------------------

    def add_session(self, staff_id: str, *, held_on: str | date | None = None, manager: str | None = None, notes: str | None = None) -> Session:
        row = {
            "id": new_id(),
            "held_on": parse_date(held_on, "session date", default=today()).isoformat(),
            "manager": checked_text(manager, "manager", limit=200),
            "notes": checked_text(notes, "notes", limit=MAX_EVIDENCE, multiline=True),
            "created_at": now_utc(),
        }
        with self.write():
            member = self.staff(staff_id)
            self.scope.check_manages(member, "hold supervision with")
            check_in_post(member, row["held_on"], "session date")
            row["staff_id"] = member.id
            self.db["sessions"].insert(row)
        return Session.from_row(row)

    def session_on(self, staff_id: str, held_on: str | date, *, manager: str | None = None) -> tuple[Session, bool]:
        """The session with this person on ``held_on``, started if there is none yet: (session, True when it was
        already there). One write transaction, so two screens (or a restarted app) asking at once get one session."""
        day = held_on.isoformat() if isinstance(held_on, date) else held_on
        with self.write():
            self.scope.check_manages(self.staff(staff_id), "hold supervision with")
            rows = self.rows(
                "SELECT * FROM sessions WHERE staff_id = ? AND held_on = ? ORDER BY created_at DESC LIMIT 1", [staff_id, day]
            )
            if rows:
                return Session.from_row(rows[0]), True
            return self.add_session(staff_id, held_on=day, manager=manager), False

    def session(self, session_id: str) -> Session:
        prefix = (session_id or "").strip().lower()
        rows = self.rows("SELECT * FROM sessions WHERE id LIKE ? ESCAPE '\\'", [like_prefix(prefix)]) if len(prefix) >= MIN_ID_PREFIX else []
        if not rows:
            raise NotFoundError(f"no supervision session with id {session_id!r}")
        if len(rows) > 1:
            raise AmbiguousError(f"session id {session_id!r} matches {len(rows)} sessions; give more characters")
        session = Session.from_row(rows[0])
        self.staff(session.staff_id)  # the scope may see whose it is
        return session

    def _session_of(self, member: StaffMember, session_id: str | None) -> str | None:
        """The full id of ``member``'s session given by (a prefix of) its id; refuses someone else's session."""
        if session_id is None:
            return None
        session = self.session(session_id)
        if session.staff_id != member.id:
            raise InputError(f"session {session.id[:8]} is {self.staff(session.staff_id).name}'s, not {member.name}'s")
        return session.id

    def sessions(self, staff_id: str) -> list[Session]:
        self.staff(staff_id)
        rows = self.rows("SELECT * FROM sessions WHERE staff_id = ? ORDER BY held_on DESC, created_at DESC", [staff_id])
        return [Session.from_row(r) for r in rows]

    # -- actions ------------------------------------------------------------

    def add_action(
        self,
        staff_id: str,
        text: str,
        *,
        standards: Sequence[str] = (),
        framework_id: str = "apir",
        owner: str | None = None,
        due_on: str | date | None = None,
        session_id: str | None = None,
        created_by: str | None = None,
    ) -> Action:
        """A development action; one that names no standards belongs to no framework (``''``), so every
        framework's needs summary shows it."""
        framework = self.framework(framework_id)
        checked = []
        for standard_id in standards:
            try:
                checked.append(framework.standard(standard_id).id)
            except KeyError:
                raise InputError(f"unknown standard {standard_id!r} in {framework.id} (standards: {', '.join(framework.standard_ids())})") from None
        row = {
            "id": new_id(),
            "text": checked_text(text, "action text", required=True, limit=5000, multiline=True),
            "framework": framework.id if checked else "",
            "standards": json.dumps(checked),
            "owner": checked_text(owner, "owner", limit=200),
            "due_on": parse_date(due_on, "due date", allow_future=True).isoformat() if due_on else None,
            "created_at": now_utc(),
            "created_by": self.scope.recorder(checked_text(created_by, "by", limit=200)),
        }
        with self.write():
            member = self.staff(staff_id)
            self.scope.check_manages(member, "agree actions for")
            row.update(staff_id=member.id, session_id=self._session_of(member, session_id))
            self.db["actions"].insert(row)
        return self.action(row["id"])

    def action(self, action_id: str) -> Action:
        prefix = (action_id or "").strip().lower()
        rows = self.rows("SELECT * FROM current_actions WHERE id LIKE ? ESCAPE '\\'", [like_prefix(prefix)]) if len(prefix) >= MIN_ID_PREFIX else []
        if not rows:
            raise NotFoundError(f"no action with id {action_id!r}; 'supervision-tui action list' shows ids")
        if len(rows) > 1:
            raise AmbiguousError(f"action id {action_id!r} matches {len(rows)} actions; give more characters")
        action = Action.from_row(rows[0])
        self.staff(action.staff_id)  # the scope may see whose it is
        return action

    def update_action(self, action_id: str, status: str, *, note: str | None = None, on: str | date | None = None) -> Action:
        """Mark an action done, dropped or open again; earlier statuses stay in its history."""
        if status not in ACTION_STATUSES:
            raise InputError(f"unknown action status {status!r} (statuses: {', '.join(ACTION_STATUSES)})")
        row = {
            "id": new_id(),
            "status": status,
            "note": checked_text(note, "note", limit=5000, multiline=True),
            "on_date": parse_date(on, "date", default=today()).isoformat(),
            "recorded_at": now_utc(),
        }
        with self.write():
            action = self.action(action_id)
            self.scope.check_manages(self.staff(action.staff_id), "update the actions of")
            if action.status == status:
                raise InputError(f"action {action.id[:8]} is already {status}")
            row["action_id"] = action.id
            self.db["action_updates"].insert(row)
        return self.action(row["action_id"])

    def list_actions(self, *, staff_id: str | None = None, status: str | None = None, overdue_as_of: str | None = None) -> list[Action]:
        sql = "SELECT * FROM current_actions WHERE 1 = 1"
        params: list[Any] = []
        if staff_id:
            sql += " AND staff_id = ?"
            params.append(staff_id)
        if status:
            sql += " AND status = ?"
            params.append(status)
        sql += " ORDER BY due_on IS NULL, due_on, created_at"
        actions = [Action.from_row(r) for r in self.rows(sql, params)]
        visible = self.visible_staff_ids()
        if visible is not None:
            actions = [a for a in actions if a.staff_id in visible]
        return [a for a in actions if a.is_overdue(overdue_as_of)] if overdue_as_of else actions
