"""Provides the actions screen: one person's development actions, soonest due first, overdue ones marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from standards.visible_text import visible_line

from ..person_messages import ActionChanged, ActionsLoaded
from observations.read_models import load_actions
from ..widgets.action_table import ActionTable
from ..widgets.app_footer import AppFooter
from .action_forms import ActionKeys
from .base import DataScreen

if TYPE_CHECKING:
    from observations.read_models import PersonActions


class ActionsScreen(ActionKeys, DataScreen):
    """Add, complete and drop actions; o shows only the open ones."""

    CSS_PATH = "actions.tcss"
    HELP_TITLE = "Development actions"
    AUTO_FOCUS = "#actions"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="actions-back", tooltip="Back to the person"),
        Binding("o", "toggle_open", "Open only", id="actions-open-only", tooltip="Show only open actions, or all of them"),
    ]

    def __init__(self, staff_id: str, *, standard_id: str | None = None):
        super().__init__()
        self.staff_id = staff_id
        self.standard_id = standard_id
        self.data: PersonActions | None = None
        self.open_only = False

    def compose(self) -> ComposeResult:
        yield Static("", id="actions-title", classes="title-bar", markup=False)
        agrees = self.app.offers("add_action")
        table = ActionTable(id="actions", classes="panel", empty_text="No actions yet: n agrees one." if agrees else "No actions yet.")
        table.border_title = "Actions · n new · c complete · x drop" if agrees else "Actions"
        yield table
        detail = Static("", id="action-detail", classes="panel", markup=False)
        detail.border_title = "Highlighted action"
        yield detail
        yield Static("", id="actions-summary", classes="hint", markup=False)
        yield AppFooter()

    def reload(self) -> None:
        staff_id = self.staff_id
        self.run_db(lambda store: load_actions(store, staff_id), ActionsLoaded, group="actions", exclusive=True)

    @on(ActionsLoaded)
    def loaded(self, message: ActionsLoaded) -> None:
        self.data = message.data
        self.show()

    @on(ActionChanged)
    def changed(self, message: ActionChanged) -> None:
        self.notify(f"Action {message.what}.", markup=False, timeout=3)
        self.reload()

    def show(self) -> None:
        if self.data is None:
            return
        today = self.app.as_of.isoformat()
        actions = [a for a in self.data.actions if a.status == "open"] if self.open_only else list(self.data.actions)
        table = self.query_one(ActionTable)
        table.empty_text = "No open actions: o shows all of them." if self.open_only and self.data.actions else "No actions yet: n agrees one."
        table.show_actions(actions, today)
        self.show_detail()
        member = self.data.member
        self.query_one("#actions-title", Static).update(f"Development actions · {visible_line(member.name)} · {visible_line(member.team)}")
        open_count = sum(1 for a in self.data.actions if a.status == "open")
        overdue = sum(1 for a in self.data.actions if a.is_overdue(today))
        empty = " · none yet: n agrees one" if not self.data.actions else ""
        self.query_one("#actions-summary", Static).update(
            f"{open_count} open, {overdue} overdue, {len(self.data.actions)} in all{empty}{' · showing open only' if self.open_only else ''}"
        )

    @on(ActionTable.RowHighlighted, "#actions")
    def highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted action in full: the table cuts its text to fit, and has no room for the closing note."""
        action = self.query_one(ActionTable).highlighted_action()
        detail = self.query_one("#action-detail", Static)
        detail.display = action is not None
        if action is None:
            return
        lines = [action.text]
        facts = [f"due {action.due_on}" if action.due_on else "no due date", f"owner {action.owner}" if action.owner else ""]
        if action.standards:
            facts.append(f"standards {', '.join(action.standards)}")
        facts.append(f"agreed {action.created_at[:10]}" + (f" by {action.created_by}" if action.created_by else ""))
        lines.append(" · ".join(fact for fact in facts if fact))
        if action.status != "open":
            lines.append(f"{action.status.capitalize()} on {action.closed_on or '?'}" + (f": {action.closing_note}" if action.closing_note else ""))
        detail.update("\n".join(visible_line(line) for line in lines))

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.show()

    def default_owner(self) -> str:
        return self.data.member.name if self.data else ""

    def default_standards(self) -> list[str]:
        return [self.standard_id] if self.standard_id else []
