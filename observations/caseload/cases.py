"""Provides the case store: add a case, log its events, change its level, and load cases with their events.

A case is a reference from the case-management system, a support level and
dated events, never a young person's name. Events are append-only; a level
change is an event (``level-change`` with the new level), so the level at any
past date can be worked out. ``cases.level`` keeps the level at referral.
Loading is set-based: one query for the cases, one for their events and one for their transfers,
however many staff are asked for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..dates import parse_date
from ..errors import InputError, NotFoundError
from ..store.ids import new_id, now_utc
from ..store.text_checks import checked_text
from .rule_sets import DEFAULT_FRAMEWORK, followed_rules
from .rule_settings import DEFAULT_SETTINGS, CaseloadSettings, SettingsByFramework
from .timeline import CLOSED, LEVEL_CHANGE, TRANSFERRED, CaseEvent, CaseFacts, CaseView
from .transfers import TransferRecord, check_holder_in_post

if TYPE_CHECKING:
    from ..store.observation_store import Store

MANAGER_DISCUSSION = "manager-discussion"
PLAN_OF_WORK = "plan-of-work"
MAX_CONTACT_EVERY = 366
MAX_REF = 40
MAX_NOTE = 2000
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.:-]*$")
NAME_LIKE = re.compile(r"[A-Z][a-z]{2,}")
"""A capitalised word ('Smith', 'Zoe') in a ref looks like a name: case-management ids are codes and numbers."""


@dataclass(frozen=True)
class CaseEventRecord:
    id: str
    case_id: str
    event: str
    on_date: str
    level: str | None
    note: str
    recorded_at: str
    session_id: str | None = None
    """The supervision session a manager discussion was held in, if any."""
    contact_every_days: int | None = None
    """How often a plan of work says to contact the young person, if it says."""
    recorded_by: str = ""
    """The signed-in account that logged it ('' for the terminal)."""


@dataclass(frozen=True)
class CaseRecord:
    """A case with its events in the order they happened."""

    id: str
    ref: str
    staff_id: str
    level: str
    """The level at referral; level changes are events."""
    referred_on: str
    in_school: bool
    created_at: str
    events: tuple[CaseEventRecord, ...] = ()
    transfers: tuple[TransferRecord, ...] = ()
    """Earlier PAs to later ones; ``staff_id`` is the PA the newest one names."""
    created_by: str = ""
    """The signed-in account that added the case ('' for the terminal)."""
    framework: str = DEFAULT_FRAMEWORK
    """The framework whose caseload rules the case follows."""

    def facts(self) -> CaseFacts:
        logged = [CaseEvent(e.event, date.fromisoformat(e.on_date), e.level, e.contact_every_days) for e in self.events]
        moved = [CaseEvent(TRANSFERRED, date.fromisoformat(t.on_date)) for t in self.transfers]
        return CaseFacts(
            ref=self.ref, referred_on=date.fromisoformat(self.referred_on), level=self.level, in_school=self.in_school,
            events=tuple(sorted(logged + moved, key=lambda e: e.on)), framework=self.framework,
        )

    def view(self, as_of: date, settings: CaseloadSettings | SettingsByFramework = DEFAULT_SETTINGS) -> CaseView:
        """The case as of a date, under its own framework's settings when given every framework's."""
        if isinstance(settings, SettingsByFramework):
            settings = settings.of(self.framework)
        return CaseView(self.facts(), as_of, settings)

    def to_dict(self) -> dict[str, Any]:
        fields = {
            k: getattr(self, k)
            for k in ("id", "ref", "staff_id", "framework", "level", "referred_on", "in_school", "created_at", "created_by")
        }
        return {**fields, "events": [dict(e.__dict__) for e in self.events], "transfers": [dict(t.__dict__) for t in self.transfers]}


def check_ref(text: str | None) -> str:
    """A case ref as the case-management system gives it: one short code, never a name."""
    ref = (text or "").strip()
    if not ref:
        raise InputError("case ref must not be empty: give the case-management system's id")
    if len(ref) > MAX_REF:
        raise InputError(f"case ref is {len(ref)} characters; the limit is {MAX_REF}")
    if not REF_PATTERN.match(ref) or not any(ch.isdigit() for ch in ref):
        raise InputError(
            f"case ref {ref[:MAX_REF]!r} is not a case-management id: use letters, digits and - _ / . : "
            "with at least one digit, no spaces"
        )
    if NAME_LIKE.search(ref):
        raise InputError(f"case ref {ref!r} looks like it contains a name; use the case-management system's id, never a name")
    return ref


def _event_row(case_id: str, event: str, on: date, level: str | None, note: str | None, by: str) -> dict[str, Any]:
    return {
        "id": new_id(), "case_id": case_id, "event": event, "on_date": on.isoformat(), "level": level,
        "note": checked_text(note, "note", limit=MAX_NOTE, multiline=True), "recorded_at": now_utc(), "recorded_by": by,
    }


def add_case(
    store: Store, staff_id: str, ref: str, *, level: str | None, referred_on: str | date, in_school: bool = False,
    framework: str = DEFAULT_FRAMEWORK,
) -> CaseRecord:
    """A new case on a PA's caseload, following the caseload rules its framework's file names (level None: their
    only level, if they have one); refuses a framework that names none, a ref already used, a future referral and a
    leaver's caseload."""
    ref = check_ref(ref)
    followed = followed_rules(store.library, framework)
    if level is None and len(followed.rules.levels) == 1:
        level = followed.rules.levels[0]
    level = followed.check_level(level)
    followed.check_in_school(in_school)
    referred = parse_date(referred_on, "referral date")
    with store.write():
        member = store.staff(staff_id)
        store.scope.check_manages(member, "add cases for")
        if member.status != "active":
            raise InputError(f"{member.ref} left on {member.left_on}; give the case to someone on the team")
        taken = store.rows("SELECT ref FROM cases WHERE ref = ? COLLATE NOCASE", [ref])
        if taken:
            raise InputError(f"case ref {taken[0]['ref']!r} already exists; each case is added once")
        row = {
            "id": new_id(), "ref": ref, "staff_id": member.id, "level": level, "referred_on": referred.isoformat(),
            "in_school": 1 if in_school else 0, "created_at": now_utc(), "created_by": store.scope.account,
            "framework": framework,
        }
        store.db["cases"].insert(row)
    return find_case(store, ref)


def find_case(store: Store, ref: str) -> CaseRecord:
    """The case with this ref (ignoring case), with its events."""
    text = (ref or "").strip()
    rows = store.rows("SELECT * FROM cases WHERE ref = ? COLLATE NOCASE", [text]) if text else []
    if not rows:
        raise NotFoundError(f"no case with ref {text[:MAX_REF]!r}; 'supervision-tui case list' shows refs")
    store.staff(rows[0]["staff_id"])  # the store's scope may see whose case it is
    events = store.rows("SELECT * FROM case_events WHERE case_id = ? ORDER BY on_date, recorded_at, id", [rows[0]["id"]])
    transfers = store.rows("SELECT * FROM case_transfers WHERE case_id = ? ORDER BY on_date, recorded_at, id", [rows[0]["id"]])
    return _record(rows[0], events, transfers)


def log_event(
    store: Store, ref: str, event: str, on: str | date, *, note: str | None = None, session_id: str | None = None,
    contact_every_days: int | None = None,
) -> CaseEventRecord:
    """Append one dated event; refuses unknown events, future dates, dates before referral or after closure.

    A ``manager-discussion`` may name the supervision session it was held in (the case's PA's, that day); a
    ``plan-of-work`` may say how often, in days, to contact the young person.
    """
    if event == LEVEL_CHANGE:
        raise InputError("to change a case's level use 'supervision-tui case level REF LEVEL DATE'")
    if session_id is not None and event != MANAGER_DISCUSSION:
        raise InputError(f"only a {MANAGER_DISCUSSION} is held in a supervision session; a {event} names none")
    check_contact_every(event, contact_every_days)
    when = parse_date(on, "event date")
    with store.write():
        case = find_case(store, ref)
        followed_rules(store.library, case.framework).check_event(event)
        store.scope.check_manages(store.staff(case.staff_id), "record on the cases of")
        check_dated_within(case, when, event)
        check_holder_in_post(store, case.staff_id, case.ref, when)
        latest = max([e.on_date for e in case.events] + [t.on_date for t in case.transfers], default=None)
        if event == CLOSED and latest is not None and when.isoformat() < latest:
            raise InputError(f"case {case.ref} has events up to {latest}; it cannot be closed on {when.isoformat()}, before them")
        row = _event_row(case.id, event, when, None, note, store.scope.account)
        if session_id is not None:
            row["session_id"] = _session_for(store, case, session_id, when)
        if contact_every_days is not None:
            row["contact_every_days"] = contact_every_days
        store.db["case_events"].insert(row)
    return CaseEventRecord(**row)


def check_contact_every(event: str, days: object) -> None:
    """Only a plan of work says how often to contact, in whole days from 1 to 366."""
    if days is None:
        return
    if event != PLAN_OF_WORK:
        raise InputError(f"only a {PLAN_OF_WORK} says how often to contact the young person; a {event} does not")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CONTACT_EVERY:
        raise InputError(f"contact every {days!r} days: give a whole number of days from 1 to {MAX_CONTACT_EVERY}")


def _session_for(store: Store, case: CaseRecord, session_id: str, when: date) -> str:
    """The session's id, if it is a session of the case's PA held on the day of the discussion."""
    rows = store.rows("SELECT id, staff_id, held_on FROM sessions WHERE id = ?", [session_id.strip()])
    if not rows:
        raise NotFoundError(f"no supervision session with id {session_id.strip()[:40]!r}; 'supervision-tui session list STAFF' shows them")
    session = rows[0]
    if session["staff_id"] != case.staff_id:
        raise InputError(f"session {session['id']} is another staff member's supervision; case {case.ref} is discussed in its PA's")
    if session["held_on"] != when.isoformat():
        raise InputError(f"session {session['id']} was held on {session['held_on']}; a discussion in it is dated that day, not {when.isoformat()}")
    return session["id"]


def change_level(store: Store, ref: str, level: str, on: str | date, *, note: str | None = None) -> CaseEventRecord:
    """Move a case to another support level from a date; the rules apply each level for the time it was in force."""
    when = parse_date(on, "date of the level change")
    with store.write():
        case = find_case(store, ref)
        level = followed_rules(store.library, case.framework).check_level(level)
        store.scope.check_manages(store.staff(case.staff_id), "record on the cases of")
        check_dated_within(case, when, LEVEL_CHANGE)
        check_holder_in_post(store, case.staff_id, case.ref, when)
        if any(e.event == LEVEL_CHANGE and e.on_date == when.isoformat() for e in case.events):
            raise InputError(f"case {case.ref} already has a level change on {when.isoformat()}")
        current = case.view(when).level_on(when)
        if current == level:
            raise InputError(f"case {case.ref} is already {level} on {when.isoformat()}")
        row = _event_row(case.id, LEVEL_CHANGE, when, level, note, store.scope.account)
        store.db["case_events"].insert(row)
    return CaseEventRecord(**row)


def check_dated_within(case: CaseRecord, when: date, event: str) -> None:
    """Events fit between referral and closure; one dated on or before the closure may still be added late."""
    if when.isoformat() < case.referred_on:
        raise InputError(f"{when.isoformat()} is before case {case.ref}'s referral date {case.referred_on}")
    closed = next((e.on_date for e in case.events if e.event == CLOSED), None)
    if closed is not None and event == CLOSED:
        raise InputError(f"case {case.ref} was already closed on {closed}")
    if closed is not None and when.isoformat() > closed:
        raise InputError(
            f"case {case.ref} was closed on {closed}; nothing dated after that can be recorded on it "
            "(a new referral is a new case with its own ref)"
        )


HOLDER_AS_OF = """COALESCE(
    (SELECT to_staff_id FROM case_transfers t WHERE t.case_id = c.id AND t.on_date <= :as_of
     ORDER BY t.on_date DESC, t.recorded_at DESC, t.id DESC LIMIT 1),
    (SELECT from_staff_id FROM case_transfers t WHERE t.case_id = c.id ORDER BY t.on_date, t.recorded_at, t.id LIMIT 1),
    c.staff_id)"""
"""Whose caseload a case was on as of a date: the PA of the last transfer by then, else the PA before the first."""


def load_cases(
    store: Store, staff_ids: Sequence[str] | None = None, *, as_of: date | None = None, closed_since: date | None = None
) -> list[CaseRecord]:
    """Cases of the given staff (None: everyone) with their events and transfers, in three queries.

    With ``as_of``, a case is on the caseload of whoever held it that day, and cases referred later and
    events dated later are left out;
    with ``closed_since``, so are cases closed before that date.
    """
    where, params = ["1 = 1"], {}
    if staff_ids is not None:
        holder = HOLDER_AS_OF if as_of is not None else "c.staff_id"
        where.append(f"{holder} IN (SELECT value FROM json_each(:staff))")
        params["staff"] = json.dumps(list(staff_ids))
    if as_of is not None:
        where.append("c.referred_on <= :as_of")
        params["as_of"] = as_of.isoformat()
    if closed_since is not None:
        where.append(
            "NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = c.id AND x.event = 'closed' AND x.on_date < :closed_since)"
        )
        params["closed_since"] = closed_since.isoformat()
    condition = " AND ".join(where)
    cases = store.rows(f"SELECT c.* FROM cases c WHERE {condition} ORDER BY c.referred_on, c.ref", params)
    date_filter = " AND e.on_date <= :as_of" if as_of is not None else ""
    by_table: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in ("case_events", "case_transfers"):
        rows = store.rows(
            f"SELECT e.* FROM {table} e WHERE e.case_id IN (SELECT c.id FROM cases c WHERE {condition}){date_filter} "
            "ORDER BY e.case_id, e.on_date, e.recorded_at, e.id",
            params,
        )
        grouped = by_table.setdefault(table, {})
        for row in rows:
            grouped.setdefault(row["case_id"], []).append(row)
    events, transfers = by_table["case_events"], by_table["case_transfers"]
    return [_record(row, events.get(row["id"], []), transfers.get(row["id"], [])) for row in cases]


def _record(row: dict[str, Any], events: list[dict[str, Any]], transfers: list[dict[str, Any]]) -> CaseRecord:
    return CaseRecord(
        id=row["id"], ref=row["ref"], staff_id=row["staff_id"], level=row["level"], referred_on=row["referred_on"],
        in_school=bool(row["in_school"]), created_at=row["created_at"], created_by=row["created_by"],
        framework=row.get("framework") or DEFAULT_FRAMEWORK,
        events=tuple(CaseEventRecord(**{k: e[k] for k in CaseEventRecord.__dataclass_fields__}) for e in events),
        transfers=tuple(TransferRecord(**{k: t[k] for k in TransferRecord.__dataclass_fields__}) for t in transfers),
    )
