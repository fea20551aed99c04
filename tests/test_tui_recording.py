"""The recording pass rules, without the UI: drafts, new observations, corrections of what was saved in the pass."""

from __future__ import annotations

import pytest

from observations.store.records import Observation
from supervision_tui.app.recording import CORRECTION, NEW, NO_RATING, NOTHING, Draft, RecordingPass, plan_save


def saved(standard="A2", rating="secure", evidence="seen", examples=(1,), source="observation") -> Observation:
    return Observation(
        id="rev-1", observation_id="obs-1", revision=1, supersedes=None, staff_id="s", framework="apir", framework_version="v",
        standard=standard, rating=rating, observed_on="2025-06-30", source=source, evidence=evidence, examples=tuple(examples),
        observer="", session_id=None, recorded_at="2025-06-30T10:00:00.000000Z", recorded_by="", reason="", retracted=False,
    )


def test_a_draft_without_a_rating_cannot_be_saved():
    assert plan_save(Draft("A2", evidence="text"), None).kind == NO_RATING


def test_a_rated_draft_is_a_new_observation_when_nothing_was_saved_in_the_pass():
    assert plan_save(Draft("A2", rating="secure"), None).kind == NEW


def test_saving_again_unchanged_does_nothing():
    observation = saved()
    assert plan_save(Draft.from_saved(observation), observation).kind == NOTHING


@pytest.mark.parametrize(
    "change, expected, words",
    [
        ({"rating": "developing"}, {"rating": "developing"}, "rating secure → developing"),
        ({"evidence": "more"}, {"evidence": "more"}, "evidence changed"),
        ({"examples": frozenset({1, 3})}, {"examples": [1, 3]}, "examples changed"),
        ({"source": "case-review"}, {"source": "case-review"}, "source observation → case-review"),
    ],
)
def test_a_change_to_what_was_saved_is_a_correction_of_just_that_change(change, expected, words):
    from dataclasses import replace

    observation = saved()
    plan = plan_save(replace(Draft.from_saved(observation), **change), observation)
    assert plan.kind == CORRECTION and plan.changes == expected and plan.corrects is observation
    assert plan.describe() == words


def test_the_pass_keeps_drafts_and_starts_a_correction_from_what_was_saved():
    recording = RecordingPass("observation")
    recording.update(Draft("A2", rating="developing", source="observation"))
    assert recording.pending() == ["A2"]
    recording.mark_saved(saved(rating="developing"))
    assert recording.pending() == [] and recording.draft("A2").rating == "developing"
    recording.update(recording.draft("A2"))  # unchanged: not a pending draft
    assert recording.pending() == []
    recording.update(recording.draft("A2").with_rating("secure"))
    assert recording.pending() == ["A2"]


def test_an_empty_draft_is_not_pending_and_the_source_is_remembered():
    recording = RecordingPass("observation")
    recording.update(Draft("P1"))
    assert recording.pending() == []
    recording.choose_source("supervision")
    assert recording.draft("P1").source == "supervision"
    with pytest.raises(ValueError):
        recording.choose_source("gossip")
    recording.update(recording.draft("P1").with_rating("secure"))
    recording.choose_source("self-assessment")  # one draft's only: the next standard is the manager's again
    assert recording.draft("P2").source == "supervision"
