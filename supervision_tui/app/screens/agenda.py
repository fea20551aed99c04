"""Provides the agenda of a supervision session: tick it through, record decisions, agree it, file the record.

Reached from the session screen (a). The agenda comes from the record
(``observations.supervision.agenda``): last time's actions with their outcome,
cases with concerns, needs, self-assessments two or more levels from the
manager's rating. Space (or enter) ticks the highlighted item with a note, d records a
decision, g asks both people's names and the next date and agrees the session;
from then on the record is fixed and m/h write it to a file.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from standards.visible_text import visible_line

from ..report_messages import AgendaChanged, AgendaLoaded
from ..widgets.fresh_table import FreshTable
from ..widgets.app_footer import AppFooter
from .base import DataScreen
from .export import ExportKeys, person_stem

TICKED, UNTICKED = "☑", "☐"
CHANGE_WORDS = {
    "ticked": "Item ticked.",
    "recorded": "Decision recorded.",
    "agreed": "Session agreed: its record is fixed, and the session is ended (what you record now is not part of it). m or h files it.",
}


class AgendaTable(FreshTable):
    """The agenda's items, one a row; space ticks the highlighted one."""

    HELP_GROUP = "Agenda"
    BINDINGS = [Binding("space", "screen.tick", "Tick", id="agenda-tick", tooltip="Tick the highlighted item through, with a note")]


def load_agenda(store, session_id: str, framework_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    from observations.supervision.agenda import build_agenda
    from observations.supervision.record import agreement_of, session_record

    session = store.session(session_id)
    agenda = build_agenda(store, session.staff_id, session.held_on, framework_id=framework_id, session_id=session.id)
    return agenda, session_record(store, session.id) if agreement_of(store, session.id) else None


class AgendaScreen(ExportKeys, DataScreen):
    """One session's agenda, ticked through to an agreed record."""

    CSS_PATH = "agenda.tcss"
    HELP_TITLE = "Session agenda"
    AUTO_FOCUS = "#agenda-items"
    report_kind = "session_record"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="agenda-back", tooltip="Back to the session"),
        Binding("d", "decide", "Decision", id="agenda-decide", tooltip="Record a decision taken in the session"),
        Binding("g", "agree", "Agree", id="agenda-agree", tooltip="Both people agree the session: its record is then fixed"),
        Binding("m", "export('md')", "Record as Markdown", id="agenda-export-md", tooltip="Write the agreed record to a Markdown file"),
        Binding("h", "export('html')", "Record as HTML", id="agenda-export-html", tooltip="Write the agreed record to a print-ready HTML file"),
    ]

    def __init__(self, session_id: str, *, manager: str = "", staff: str = ""):
        super().__init__()
        self.session_id = session_id
        self.default_names = (manager, staff)
        self.agenda: dict[str, Any] | None = None
        self.report_data = None
        self.just_ticked: str | None = None
        """The key of the item last ticked: once the agenda is read again the cursor moves past it to the next one not ticked."""

    def compose(self) -> ComposeResult:
        yield Static("", id="agenda-title", classes="title-bar", markup=False)
        table = AgendaTable(id="agenda-items", classes="panel", cursor_type="row")
        table.border_title = "Agenda · space tick · d decision · g agree"
        yield table
        decisions = Static("", id="agenda-decisions", classes="panel", markup=False)
        decisions.border_title = "Decisions"
        yield decisions
        yield Static("", id="agenda-state", classes="hint", markup=False)
        yield Static("", classes="hint export-path", markup=False)
        yield AppFooter()

    def reload(self) -> None:
        session_id, framework_id = self.session_id, self.app.framework_id
        self.run_db(
            lambda store: load_agenda(store, session_id, framework_id),
            lambda loaded: AgendaLoaded(*loaded),
            group="agenda",
            exclusive=True,
        )

    @on(AgendaLoaded)
    def loaded(self, message: AgendaLoaded) -> None:
        self.agenda, self.report_data = message.agenda, message.record
        agenda = message.agenda
        self.query_one("#agenda-title", Static).update(
            visible_line(f"Session agenda · {agenda['person']['name']} · {agenda['held_on']} · {agenda['framework']['title']}")
        )
        table = self.query_one(AgendaTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for label, width in (("", 2), ("Item", 15), ("What", 36), ("Where it stands", 34), ("Note", 20)):
            table.add_column(label, width=width)
        for item in agenda["items"]:
            subject = item["subject"][:8] if item["kind"] == "action" else item["subject"]
            table.add_row(
                Text(TICKED if item["discussed"] else UNTICKED),
                Text(visible_line(f"{item['kind']} {subject}"), overflow="ellipsis", no_wrap=True),
                Text(visible_line(item["title"]), overflow="ellipsis", no_wrap=True),
                Text(visible_line(item["detail"]), overflow="ellipsis", no_wrap=True),
                Text(visible_line(item["note"]), overflow="ellipsis", no_wrap=True),
                key=item["key"],
            )
        if agenda["items"]:
            table.move_cursor(row=self.row_after_tick(agenda["items"], cursor))
        self.query_one("#agenda-decisions", Static).update(
            "\n".join(visible_line(f"• {d['note']}") for d in agenda["decisions"]) or "None yet: d records one."
        )
        done = sum(item["discussed"] for item in agenda["items"])
        record = message.record
        state = (
            f"Agreed by {record['agreed']['manager']} and {record['agreed']['staff']} on {record['agreed']['on']}"
            f"{' · next session ' + record['next_session_on'] if record['next_session_on'] else ''}"
            f" · the record is fixed · m/h file it"
            if record
            else f"{done} of {len(agenda['items'])} items ticked · g agrees the session when both of you are ready"
        )
        self.query_one("#agenda-state", Static).update(visible_line(state))

    def row_after_tick(self, items: list[dict[str, Any]], cursor: int) -> int:
        """Where the cursor goes on reading the agenda: past an item just ticked, to the next not ticked (wrapping round), else where it was."""
        ticked, self.just_ticked = self.just_ticked, None
        keys = [item["key"] for item in items]
        if ticked in keys:
            start = keys.index(ticked)
            for step in range(1, len(items)):
                row = (start + step) % len(items)
                if not items[row]["discussed"]:
                    return row
            return start
        return min(cursor, len(items) - 1)

    def highlighted_item(self) -> dict[str, Any] | None:
        table = self.query_one(AgendaTable)
        if self.agenda is None or not self.agenda["items"] or table.cursor_row < 0:
            return None
        return self.agenda["items"][table.cursor_row]

    def refuse_if_agreed(self) -> bool:
        if self.report_data is not None:
            self.notify("This session is agreed: its record is fixed. A correction is added with 'supervision-tui session correct'.", markup=False, timeout=6)
            return True
        return False

    def action_tick(self) -> None:
        from .dialogs import TextPrompt

        item = self.highlighted_item()
        if item is None or self.refuse_if_agreed():
            return

        def noted(note: str | None) -> None:
            if note is not None:
                self.just_ticked = item["key"]
                self.write(lambda store: _tick(store, self.session_id, item, note, self.app.framework_id), "ticked")

        self.app.push_screen(
            TextPrompt(f"Tick: {visible_line(item['title'])[:60]}", "What was said or decided about it (may be left empty):", required=False, value=item["note"]),
            noted,
        )

    @on(DataTable.RowSelected, "#agenda-items")
    def selected(self, _event: DataTable.RowSelected) -> None:
        """Enter ticks too, as space does."""
        self.action_tick()

    def action_decide(self) -> None:
        from .dialogs import TextPrompt

        if self.refuse_if_agreed():
            return

        def decided(text: str | None) -> None:
            if text:
                self.write(lambda store: _decide(store, self.session_id, text), "recorded")

        self.app.push_screen(TextPrompt("Decision", "The decision taken (a case's level, a closure agreed, anything else):"), decided)

    def action_agree(self) -> None:
        from .dialogs import TextPrompt

        if self.agenda is None or self.refuse_if_agreed():
            return
        manager, staff = self.default_names
        answers: list[str] = []
        held_on = self.agenda["held_on"]

        def date_problem(text: str) -> str | None:
            from observations.errors import InputError
            from observations.supervision.record import checked_next_session

            try:
                checked_next_session(text, held_on)
            except InputError as error:
                return str(error)
            return None

        def ask_next(staff_name: str | None) -> None:
            if staff_name:
                answers.append(staff_name)
                prompt = TextPrompt(
                    "Agree the session (3 of 3)", "The next session's date, YYYY-MM-DD (empty: not set yet):", required=False, check=date_problem
                )
                self.app.push_screen(prompt, agreed)  # a mistyped date is said in the dialog: the two names stand

        def ask_staff(manager_name: str | None) -> None:
            if manager_name:
                answers.append(manager_name)
                self.app.push_screen(TextPrompt("Agree the session (2 of 3)", "The member of staff agreeing the record:", value=staff), ask_next)

        def agreed(next_on: str | None) -> None:
            if next_on is not None:
                chosen_manager, chosen_staff = answers
                self.write(lambda store: _agree(store, self.session_id, chosen_manager, chosen_staff, next_on, self.app.framework_id), "agreed")

        self.app.push_screen(TextPrompt("Agree the session (1 of 3)", "The manager agreeing the record:", value=manager), ask_staff)

    def write(self, fn, what: str) -> None:
        self.run_db(fn, lambda _: AgendaChanged(what), group="agenda-write")

    @on(AgendaChanged)
    def changed(self, message: AgendaChanged) -> None:
        if message.what == "agreed":
            self.end_agreed_session()
        self.notify(CHANGE_WORDS[message.what], markup=False, timeout=4)
        self.reload()

    def end_agreed_session(self) -> None:
        """An agreed record is fixed, so the person screen stops saving ratings into its session (they would claim to be part of it)."""
        sessions = self.app.active_sessions
        for staff_id in [staff_id for staff_id, session in sessions.items() if session.id == self.session_id]:
            del sessions[staff_id]

    def action_export(self, fmt: str) -> None:
        if self.report_data is None:
            self.notify("Agree the session first (g): only an agreed record is filed.", markup=False, timeout=4)
            return
        self.export_report(fmt)

    def export_stem(self) -> str:
        data = self.report_data or {}
        return person_stem("supervision-record", {"person": data.get("person", {}), "as_of": data.get("session", {}).get("held_on", "")})


def _tick(store, session_id: str, item: dict[str, Any], note: str, framework_id: str) -> None:
    from observations.supervision.record import tick_item

    tick_item(store, session_id, item["kind"], item["subject"], note=note, framework_id=framework_id)


def _decide(store, session_id: str, text: str) -> None:
    from observations.supervision.record import tick_item

    tick_item(store, session_id, "decision", "", note=text)


def _agree(store, session_id: str, manager: str, staff: str, next_on: str, framework_id: str) -> None:
    from observations.supervision.record import agree_session

    agree_session(store, session_id, manager=manager, staff=staff, next_session_on=next_on or None, framework_id=framework_id)
