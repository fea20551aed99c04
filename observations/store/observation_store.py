"""Provides the Store: staff, observations, sessions and actions, validated against the frameworks.

``Store`` is built in layers, one module each, every layer standing on the one
before: ``core.StoreCore`` (the connection, writes, the scope),
``staff_store.StaffStore``, ``session_store.SessionStore``,
``observation_records.ObservationStore``, and here the development actions.

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

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from observations.dates import parse_date, today
from observations.errors import AmbiguousError, InputError, NotFoundError
from observations.store.ids import new_id, now_utc
from observations.store.observation_records import ObservationStore
from observations.store.records import Action
from observations.store.text_checks import (
    MIN_ID_PREFIX,
    checked_text,
    like_prefix,
)
from observations.vocabulary import ACTION_STATUSES


class Store(ObservationStore):
    """The observation store over one SQLite database: staff, sessions, observations and, here, development actions."""

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
            "recorded_by": self.scope.account,
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
