"""Provides saving drafts from any screen that records ratings: one recording pass per framework, new observations and corrections.

The person screen (observations) and the induction view (self-assessments)
save the same way, so the rules live here once: saving again in the same pass
corrects, with a reason; each framework has its own pass (APIR and Methods of
Work share ids such as R1, and a rating of one must never correct the other);
a reply lands in the pass of the observation's framework, whatever the screen
shows by then; a failed write clears only its own "saving" mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from observations.vocabulary import SELF_ASSESSMENT

from ..messages import ObservationSaved
from ..recording import CORRECTION, NEW, NO_RATING, NOTHING, Draft, RecordingPass, SavePlan, level_label

if TYPE_CHECKING:
    from observations.store.records import Observation

    from ..messages import StoreFailed


def save_request(framework_id: str, standard_id: str) -> str:
    """The request id of a write for one standard, carried back by a failure so only that standard's mark is cleared."""
    return f"save:{framework_id}:{standard_id}"


class RecordingFlow:
    """Mixin for a DataScreen with ``staff_id`` that records ratings (it must come before DataScreen in the bases)."""

    staff_id: str
    observer_name: str = ""
    """Who is recording, stored as the observer (the person themself for a self-assessment)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.passes: dict[str, RecordingPass] = {}
        """This visit's passes, by framework id."""
        self.saving: set[str] = set()
        """Request ids (``save_request``) of the writes under way."""
        self.save_errors: dict[str, str] = {}
        """Why the last write of a standard failed, by request id, until it is saved or tried again."""

    def shown_framework_id(self) -> str:
        """The framework whose standards the screen shows now (it may lag the app's choice while the new one loads)."""
        return self.app.framework_id  # type: ignore[attr-defined]

    def new_pass(self, framework_id: str) -> RecordingPass:
        """Hook: a fresh pass for ``framework_id`` (each screen says which source, date and observer it starts with)."""
        return RecordingPass(observed_on=self.app.as_of.isoformat())  # type: ignore[attr-defined]

    # -- state --------------------------------------------------------------

    def pass_for(self, framework_id: str) -> RecordingPass:
        if framework_id not in self.passes:
            self.passes[framework_id] = self.new_pass(framework_id)
        return self.passes[framework_id]

    @property
    def recording(self) -> RecordingPass:
        """The pass of the framework shown."""
        return self.pass_for(self.shown_framework_id())

    def is_saving(self, standard_id: str) -> bool:
        return save_request(self.shown_framework_id(), standard_id) in self.saving

    def save_error(self, standard_id: str) -> str | None:
        return self.save_errors.get(save_request(self.shown_framework_id(), standard_id))

    def pending_everywhere(self) -> list[str]:
        """Unsaved drafts in every framework's pass, e.g. ["U1, U2 in apir", "R1 in methods-of-work"]."""
        return [f"{', '.join(p.pending())} in {framework_id}" for framework_id, p in self.passes.items() if p.pending()]

    def rating_label(self, observation: Observation) -> str:
        """'Secure', as the scale names the level, rather than its key ('secure', 'not-evident')."""
        return level_label(self.app.library, observation.framework, observation.rating)  # type: ignore[attr-defined]

    def observer_for(self, draft: Draft) -> str:
        """Who observed what ``draft`` records (and so who makes a correction of it)."""
        return self.observer_name

    # -- saving -------------------------------------------------------------

    def save_plan(self, plan: SavePlan) -> bool:
        """Carry out ``plan`` in the framework shown; True when a write (or the question before a correction) is under way."""
        standard_id = plan.draft.standard_id
        if self.is_saving(standard_id):
            self.notify("Still saving the last one…", markup=False, timeout=2)  # type: ignore[attr-defined]
            return False
        if plan.kind == NO_RATING:
            levels = len(self.app.library.get(self.shown_framework_id()).rating_scale.levels)  # type: ignore[attr-defined]
            self.notify(f"Rate {standard_id} first: press 1–{levels}.", severity="warning", markup=False, timeout=4)  # type: ignore[attr-defined]
            return False
        if plan.kind == NOTHING:
            self.notify(f"{standard_id} is saved and unchanged.", markup=False, timeout=3)  # type: ignore[attr-defined]
            return False
        if plan.kind == NEW:
            self.record(plan)
        elif plan.kind == CORRECTION:
            self.ask_reason(plan)
        return True

    def record(self, plan: SavePlan) -> None:
        draft = plan.draft
        staff_id, framework_id = self.staff_id, self.shown_framework_id()
        session = self.app.active_sessions.get(staff_id)  # type: ignore[attr-defined]
        observer = self.observer_for(draft)
        if draft.source != SELF_ASSESSMENT:  # the next standards start with the source just used (one pass, one kind of evidence)
            self.recording.choose_source(draft.source)
            self.app.last_source = draft.source  # type: ignore[attr-defined]

        def write(store) -> Observation:
            return store.record_observation(
                staff_id,
                draft.standard_id,
                draft.rating,
                framework_id=framework_id,
                observed_on=draft.observed_on,
                source=draft.source,
                evidence=draft.evidence,
                examples=sorted(draft.examples),
                observer=observer or None,
                session_id=session.id if session else None,
            )

        self._write(framework_id, draft.standard_id, write, corrected=False)

    def ask_reason(self, plan: SavePlan) -> None:
        from .dialogs import TextPrompt

        framework_id = self.shown_framework_id()

        def answered(reason: str | None) -> None:
            if reason:
                self.correct(framework_id, plan, reason)

        saved = plan.corrects
        when = f" at {saved.recorded_at[11:16]} UTC" if saved else ""
        standard_id = plan.draft.standard_id
        self.app.push_screen(  # type: ignore[attr-defined]
            TextPrompt(
                f"Correct {standard_id}",
                f"You saved {standard_id}{when} a moment ago. Saving it again corrects that record ({plan.describe()}); "
                "the first version stays in the history. Why the correction?",
                placeholder="e.g. pressed the wrong key",
            ),
            answered,
        )

    def correct(self, framework_id: str, plan: SavePlan, reason: str) -> None:
        """Correct the revision the screen showed; if someone else changed it meanwhile, the store refuses and the screen says so."""
        observation_id = plan.corrects.observation_id if plan.corrects else ""
        revision = plan.corrects.revision if plan.corrects else None
        changes = dict(plan.changes)
        by = self.observer_for(plan.draft) or None

        def write(store) -> Observation:
            return store.correct_observation(observation_id, reason=reason, by=by, expected_revision=revision, **changes)

        self._write(framework_id, plan.draft.standard_id, write, corrected=True)

    def _write(self, framework_id: str, standard_id: str, write, *, corrected: bool) -> None:
        request = save_request(framework_id, standard_id)
        self.saving.add(request)
        self.save_errors.pop(request, None)
        self.saving_changed()
        self.run_db(write, lambda observation: ObservationSaved(observation, corrected), group="save", request=request)  # type: ignore[attr-defined]

    def saving_changed(self) -> None:
        """Hook: show that a save started or ended."""

    # -- replies ------------------------------------------------------------

    def on_observation_saved(self, message: ObservationSaved) -> None:
        """(A naming-convention handler: ``@on`` is only collected on Textual classes, not on mixins.)"""
        observation = message.observation
        self.saving.discard(save_request(observation.framework, observation.standard))
        self.pass_for(observation.framework).mark_saved(observation)
        self.notify(self.saved_note(observation, message.corrected), markup=False, timeout=3)  # type: ignore[attr-defined]
        self.after_save(observation)
        self.reload()  # type: ignore[attr-defined]

    def saved_note(self, observation: Observation, corrected: bool) -> str:
        """Hook: the one line that confirms a save."""
        return f"{'Corrected' if corrected else 'Saved'} {observation.standard}: {observation.rating}."

    def after_save(self, observation: Observation) -> None:
        """Hook: what the screen does once ``observation`` is saved (e.g. move to the next standard)."""

    def show_failure(self, message: StoreFailed) -> None:
        """A failed save clears its own "saving" mark only (another read or write may still be under way)."""
        if message.request is not None and message.request in self.saving:
            self.saving.discard(message.request)
            self.save_errors[message.request] = message.message
            self.save_failed(message)
            self.saving_changed()
        else:
            super().show_failure(message)  # type: ignore[misc]

    def save_failed(self, message: StoreFailed) -> None:
        """Hook: say why a save failed (a toast here; the person screen says it in its recording panel)."""
        super().show_failure(message)  # type: ignore[misc]
