"""Provides the writes of a supervision session's agenda and its record: ticks, decisions, agreement, corrections.

Closing a session is an agreement between two people, so it is written once:
``agree_session`` checks everything first (both names, the actions agreed in the
session, the next date) and then, in one transaction, freezes the record as
agreed (``session_records``, kind 'agreed'). From then on nothing of the session
is ticked, decided or agreed again; a later correction is its own row, as a
corrected rating is. Every write is all or nothing and bad input writes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from observations.dates import parse_date, today
from observations.errors import InputError, NotFoundError
from observations.store.ids import new_id, now_utc
from observations.store.text_checks import MAX_EVIDENCE, checked_text, folded_name
from observations.vocabulary import AGENDA_KINDS

if TYPE_CHECKING:
    from observations.store.observation_store import Store
    from observations.store.records import Session

AGREED = "agreed"
CORRECTION = "correction"


def agreed_id(session_id: str) -> str:
    """The id of a session's agreed record: derived, so the same agreement in two copies is one row after a merge."""
    return f"{session_id}-agreed"


def agreement_of(store: Store, session_id: str) -> dict[str, Any] | None:
    rows = store.rows("SELECT * FROM session_records WHERE id = ?", [agreed_id(session_id)])
    return rows[0] if rows else None


def _open_session(store: Store, session_id: str) -> Session:
    """The session (by id or prefix), refused once agreed: an agreed record is never changed."""
    session = store.session(session_id)
    store.scope.check_manages(store.staff(session.staff_id), "run supervision with")
    agreed = agreement_of(store, session.id)
    if agreed is not None:
        raise InputError(
            f"session {session.id[:8]} on {session.held_on} was agreed on {agreed['agreed_on']}; an agreed record is never "
            f"changed: 'supervision-tui session correct {session.id[:8]} TEXT' adds a correction"
        )
    return session


def tick_item(
    store: Store, session_id: str, kind: str, subject: str, *, note: str | None = None, framework_id: str = "apir"
) -> dict[str, Any]:
    """Mark an agenda item discussed (again, to change its note); ``kind`` 'decision' records a decision (``note``).
    ``framework_id`` is the framework of the agenda's needs and disagreements."""
    if kind not in AGENDA_KINDS:
        raise InputError(f"unknown agenda item kind {kind!r} (kinds: {', '.join(AGENDA_KINDS)})")
    text = checked_text(note, "decision" if kind == "decision" else "note", required=kind == "decision", limit=MAX_EVIDENCE, multiline=True)
    subject = checked_text(subject, "item", required=kind != "decision", limit=200)
    with store.write():
        session = _open_session(store, session_id)
        if kind != "decision":
            from observations.supervision.agenda import build_agenda

            keys = {item["key"] for item in build_agenda(
                store, session.staff_id, session.held_on, framework_id=framework_id, session_id=session.id
            )["items"]}
            wanted = _item_key(store, kind, subject)
            if wanted not in keys:
                raise InputError(f"{kind} {subject!r} is not on the agenda of session {session.id[:8]}")
            subject = wanted.split(":", 1)[1]
        row = {"id": new_id(), "session_id": session.id, "staff_id": session.staff_id, "kind": kind,
               "subject": "" if kind == "decision" else subject, "note": text, "recorded_at": now_utc(),
               "recorded_by": store.scope.account}
        store.db["session_items"].insert(row)
    return row


def _item_key(store: Store, kind: str, subject: str) -> str:
    """An action named by a prefix of its id becomes its whole id; a standard or case ref is matched without case."""
    if kind == "action":
        return f"action:{store.action(subject).id}"
    if kind in ("need", "disagreement"):
        return f"{kind}:{subject.upper()}"
    rows = store.rows("SELECT ref FROM cases WHERE ref = ? COLLATE NOCASE", [subject])
    return f"case:{rows[0]['ref'] if rows else subject}"


def checked_next_session(next_session_on: str | date | None, held_on: str) -> date | None:
    """The next session's date for a session held on ``held_on`` (None: not set yet); refused unless a date after it.

    The agenda's agree dialog asks this before anything is written, so a mistyped date is asked again alone."""
    upcoming = parse_date(next_session_on, "next session date", allow_future=True) if next_session_on else None
    if upcoming is not None and upcoming.isoformat() <= held_on:
        raise InputError(f"next session date {upcoming.isoformat()} is not after this session on {held_on}")
    return upcoming


def agree_session(
    store: Store,
    session_id: str,
    *,
    manager: str,
    staff: str,
    next_session_on: str | date | None = None,
    on: str | date | None = None,
    framework_id: str = "apir",
) -> dict[str, Any]:
    """Both people agree the session's record: it is frozen as it stands and returned (``session_record``).

    Refused, with nothing written: a session already agreed; a missing name; an action agreed in the session owned
    by someone who has left, or due before the session; a next session not after this one."""
    manager_name = checked_text(manager, "manager's name", required=True, limit=200)
    staff_name = checked_text(staff, "staff member's name", required=True, limit=200)
    agreed_on = parse_date(on, "agreement date", default=today())
    if next_session_on:
        parse_date(next_session_on, "next session date", allow_future=True)  # a bad date is refused before the file is opened for writing
    with store.write():
        session = _open_session(store, session_id)
        if agreed_on.isoformat() < session.held_on:
            raise InputError(f"agreement date {agreed_on.isoformat()} is before the session on {session.held_on}")
        upcoming = checked_next_session(next_session_on, session.held_on)
        actions = store.list_actions(staff_id=session.staff_id)
        agreed_here = [a for a in actions if a.session_id == session.id]
        _check_actions(store, agreed_here, session)
        body = _frozen_body(store, session, agreed_here, framework_id, manager_name, staff_name, agreed_on, upcoming)
        store.db["session_records"].insert(
            {
                "id": agreed_id(session.id), "session_id": session.id, "staff_id": session.staff_id, "kind": AGREED,
                "body": json.dumps(body, ensure_ascii=False), "manager_name": manager_name, "staff_name": staff_name,
                "agreed_on": agreed_on.isoformat(), "next_session_on": upcoming and upcoming.isoformat(), "recorded_at": now_utc(),
                "recorded_by": store.scope.account,
            }
        )
    return session_record(store, session.id)


def _check_actions(store: Store, actions: list, session: Session) -> None:
    leavers = {folded_name(m.name): m for m in store.list_staff() if m.status == "left"}
    for action in actions:
        owner = leavers.get(folded_name(action.owner)) if action.owner else None
        if owner is not None:
            raise InputError(
                f"action {action.id[:8]} is owned by {owner.name}, who left on {owner.left_on}: give it an owner in post first"
            )
        if action.due_on and action.due_on < session.held_on:
            raise InputError(f"action {action.id[:8]} is due {action.due_on}, before the session on {session.held_on}")


def _frozen_body(store, session, agreed_here, framework_id, manager_name, staff_name, agreed_on, upcoming) -> dict[str, Any]:
    """The record as both people agree it: everything it shows, so it reads the same whatever happens later."""
    from observations.supervision.agenda import build_agenda

    agenda = build_agenda(store, session.staff_id, session.held_on, framework_id=framework_id, session_id=session.id)
    ratings = store.rows(
        "SELECT framework, standard, rating, source FROM current_observations WHERE session_id = ? ORDER BY framework, standard",
        [session.id],
    )
    return {
        "person": agenda["person"],
        "session": {"id": session.id, "held_on": session.held_on, "manager": session.manager, "notes": session.notes},
        "framework": agenda["framework"],
        "previous_session": agenda["previous_session"],
        "items": agenda["items"],
        "decisions": agenda["decisions"],
        "actions_agreed": [
            {"text": a.text, "owner": a.owner, "due_on": a.due_on, "standards": list(a.standards)} for a in agreed_here
        ],
        "ratings": [_rating_line(store, r) for r in ratings],
        "follow_through": {k: agenda["follow_through"][k] for k in ("percent", "on_time", "counted", "sparkline", "start", "end")},
        "agreed": {"manager": manager_name, "staff": staff_name, "on": agreed_on.isoformat()},
        "next_session_on": upcoming and upcoming.isoformat(),
    }


def _rating_line(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    label = row["rating"]
    if row["framework"] in store.library:
        scale = store.library.get(row["framework"]).rating_scale
        label = scale.label(row["rating"]) if row["rating"] in scale else label
    return {"framework": row["framework"], "standard": row["standard"], "rating_label": label, "source": row["source"]}


def correct_record(store: Store, session_id: str, text: str, *, by: str, on: str | date | None = None) -> dict[str, Any]:
    """A correction to an agreed record, as its own row: the agreed record itself stays as it was agreed."""
    note = checked_text(text, "correction", required=True, limit=MAX_EVIDENCE, multiline=True)
    name = checked_text(by, "by", required=True, limit=200)
    day = parse_date(on, "correction date", default=today())
    with store.write():
        session = store.session(session_id)
        store.scope.check_manages(store.staff(session.staff_id), "correct the supervision record of")
        agreed = agreement_of(store, session.id)
        if agreed is None:
            raise InputError(f"session {session.id[:8]} has no agreed record yet; until it is agreed, tick or decide instead")
        if day.isoformat() < agreed["agreed_on"]:
            raise InputError(f"correction date {day.isoformat()} is before the record was agreed ({agreed['agreed_on']})")
        store.db["session_records"].insert(
            {
                "id": new_id(), "session_id": session.id, "staff_id": session.staff_id, "kind": CORRECTION, "body": note,
                "manager_name": name, "staff_name": "", "agreed_on": day.isoformat(), "next_session_on": None,
                "recorded_at": now_utc(),
                "recorded_by": store.scope.account,
            }
        )
    return session_record(store, session.id)


def session_record(store: Store, session_id: str) -> dict[str, Any]:
    """The agreed record with its corrections, oldest first, as the report templates take it."""
    session = store.session(session_id)
    agreed = agreement_of(store, session.id)
    if agreed is None:
        raise NotFoundError(f"session {session.id[:8]} on {session.held_on} has no agreed record yet ('session agree' agrees it)")
    corrections = store.rows(
        "SELECT body, manager_name, agreed_on FROM session_records WHERE session_id = ? AND kind = ? ORDER BY recorded_at, id",
        [session.id, CORRECTION],
    )
    return {
        "kind": "session_record",
        **json.loads(agreed["body"]),
        "corrections": [{"text": c["body"], "by": c["manager_name"], "on": c["agreed_on"]} for c in corrections],
    }
