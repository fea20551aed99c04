"""Provides which columns name the account that wrote each row, and schema step m010's SQL that adds the missing ones.

Under ``serve`` many people write to one file, so every row says which signed-in
account wrote it: ``Scope.account``, or '' for the terminal and the command line
(the file's owner). Observations (``recorded_by``) and actions (``created_by``)
had such a column from the start, holding the name typed at the terminal; m010
adds one to every other table the app writes. A staff row changes in place, so
it has two: who added the person and who last changed them (``updated_by``
travels with ``updated_at``, whose newer value wins a merge).

The append-only triggers of those tables are rebuilt so that, as with names,
erasing a person may replace their account's name with ``ERASED_NAME`` in rows
about others and nothing else may change (see ``privacy.erasure``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from observations.vocabulary import ERASED_NAME

if TYPE_CHECKING:
    from sqlite_utils import Database

ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "staff": ("created_by", "updated_by"),
    "sessions": ("created_by",),
    "observations": ("recorded_by",),
    "actions": ("created_by",),
    "action_updates": ("recorded_by",),
    "cases": ("created_by",),
    "case_events": ("recorded_by",),
    "session_items": ("recorded_by",),
    "session_records": ("recorded_by",),
    "case_transfers": ("recorded_by",),
}
"""Every table a person's record is written to, and its column(s) naming the account that wrote the row."""

ADDED_BY_M010: dict[str, tuple[str, ...]] = {
    table: columns for table, columns in ACCOUNT_COLUMNS.items() if table not in ("observations", "actions")
}
"""The columns schema step m010 added (observations and actions had theirs from m001)."""

_REFUSALS = {
    "sessions": "sessions are never changed, except by erasing a person named in them",
    "action_updates": "action history is append-only",
    "cases": "a case is never changed: log an event, a level change or a transfer instead",
    "case_events": "case events are append-only",
    "session_items": "session items are append-only: tick the item again to change its note",
    "session_records": "an agreed supervision record is never changed: add a correction instead",
    "case_transfers": "case transfers are append-only",
}
"""Each append-only table's refusal, as the step that made its trigger worded it."""

_NAME_COLUMNS = {"sessions": ("manager",), "session_records": ("manager_name",)}
"""Names an erasure already blanked in these tables (m004, m008), besides the account column."""

_ALSO_ALLOWED = {
    "cases": "(NEW.staff_id IS OLD.staff_id OR NEW.staff_id IS (SELECT to_staff_id FROM case_transfers WHERE case_id = OLD.id "
    "ORDER BY on_date DESC, recorded_at DESC, id DESC LIMIT 1))",
    "session_records": "(NEW.body IS OLD.body OR (OLD.kind = 'agreed' AND instr(NEW.body, json_quote('{erased}')) > 0))",
}
"""What else may change: a case's PA, to the newest transfer's (m006); an agreed body, by an erasure (m008)."""


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _append_only_trigger(db: Database, table: str) -> str:
    """The table's update trigger: every column stays, except that a name or account may become ERASED_NAME."""
    columns = [row[0] for row in db.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()]
    blankable = (*_NAME_COLUMNS.get(table, ()), *ACCOUNT_COLUMNS[table])
    special = {"cases": ("staff_id",), "session_records": ("body",)}.get(table, ())
    erased = _quoted(ERASED_NAME)
    conditions = [f"NEW.{c} IS OLD.{c}" for c in columns if c not in blankable and c not in special]
    conditions += [f"NEW.{c} IN (OLD.{c}, '{erased}')" for c in blankable]
    if table in _ALSO_ALLOWED:
        conditions.append(_ALSO_ALLOWED[table].replace("{erased}", erased))
    return f"""
        DROP TRIGGER {table}_append_only;
        CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table}
        WHEN NOT ({" AND ".join(conditions)})
        BEGIN SELECT RAISE(ABORT, '{_quoted(_REFUSALS[table])}'); END;
    """


def add_account_columns(db: Database) -> None:
    """Schema step m010: the account columns (existing rows get '', the terminal), the rebuilt append-only
    triggers, and the failed sign-ins table (see ``accounts.failed_sign_ins``)."""
    added = "".join(
        f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT '';\n"
        for table, columns in ADDED_BY_M010.items()
        for column in columns
    )
    db.executescript(added)
    db.executescript("".join(_append_only_trigger(db, table) for table in _REFUSALS))
    db.executescript(
        """
        CREATE TABLE sign_in_failures (
            username TEXT PRIMARY KEY REFERENCES accounts (username),
            failed_at TEXT NOT NULL DEFAULT '[]',
            locked_until REAL NOT NULL DEFAULT 0
        );
        """
    )
