"""Provides agreeing, completing and dropping actions: the dialog for a new action and the keys both action screens share.

The dialog writes through the store itself and stays open on a mistake (a bad
date, an unknown standard), showing the store's one-line message, so nothing
typed is lost.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding

from ..person_messages import ActionChanged
from ..widgets.action_table import ActionTable
from .forms import Field, FormDialog

if TYPE_CHECKING:
    from observations.store.records import Action

DEFAULT_DUE_DAYS = 28


class AddActionDialog(FormDialog["Action | None"]):
    """Text, standards, due date and owner of a new action; ctrl+s or enter on the last field saves."""

    prefix = "action"
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

    def form_title(self) -> str:
        return "New development action" + (" (in this session)" if self.session_id else "")

    def fields(self) -> list[Field]:
        due = (self.app.as_of + timedelta(days=DEFAULT_DUE_DAYS)).isoformat()
        return [
            Field("text", "What", placeholder="e.g. shadow a colleague's assessment interview"),
            Field("standards", "Standards", ", ".join(self.standards), f"{self.app.framework_id} ids it develops, e.g. A2, P4"),
            Field("due", "Due", due, "YYYY-MM-DD"),
            Field("owner", "Owner", self.owner, "who does it"),
        ]

    def save(self) -> None:
        text, owner = self.value("text"), self.value("owner")
        standards = [s.strip() for s in self.value("standards").split(",") if s.strip()]
        due = self.value("due").strip() or None
        staff_id, framework_id, session_id = self.staff_id, self.app.framework_id, self.session_id

        def write(store) -> Action:
            return store.add_action(
                staff_id, text, standards=standards, framework_id=framework_id, owner=owner, due_on=due, session_id=session_id
            )

        self.run_db(write, lambda action: ActionChanged(action, "added"), group="action")

    @on(ActionChanged)
    def added(self, message: ActionChanged) -> None:
        self.dismiss(message.action)


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
                for table in self.query(ActionTable):  # type: ignore[attr-defined]
                    table.highlight_next = action.id
                self.app.notify("Action agreed.", markup=False, timeout=3)  # type: ignore[attr-defined]
                self.reload()  # type: ignore[attr-defined]

        dialog = AddActionDialog(
            self.staff_id, owner=self.default_owner(), standards=self.default_standards(), session_id=session.id if session else None
        )
        self.app.push_screen(dialog, added)  # type: ignore[attr-defined]

    def action_table(self) -> ActionTable:
        """The table the keys act on: the one with the focus (the session view has two), else the first."""
        focused = self.focused  # type: ignore[attr-defined]
        return focused if isinstance(focused, ActionTable) else self.query_one(ActionTable)  # type: ignore[attr-defined]

    def action_complete_action(self) -> None:
        self._close("done", "Complete the action", "A note on how it went (optional):")

    def action_drop_action(self) -> None:
        self._close("dropped", "Drop the action", "Why it no longer applies (optional):")

    def _close(self, status: str, title: str, question: str) -> None:
        from .dialogs import TextPrompt

        action = self.action_table().highlighted_action()
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
