"""Provides the framework switcher: the shipped frameworks and the organisation's own, one key to choose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from standards import FrameworkLibrary


class FrameworkPicker(ModalScreen[str | None]):
    """A list of frameworks; enter picks one, escape keeps the current one."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="framework-cancel", tooltip="Keep the current framework")]

    def __init__(self, library: FrameworkLibrary, current: str):
        super().__init__()
        self.library = library
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Framework", classes="dialog-title")
            options = [
                Option(
                    Content.assemble(
                        ("● " if f.id == self.current else "  ", "bold $success"),  # the one in use, beside the cursor's
                        (f.title, "bold"),
                        f"  ({f.id}, {sum(1 for _ in f.standards())} standards)",
                    ),
                    id=f.id,
                )
                for f in self.library
            ]
            yield OptionList(*options, id="frameworks")
            yield Static("● the framework in use · enter chooses · escape cancels", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.library.ids().index(self.current) if self.current in self.library else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
