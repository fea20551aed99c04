"""Provides FormDialog: a dialog of labelled one-line fields that the store checks, kept open with its message on a mistake.

The new-action and new-member-of-staff dialogs are both this: a title, a row
per field, one error line, a hint. Saving writes through the store in a worker;
the store's one-line message lands in the dialog and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Static

from standards.visible_text import visible_line

from .base import DataModal

if TYPE_CHECKING:
    from ..messages import StoreFailed

T = TypeVar("T")


@dataclass(frozen=True)
class Field:
    """One labelled line of a form: its id (without the form's prefix), label, starting value and placeholder."""

    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    suggester: Suggester | None = None


class FormDialog(DataModal[T]):
    """Fields in rows; enter moves to the next field and saves on the last; a store error shows under the fields."""

    CSS_PATH = "dialogs.tcss"
    prefix = "form"
    """Each field's id is ``{prefix}-{key}``; the error line is ``{prefix}-error``."""

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        """True while a write is under way: a second ctrl+s or enter then does nothing, so one form writes one row."""

    def form_title(self) -> str:
        return ""

    def fields(self) -> list[Field]:
        return []

    def form_hint(self) -> str:
        return "tab: next field · ctrl+s: save · esc: cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.form_title(), classes="dialog-title", markup=False)
            for field in self.fields():
                with Horizontal(classes="form-row"):
                    yield Static(field.label, classes="form-label", markup=False)
                    yield Input(field.value, id=self.field_id(field.key), placeholder=field.placeholder, compact=True, suggester=field.suggester)
            yield Static("", classes="dialog-error", id=f"{self.prefix}-error", markup=False)
            yield Static(self.form_hint(), classes="hint", markup=False)

    def field_id(self, key: str) -> str:
        return f"{self.prefix}-{key}"

    def value(self, key: str) -> str:
        return self.query_one(f"#{self.field_id(key)}", Input).value

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input is self.query(Input).last():
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        """Write what the fields say, once: keys pressed again while it is being written do nothing."""
        if not self.saving:
            self.saving = True
            self.save()

    def save(self) -> None:
        """Hook: start the write (each dialog says how); the dialog closes when its result arrives."""

    def show_failure(self, message: StoreFailed) -> None:
        """The store's one line under the fields (only there: not again as a toast); the form can be saved again."""
        self.saving = False
        self.query_one(f"#{self.prefix}-error", Static).update(visible_line(message.message))
