"""Provides the help screen (F1 or ?): the keys of the screen underneath, grouped by where they work."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from ..keys import KeyEntry, screen_keys
from ..widgets.fresh_table import FreshTable


BOX_WIDTH = 100
FRAME = 12
"""The box's border and padding, the table's scrollbar and the cells' padding: what the three columns cannot use."""


class HelpScreen(ModalScreen[None]):
    """A table of every key of the screen it was opened over; any of escape, F1, ? or q closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help-close", tooltip="Back to the screen"),
    ]

    def __init__(self, over: Screen):
        super().__init__()
        self.over = over

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"Keys: {getattr(self.over, 'HELP_TITLE', None) or 'this screen'}", id="help-title", markup=False)
            yield Static(
                "A key works where its group says: 'Anywhere', on the whole screen, or only while that part has the "
                "focus (it has the bright border). Tab moves the focus; ctrl+p finds any command by name.",
                id="help-intro",
                markup=False,
            )
            yield FreshTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static("escape closes", id="help-close-hint", markup=False)

    def does_width(self, entries: list[KeyEntry]) -> int:
        """Room for the explanations, which wrap rather than run off an 80-column terminal."""
        box = min(BOX_WIDTH, int(self.app.size.width * 0.95))
        where = max((len(e.where) for e in entries), default=0)
        key = max((len(e.key) for e in entries), default=0)
        return max(20, box - FRAME - where - key)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Where")
        table.add_column("Key")
        entries = [entry for entry in screen_keys(self.app, self.over) if entry.enabled()]
        table.add_column("Does", width=self.does_width(entries))
        previous = None
        for entry in entries:
            where = entry.where if entry.where != previous else ""
            previous = entry.where
            table.add_row(Text(where, style="bold"), Text(entry.key), Text(entry.tooltip or entry.description), height=None)
        table.focus()
