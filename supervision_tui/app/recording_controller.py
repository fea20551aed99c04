"""Provides the recording controller: one visit's recording passes, the writes under way, and why one failed.

A screen that records ratings (the person screen, the induction view) owns one
and shows what it says; the rules of a save live here, with no Textual in it, so
they have plain tests:

- each framework has its own pass (APIR and Methods of Work share ids such as
  R1, and a rating of one must never correct the other);
- saving again in the same pass corrects what was saved, with a reason;
- a standard whose write is under way is not written again until it answers;
- a reply lands in the pass of the observation's framework, whatever the
  screen shows by then;
- a failed write clears only its own "saving" mark, and its reason is kept
  until that standard is saved or tried again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from observations.vocabulary import SELF_ASSESSMENT

from .recording import CORRECTION, NEW, NO_RATING, NOTHING, RecordingPass, SavePlan

if TYPE_CHECKING:
    from observations.store.observation_store import Store
    from observations.store.records import Observation

WRITE = "write"
ASK_REASON = "ask-reason"
REFUSED = "refused"


def save_request(framework_id: str, standard_id: str) -> str:
    """The request id of a write for one standard, carried back by a failure so only that standard's mark is cleared."""
    return f"save:{framework_id}:{standard_id}"


@dataclass(frozen=True)
class SaveStep:
    """What saving a plan asks of the screen: write it, ask why it corrects, or say ``refusal`` and write nothing."""

    kind: str
    refusal: str = ""
    warning: bool = False
    """True when the refusal is a mistake to put right (no rating yet), not just news (already saved)."""


class RecordingController:
    """The recording passes of one visit to a person, by framework id, and the state of their writes."""

    def __init__(self, new_pass: Callable[[str], RecordingPass]):
        self._new_pass = new_pass
        """Makes a fresh pass for a framework: each screen says which source, date and observer it starts with."""
        self.passes: dict[str, RecordingPass] = {}
        self.saving: set[str] = set()
        """Request ids (``save_request``) of the writes under way."""
        self.save_errors: dict[str, str] = {}
        """Why the last write of a standard failed, by request id, until it is saved or tried again."""

    def pass_for(self, framework_id: str) -> RecordingPass:
        if framework_id not in self.passes:
            self.passes[framework_id] = self._new_pass(framework_id)
        return self.passes[framework_id]

    def is_saving(self, framework_id: str, standard_id: str) -> bool:
        return save_request(framework_id, standard_id) in self.saving

    def save_error(self, framework_id: str, standard_id: str) -> str | None:
        return self.save_errors.get(save_request(framework_id, standard_id))

    def pending_everywhere(self) -> list[str]:
        """Unsaved drafts in every framework's pass, e.g. ["U1, U2 in apir", "R1 in methods-of-work"]."""
        return [f"{', '.join(p.pending())} in {framework_id}" for framework_id, p in self.passes.items() if p.pending()]

    # -- a save, step by step -------------------------------------------------

    def step(self, framework_id: str, plan: SavePlan, levels: int) -> SaveStep:
        """What saving ``plan`` in ``framework_id`` (whose scale has ``levels`` levels) needs next."""
        standard_id = plan.draft.standard_id
        if self.is_saving(framework_id, standard_id):
            return SaveStep(REFUSED, "Still saving the last one…")
        if plan.kind == NO_RATING:
            return SaveStep(REFUSED, f"Rate {standard_id} first: press 1–{levels}.", warning=True)
        if plan.kind == NOTHING:
            return SaveStep(REFUSED, f"{standard_id} is saved and unchanged.")
        if plan.kind == CORRECTION:
            return SaveStep(ASK_REASON)
        assert plan.kind == NEW, plan.kind
        return SaveStep(WRITE)

    def new_observation(
        self, staff_id: str, framework_id: str, plan: SavePlan, *, observer: str, session_id: str | None
    ) -> Callable[[Store], Observation]:
        """The write that records ``plan``'s draft; the pass's next drafts start with the source it used
        (one pass, one kind of evidence), except a self-assessment, which is one draft's only."""
        draft = plan.draft
        if draft.source != SELF_ASSESSMENT:
            self.pass_for(framework_id).choose_source(draft.source)

        def write(store: Store) -> Observation:
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
                session_id=session_id,
            )

        return write

    @staticmethod
    def correction(plan: SavePlan, reason: str, *, by: str) -> Callable[[Store], Observation]:
        """The write that corrects the revision the screen showed; if someone changed it meanwhile, the store refuses."""
        observation_id = plan.corrects.observation_id if plan.corrects else ""
        revision = plan.corrects.revision if plan.corrects else None
        changes = dict(plan.changes)

        def write(store: Store) -> Observation:
            return store.correct_observation(observation_id, reason=reason, by=by or None, expected_revision=revision, **changes)

        return write

    @staticmethod
    def correction_question(plan: SavePlan) -> tuple[str, str]:
        """The title and text of the question a correction asks first."""
        standard_id = plan.draft.standard_id
        when = f" at {plan.corrects.recorded_at[11:16]} UTC" if plan.corrects else ""
        return (
            f"Correct {standard_id}",
            (
                f"You saved {standard_id}{when} a moment ago. Saving it again corrects that record ({plan.describe()}); "
                "the first version stays in the history. Why the correction?"
            ),
        )

    def started(self, framework_id: str, standard_id: str) -> str:
        """A write for the standard is under way: its request id, and any earlier failure forgotten."""
        request = save_request(framework_id, standard_id)
        self.saving.add(request)
        self.save_errors.pop(request, None)
        return request

    def saved(self, observation: Observation) -> None:
        """The store answered: the draft is done, in the pass of the observation's own framework."""
        self.saving.discard(save_request(observation.framework, observation.standard))
        self.pass_for(observation.framework).mark_saved(observation)

    def failed(self, request: str | None, message: str) -> bool:
        """A write failed: True when it was one of ours (its mark cleared, its reason kept), False for anything else."""
        if request is None or request not in self.saving:
            return False
        self.saving.discard(request)
        self.save_errors[request] = message
        return True

