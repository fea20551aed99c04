"""Provides the recording pass: drafts of ratings not yet saved, and whether saving one records or corrects.

A manager rates standard after standard in one pass. A standard saved earlier
in the same pass that is saved again becomes a correction of that observation,
with a reason, never a second observation or a silent overwrite. Plain Python:
no Textual, no SQL, so the rules have plain tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from observations.dates import parse_date
from observations.errors import InputError
from observations.vocabulary import SELF_ASSESSMENT, SOURCES

if TYPE_CHECKING:
    from observations.store.records import Observation
    from standards import FrameworkLibrary

NEW = "new"
CORRECTION = "correction"
NOTHING = "nothing"
NO_RATING = "no-rating"


@dataclass(frozen=True)
class Draft:
    """What has been entered for one standard and not saved yet."""

    standard_id: str
    rating: str | None = None
    examples: frozenset[int] = frozenset()
    evidence: str = ""
    source: str = SOURCES[0]
    observed_on: str = ""
    """The date observed as typed (YYYY-MM-DD). The screens start each pass at the app's today, and the person screen
    refuses an empty or impossible date (``date_problem``) rather than guess one."""

    @property
    def touched(self) -> bool:
        """True once anything was entered, so leaving the screen can warn about it."""
        return self.rating is not None or bool(self.examples) or bool(self.evidence.strip())

    def with_rating(self, rating: str) -> Draft:
        return replace(self, rating=rating)

    @classmethod
    def from_saved(cls, observation: Observation) -> Draft:
        """A draft that starts from what was just saved, so a correction changes only what the user changes."""
        return cls(
            observation.standard,
            rating=observation.rating,
            examples=frozenset(observation.examples),
            evidence=observation.evidence,
            source=observation.source,
            observed_on=observation.observed_on,
        )


@dataclass(frozen=True)
class SavePlan:
    """What saving a draft will do: record a new observation, correct one saved in this pass, or nothing."""

    kind: str
    draft: Draft
    corrects: Observation | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    """For a correction: only the fields that differ from the saved observation."""

    def describe(self) -> str:
        """One line for the user: what a correction changes."""
        if self.kind != CORRECTION:
            return ""
        parts = []
        if "rating" in self.changes and self.corrects is not None:
            parts.append(f"rating {self.corrects.rating} → {self.changes['rating']}")
        if "source" in self.changes and self.corrects is not None:
            parts.append(f"source {self.corrects.source} → {self.changes['source']}")
        if "observed_on" in self.changes and self.corrects is not None:
            parts.append(f"date {self.corrects.observed_on} → {self.changes['observed_on']}")
        if "evidence" in self.changes:
            parts.append("evidence changed")
        if "examples" in self.changes:
            parts.append("examples changed")
        return ", ".join(parts)


def plan_save(draft: Draft, saved_in_pass: Observation | None) -> SavePlan:
    """Decide what saving ``draft`` means, given the observation saved for its standard earlier in this pass."""
    if draft.rating is None:
        return SavePlan(NO_RATING, draft)
    if saved_in_pass is None:
        return SavePlan(NEW, draft)
    changes: dict[str, Any] = {}
    if draft.rating != saved_in_pass.rating:
        changes["rating"] = draft.rating
    if draft.source != saved_in_pass.source:
        changes["source"] = draft.source
    if draft.evidence != saved_in_pass.evidence:
        changes["evidence"] = draft.evidence
    if draft.observed_on and draft.observed_on != saved_in_pass.observed_on:
        changes["observed_on"] = draft.observed_on
    if tuple(sorted(draft.examples)) != tuple(sorted(saved_in_pass.examples)):
        changes["examples"] = sorted(draft.examples)
    if not changes:
        return SavePlan(NOTHING, draft, corrects=saved_in_pass)
    return SavePlan(CORRECTION, draft, corrects=saved_in_pass, changes=changes)


def date_problem(text: str, as_of: date) -> str | None:
    """Why ``text`` cannot be the date observed (None when it can): not YYYY-MM-DD, not a real day, or after ``as_of``."""
    try:
        value = parse_date(text.strip(), "date observed", allow_future=True)
    except InputError as error:
        return str(error)
    if value > as_of:
        return f"date observed: {value.isoformat()} is after today ({as_of.isoformat()}); record practice already seen"
    return None


def level_label(library: FrameworkLibrary, framework_id: str, key: str) -> str:
    """'Secure', as the framework's scale names a rating, rather than its key ('secure', 'not-evident');
    the key itself when the framework or the level is no longer there."""
    return library.get(framework_id).rating_scale.label(key) if framework_id in library else key


class RecordingPass:
    """Drafts per standard and the observations saved so far in this visit to a person's screen."""

    def __init__(self, source: str = SOURCES[0], *, observed_on: str = "", observer: str | None = None):
        self.source = source
        """The last source chosen, used for every new draft."""
        self.observed_on = observed_on
        """The date observed typed last (YYYY-MM-DD), used for every new draft: a pass usually records one day's practice."""
        self.observer = observer
        """Who observed, for every observation of the pass; None until the screen fills in its default (the manager)."""
        self._drafts: dict[str, Draft] = {}
        self._saved: dict[str, Observation] = {}

    def draft(self, standard_id: str) -> Draft:
        """The draft for a standard: the one kept, else a copy of what was saved in this pass, else a fresh one."""
        if standard_id in self._drafts:
            return self._drafts[standard_id]
        saved = self._saved.get(standard_id)
        return Draft.from_saved(saved) if saved else Draft(standard_id, source=self.source, observed_on=self.observed_on)

    def update(self, draft: Draft) -> None:
        """Keep ``draft``; one identical to what is saved (or empty) is dropped so it does not warn."""
        saved = self._saved.get(draft.standard_id)
        # an empty draft is kept only for a source of its own (a self-assessment): that is a choice, not a pending entry
        untouched = plan_save(draft, saved).kind == NOTHING if saved else not draft.touched and draft.source == self.source
        if untouched:
            self._drafts.pop(draft.standard_id, None)
        else:
            self._drafts[draft.standard_id] = draft

    def choose_source(self, source: str) -> None:
        """The source for the drafts to come; a self-assessment is never carried on, so it is one draft's only.

        A manager moving through a whole observation keeps its source (a case-file
        review covers many standards); carrying a self-assessment on would file the
        manager's next ratings as the person's own, which never count.
        """
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        if source != SELF_ASSESSMENT:
            self.source = source

    def saved(self, standard_id: str) -> Observation | None:
        return self._saved.get(standard_id)

    def mark_saved(self, observation: Observation) -> None:
        """After a save: the draft is done; saving this standard again in this pass corrects this observation."""
        self._saved[observation.standard] = observation
        self._drafts.pop(observation.standard, None)

    def discard(self, standard_id: str) -> bool:
        """Forget what was entered for ``standard_id`` and not saved; True when there was something."""
        return self._drafts.pop(standard_id, None) is not None

    def pending(self) -> list[str]:
        """Standards with something entered and not saved."""
        return sorted(standard_id for standard_id, draft in self._drafts.items() if draft.touched or standard_id in self._saved)

    def has_draft(self, standard_id: str) -> bool:
        """Something entered and not saved (a source chosen alone is not yet a draft to mark)."""
        return standard_id in self.pending()
