"""Provides the data-protection operations on one person: a subject access export and erasure.

Erasure is the only true deletion in the store. It keeps one audit line (the
person's random id and when), deletes every row about them and replaces their
name where a field holds exactly that name in other people's records (observer,
recorded by, session manager, action owner or creator, staff manager), in one
transaction with ``secure_delete`` on, then VACUUMs and truncates the WAL.

The person's own sign-in accounts (those linked to their staff record) are
disabled and unlinked, and each one's username is replaced in the same way in
every "recorded by" column of other people's records (``store.recorded_by``):
a username is usually made of the person's name (``anna.k``), so it says who
they are as plainly as the observer's name, which erasure already replaces.
The rows about others stay, and say they were written by someone erased
(``ERASED_NAME``), not by the terminal (''). An account linked to no staff
record (an admin's, a trainer's) is nobody the store can erase, and stays.

What it cannot find it cannot remove: the name typed inside free text about
someone else (evidence, session notes, action text, notes on cases and status
changes), or spelt differently in a name field, stays. A later merge or import
blanks the same fields in incoming rows whenever either side still holds the
erased person's staff row, which tells it the name, and the "recorded by"
columns that name an account erased here (``accounts.erased_at``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from observations.exchange.rows import document_row
from observations.privacy.erasure_evidence import erasure_evidence
from observations.store.text_checks import folded_name
from observations.store.ids import now_utc
from observations.store.recorded_by import ACCOUNT_COLUMNS
from observations.vocabulary import ERASED_NAME

if TYPE_CHECKING:
    from observations.store.observation_store import Store

SUBJECT_ACCESS_FORMAT = "supervision-tui-subject-access"
SUBJECT_ACCESS_VERSION = 1

# Child rows first, so foreign keys hold after every statement.
_PERSON_ROWS: tuple[tuple[str, str], ...] = (
    ("case_events", "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE staff_id = :staff)"),
    ("case_transfers", "DELETE FROM case_transfers WHERE case_id IN (SELECT id FROM cases WHERE staff_id = :staff)"),
    ("cases", "DELETE FROM cases WHERE staff_id = :staff"),
    ("action_updates", "DELETE FROM action_updates WHERE action_id IN (SELECT id FROM actions WHERE staff_id = :staff)"),
    ("actions", "DELETE FROM actions WHERE staff_id = :staff"),
    ("observations", "DELETE FROM observations WHERE staff_id = :staff"),
    ("session_items", "DELETE FROM session_items WHERE staff_id = :staff"),
    ("session_records", "DELETE FROM session_records WHERE staff_id = :staff"),
    ("sessions", "DELETE FROM sessions WHERE staff_id = :staff"),
    ("staff", "DELETE FROM staff WHERE id = :staff"),
)

NAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "observations": ("observer", "recorded_by"),
    "sessions": ("manager",),
    "actions": ("owner", "created_by"),
    "staff": ("manager",),
    "session_records": ("manager_name",),
}
"""The fields that hold a person's name in other people's records; erasure blanks them where they equal it."""


FREE_TEXT: tuple[tuple[str, str, str], ...] = (
    ("observations", "evidence", "staff_id != :staff"),
    ("observations", "reason", "staff_id != :staff"),
    ("sessions", "notes", "staff_id != :staff"),
    ("actions", "text", "staff_id != :staff"),
    ("action_updates", "note", "action_id NOT IN (SELECT id FROM actions WHERE staff_id = :staff)"),
    ("case_events", "note", "case_id NOT IN (SELECT id FROM cases WHERE staff_id = :staff)"),
    ("session_items", "note", "staff_id != :staff"),
    ("session_records", "body", "staff_id != :staff"),
    ("case_transfers", "note", "case_id NOT IN (SELECT id FROM cases WHERE staff_id = :staff)"),
)
"""Free text in other people's records (table, column, how to leave out the person's own rows): where a subject
access export looks for the person's name typed in passing, which an erasure cannot find and blank."""


def _blank_name_sql(table: str, columns: tuple[str, ...]) -> str:
    person = "id" if table == "staff" else "staff_id"
    blanked = [f"{c} = CASE WHEN {c} = :name THEN :erased ELSE {c} END" for c in columns]
    if table == "staff":
        blanked.append("updated_at = :now")  # so a merge carries the blanked manager to other copies
    return f"UPDATE {table} SET {', '.join(blanked)} WHERE {person} != :staff AND ({' OR '.join(f'{c} = :name' for c in columns)})"


_BLANK_NAMES: tuple[str, ...] = (
    *(_blank_name_sql(table, columns) for table, columns in NAME_COLUMNS.items()),
    # an agreed record keeps what it showed as JSON: a string value that is exactly the name is blanked there too
    "UPDATE session_records SET body = replace(body, json_quote(:name), json_quote(:erased)) "
    "WHERE staff_id != :staff AND kind = 'agreed' AND instr(body, json_quote(:name)) > 0",
)


def _blank_accounts_sql(table: str, columns: tuple[str, ...]) -> str:
    """Every row's account column naming one of ``:accounts`` (a JSON list) becomes ERASED_NAME; the person's own
    rows too, a moment before they are deleted (some tables do not say whose record a row is)."""
    listed = "(SELECT value FROM json_each(:accounts))"
    blanked = [f"{c} = CASE WHEN {c} IN {listed} THEN :erased ELSE {c} END" for c in columns]
    if table == "staff":
        blanked.append("updated_at = :now")
    return f"UPDATE {table} SET {', '.join(blanked)} WHERE {' OR '.join(f'{c} IN {listed}' for c in columns)}"


_BLANK_ACCOUNTS: tuple[str, ...] = tuple(_blank_accounts_sql(table, columns) for table, columns in ACCOUNT_COLUMNS.items())


def without_erased_names(table: str, rows: list[dict[str, Any]], names: Collection[str]) -> list[dict[str, Any]]:
    """Incoming rows with every name field that holds an erased person's name blanked, as the erasure did here."""
    columns = NAME_COLUMNS.get(table, ())
    if not names or not columns:
        return rows
    blanked = [{**row, **{c: ERASED_NAME for c in columns if row[c] in names}} for row in rows]
    if table == "session_records":
        blanked = [{**row, "body": _without_names_in_json(row["body"], names)} if row["kind"] == "agreed" else row for row in blanked]
    return blanked


def erased_accounts(store: Store) -> frozenset[str]:
    """The usernames of the accounts whose person was erased here (``accounts.erased_at``, schema step m013)."""
    return frozenset(row["username"] for row in store.rows("SELECT username FROM accounts WHERE erased_at IS NOT NULL"))


def without_erased_accounts(table: str, rows: list[dict[str, Any]], accounts: Collection[str]) -> list[dict[str, Any]]:
    """Incoming rows with every "recorded by" column naming an erased person's account replaced, as the erasure did
    here (a copy made before the erasure still names it)."""
    columns = ACCOUNT_COLUMNS.get(table, ())
    if not accounts or not columns:
        return rows
    return [{**row, **{c: ERASED_NAME for c in columns if row.get(c) in accounts}} for row in rows]


def _without_names_in_json(body: str, names: Collection[str]) -> str:
    """An agreed record's JSON body with every string value that is exactly an erased name blanked (as the SQL does)."""
    for name in names:
        body = body.replace(json.dumps(name, ensure_ascii=False), json.dumps(ERASED_NAME, ensure_ascii=False))
    return body


def subject_access(store: Store, staff_id: str) -> dict[str, Any]:
    """Everything the database holds about one person, for a subject access request."""
    store.scope.check_admin("export a person's whole record")
    member = store.staff(staff_id)
    params = {"staff": member.id, "name": member.name}
    rows = store.rows
    actions = rows("SELECT * FROM current_actions WHERE staff_id = :staff ORDER BY created_at, id", params)
    updates = rows(
        "SELECT u.* FROM action_updates u JOIN actions a ON a.id = u.action_id "
        "WHERE a.staff_id = :staff ORDER BY u.recorded_at, u.id",
        params,
    )
    cases = rows("SELECT * FROM cases WHERE staff_id = :staff ORDER BY referred_on, ref", params)
    events = rows(
        "SELECT e.* FROM case_events e JOIN cases c ON c.id = e.case_id "
        "WHERE c.staff_id = :staff ORDER BY e.on_date, e.recorded_at, e.id",
        params,
    )
    transfers = rows(
        "SELECT t.* FROM case_transfers t WHERE :staff IN (t.from_staff_id, t.to_staff_id) "
        "OR t.case_id IN (SELECT id FROM cases WHERE staff_id = :staff) ORDER BY t.on_date, t.recorded_at, t.id",
        params,
    )
    return {
        "format": SUBJECT_ACCESS_FORMAT,
        "version": SUBJECT_ACCESS_VERSION,
        "exported_at": now_utc(),
        "staff": member.to_dict(),
        "observations": [
            document_row(r)
            for r in rows("SELECT * FROM observations WHERE staff_id = :staff ORDER BY observed_on, observation_id, revision", params)
        ],
        "sessions": rows("SELECT * FROM sessions WHERE staff_id = :staff ORDER BY held_on, id", params),
        "actions": [
            {**document_row(a), "updates": [u for u in updates if u["action_id"] == a["id"]]} for a in actions
        ],
        "session_items": rows("SELECT * FROM session_items WHERE staff_id = :staff ORDER BY recorded_at, id", params),
        "session_records": rows("SELECT * FROM session_records WHERE staff_id = :staff ORDER BY recorded_at, id", params),
        "cases": [
            {**document_row(c), "events": [e for e in events if e["case_id"] == c["id"]],
             "transfers": [t for t in transfers if t["case_id"] == c["id"]]}
            for c in cases
        ],
        "case_transfers": [t for t in transfers if t["case_id"] not in {c["id"] for c in cases}],
        "accounts": [
            {k: v for k, v in row.items() if k != "password_hash"}
            for row in rows(
                "SELECT a.*, f.failed_at AS failed_sign_ins, f.locked_until AS locked_until FROM accounts a "
                "LEFT JOIN sign_in_failures f ON f.username = a.username WHERE a.staff_id = :staff ORDER BY a.username",
                params,
            )
        ],
        "recorded_by_their_accounts": _recorded_by_accounts(store, params),
        "named_in": _named_in(store, params),
        "mentioned_in": _mentioned_in(store, params),
    }


def _named_in(store: Store, params: dict[str, str]) -> list[dict[str, str]]:
    """Other people's records with a name field holding this person's name, compared as ``find_staff`` compares
    names (``folded_name``: letter case, accents and spacing aside): each record and field, from the same list of
    fields an erasure blanks (``NAME_COLUMNS``)."""
    _register_folding(store)
    selects = [
        f"SELECT '{table}' AS record, id, '{column}' AS field FROM {table} "
        f"WHERE {'id' if table == 'staff' else 'staff_id'} != :staff AND ({column} = :name OR (folded_name(:name) != '' AND folded_name({column}) = folded_name(:name)))"
        for table, columns in NAME_COLUMNS.items()  # table and column names from that constant only
        for column in columns
    ]
    return store.rows(" UNION ALL ".join(selects) + " ORDER BY 1, 2, 3", params)


def _recorded_by_accounts(store: Store, params: dict[str, str]) -> list[dict[str, str]]:
    """Every record (theirs or someone else's) whose account column names one of this person's own accounts:
    each record and field (``store.recorded_by.ACCOUNT_COLUMNS``), as an erasure would blank them."""
    accounts = "(SELECT username FROM accounts WHERE staff_id = :staff)"
    selects = [
        f"SELECT '{table}' AS record, id, '{column}' AS field FROM {table} WHERE {column} IN {accounts}"
        for table, columns in ACCOUNT_COLUMNS.items()  # table and column names from that constant only
        for column in columns
    ]
    return store.rows(" UNION ALL ".join(selects) + " ORDER BY 1, 2, 3", params)


def _mentioned_in(store: Store, params: dict[str, str]) -> list[dict[str, str]]:
    """Other people's records whose free text contains this person's name, folded the same way: possible
    mentions for whoever answers the request to read, since a name typed in passing is still their data and an
    erasure leaves it (each record and field, not the text: it is about someone else)."""
    _register_folding(store)
    selects = [
        f"SELECT '{table}' AS record, id, '{column}' AS field FROM {table} "
        f"WHERE {own} AND folded_name(:name) != '' AND instr(folded_name({column}), folded_name(:name)) > 0"
        for table, column, own in FREE_TEXT  # table and column names from that constant only
    ]
    return store.rows(" UNION ALL ".join(selects) + " ORDER BY 1, 2, 3", params)


def _register_folding(store: Store) -> None:
    store.conn.create_function("folded_name", 1, lambda text: folded_name(text or ""), deterministic=True)


def delete_person_rows(store: Store, staff_id: str) -> dict[str, int]:
    """Record the erasure, blank the person's name in others' records, delete every row about them.

    The caller holds the write transaction.
    """
    if not store.conn.in_transaction:
        raise RuntimeError("delete_person_rows must run inside store.write()")
    conn = store.conn
    named = conn.execute("SELECT name, created_at FROM staff WHERE id = ?", [staff_id]).fetchone()
    evidence = erasure_evidence(staff_id, named[1]) if named is not None else None
    conn.execute(
        "INSERT OR IGNORE INTO erasures (staff_id, erased_at, evidence) VALUES (?, ?, ?)", [staff_id, now_utc(), evidence]
    )
    counts: dict[str, int] = {"names_removed": 0}
    if named is not None:
        params = {"staff": staff_id, "name": named[0], "erased": ERASED_NAME, "now": now_utc()}
        for sql in _BLANK_NAMES:
            counts["names_removed"] += conn.execute(sql, params).rowcount
    accounts = [row[0] for row in conn.execute("SELECT username FROM accounts WHERE staff_id = ?", [staff_id])]
    if accounts:
        params = {"accounts": json.dumps(accounts), "erased": ERASED_NAME, "now": now_utc()}
        for sql in _BLANK_ACCOUNTS:
            counts["names_removed"] += conn.execute(sql, params).rowcount
        conn.execute("DELETE FROM sign_in_failures WHERE username IN (SELECT value FROM json_each(?))", [json.dumps(accounts)])
    counts["accounts_disabled"] = conn.execute(_UNLINK_ACCOUNTS, {"staff": staff_id, "now": now_utc()}).rowcount
    for table, sql in _PERSON_ROWS:
        counts[table] = conn.execute(sql, {"staff": staff_id}).rowcount
    return counts


_UNLINK_ACCOUNTS = (
    "UPDATE accounts SET staff_id = NULL, status = 'disabled', disabled_at = COALESCE(disabled_at, :now), "
    "erased_at = COALESCE(erased_at, :now), updated_at = :now WHERE staff_id = :staff"
)
"""The person's own sign-in account loses its link to them and can no longer sign in. Its row stays, disabled and
marked erased, so its username is never given to someone else, and rows that other copies of the file made before
the erasure, which still name it as who wrote them, arrive by merge or import as ERASED_NAME."""


UNSCRUBBED_WAL = "another program has the database open, so old copies may stay in the write-ahead log until it closes"


def scrub(store: Store) -> str:
    """VACUUM and truncate the WAL so deleted content is gone from the files.

    Runs after the erasure has committed, so a failure here (a full disk, a
    busy file) must not surface as an error saying nothing was saved: returns
    "" when the files are clean, else one line saying what is left undone.
    ``secure_delete`` has already overwritten the deleted rows either way.
    """
    conn = store.conn
    if conn.in_transaction:
        raise RuntimeError("scrub must run after the erasure has committed")
    conn.execute("PRAGMA secure_delete = ON")
    left: list[str] = []
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError as error:
        left.append(f"the file could not be vacuumed ({error}): the deleted records were overwritten, but the file was not compacted")
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as error:
        left.append(f"the write-ahead log could not be emptied ({error}), so old copies may stay in the files until the database is next opened")
    else:
        if busy:
            left.append(UNSCRUBBED_WAL)
    return "; ".join(left)


def erase_staff(store: Store, staff_id: str) -> dict[str, Any]:
    """Erase one person for good: one audit line stays; returns what was deleted."""
    store.scope.check_admin("erase a person")
    with store.write():
        member = store.staff(staff_id)
        counts = delete_person_rows(store, member.id)
    unscrubbed = scrub(store)
    return {
        "staff_id": member.id, "ref": member.ref, "deleted": counts,
        "files_scrubbed": not unscrubbed, "scrub_warning": unscrubbed,
    }
