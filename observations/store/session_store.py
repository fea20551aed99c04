"""Provides the supervision sessions part of the store: holding a session, finding one, a person's sessions.
"""

from __future__ import annotations

from datetime import date

from observations.dates import parse_date, today
from observations.errors import AmbiguousError, InputError, NotFoundError
from observations.store.ids import new_id, now_utc
from observations.store.records import Session, StaffMember
from observations.store.staff_store import StaffStore
from observations.store.text_checks import (
    MAX_EVIDENCE,
    MIN_ID_PREFIX,
    check_in_post,
    checked_text,
    like_prefix,
)

AGREED_RECORD_SQL = "SELECT agreed_on FROM session_records WHERE kind = 'agreed'"
"""A session's agreed record (``observations.supervision.record``): once there is one, the session's record is fixed."""


class SessionStore(StaffStore):
    """Supervision sessions, one row per session held."""

    def add_session(self, staff_id: str, *, held_on: str | date | None = None, manager: str | None = None, notes: str | None = None) -> Session:
        row = {
            "id": new_id(),
            "held_on": parse_date(held_on, "session date", default=today()).isoformat(),
            "manager": checked_text(manager, "manager", limit=200),
            "notes": checked_text(notes, "notes", limit=MAX_EVIDENCE, multiline=True),
            "created_at": now_utc(),
            "created_by": self.scope.account,
        }
        with self.write():
            member = self.staff(staff_id)
            self.scope.check_manages(member, "hold supervision with")
            check_in_post(member, row["held_on"], "session date")
            row["staff_id"] = member.id
            self.db["sessions"].insert(row)
        return Session.from_row(row)

    def session_on(self, staff_id: str, held_on: str | date, *, manager: str | None = None) -> tuple[Session, bool]:
        """The session with this person on ``held_on`` not yet agreed, started if there is none: (session, True when it
        was already there). One write transaction, so two screens (or a restarted app) asking at once get one session.
        A session agreed that day is not taken up again: its record is fixed, so another one starts."""
        day = held_on.isoformat() if isinstance(held_on, date) else held_on
        with self.write():
            self.scope.check_manages(self.staff(staff_id), "hold supervision with")
            rows = self.rows(
                "SELECT * FROM sessions WHERE staff_id = ? AND held_on = ? AND NOT EXISTS "
                f"({AGREED_RECORD_SQL} AND session_records.session_id = sessions.id) ORDER BY created_at DESC LIMIT 1",
                [staff_id, day],
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
        agreed = self.rows(f"{AGREED_RECORD_SQL} AND session_id = ?", [session.id])
        if agreed:
            raise InputError(
                f"session {session.id[:8]} on {session.held_on} was agreed on {agreed[0]['agreed_on']}: its record is fixed, "
                "so nothing more is filed under it; record this without the session, or in a new one"
            )
        return session.id

    def sessions(self, staff_id: str) -> list[Session]:
        self.staff(staff_id)
        rows = self.rows("SELECT * FROM sessions WHERE staff_id = ? ORDER BY held_on DESC, created_at DESC", [staff_id])
        return [Session.from_row(r) for r in rows]
