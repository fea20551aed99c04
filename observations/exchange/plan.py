"""Provides the merge plan: checked incoming rows beside what this database already holds.

Both the reference checks (``references``) and the writes (``merge``) read it,
so it lives below both of them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from observations.exchange.rows import PRIMARY_KEY, TABLES

if TYPE_CHECKING:
    from observations.store.observation_store import Store


class MergePlan:
    """Checked incoming rows plus what this database already holds, to decide what to write."""

    def __init__(self, store: Store, rows: dict[str, list[dict[str, Any]]], where: str):
        self.store, self.rows, self.where = store, rows, where
        self.local_ids = {t: {r[0] for r in store.conn.execute(f"SELECT {PRIMARY_KEY[t]} FROM {t}")} for t in TABLES}
        self.erased = self.local_ids["erasures"] | {r["staff_id"] for r in rows["erasures"]}
        self.erased_names = self._names_of_erased()
        self.staff_of_action = {a["id"]: a["staff_id"] for a in rows["actions"]}
        self.staff_of_case = {c["id"]: c["staff_id"] for c in rows["cases"]}
        for row in store.rows("SELECT id, staff_id FROM actions"):
            self.staff_of_action.setdefault(row["id"], row["staff_id"])
        for row in store.rows("SELECT id, staff_id FROM cases"):
            self.staff_of_case.setdefault(row["id"], row["staff_id"])
        self.case_alias: dict[str, str] = {}

    def _names_of_erased(self) -> frozenset[str]:
        """The names of people erased on either side, from whichever side still holds their staff row.

        Read before this merge deletes anything: here, a person erased only in the
        file still has their row; there, a person erased only here still has theirs.
        """
        erased = json.dumps(sorted(self.erased))
        here = self.store.rows("SELECT name FROM staff WHERE id IN (SELECT value FROM json_each(?))", [erased])
        return frozenset([r["name"] for r in here] + [r["name"] for r in self.rows["staff"] if r["id"] in self.erased])

    def owner(self, table: str, row: dict[str, Any]) -> str | None:
        if table == "action_updates":
            return self.staff_of_action.get(row["action_id"])
        if table in ("case_events", "case_transfers"):
            return self.staff_of_case.get(row["case_id"])
        return row.get("staff_id", row.get("id") if table == "staff" else None)

    def kept(self, table: str) -> list[dict[str, Any]]:
        """Incoming rows not about an erased person."""
        if table == "erasures":
            return self.rows[table]
        return [r for r in self.rows[table] if self.owner(table, r) not in self.erased]
