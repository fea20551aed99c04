"""Provides the session view: a supervision session in progress, the actions due since the last one, and what it recorded.

The actions to review are those due since the last session and any older ones
still open past their date; the line above them counts the two apart, so an
action due before the last session is never said to be due since it.

Everything recorded for the person while the session is in progress (on the
person screen or here) belongs to it; a opens its agenda (and its record); e ends it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from standards.visible_text import visible_line

from ..person_messages import ActionChanged, SessionLoaded
from observations.read_models import load_session
from ..recording import level_label
from ..widgets.action_table import ActionTable
from ..widgets.app_footer import AppFooter
from .action_forms import ActionKeys
from .base import DataScreen

if TYPE_CHECKING:
    from observations.read_models import SessionData


def due_line(data: SessionData, today: str) -> Content:
    """E.g. '2 actions due since the last session on 2025-05-20, 1 of them overdue · 1 older one still overdue'."""
    last = data.previous.held_on if data.previous else None
    recent = [a for a in data.due if last is None or (a.due_on or "") > last]
    older = len(data.due) - len(recent)
    overdue = sum(1 for a in recent if a.is_overdue(today))
    since = f"since the last session on {last}" if last else "(this is the first session recorded)"
    return Content.assemble(
        (f"{len(recent)} action{'s' if len(recent) != 1 else ''} due {since}", "bold"),
        (f", {overdue} of them overdue" if overdue else "", "bold $error"),
        (f" · {older} older one{'s' if older != 1 else ''} still overdue" if older else "", "bold $error"),
    )


class SessionScreen(ActionKeys, DataScreen):
    """The session in progress with one person."""

    CSS_PATH = "session.tcss"
    HELP_TITLE = "Supervision session"
    AUTO_FOCUS = "#due"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="session-back", tooltip="Back to the person (the session goes on)"),
        Binding("e", "end_session", "End session", id="session-end", tooltip="End the session: what you record next is not part of it"),
        Binding("u", "summary", "Summary", id="session-summary", tooltip="The development-needs summary to discuss"),
        Binding("a", "agenda", "Agenda", id="session-agenda", tooltip="The session's agenda: tick it through, decide, agree the record"),
    ]

    def __init__(self, staff_id: str):
        super().__init__()
        self.staff_id = staff_id
        self.data: SessionData | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="session-title", classes="title-bar", markup=False)
        with VerticalScroll(id="session-body"):
            yield Static("", id="session-since", markup=False)
            due = ActionTable(id="due", classes="panel", empty_text="None due.")
            due.border_title = "Actions due since the last session, or still overdue · c complete · x drop"
            yield due
            agreed = ActionTable(id="agreed", classes="panel", empty_text="None yet: n agrees one.")
            agreed.border_title = "Actions agreed in this session · n new"
            yield agreed
            yield Static("", id="session-recorded", classes="panel", markup=False)
        yield AppFooter()

    def reload(self) -> None:
        session = self.app.active_sessions.get(self.staff_id)
        if session is None:
            return
        session_id, as_of = session.id, self.app.as_of
        self.run_db(lambda store: load_session(store, session_id, as_of), SessionLoaded, group="session", exclusive=True)

    @on(SessionLoaded)
    def loaded(self, message: SessionLoaded) -> None:
        self.data = data = message.data
        today = self.app.as_of.isoformat()
        member, session = data.member, data.session
        self.query_one("#session-title", Static).update(
            visible_line(f"Supervision session · {member.name} · {session.held_on}" + (f" · with {session.manager}" if session.manager else ""))
        )
        self.query_one("#session-since", Static).update(due_line(data, today))
        self.query_one("#due", ActionTable).show_actions(list(data.due), today)
        self.query_one("#agreed", ActionTable).show_actions(list(data.agreed), today)
        recorded = self.query_one("#session-recorded", Static)
        recorded.border_title = f"Recorded in this session ({len(data.observations)})"
        lines = [self.recorded_line(o) for o in self.in_framework_order(data.observations)]
        recorded.update("\n".join(lines) or "Nothing rated yet: escape goes back to the standards, and what you save there belongs to this session.")

    def in_framework_order(self, observations) -> list:
        """Stage by stage, as the person screen lists the standards (not in the order they happened to be saved)."""
        position: dict[tuple[str, str], int] = {}
        for framework_id in dict.fromkeys(o.framework for o in observations):
            if framework_id in self.app.library:
                position.update({(framework_id, s.id): n for n, s in enumerate(self.app.library.get(framework_id).standards())})
        return sorted(observations, key=lambda o: (o.framework, position.get((o.framework, o.standard), len(position)), o.standard))

    def recorded_line(self, observation) -> str:
        """'A2  Secure  case-review' (the framework is named only when it is not the one shown)."""
        label = level_label(self.app.library, observation.framework, observation.rating)
        where = "" if observation.framework == self.app.framework_id else f"{observation.framework} "
        return visible_line(f"{where}{observation.standard}  {label}  {observation.source}")

    @on(ActionChanged)
    def changed(self, message: ActionChanged) -> None:
        self.notify(f"Action {message.what}.", markup=False, timeout=3)
        self.reload()

    def default_owner(self) -> str:
        return self.data.member.name if self.data else ""

    def action_end_session(self) -> None:
        self.app.active_sessions.pop(self.staff_id, None)
        self.notify("Session ended: what you record now is not part of it. v on the person picks today's session up again.", markup=False, timeout=5)
        self.app.pop_screen()

    def action_agenda(self) -> None:
        from .agenda import AgendaScreen

        session = self.app.active_sessions.get(self.staff_id)
        if session is not None:
            member = self.data.member.name if self.data else ""
            self.app.push_screen(AgendaScreen(session.id, manager=session.manager, staff=member))

    def action_summary(self) -> None:
        from .summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.staff_id))
