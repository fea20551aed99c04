"""Provides the small dialogs: a reason for a correction, a yes/no question, a note when closing an action."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class TextPrompt(ModalScreen[str | None]):
    """One line of text, e.g. why an observation is corrected; enter accepts, escape cancels (None)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="prompt-cancel", tooltip="Close without doing anything")]

    def __init__(
        self,
        title: str,
        explanation: str,
        *,
        placeholder: str = "",
        required: bool = True,
        value: str = "",
        check: Callable[[str], str | None] | None = None,
    ):
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.placeholder = placeholder
        self.required = required
        self.value = value
        self.check = check
        """What is wrong with the text typed (None: nothing): said under the box, which keeps the text to mend."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.explanation, markup=False)
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="dialog-error", id="prompt-error", markup=False)
            yield Static("enter accepts · escape cancels", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def accept(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#prompt-error", Static).update("Please type something (escape cancels).")
            return
        problem = self.check(text) if self.check is not None else None
        if problem:
            self.query_one("#prompt-error", Static).update(f"{problem[:1].upper()}{problem[1:]}.")
            return
        self.dismiss(text)


class Confirm(ModalScreen[bool]):
    """A yes/no question: y or enter says yes, n or escape says no."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y,enter", "dismiss(True)", "Yes", id="confirm-yes", tooltip="Yes, go ahead"),
        Binding("n,escape", "dismiss(False)", "No", id="confirm-no", tooltip="No, go back"),
    ]

    def __init__(self, title: str, question: str):
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.question, markup=False)
            yield Static("y yes · n no", classes="hint", markup=False)
