"""Provides the field-by-field check of rows arriving from an export file or another database.

Each table's columns are declared once, here. A bad row is reported as one line
naming the table, the row, the field and what is allowed, before anything is
written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from observations import dates
from observations.dates import ISO_DATE
from observations.errors import InputError
from observations.lists import list_problem
from observations.store.recorded_by import ADDED_BY_M010
from observations.store.text_checks import holds_control_character
from observations.vocabulary import ACTION_STATUSES, AGENDA_KINDS, SOURCES

MAX_TEXT = 50_000
MAX_RECORD = 2_000_000
"""An agreed supervision record holds its whole agenda as JSON."""
MAX_SHORT = 5_000
MAX_ID = 100
MAX_REVISION = 1_000_000
CLOCK_SLACK = timedelta(days=1)
"""A date of something that has happened may be one day ahead of our today: the other manager's time zone."""
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")

Check = Callable[[Any], Any]
"""Returns the value to store, or raises ValueError with what is allowed."""


class _Bad(ValueError):
    pass


def _text(limit: int, *, required: bool = False, nullable: bool = False) -> Check:
    def check(value: Any) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise _Bad(f"must be text, not {_kind(value)}")
        if required and not value.strip():
            raise _Bad("must not be empty")
        if len(value) > limit:
            raise _Bad(f"is {len(value):,} characters; the limit is {limit:,}")
        if "\x00" in value:
            raise _Bad("contains a NUL character")
        _encodable(value)
        return value

    return check


def _name(limit: int, *, required: bool = False) -> Check:
    """A name or label (a person, team, role, manager, observer, case ref): one line of text without control
    characters, as the commands that type one in require, so an escape sequence cannot reach a terminal
    through a file."""
    text = _text(limit, required=required)

    def check(value: Any) -> Any:
        value = text(value)
        if holds_control_character(value):
            raise _Bad(f"{_show(value)} contains a line break or control character; a name must be one line of text")
        return value

    return check


def _lines(limit: int, *, required: bool = False) -> Check:
    """Free text the commands check as lines (notes, an action's text, a reason): line breaks and tabs allowed,
    no other control character, as when typed in. (Evidence alone is kept exactly as typed, and shown visibly.)"""
    text = _text(limit, required=required)

    def check(value: Any) -> Any:
        value = text(value)
        if value is not None and holds_control_character(value, multiline=True):
            raise _Bad(f"{_show(value)} contains a control character other than a line break or tab")
        return value

    return check


def _encodable(value: str) -> None:
    """JSON may escape a lone surrogate ("\\udcff"); it is not text and SQLite cannot store it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _Bad(f"holds an escaped lone surrogate ({value[error.start]!a}), which is not text") from None


def _identifier(*, nullable: bool = False) -> Check:
    def check(value: Any) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip():
            raise _Bad(f"must be an id (text), not {_kind(value)}")
        if len(value) > MAX_ID or any(ch.isspace() or ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise _Bad(f"{value[:40]!a} is not an id")
        return value

    return check


def _date(*, nullable: bool = False, happened: bool = False) -> Check:
    """A YYYY-MM-DD date; ``happened`` dates (observed, held, closed, left, referred, case events) cannot be in the future,
    just as the commands that record them refuse a future date."""

    def check(value: Any) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not ISO_DATE.match(value):
            raise _Bad(f"{_show(value)} is not a date in the form YYYY-MM-DD")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise _Bad(f"{value!r} is not a real date") from None
        problem = dates.implausible(day, happened=happened, slack=CLOCK_SLACK)
        if problem:
            raise _Bad(problem)
        return value

    return check


def _timestamp(value: Any) -> Any:
    if not isinstance(value, str) or not TIMESTAMP.match(value):
        raise _Bad(f"{_show(value)} is not a timestamp like 2025-03-01T09:30:00Z")
    return value


def _choice(options: tuple[str, ...]) -> Check:
    def check(value: Any) -> Any:
        if value not in options:
            raise _Bad(f"{_show(value)} is not allowed (allowed: {', '.join(options)})")
        return value

    return check


def _flag(value: Any) -> Any:
    if value in (True, False, 0, 1) and not isinstance(value, float):
        return 1 if value else 0
    raise _Bad(f"{_show(value)} is not true or false")


def _positive_int(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REVISION:
        raise _Bad(f"{_show(value)[:40]} is not a whole number from 1 to {MAX_REVISION:,}")
    return value


def _json_list(item_kind: type) -> Check:
    """A list column (stored as JSON text); accepts a list, or the JSON text itself."""

    def check(value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise _Bad(f"{_show(value)} is not a list") from None
        if not isinstance(value, list) or not all(isinstance(v, item_kind) and not isinstance(v, bool) for v in value):
            raise _Bad(f"{_show(value)} is not a list of {'numbers' if item_kind is int else 'text'}")
        problem = list_problem(value) if item_kind is int else None
        if problem:
            raise _Bad(f"is not a well-formed list: {problem}")
        return json.dumps(value)

    return check


_ID, _SHORT, _NAME = _identifier(), _lines(MAX_SHORT), _name(MAX_SHORT)

COLUMNS: dict[str, dict[str, Check]] = {
    "staff": {
        "id": _ID, "ref": _name(32, required=True), "name": _name(200, required=True), "team": _NAME,
        "role": _NAME, "started_on": _date(nullable=True), "manager": _NAME,
        "status": _choice(("active", "left")), "left_on": _date(nullable=True, happened=True),
        "created_at": _timestamp, "updated_at": _timestamp,
    },
    "sessions": {
        "id": _ID, "staff_id": _ID, "held_on": _date(happened=True), "manager": _NAME, "notes": _lines(MAX_TEXT),
        "created_at": _timestamp,
    },
    "observations": {
        "id": _ID, "observation_id": _ID, "revision": _positive_int, "supersedes": _identifier(nullable=True),
        "staff_id": _ID, "framework": _text(100, required=True), "framework_version": _text(100),
        "standard": _text(100, required=True), "rating": _text(100, required=True), "observed_on": _date(happened=True),
        "source": _choice(SOURCES), "evidence": _text(MAX_TEXT), "examples": _json_list(int),
        "observer": _NAME, "session_id": _identifier(nullable=True), "recorded_at": _timestamp,
        "recorded_by": _NAME, "reason": _SHORT, "retracted": _flag,
    },
    "actions": {
        "id": _ID, "staff_id": _ID, "text": _lines(MAX_SHORT, required=True), "framework": _text(100),
        "standards": _json_list(str), "owner": _NAME, "due_on": _date(nullable=True),
        "session_id": _identifier(nullable=True), "created_at": _timestamp, "created_by": _NAME,
    },
    "action_updates": {
        "id": _ID, "action_id": _ID, "status": _choice(ACTION_STATUSES), "note": _SHORT, "on_date": _date(happened=True),
        "recorded_at": _timestamp,
    },
    "erasures": {"staff_id": _ID, "erased_at": _timestamp},
    "cases": {
        "id": _ID, "ref": _name(100, required=True), "staff_id": _ID, "level": _name(100, required=True),
        "referred_on": _date(happened=True), "in_school": _flag, "created_at": _timestamp,
    },
    "case_events": {
        "id": _ID, "case_id": _ID, "event": _text(100, required=True), "on_date": _date(happened=True),
        "level": _text(100, nullable=True), "note": _lines(MAX_TEXT), "recorded_at": _timestamp,
    },
    "session_items": {
        "id": _ID, "session_id": _ID, "staff_id": _ID, "kind": _choice(AGENDA_KINDS), "subject": _name(200),
        "note": _lines(MAX_TEXT), "recorded_at": _timestamp,
    },
    "session_records": {
        "id": _ID, "session_id": _ID, "staff_id": _ID, "kind": _choice(("agreed", "correction")), "body": _text(MAX_RECORD, required=True),
        "manager_name": _NAME, "staff_name": _NAME, "agreed_on": _date(happened=True), "next_session_on": _date(nullable=True),
        "recorded_at": _timestamp,
    },
    "case_transfers": {
        "id": _ID, "case_id": _ID, "from_staff_id": _ID, "to_staff_id": _ID, "on_date": _date(happened=True),
        "note": _lines(MAX_TEXT), "recorded_at": _timestamp,
    },
}
"""Every table an export carries, in the order rows must be written (parents first)."""

TABLES: tuple[str, ...] = tuple(COLUMNS)


def _interval_weeks(value: Any) -> Any:
    from observations.schedule import MAX_INTERVAL_WEEKS, MIN_INTERVAL_WEEKS

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_INTERVAL_WEEKS <= value <= MAX_INTERVAL_WEEKS:
        raise _Bad(f"{_show(value)[:40]} is not a whole number of weeks from {MIN_INTERVAL_WEEKS} to {MAX_INTERVAL_WEEKS}, or null")
    return value


def _optional_columns() -> dict[str, dict[str, Check]]:
    optional: dict[str, dict[str, Check]] = {
        "staff": {"supervision_interval_weeks": _interval_weeks},
        "cases": {"framework": _text(100, required=True)},  # m011: the framework whose caseload rules a case follows
        "case_events": {"session_id": _identifier(nullable=True)},
    }
    for table, columns in ADDED_BY_M010.items():  # m010: who wrote each row, an account name ('' the terminal)
        optional.setdefault(table, {}).update({column: _name(MAX_SHORT) for column in columns})
    return optional


OPTIONAL_COLUMNS: dict[str, dict[str, Check]] = _optional_columns()
"""Columns later schema steps added, checked when a file has them; a file written before them may leave them out."""
PRIMARY_KEY = {table: ("staff_id" if table == "erasures" else "id") for table in TABLES}
LIST_COLUMNS = ("examples", "standards")
FLAG_COLUMNS = ("retracted", "in_school")


def document_row(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row as exports and subject access show it: list columns as JSON lists, flags as booleans."""
    out = dict(row)
    for key in LIST_COLUMNS:
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key] or "[]")
    for key in FLAG_COLUMNS:
        if out.get(key) is not None:
            out[key] = bool(out[key])
    return out


def check_rows(table: str, rows: Any, *, where: str, extra_columns: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Check every row of one table; returns rows ready to insert.

    ``extra_columns`` are columns this database has beyond the declared ones
    (added by later schema steps); they pass through if their values are plain.
    """
    if not isinstance(rows, list):
        raise InputError(f"{where}: {table!r} must be a list of rows, not {_kind(rows)}")
    columns = COLUMNS[table]
    checked = []
    for index, row in enumerate(rows):
        label = f"{where}: {table}[{index}]"
        if not isinstance(row, dict):
            raise InputError(f"{label} must be an object with fields, not {_kind(row)}")
        if isinstance(row.get(PRIMARY_KEY[table]), str):
            label += f" ({PRIMARY_KEY[table]} {row[PRIMARY_KEY[table]][:36]})"
        out: dict[str, Any] = {}
        for name, check in columns.items():
            if name not in row:
                raise InputError(f"{label}: field {name!r} is missing")
            try:
                out[name] = check(row[name])
            except _Bad as problem:
                raise InputError(f"{label}: field {name!r} {problem}") from None
        for name, check in OPTIONAL_COLUMNS.get(table, {}).items():
            if name in row:
                try:
                    out[name] = check(row[name])
                except _Bad as problem:
                    raise InputError(f"{label}: field {name!r} {problem}") from None
        for name in row.keys() - columns.keys() - OPTIONAL_COLUMNS.get(table, {}).keys():
            if name not in extra_columns:
                raise InputError(f"{label}: unknown field {name!r} (fields: {', '.join(columns)})")
            if not isinstance(row[name], (str, int, float, type(None))):
                raise InputError(f"{label}: field {name!r} must be text, a number or null")
            if isinstance(row[name], str):
                try:
                    _encodable(row[name])
                except _Bad as problem:
                    raise InputError(f"{label}: field {name!r} {problem}") from None
            out[name] = row[name]
        checked.append(out)
    return checked


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value[:40] + ("..." if len(value) > 40 else ""))
    return _kind(value) if value is None or isinstance(value, (list, dict)) else repr(value)
