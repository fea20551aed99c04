"""Self-assessment in the induction view: one recording pass per framework, and a failed save that can be tried again."""

from __future__ import annotations

from observations.store.observation_store import Store
from tui_support import person_screen, press, rows, settle, staff_id, type_text

PERSON = "Jess Fraser"


async def highlight(pilot, standard_id: str) -> None:
    from supervision_tui.app.screens.induction import ChecklistTable

    table = pilot.app.screen.query_one(ChecklistTable)
    table.move_cursor(row=table.get_row_index(standard_id))
    await settle(pilot)
    assert pilot.app.screen.highlighted_standard() == standard_id


def self_assessments(db, person: str, standard: str) -> list[tuple]:
    return rows(
        db,
        "SELECT framework, rating, revision FROM current_observations WHERE staff_id = ? AND standard = ? "
        "AND source = 'self-assessment' AND observed_on = '2025-06-30' ORDER BY framework",
        (person, standard),
    )


async def test_the_same_id_in_another_framework_is_a_new_self_assessment(demo_db, library):
    """APIR and Methods of Work both have an R1: rating one must not correct (or count as) the other."""
    from supervision_tui.app.screens.dialogs import TextPrompt

    person = staff_id(demo_db, PERSON)
    before = self_assessments(demo_db, person, "R1")
    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "i")
        screen = app.screen
        await highlight(pilot, "R1")
        await press(pilot, "2", "f", "down", "enter")
        assert screen.report_data["framework"]["id"] == "methods-of-work"
        await highlight(pilot, "R1")
        await press(pilot, "3")
        assert not isinstance(app.screen, TextPrompt)
    assert before == []
    assert self_assessments(demo_db, person, "R1") == [("apir", "developing", 1), ("methods-of-work", "secure", 1)]


async def test_a_failed_self_assessment_can_be_tried_again(demo_db, library):
    from supervision_tui.app.screens.dialogs import TextPrompt

    person = staff_id(demo_db, PERSON)
    async with person_screen(demo_db, library, PERSON, notifications=True) as (app, pilot):
        await press(pilot, "i")
        await press(pilot, "2")
        saved = app.screen.recording.saved("U1")
        with Store.open(demo_db, library) as store:  # someone else retracts it meanwhile
            store.retract_observation(saved.observation_id, reason="entered by mistake")
        await press(pilot, "3")
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "second thoughts")
        await press(pilot, "enter")
        assert any("retracted" in n.message for n in app._notifications)
        await press(pilot, "4")
        assert isinstance(app.screen, TextPrompt), "the standard is not stuck on 'Still saving'"
        await press(pilot, "escape")
    assert self_assessments(demo_db, person, "U1") == []


async def test_a_self_assessment_typed_in_for_someone_says_whose_it_is(demo_db, library):
    """The terminal acts as an admin: telling them 'your self-assessment' when it is Jess's misleads."""
    async with person_screen(demo_db, library, PERSON, notifications=True) as (app, pilot):
        await press(pilot, "i")
        await highlight(pilot, "U1")
        await press(pilot, "3")
        assert f"Saved {PERSON}'s self-assessment of U1: Secure." in [n.message for n in app._notifications]

