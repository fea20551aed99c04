"""Provides the table of development actions: due date, status, text; overdue ones stand out in words and colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ..marks import OVERDUE_MARK, rich_style
from .tables import highlighted_key

if TYPE_CHECKING:
    from observations.records import Action

COLUMNS = (("Due", "due"), ("Status", "status"), ("Action", "text"), ("Standards", "standards"), ("Owner", "owner"))
TEXT_WIDTH = 60
EMPTY_ROW = "__none__"


def status_cell(action: Action, today: str, variables: dict[str, str]) -> Text:
    """'! overdue' (bold, error colour), 'open', '✓ done', '– dropped': the word says it without colour."""
    if action.is_overdue(today):
        return Text(f"{OVERDUE_MARK} overdue", style=rich_style("bold $error", variables))
    if action.status == "done":
        return Text(f"✓ done {action.closed_on or ''}".rstrip(), style=rich_style("$success", variables))
    if action.status == "dropped":
        return Text(f"– dropped {action.closed_on or ''}".rstrip(), style="dim")
    return Text("open")


class ActionTable(DataTable):
    """Actions, one per row, keyed by action id; the screen's keys act on the highlighted one."""

    HELP_GROUP = "Actions list"
    BINDINGS = [
        Binding("n", "screen.add_action", "New action", id="action-add", tooltip="Agree a new development action"),
        Binding("c", "screen.complete_action", "Complete", id="action-done", tooltip="Mark the highlighted action done, with a note"),
        Binding("x", "screen.drop_action", "Drop", id="action-drop", tooltip="Drop the highlighted action (it stays in the history)"),
    ]

    DEFAULT_CSS = """
    ActionTable { height: auto; max-height: 1fr; }
    """

    def __init__(self, *, empty_text: str = "No actions.", **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.actions: dict[str, Action] = {}
        self.empty_text = empty_text
        """Shown in a dim row when there are no actions, so an empty table says so (and what to do)."""

    def on_mount(self) -> None:
        for label, key in COLUMNS:
            self.add_column(label, key=key)

    def show_actions(self, actions: list[Action], today: str) -> None:
        keep = self.highlighted_action()
        variables = self.app.get_css_variables()
        self.clear()
        self.actions = {a.id: a for a in actions}
        for action in actions:
            text = action.text.replace("\n", " ")
            text = text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"
            due = Text(action.due_on or "—", style=rich_style("bold $error", variables) if action.is_overdue(today) else "")
            self.add_row(
                due,
                status_cell(action, today, variables),
                Text(text),
                Text(", ".join(action.standards)),
                Text(action.owner),
                key=action.id,
            )
        if not actions:
            self.add_row(Text(""), Text(""), Text(self.empty_text, style="dim italic"), Text(""), Text(""), key=EMPTY_ROW)
        if keep is not None and keep.id in self.actions:
            self.move_cursor(row=self.get_row_index(keep.id))

    def highlighted_action(self) -> Action | None:
        key = highlighted_key(self)
        return self.actions.get(key) if key else None
