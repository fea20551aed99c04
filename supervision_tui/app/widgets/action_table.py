"""Provides the table of development actions: due date, status, text; overdue ones stand out in words and colour.

The action's text takes what width the other columns leave, so the standards
and the owner stay in view on an 80-column terminal without scrolling sideways.
"""

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
"""The most of an action's text a row shows, however wide the terminal."""
SHRINK_ORDER = (("text", 20), ("owner", 8), ("standards", 9))
"""When the columns do not fit, which give way first, and how narrow each may become."""
EMPTY_ROW = "__none__"


def fit_columns(room: int, wants: dict[str, int]) -> dict[str, int]:
    """Each column's width: what it wants, shrunk in SHRINK_ORDER (each down to its floor) until the columns fit ``room``."""
    widths = dict(wants)
    excess = sum(widths.values()) - room
    for key, floor in SHRINK_ORDER:
        cut = max(0, min(excess, widths[key] - floor))
        widths[key] -= cut
        excess -= cut
    return widths


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


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
        self.shown: tuple[list[Action], str] | None = None
        """The actions and day last shown, to lay them out again when the width changes."""
        self.room_used = 0
        """The width the rows were last laid out for."""

    def on_mount(self) -> None:
        for label, key in COLUMNS:
            self.add_column(label, key=key)

    def on_resize(self) -> None:
        if self.shown is not None and self.room() != self.room_used:
            self.show_actions(*self.shown)

    def room(self) -> int:
        """The columns' width to fill, leaving room for a vertical scrollbar (it comes and goes without a resize).

        Before the first layout, the screen's width less the panel's border.
        """
        width = self.content_region.width or self.app.size.width - 2
        return width - self.styles.scrollbar_size_vertical

    def show_actions(self, actions: list[Action], today: str) -> None:
        keep = self.highlighted_action()
        variables = self.app.get_css_variables()
        self.shown = (actions, today)
        self.clear()
        self.actions = {a.id: a for a in actions}
        statuses = [status_cell(a, today, variables) for a in actions]
        plain = {
            "due": [a.due_on or "—" for a in actions],
            "status": [status.plain for status in statuses],
            "text": [a.text.replace("\n", " ") for a in actions],
            "standards": [", ".join(a.standards) for a in actions],
            "owner": [a.owner for a in actions],
        }
        wants = {key: max([len(label), *map(len, plain[key])]) for label, key in COLUMNS}
        wants["text"] = min(wants["text"], TEXT_WIDTH)
        self.room_used = self.room()
        widths = fit_columns(self.room_used - 2 * self.cell_padding * len(COLUMNS), wants)
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
        if keep is not None and keep.id in self.actions:
            self.move_cursor(row=self.get_row_index(keep.id))

    def highlighted_action(self) -> Action | None:
        key = highlighted_key(self)
        return self.actions.get(key) if key else None
