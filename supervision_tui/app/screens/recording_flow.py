"""Provides saving a draft from any screen that records ratings: a new observation, or a correction with a reason.

The person screen (observations) and the induction view (self-assessments)
save the same way, so the rule "saving again in the same pass corrects, with a
reason" lives here once. The screen handles ``ObservationSaved``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..messages import ObservationSaved
from ..recording import CORRECTION, NEW, NO_RATING, NOTHING, Draft, SavePlan

if TYPE_CHECKING:
    from observations.records import Observation


class RecordingFlow:
    """Mixin for a DataScreen with ``staff_id`` and a ``saving`` set of standards being written."""

    staff_id: str
    saving: set[str]
    observer_name: str = ""
    """Who is recording, stored as the observer (the person themself for a self-assessment)."""

    def observer_for(self, draft: Draft) -> str:
        """Who observed what ``draft`` records (and so who makes a correction of it)."""
        return self.observer_name

    def save_plan(self, plan: SavePlan) -> bool:
        """Carry out ``plan``; True when a write (or the question before a correction) is under way."""
        standard_id = plan.draft.standard_id
        if standard_id in self.saving:
            self.notify("Still saving the last one…", markup=False, timeout=2)  # type: ignore[attr-defined]
            return False
        if plan.kind == NO_RATING:
            levels = len(self.app.framework.rating_scale.levels)  # type: ignore[attr-defined]
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
        staff_id, framework_id, as_of = self.staff_id, self.app.framework_id, self.app.as_of  # type: ignore[attr-defined]
        session = self.app.active_sessions.get(staff_id)  # type: ignore[attr-defined]
        observer = self.observer_for(draft)
        observed_on = draft.observed_on or as_of

        def write(store) -> Observation:
            return store.record_observation(
                staff_id,
                draft.standard_id,
                draft.rating,
                framework_id=framework_id,
                observed_on=observed_on,
                source=draft.source,
                evidence=draft.evidence,
                examples=sorted(draft.examples),
                observer=observer or None,
                session_id=session.id if session else None,
            )

        self._write(draft.standard_id, write, corrected=False)

    def ask_reason(self, plan: SavePlan) -> None:
        from .dialogs import TextPrompt

        def answered(reason: str | None) -> None:
            if reason:
                self.correct(plan, reason)

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

    def correct(self, plan: SavePlan, reason: str) -> None:
        observation_id = plan.corrects.observation_id if plan.corrects else ""
        changes = dict(plan.changes)
        by = self.observer_for(plan.draft) or None

        def write(store) -> Observation:
            return store.correct_observation(observation_id, reason=reason, by=by, **changes)

        self._write(plan.draft.standard_id, write, corrected=True)

    def _write(self, standard_id: str, write, *, corrected: bool) -> None:
        self.saving.add(standard_id)
        self.saving_changed()
        self.run_db(write, lambda observation: ObservationSaved(observation, corrected), group="save")  # type: ignore[attr-defined]

    def saving_changed(self) -> None:
        """Hook: show that a save is under way."""
