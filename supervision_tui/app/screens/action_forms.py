"""Provides agreeing, completing and dropping actions: the dialog for a new action and the keys both action screens share.

The dialog writes through the store itself and stays open on a mistake (a bad
date, an unknown standard), showing the store's one-line message, so nothing
typed is lost.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from ..messages import ActionChanged, StoreFailed
from ..widgets.action_table import ActionTable
from .base import DataModal

if TYPE_CHECKING:
    from observations.records import Action

DEFAULT_DUE_DAYS = 28


class AddActionDialog(DataModal["Action | None"]):
    """Text, standards, due date and owner of a new action; ctrl+s or enter on the last field saves."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="new-action-save", tooltip="Save the action"),
        Binding("escape", "dismiss(None)", "Cancel", id="new-action-cancel", tooltip="Close without saving"),
    ]

    def __init__(self, staff_id: str, *, owner: str, standards: list[str], session_id: str | None):
        super().__init__()
        self.staff_id = staff_id
        self.owner = owner
        self.standards = standards
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        due = (self.app.as_of + timedelta(days=DEFAULT_DUE_DAYS)).isoformat()
        with Vertical(classes="dialog"):
            yield Static("New development action" + (" (in this session)" if self.session_id else ""), classes="dialog-title", markup=False)
            yield Static("What will be done", classes="field-label", markup=False)
            yield Input(id="action-text", placeholder="e.g. shadow a colleague's assessment interview")
            yield Static(f"Standards it develops ({self.app.framework_id}; comma between ids)", classes="field-label", markup=False)
            yield Input(", ".join(self.standards), id="action-standards")
            yield Static("Due (YYYY-MM-DD)", classes="field-label", markup=False)
            yield Input(due, id="action-due")
            yield Static("Owner", classes="field-label", markup=False)
            yield Input(self.owner, id="action-owner")
            yield Static("", classes="dialog-error", id="action-error", markup=False)
            yield Static("tab next field · ctrl+s or enter in the last field saves · escape cancels", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "action-owner":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        text = self.query_one("#action-text", Input).value
        standards = [s.strip() for s in self.query_one("#action-standards", Input).value.split(",") if s.strip()]
        due = self.query_one("#action-due", Input).value.strip() or None
        owner = self.query_one("#action-owner", Input).value
        staff_id, framework_id, session_id = self.staff_id, self.app.framework_id, self.session_id

        def write(store) -> Action:
            return store.add_action(
                staff_id, text, standards=standards, framework_id=framework_id, owner=owner, due_on=due, session_id=session_id
            )

        self.run_db(write, lambda action: ActionChanged(action, "added"), group="action")

    @on(ActionChanged)
    def added(self, message: ActionChanged) -> None:
        self.dismiss(message.action)

    @on(StoreFailed)
    def failed(self, message: StoreFailed) -> None:
        self.query_one("#action-error", Static).update(message.message)


class ActionKeys:
    """Adding, completing and dropping the highlighted action, for any screen with an ActionTable."""

    staff_id: str

    def default_owner(self) -> str:
        """Who owns a new action by default: the person it is for."""
        return ""

    def default_standards(self) -> list[str]:
        return []

    def action_add_action(self) -> None:
        session = self.app.active_sessions.get(self.staff_id)  # type: ignore[attr-defined]

        def added(action: Action | None) -> None:
            if action is not None:
                self.app.notify("Action agreed.", markup=False, timeout=3)  # type: ignore[attr-defined]
                self.reload()  # type: ignore[attr-defined]

        dialog = AddActionDialog(
            self.staff_id, owner=self.default_owner(), standards=self.default_standards(), session_id=session.id if session else None
        )
        self.app.push_screen(dialog, added)  # type: ignore[attr-defined]

    def action_complete_action(self) -> None:
        self._close("done", "Complete the action", "A note on how it went (optional):")

    def action_drop_action(self) -> None:
        self._close("dropped", "Drop the action", "Why it no longer applies (optional):")

    def _close(self, status: str, title: str, question: str) -> None:
        from .dialogs import TextPrompt

        action = self.query_one(ActionTable).highlighted_action()  # type: ignore[attr-defined]
        if action is None:
            return
        if action.status != "open":
            self.app.notify(f"That action is already {action.status}.", markup=False, timeout=3)  # type: ignore[attr-defined]
            return
        as_of = self.app.as_of  # type: ignore[attr-defined]

        def answered(note: str | None) -> None:
            if note is None:
                return
            self.run_db(  # type: ignore[attr-defined]
                lambda store: store.update_action(action.id, status, note=note, on=as_of),
                lambda changed: ActionChanged(changed, status),
                group="action",
            )

        self.app.push_screen(TextPrompt(title, f"{action.text}\n\n{question}", required=False), answered)  # type: ignore[attr-defined]
