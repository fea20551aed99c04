"""The recording controller without a screen: one pass per framework, the steps of a save, replies and failures.

The writes it hands back run against a real store here, so a test fails if
they record the wrong framework, session, observer or revision.
"""

from __future__ import annotations

import pytest

from observations.errors import InputError
from supervision_tui.app.recording import CORRECTION, NEW, RecordingPass, plan_save
from supervision_tui.app.recording_controller import ASK_REASON, REFUSED, WRITE, RecordingController, save_request


def controller(source: str = "observation") -> RecordingController:
    return RecordingController(lambda framework_id: RecordingPass(source, observed_on="2025-06-30"))


@pytest.fixture
def sam(store):
    return store.add_staff("Sam Taylor", team="North", started_on="2025-01-06").id


def rated(recording: RecordingPass, standard_id: str, rating: str = "secure", **changes):
    from dataclasses import replace

    draft = replace(recording.draft(standard_id).with_rating(rating), **changes)
    recording.update(draft)
    return plan_save(draft, recording.saved(standard_id))


def test_each_framework_has_its_own_pass_so_a_shared_id_never_corrects_the_other(store, sam):
    recorder = controller()
    plan = rated(recorder.pass_for("apir"), "R1")
    recorder.started("apir", "R1")
    recorder.saved(recorder.new_observation(sam, "apir", plan, observer="Jo", session_id=None)(store))
    assert recorder.pass_for("apir").saved("R1") is not None
    assert recorder.pass_for("methods-of-work").saved("R1") is None
    assert plan_save(recorder.pass_for("methods-of-work").draft("R1").with_rating("secure"), None).kind == NEW


def test_the_steps_of_a_save():
    recorder = controller()
    recording = recorder.pass_for("apir")
    unrated = plan_save(recording.draft("A2"), None)
    refusal = recorder.step("apir", unrated, 4)
    assert (refusal.kind, refusal.refusal, refusal.warning) == (REFUSED, "Rate A2 first: press 1–4.", True)
    plan = rated(recording, "A2")
    assert recorder.step("apir", plan, 4).kind == WRITE
    recorder.started("apir", "A2")
    busy = recorder.step("apir", plan, 4)
    assert (busy.kind, busy.warning) == (REFUSED, False) and "Still saving" in busy.refusal
    assert recorder.step("methods-of-work", plan, 4).kind == WRITE  # busy in one framework only


def test_a_second_save_in_the_pass_asks_why_and_corrects_the_revision_shown(store, sam):
    recorder = controller()
    recording = recorder.pass_for("apir")
    first = recorder.new_observation(sam, "apir", rated(recording, "A2"), observer="Jo", session_id=None)(store)
    recorder.saved(first)
    assert recorder.step("apir", plan_save(recording.draft("A2"), recording.saved("A2")), 4).kind == REFUSED  # unchanged
    plan = rated(recording, "A2", "developing")
    assert plan.kind == CORRECTION and recorder.step("apir", plan, 4).kind == ASK_REASON
    title, question = recorder.correction_question(plan)
    assert title == "Correct A2" and "rating secure → developing" in question and first.recorded_at[11:16] in question
    corrected = recorder.correction(plan, "pressed the wrong key", by="Jo")(store)
    assert (corrected.observation_id, corrected.revision, corrected.rating) == (first.observation_id, 2, "developing")
    with pytest.raises(InputError, match="revision"):  # the same correction again: revision 1 is no longer the current one
        recorder.correction(plan, "again", by="Jo")(store)


def test_the_write_records_the_observer_the_session_and_carries_the_source_on(store, sam):
    recorder = controller()
    recording = recorder.pass_for("apir")
    session, _ = store.session_on(sam, "2025-06-30", manager="Jo")
    observation = recorder.new_observation(sam, "apir", rated(recording, "A2", source="case-review"), observer="Jo", session_id=session.id)(store)
    assert (observation.observer, observation.session_id, observation.source) == ("Jo", session.id, "case-review")
    assert recording.source == "case-review"  # the next standards start with the source just used
    recorder.new_observation(sam, "apir", rated(recording, "A3", source="self-assessment"), observer="Sam Taylor", session_id=None)
    assert recording.source == "case-review"  # a self-assessment is one draft's only


def test_a_reply_lands_in_the_pass_of_its_own_framework(store, sam):
    recorder = controller()
    write = recorder.new_observation(sam, "apir", rated(recorder.pass_for("apir"), "R1"), observer="", session_id=None)
    recorder.started("apir", "R1")
    recorder.pass_for("methods-of-work")  # the screen switched frameworks while the write ran
    recorder.saved(write(store))
    assert not recorder.is_saving("apir", "R1")
    assert recorder.pass_for("apir").saved("R1") is not None and recorder.pass_for("apir").pending() == []
    assert recorder.pass_for("methods-of-work").saved("R1") is None


def test_a_failure_clears_only_its_own_mark_and_its_reason_lasts_until_tried_again():
    recorder = controller()
    recorder.started("apir", "A2")
    recorder.started("apir", "A3")
    assert not recorder.failed(None, "a read failed")
    assert not recorder.failed("start-session", "not ours")
    assert recorder.failed(save_request("apir", "A2"), "the database is read-only")
    assert not recorder.is_saving("apir", "A2") and recorder.is_saving("apir", "A3")
    assert recorder.save_error("apir", "A2") == "the database is read-only"
    assert recorder.save_error("methods-of-work", "A2") is None
    recorder.started("apir", "A2")
    assert recorder.save_error("apir", "A2") is None


def test_pending_drafts_are_named_per_framework():
    recorder = controller()
    rated(recorder.pass_for("apir"), "U2")
    rated(recorder.pass_for("apir"), "U1")
    rated(recorder.pass_for("methods-of-work"), "R1")
    assert recorder.pending_everywhere() == ["U1, U2 in apir", "R1 in methods-of-work"]
