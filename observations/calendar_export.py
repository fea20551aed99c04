"""Provides the calendar export: next supervisions and open actions' due dates as an iCalendar file.

Managers live in Outlook, Google Calendar or Thunderbird, not in this tool; an
.ics file puts the schedule where they look. Every event is all-day, and its UID
comes from the globally unique id of the person (supervision) or the action,
so importing a newer file updates the events instead of adding copies. The
``icalendar`` library writes the file (imported only here, when a calendar is
made), so line folding, escaping and DTSTAMP follow RFC 5545.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from observations.schedule import OVERDUE, ScheduleRules
from observations.schedule_queries import supervision_schedule

if TYPE_CHECKING:
    from observations.store.observation_store import Store
    from observations.store.records import StaffMember

PRODUCT_ID = "-//supervision-tui//Supervision schedule//EN"
UID_DOMAIN = "supervision-tui"
MAX_SUMMARY = 200
"""A calendar shows the first words of a title; the whole action text is in the description."""


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day event: what it is about, on which day, and its stable UID."""

    uid: str
    on: date
    summary: str
    description: str
    categories: str


OPEN_ACTIONS_SQL = """
SELECT id, staff_id, text, due_on, owner FROM current_actions
WHERE status = 'open' AND due_on IS NOT NULL AND staff_id IN (SELECT value FROM json_each(:ids))
ORDER BY due_on, id
"""


def calendar_entries(store: Store, people: list[StaffMember], *, as_of: date, rules: ScheduleRules) -> list[CalendarEntry]:
    """The next supervision of each of ``people`` still in post, and their open actions that have a due date.

    An overdue supervision is shown on ``as_of`` (it is to be booked now), saying when it was due; an action
    keeps its own due date, past or not, since that is the date agreed.
    """
    import json

    names = {member.id: member.name for member in people}
    schedule = supervision_schedule(store, as_of=as_of, rules=rules, staff_ids=names)
    entries = []
    for member in people:
        due = schedule.get(member.id)
        if due is None:
            continue
        late = due.status == OVERDUE
        entries.append(
            CalendarEntry(
                uid=f"supervision-{member.id}@{UID_DOMAIN}",
                on=as_of if late else due.due_on,
                summary=f"Supervision {'overdue' if late else 'due'}: {member.name}",
                description=(
                    f"Supervision for {member.name} (ref {member.ref}) was due on {due.due_on.isoformat()}; book it now."
                    if late else f"Supervision for {member.name} (ref {member.ref}) is due on {due.due_on.isoformat()}."
                )
                + f" Every {due.interval_weeks} weeks; last held {due.last_held.isoformat() if due.last_held else 'never'}.",
                categories="Supervision",
            )
        )
    for row in store.rows(OPEN_ACTIONS_SQL, {"ids": json.dumps(list(names))}):
        text = " ".join(row["text"].split())
        short = text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1] + "…"
        owner = f"; owner {row['owner']}" if row["owner"] else ""
        entries.append(
            CalendarEntry(
                uid=f"action-{row['id']}@{UID_DOMAIN}",
                on=date.fromisoformat(row["due_on"]),
                summary=f"Action due ({names[row['staff_id']]}): {short}",
                description=f"Development action for {names[row['staff_id']]}{owner}: {row['text']}",
                categories="Development action",
            )
        )
    return entries


def calendar_bytes(entries: list[CalendarEntry], *, stamp: datetime | None = None) -> bytes:
    """The entries as one VCALENDAR (RFC 5545), each a VEVENT of one whole day (DTEND is the next day)."""
    from icalendar import Calendar, Event

    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Supervision schedule")
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
        event.add("summary", _one_line(entry.summary))
        event.add("description", entry.description)
        event.add("categories", [entry.categories])
        event.add("transp", "TRANSPARENT")  # a reminder of a date, not time booked
        event.add("class", "CONFIDENTIAL")
        calendar.add_component(event)
    return calendar.to_ical()


def _one_line(text: str) -> str:
    """Control characters (an escape code, a line break typed into a name) never reach a calendar title."""
    return "".join(ch if ch.isprintable() else " " for ch in text)
