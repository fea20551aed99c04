"""Provides whole-database exchange: export to JSON, import from it, and merge another database file.

Import and merge share one path: every incoming row is checked (fields, then
references, frameworks and ratings) before the first write, then what this
database lacks is added in one transaction. Rows are matched by their global
id, so running either twice changes nothing, and nobody erased on either side
is ever brought back: their rows are skipped, their name is blanked in
incoming name fields (observer, manager, owner) whenever either side still
holds their staff row to say what the name was, and the name of their own
account, erased here, in incoming "recorded by" columns.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from observations.caseload.transfers import hand_over_transferred_cases
from observations.errors import InputError
from observations.exchange.plan import MergePlan
from observations.exchange.references import check_references
from observations.exchange.rows import (
    COLUMNS,
    CLOCK_SLACK,
    OPTIONAL_COLUMNS,
    PRIMARY_KEY,
    TABLES,
    check_rows,
    document_row,
)
from observations.exchange.revision_chains import check_revision_chains
from observations.privacy.erasure import (
    delete_person_rows,
    erased_accounts,
    scrub,
    without_erased_accounts,
    without_erased_names,
)
from observations.privacy.erasure_evidence import sort_incoming_erasures
from observations.store.database import open_readonly
from observations.store.ids import now_utc
from observations.store.schema_steps import MIGRATION_NAMES

if TYPE_CHECKING:
    from observations.store.observation_store import Store

EXPORT_FORMAT = "supervision-tui-export"
EXPORT_VERSION = 1
STAFF_MUTABLE = (
    "name", "team", "role", "started_on", "manager", "status", "left_on", "supervision_interval_weeks", "updated_at", "updated_by",
)


@dataclass
class MergeReport:
    """What an import or merge did, table by table."""

    added: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLES})
    updated: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLES})
    skipped_erased: int = 0
    erased_here: int = 0
    erasing: list[tuple[str, str]] = field(default_factory=list)
    """(ref, name) of the people held here whom the file's erasures deleted (or, in a dry run, would delete)."""
    ignored_erasures: list[tuple[str, str]] = field(default_factory=list)
    """(ref, name) of people held here whose erasure the file could not show it knew: not applied."""
    scrub_warning: str = ""
    """Why the files may still hold erased people's old rows (see ``erasure.scrub``); "" when they do not."""

    @property
    def files_scrubbed(self) -> bool:
        return not self.scrub_warning

    @property
    def changed(self) -> bool:
        return any(self.added.values()) or any(self.updated.values()) or self.erased_here > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "skipped_erased": self.skipped_erased,
            "erased_here": self.erased_here,
            "erasing": [list(p) for p in self.erasing],
            "ignored_erasures": [list(p) for p in self.ignored_erasures],
            "files_scrubbed": self.files_scrubbed,
            "scrub_warning": self.scrub_warning,
        }


# -- export --------------------------------------------------------------------


def _table_rows(conn, table: str) -> list[dict[str, Any]]:
    order = "staff_id" if table == "erasures" else "rowid"
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {order}")  # table names come from COLUMNS only
    names = [d[0] for d in cursor.description]
    return [document_row(dict(zip(names, values))) for values in cursor]


def export_document(store: Store) -> dict[str, Any]:
    """The whole database as one JSON-ready document (read in one snapshot)."""
    store.scope.check_admin("export the whole database")
    conn = store.conn
    conn.execute("BEGIN")  # one read snapshot, so the tables agree with each other
    try:
        tables = {table: _table_rows(conn, table) for table in TABLES}
        schema = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.execute("COMMIT")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now_utc(),
        "schema": schema,
        "frameworks": [
            {"id": f, "version": v} for f, v in sorted({(r["framework"], r["framework_version"]) for r in tables["observations"]})
        ],
        "tables": tables,
    }


# -- reading -------------------------------------------------------------------


def read_document(path: Path | str) -> dict[str, Any]:
    """Parse an export file; a clear one-line error for anything that is not one."""
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not an export file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not a UTF-8 text file; give a file written by 'supervision-tui export'") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except ValueError:  # json raises this, not JSONDecodeError, for a number longer than sys.get_int_max_str_digits()
        raise InputError(f"{path} is not an export file: it holds a number thousands of digits long") from None
    except RecursionError:
        raise InputError(f"{path} is not an export file: its JSON is nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise InputError(f"{path} is not a supervision-tui export (its 'format' field must be {EXPORT_FORMAT!r})")
    version = document.get("version")
    if version != EXPORT_VERSION:
        raise InputError(
            f"{path} is export format version {version!r}; this supervision-tui reads version {EXPORT_VERSION}"
            + ("; upgrade supervision-tui" if isinstance(version, int) and version > EXPORT_VERSION else "")
        )
    if not isinstance(document.get("tables"), dict):
        raise InputError(f"{path}: field 'tables' is missing or is not an object")
    unknown = sorted(set(document["tables"]) - set(TABLES))
    if unknown:
        raise InputError(f"{path}: unknown table {unknown[0]!r} (tables: {', '.join(TABLES)})")
    _check_schema_list(document.get("schema", []), path)
    return document


def _check_schema_list(schema: Any, path: Path) -> None:
    """The same rule ``merge`` applies to a database file: a step this version does not know means the file
    was written by a newer version, whose rows may mean something this one cannot read."""
    if not isinstance(schema, list) or not all(isinstance(step, str) for step in schema):
        raise InputError(f"{path}: field 'schema' must be a list of schema step names")
    newer = [step for step in schema if step not in MIGRATION_NAMES]
    if newer:
        raise InputError(
            f"{path} was written by a newer version of supervision-tui (schema step {newer[-1][:60]!a}); "
            "upgrade supervision-tui to import it. Nothing was written."
        )


def import_file(store: Store, path: Path | str, *, erase: bool = False, dry_run: bool = False) -> MergeReport:
    """Add everything in an export file that this database lacks; all or nothing."""
    store.scope.check_admin("import into the database")
    document = read_document(path)
    tables = {table: document["tables"].get(table, []) for table in TABLES}
    return apply_rows(store, tables, where=Path(path).name, erase=erase, dry_run=dry_run)


def merge_database(store: Store, other_path: Path | str, *, erase: bool = False, dry_run: bool = False) -> MergeReport:
    """Add what another supervision-tui database has and this one lacks; OTHER is only read."""
    store.scope.check_admin("merge databases")
    other = Path(other_path).expanduser()
    if store.path is not None and other.exists() and store.path.exists() and os.path.samefile(other, store.path):
        raise InputError(f"{other} is this database; give another manager's database file")
    conn = open_readonly(other)
    try:
        conn.execute("BEGIN")
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        tables = {table: _table_rows(conn, table) if table in present else [] for table in TABLES}  # an older file lacks later tables
        conn.execute("COMMIT")
    finally:
        conn.close()
    return apply_rows(store, tables, where=other.name, erase=erase, dry_run=dry_run)


# -- checking and applying -------------------------------------------------------


def _check_unique(table: str, rows: list[dict[str, Any]], where: str) -> None:
    seen: set[str] = set()
    key = PRIMARY_KEY[table]
    for index, row in enumerate(rows):
        if row[key] in seen:
            raise InputError(f"{where}: {table}[{index}]: {key} {row[key]!r} appears twice")
        seen.add(row[key])


class _DryRunDone(Exception):
    """Raised inside the write transaction of a dry run, so everything it did is rolled back."""


def apply_rows(
    store: Store, incoming: dict[str, Any], *, where: str, erase: bool = False, dry_run: bool = False
) -> MergeReport:
    """Check all incoming rows, then add what is missing in one transaction.

    Erasures the file can show it knew (``privacy.erasure_evidence``) of people
    held here delete them only with ``erase``; without it the whole file is
    refused, naming them. ``dry_run`` does everything, reports it, and rolls back.
    """
    extra = _extra_columns(store)
    rows = {t: check_rows(t, incoming.get(t, []), where=where, extra_columns=extra[t]) for t in TABLES}
    for table in TABLES:
        _check_unique(table, rows[table], where)
    report = MergeReport()
    try:
        with store.write():  # what this database holds is read, checked and added to in one transaction
            _apply_checked(store, rows, where, report, erase=erase or dry_run)
            if dry_run:
                raise _DryRunDone
    except _DryRunDone:
        return report
    if report.erased_here:
        report.scrub_warning = scrub(store)
    return report


def _apply_checked(store: Store, rows: dict[str, list[dict[str, Any]]], where: str, report: MergeReport, *, erase: bool) -> None:
    local_staff = {r["id"]: r for r in store.rows("SELECT id, ref, name, created_at FROM staff")}
    already = {r["staff_id"] for r in store.rows("SELECT staff_id FROM erasures")}
    erasures = sort_incoming_erasures(rows["erasures"], local_staff, already)
    if erasures.deleting and not erase:
        raise InputError(
            f"{where} would erase {len(erasures.deleting)} {'person' if len(erasures.deleting) == 1 else 'people'} held here "
            f"({_people(erasures.deleting)}), which cannot be undone; nothing was written: add --yes to erase them, "
            "or --dry-run to see everything it would change"
        )
    report.erasing = [(e["ref"], e["name"]) for e in erasures.deleting]
    report.ignored_erasures = [(e["ref"], e["name"]) for e in erasures.ignored]
    rows = {**rows, "erasures": erasures.applied}
    plan = MergePlan(store, rows, where)
    check_references(plan)
    check_revision_chains(store, rows["observations"], where)
    report.skipped_erased = sum(len(rows[t]) - len(plan.kept(t)) for t in TABLES if t != "erasures")
    conn = store.conn
    conn.execute("PRAGMA defer_foreign_keys = ON")  # checked at COMMIT, whatever the row order
    for erasure in erasures.applied:
        deleted = delete_person_rows(store, erasure["staff_id"])
        conn.execute(
            "UPDATE erasures SET erased_at = ?, evidence = coalesce(evidence, ?) WHERE staff_id = ?",
            [erasure["erased_at"], erasure.get("evidence"), erasure["staff_id"]],
        )
        report.erased_here += 1 if any(deleted.values()) else 0
        report.added["erasures"] += 1
    accounts = erased_accounts(store)  # read after the file's erasures are applied: theirs are erased here now
    _apply_staff(store, plan, report, accounts)
    for table in TABLES:
        if table in ("staff", "erasures"):
            continue
        fresh = [r for r in plan.kept(table) if r[PRIMARY_KEY[table]] not in plan.local_ids[table]]
        if table == "cases":
            fresh = [r for r in fresh if r["id"] not in plan.case_alias]
        if table == "case_events":
            fresh = [{**r, "case_id": plan.case_alias.get(r["case_id"], r["case_id"])} for r in fresh]
        if table == "observations":
            fresh.sort(key=lambda r: (r["revision"], r["recorded_at"]))
        _insert_many(conn, table, _without_erased(table, fresh, plan, accounts))
        report.added[table] += len(fresh)
        if table == "case_transfers" and fresh:
            hand_over_transferred_cases(conn, {r["case_id"] for r in fresh})


def _people(erasures: list[dict[str, Any]]) -> str:
    shown = ", ".join(f"{e['name']} (ref {e['ref']})" for e in erasures[:5])
    return shown + (f" and {len(erasures) - 5} more" if len(erasures) > 5 else "")


def _without_erased(table: str, rows: list[dict[str, Any]], plan: MergePlan, accounts: frozenset[str]) -> list[dict[str, Any]]:
    """Incoming rows as an erasure here would have left them: erased people's names and their accounts' names blanked."""
    return without_erased_accounts(table, without_erased_names(table, rows, plan.erased_names), accounts)


def _apply_staff(store: Store, plan: MergePlan, report: MergeReport, accounts: frozenset[str]) -> None:
    """New people are added; for people both sides know, the newer ``updated_at`` wins.

    An incoming ``updated_at`` later than a day from now (a wrong clock, or a hand-edited file) is clamped to
    now, not refused: the rows are real, and a copy whose clock ran fast would otherwise never merge, since its
    history cannot be rewritten. Clamped, it wins this merge if it is newer than ours, but any edit made here
    afterwards is newer still and wins the next; stored unclamped, it would win every later merge.
    """
    conn = store.conn
    local = {r["id"]: r for r in store.rows("SELECT * FROM staff")}
    fresh = []
    now = datetime.now(timezone.utc)
    latest_plausible = (now + CLOCK_SLACK).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    for row in _without_erased("staff", plan.kept("staff"), plan, accounts):
        if row["updated_at"] > latest_plausible:
            row = {**row, "updated_at": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
        mine = local.get(row["id"])
        if mine is None:
            fresh.append(row)
        elif row["updated_at"] > mine["updated_at"] and any(row[k] != mine[k] for k in STAFF_MUTABLE if k in row):
            mutable = [k for k in STAFF_MUTABLE if k in row]  # a file from before a column was added leaves it as it is here
            assignments = ", ".join(f"{k} = :{k}" for k in mutable)
            conn.execute(f"UPDATE staff SET {assignments} WHERE id = :id", {k: row[k] for k in (*mutable, "id")})
            report.updated["staff"] += 1
    _insert_many(conn, "staff", fresh)
    report.added["staff"] += len(fresh)


def _insert_many(conn, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """executemany per distinct set of columns (rows from files may carry different extra columns)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for columns, group in groups.items():
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        conn.executemany(sql, ([row[c] for c in columns] for row in group))


def _extra_columns(store: Store) -> dict[str, frozenset[str]]:
    """Columns later schema steps added to each table, which pass through unchecked."""
    extra = {}
    for table in TABLES:
        names = {r["name"] for r in store.rows(f"SELECT name FROM pragma_table_info('{table}')")}
        extra[table] = frozenset(names - set(COLUMNS[table]) - set(OPTIONAL_COLUMNS.get(table, ())))
    return extra
