"""Provides the base of a screen that records ratings: it owns a recording controller and runs the writes it hands back.

The person screen (observations) and the induction view (self-assessments) save
the same way. What a save means is the controller's (plain Python, plain
tests); this class only asks the reason for a correction, runs the write in a
thread worker, and takes the reply. Screens say what differs by overriding the
small methods at the end (which framework is shown, how a pass starts, what a
saved note says, what happens after a save).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from observations.vocabulary import SELF_ASSESSMENT

from ..person_messages import ObservationSaved
from ..recording import Draft, RecordingPass, SavePlan, level_label
from ..recording_controller import ASK_REASON, REFUSED, RecordingController
from .base import DataScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from observations.store.observation_store import Store
    from observations.store.records import Observation

    from ..messages import StoreFailed


class RecordingScreen(DataScreen):
    """A screen about one person that records ratings of their practice."""

    observer_name: str = ""
    """Who is recording, stored as the observer (the person themself for a self-assessment)."""

    def __init__(self, staff_id: str):
        super().__init__()
        self.staff_id = staff_id
        self.controller = RecordingController(self.new_pass)

    # -- what a screen says differently ----------------------------------------

    def shown_framework_id(self) -> str:
        """The framework whose standards the screen shows now (it may lag the app's choice while the new one loads)."""
        return self.app.framework_id

    def new_pass(self, framework_id: str) -> RecordingPass:
        """A fresh pass for ``framework_id``: which source, date and observer it starts with."""
        return RecordingPass(observed_on=self.app.as_of.isoformat())

    def observer_for(self, draft: Draft) -> str:
        """Who observed what ``draft`` records (and so who makes a correction of it)."""
        return self.observer_name

    def saved_note(self, observation: Observation, corrected: bool) -> str:
        """The one line that confirms a save."""
        return f"{'Corrected' if corrected else 'Saved'} {observation.standard}: {self.rating_label(observation)}."

    def after_save(self, observation: Observation) -> None:
        """What the screen does once ``observation`` is saved (e.g. move to the next standard)."""

    def reread_after_save(self) -> None:
        """Read again what a save changes (all of this screen's data, unless a screen knows better)."""
        self.reload()

    def saving_changed(self) -> None:
        """Show that a save started or ended."""

    def save_failed(self, message: StoreFailed) -> None:
        """Say why a save failed: a toast here (the person screen says it in its recording panel)."""
        super().show_failure(message)

    # -- state ----------------------------------------------------------------

    @property
    def recording(self) -> RecordingPass:
        """The pass of the framework shown."""
        return self.controller.pass_for(self.shown_framework_id())

    def is_saving(self, standard_id: str) -> bool:
        return self.controller.is_saving(self.shown_framework_id(), standard_id)

    def save_error(self, standard_id: str) -> str | None:
        return self.controller.save_error(self.shown_framework_id(), standard_id)

    def rating_label(self, observation: Observation) -> str:
        """'Secure', as the scale names the level, rather than its key ('secure', 'not-evident')."""
        return level_label(self.app.library, observation.framework, observation.rating)

    # -- saving ---------------------------------------------------------------

    def save_plan(self, plan: SavePlan) -> bool:
        """Carry out ``plan`` in the framework shown; True when a write (or the question before a correction) is under way."""
        framework_id = self.shown_framework_id()
        levels = len(self.app.library.get(framework_id).rating_scale.levels)
        step = self.controller.step(framework_id, plan, levels)
        if step.kind == REFUSED:
            self.notify(step.refusal, severity="warning" if step.warning else "information", markup=False, timeout=4 if step.warning else 3)
            return False
        if step.kind == ASK_REASON:
            self.ask_reason(framework_id, plan)
            return True
        draft = plan.draft
        session = self.app.active_sessions.get(self.staff_id)
        if draft.source != SELF_ASSESSMENT:
            self.app.last_source = draft.source
        write = self.controller.new_observation(
            self.staff_id, framework_id, plan, observer=self.observer_for(draft), session_id=session.id if session else None
        )
        self._write(framework_id, draft.standard_id, write, corrected=False)
        return True

    def ask_reason(self, framework_id: str, plan: SavePlan) -> None:
        from .dialogs import TextPrompt

        by = self.observer_for(plan.draft)

        def answered(reason: str | None) -> None:
            if reason:
                self._write(framework_id, plan.draft.standard_id, self.controller.correction(plan, reason, by=by), corrected=True)

        title, question = self.controller.correction_question(plan)
        self.app.push_screen(TextPrompt(title, question, placeholder="e.g. pressed the wrong key"), answered)

    def _write(self, framework_id: str, standard_id: str, write: Callable[[Store], Observation], *, corrected: bool) -> None:
        request = self.controller.started(framework_id, standard_id)
        self.saving_changed()
        self.run_db(write, lambda observation: ObservationSaved(observation, corrected), group="save", request=request)

    # -- replies ----------------------------------------------------------------

    @on(ObservationSaved)
    def observation_saved(self, message: ObservationSaved) -> None:
        observation = message.observation
        self.controller.saved(observation)
        self.notify(self.saved_note(observation, message.corrected), markup=False, timeout=3)
        self.after_save(observation)
        self.reread_after_save()

    def show_failure(self, message: StoreFailed) -> None:
        """A failed save clears its own "saving" mark only (another read or write may still be under way)."""
        if self.controller.failed(message.request, message.message):
            self.save_failed(message)
            self.saving_changed()
        else:
            super().show_failure(message)

