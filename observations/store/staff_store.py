"""Provides the staff part of the store: adding people, finding them by ref or name, lists and teams, leaving,
all filtered by the store's scope (a person outside it is not found).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from observations.dates import parse_date, today
from observations.errors import AmbiguousError, InputError, NotFoundError
from observations.store.core import StoreCore
from observations.store.ids import new_id, now_utc, staff_ref
from observations.store.records import StaffMember
from observations.store.text_checks import (
    check_in_post,
    checked_text,
    folded_name,
)


class StaffStore(StoreCore):
    """Staff records, as the store's scope may see them."""

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
            "created_by": self.scope.account,
            "updated_by": self.scope.account,
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
                "UPDATE staff SET status = 'left', left_on = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                [left_on, now_utc(), self.scope.account, staff_id],
            )
        return self.staff(staff_id)
