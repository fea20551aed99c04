"""Provides the ways out of the person screen: back to the list (asking about unsaved drafts), actions, a session, reports.

Each keeps what was typed for the current standard as a draft first, so coming
back finds it where it was left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..messages import SessionStarted

if TYPE_CHECKING:
    from ..messages import StoreFailed
    from observations.read_models import PersonData

START_SESSION = "start-session"
"""The request id of starting a session, so its failure lets v be pressed again."""


class PersonMoves:
    """Mixin for the person screen: the keys that go to another screen."""

    staff_id: str
    current: str | None
    data: PersonData | None
    starting_session = False
    """True while a session is being started, so pressing v again does not start (and show) a second one."""

    def action_back(self) -> None:
        self.capture()  # type: ignore[attr-defined]
        pending = self.pending_everywhere()  # type: ignore[attr-defined]
        if not pending:
            self.dismiss()  # type: ignore[attr-defined]
            return
        from .dialogs import Confirm

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()  # type: ignore[attr-defined]

        self.app.push_screen(  # type: ignore[attr-defined]
            Confirm("Leave without saving?", f"Not saved yet: {'; '.join(pending)}. Leave this person and lose them?"),
            answered,
        )

    def action_actions(self) -> None:
        from .actions import ActionsScreen

        self.capture()  # type: ignore[attr-defined]
        self.app.push_screen(ActionsScreen(self.staff_id, standard_id=self.current))  # type: ignore[attr-defined]

    def action_session(self) -> None:
        self.capture()  # type: ignore[attr-defined]
        session = self.app.active_sessions.get(self.staff_id)  # type: ignore[attr-defined]
        if session is not None:
            from .session import SessionScreen

            self.app.push_screen(SessionScreen(self.staff_id))  # type: ignore[attr-defined]
            return
        if self.starting_session:
            return
        self.starting_session = True
        manager = self.data.member.manager if self.data else ""
        staff_id, as_of = self.staff_id, self.app.as_of  # type: ignore[attr-defined]

        self.run_db(  # type: ignore[attr-defined]
            lambda store: store.session_on(staff_id, as_of, manager=manager),
            lambda found: SessionStarted(*found), group="session", request=START_SESSION,
        )

    def show_failure(self, message: StoreFailed) -> None:
        if message.request == START_SESSION:
            self.starting_session = False
        super().show_failure(message)  # type: ignore[misc]

    def on_session_started(self, message: SessionStarted) -> None:
        """(A naming-convention handler: ``@on`` is only collected on Textual classes, not on mixins.)"""
        from .session import SessionScreen

        self.starting_session = False
        self.app.active_sessions[self.staff_id] = message.session  # type: ignore[attr-defined]
        self.show_session()  # type: ignore[attr-defined]
        verb = "Picked up today's" if message.resumed else "Started a"
        self.notify(f"{verb} supervision session: what you record now belongs to it.", markup=False, timeout=4)  # type: ignore[attr-defined]
        self.app.push_screen(SessionScreen(self.staff_id))  # type: ignore[attr-defined]

    def action_caseload(self) -> None:
        from .caseload import CaseloadScreen

        self.capture()  # type: ignore[attr-defined]
        self.app.push_screen(CaseloadScreen(self.staff_id))  # type: ignore[attr-defined]

    def action_summary(self) -> None:
        from .summary import SummaryScreen

        self.capture()  # type: ignore[attr-defined]
        self.app.push_screen(SummaryScreen(self.staff_id))  # type: ignore[attr-defined]

    def action_induction(self) -> None:
        from .induction import InductionScreen

        self.capture()  # type: ignore[attr-defined]
        self.app.push_screen(InductionScreen(self.staff_id))  # type: ignore[attr-defined]
