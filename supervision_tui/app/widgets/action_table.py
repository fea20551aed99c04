"""Provides the table of development actions: due date, status, text; overdue ones stand out in words and colour.

The action's text takes what width the other columns leave, so the standards
and the owner stay in view on an 80-column terminal without scrolling sideways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from standards.visible_text import visible_line

from ..marks import OVERDUE_MARK, rich_style
from .tables import clear_to_columns, clip, columns_room, fit_columns, highlighted_key, widest
from .fresh_table import FreshTable

if TYPE_CHECKING:
    from observations.store.records import Action

COLUMNS = (("Due", "due"), ("Status", "status"), ("Action", "text"), ("Standards", "standards"), ("Owner", "owner"))
TEXT_WIDTH = 60
"""The most of an action's text a row shows, however wide the terminal."""
SHRINK_ORDER = (("text", 20), ("owner", 8), ("standards", 9))
"""When the columns do not fit, which give way first, and how narrow each may become."""
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


class ActionTable(FreshTable):
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
        self.shown: tuple[list[Action], str] | None = None
        """The actions and day last shown, to lay them out again when the width changes."""
        self.laid_out_for = 0
        """The room the rows were last laid out for."""
        self.highlight_next: str | None = None
        """An action just agreed: highlighted once it is shown, so the manager sees the one they added, not the one they had."""

    def on_mount(self) -> None:
        clear_to_columns(self, COLUMNS)

    def on_resize(self) -> None:
        if self.shown is not None and columns_room(self) != self.laid_out_for:
            self.show_actions(*self.shown)

    def show_actions(self, actions: list[Action], today: str) -> None:
        keep = self.highlighted_action()
        variables = self.app.get_css_variables()
        self.shown = (actions, today)
        clear_to_columns(self, COLUMNS)
        self.actions = {a.id: a for a in actions}
        statuses = [status_cell(a, today, variables) for a in actions]
        plain = {
            "due": [a.due_on or "—" for a in actions],
            "status": [status.plain for status in statuses],
            "text": [visible_line(a.text.replace("\n", " ")) for a in actions],
            "standards": [", ".join(a.standards) for a in actions],
            "owner": [visible_line(a.owner) for a in actions],
        }
        wants = {key: widest(label, *plain[key]) for label, key in COLUMNS}
        wants["text"] = min(wants["text"], TEXT_WIDTH)
        self.laid_out_for = columns_room(self)
        widths = fit_columns(self, wants, SHRINK_ORDER)
        for n, (action, status) in enumerate(zip(actions, statuses)):
            due_style = rich_style("bold $error", variables) if action.is_overdue(today) else ""
            self.add_row(
                Text(plain["due"][n], style=due_style),
                status,
                *(Text(clip(plain[key][n], widths[key])) for key in ("text", "standards", "owner")),
                key=action.id,
            )
        if not actions:
            self.add_row(Text(""), Text(""), Text(self.empty_text, style="dim italic"), Text(""), Text(""), key=EMPTY_ROW)
        if self.highlight_next in self.actions:
            self.move_cursor(row=self.get_row_index(self.highlight_next))
            self.highlight_next = None
        elif keep is not None and keep.id in self.actions:
            self.move_cursor(row=self.get_row_index(keep.id))

    def highlighted_action(self) -> Action | None:
        key = highlighted_key(self)
        return self.actions.get(key) if key else None
