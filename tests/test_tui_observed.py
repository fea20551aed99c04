"""When and by whom: the date observed and the observer on the recording panel, kept for the pass and stored."""

from __future__ import annotations

import pytest

from tui_support import TODAY, failures, make_app, open_person, press, rows, settle, static_text, type_text

PERSON = "Jess Fraser"


@pytest.fixture
def demo_ids(demo_db) -> set[str]:
    """The demo's own observation rows, to tell them from what a test records."""
    return {row[0] for row in rows(demo_db, "SELECT id FROM observations")}


def saved_by_person(db, name: str, before: set[str]) -> list[tuple]:
    """(standard, rating, observed_on, observer, source, revision, recorded_by) of every revision recorded in the test."""
    found = rows(
        db,
        "SELECT o.id, o.standard, o.rating, o.observed_on, o.observer, o.source, o.revision, o.recorded_by FROM observations o "
        "JOIN staff s ON s.id = o.staff_id WHERE s.name = ? ORDER BY o.recorded_at",
        (name,),
    )
    return [row[1:] for row in found if row[0] not in before]


def manager_of(db, name: str) -> str:
    return rows(db, "SELECT manager FROM staff WHERE name = ?", (name,))[0][0]


async def test_a_date_typed_once_holds_for_the_rest_of_the_pass(demo_db, demo_ids, library):
    from supervision_tui.app.widgets.recorder import RecorderField
    from supervision_tui.app.widgets.standards_tree import StandardsTree

    app = make_app(demo_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        assert app.screen.query_one("#observed-on", RecorderField).value == TODAY.isoformat()
        await press(pilot, "d")
        assert isinstance(app.focused, RecorderField) and app.focused.id == "observed-on"
        await type_text(pilot, "2025-06-28")  # the whole date is selected on focus, so typing replaces it
        await press(pilot, "enter")
        assert isinstance(app.focused, StandardsTree)
        await press(pilot, "3")
        assert "observation on 2025-06-28" in static_text(app, "#record-state")
        await press(pilot, "ctrl+s", "2", "ctrl+s")
        assert app.screen.current == "U3"
        assert app.screen.query_one("#observed-on", RecorderField).value == "2025-06-28"
        assert failures(messages) == []
    assert [(r[0], r[2]) for r in saved_by_person(demo_db, PERSON, demo_ids)] == [("U1", "2025-06-28"), ("U2", "2025-06-28")]


@pytest.mark.parametrize(
    "typed, says",
    [
        ("2025-07-01", "2025-07-01 is after today (2025-06-30)"),
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("28/06/2025", "'28/06/2025' is not a date in the form YYYY-MM-DD"),
        ("", "a date is required (YYYY-MM-DD)"),
    ],
)
async def test_a_future_or_impossible_date_is_refused_in_the_panel_and_nothing_is_saved(demo_db, demo_ids, library, typed, says):
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "d", "backspace")
        if typed:
            await type_text(pilot, typed)
        await press(pilot, "escape", "3", "ctrl+s")
        state = static_text(app, "#record-state")
        assert "Cannot save" in state and says in state
        assert app.screen.current == "U1"
    assert saved_by_person(demo_db, PERSON, demo_ids) == []


async def test_the_observer_starts_as_the_manager_is_editable_and_shows_in_the_history(demo_db, demo_ids, library):
    from supervision_tui.app.screens.dialogs import TextPrompt
    from supervision_tui.app.widgets.recorder import RecorderField

    manager = manager_of(demo_db, PERSON)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        assert app.screen.query_one("#observer", RecorderField).value == manager
        await press(pilot, "3")
        assert f"observed by {manager}" in static_text(app, "#record-state")
        await press(pilot, "ctrl+s", "o")
        assert isinstance(app.focused, RecorderField) and app.focused.id == "observer"
        await type_text(pilot, "Sam Senior")
        await press(pilot, "enter", "2", "ctrl+s", "up")
        assert app.screen.current == "U2"
        assert app.screen.query_one("#observer", RecorderField).value == "Sam Senior"
        assert "by Sam Senior" in static_text(app, "#detail-text")
        await press(pilot, "up", "2", "ctrl+s")
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "second thoughts")
        await press(pilot, "enter", "up")
        assert "corrected by Sam Senior: second thoughts" in static_text(app, "#detail-text")
    saved = saved_by_person(demo_db, PERSON, demo_ids)
    assert [(r[0], r[3], r[5], r[6]) for r in saved] == [
        ("U1", manager, 1, manager),
        ("U2", "Sam Senior", 1, "Sam Senior"),
        ("U1", manager, 2, "Sam Senior"),
    ]


async def test_a_self_assessment_is_observed_by_the_person_themself(demo_db, demo_ids, library):
    from supervision_tui.app.widgets.recorder import RecorderField

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "s", "s", "s")
        assert app.screen.draft().source == "self-assessment"
        field = app.screen.query_one("#observer", RecorderField)
        assert field.value == PERSON and field.disabled
        await press(pilot, "2", "ctrl+s")  # the next standard is not a self-assessment: the manager observes again
        assert app.screen.draft().source == "observation"
        assert field.value == manager_of(demo_db, PERSON) and not field.disabled
        await press(pilot, "s")
        assert app.screen.draft().source == "case-review"
    assert [(r[0], r[3], r[4]) for r in saved_by_person(demo_db, PERSON, demo_ids)] == [("U1", PERSON, "self-assessment")]
