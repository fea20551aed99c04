"""Development actions in the app: agree one, complete one with a note, drop one; overdue ones stand out; the session view."""

from __future__ import annotations

import json

from tui_support import (
    TODAY,
    database_held,
    failures,
    fits_the_width,
    make_app,
    open_person,
    person_screen,
    press,
    rows,
    settle,
    static_text,
    type_text,
)

PERSON = "Jess Fraser"


def person_actions(db, name: str) -> list[tuple]:
    return rows(
        db,
        "SELECT a.text, a.standards, a.due_on, a.owner, a.status, a.closing_note, a.session_id FROM current_actions a "
        "JOIN staff s ON s.id = a.staff_id WHERE s.name = ? ORDER BY a.created_at",
        (name,),
    )


async def test_add_an_action_with_standard_due_date_and_owner(demo_db, library):
    from supervision_tui.app.screens.action_forms import AddActionDialog
    from supervision_tui.app.screens.actions import ActionsScreen

    before = person_actions(demo_db, PERSON)
    app = make_app(demo_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "down", "a")
        assert isinstance(app.screen, ActionsScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, AddActionDialog)
        await type_text(pilot, "Shadow an assessment interview")
        await press(pilot, "tab", "tab", "ctrl+u")
        await type_text(pilot, "2025-07-31")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ActionsScreen)
        assert failures(messages) == []
    added = person_actions(demo_db, PERSON)[len(before):]
    assert added == [("Shadow an assessment interview", json.dumps(["U2"]), "2025-07-31", PERSON, "open", None, None)]


async def test_a_bad_due_date_keeps_the_dialog_open_with_the_reason(demo_db, library):
    from supervision_tui.app.screens.action_forms import AddActionDialog

    before = person_actions(demo_db, PERSON)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "a", "n")
        await type_text(pilot, "Something")
        await press(pilot, "tab", "tab", "ctrl+u")
        await type_text(pilot, "31/07/2025")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, AddActionDialog)
        assert "YYYY-MM-DD" in static_text(app, "#action-error")
        await press(pilot, "escape")
    assert person_actions(demo_db, PERSON) == before


async def test_complete_with_a_note_and_drop(demo_db, library):
    from supervision_tui.app.widgets.action_table import ActionTable

    name = rows(
        demo_db,
        "SELECT s.name FROM current_actions a JOIN staff s ON s.id = a.staff_id WHERE a.status = 'open' "
        "GROUP BY s.name HAVING count(*) >= 2 ORDER BY s.name LIMIT 1",
    )[0][0]
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, name)
        await press(pilot, "a", "o")  # open only: the first two rows are open actions
        table = app.screen.query_one(ActionTable)
        first = table.highlighted_action()
        assert first is not None and first.status == "open"
        await press(pilot, "c")
        await type_text(pilot, "went well")
        await press(pilot, "enter")
        second = table.highlighted_action()
        assert second is not None and second.id != first.id and second.status == "open"
        await press(pilot, "x", "enter")
    statuses = dict((r[0], r[1:]) for r in rows(demo_db, "SELECT id, status, closing_note, closed_on FROM current_actions"))
    assert statuses[first.id] == ("done", "went well", TODAY.isoformat())
    assert statuses[second.id] == ("dropped", "", TODAY.isoformat())


async def test_overdue_actions_stand_out_in_words(demo_db, library):
    from supervision_tui.app.widgets.action_table import ActionTable

    overdue = rows(
        demo_db,
        "SELECT s.name, count(*) FROM current_actions a JOIN staff s ON s.id = a.staff_id "
        "WHERE a.status = 'open' AND a.due_on < ? GROUP BY s.name ORDER BY s.name LIMIT 1",
        (TODAY.isoformat(),),
    )
    assert overdue, "the demo has an overdue action"
    name, count = overdue[0]
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, name)
        await press(pilot, "a")
        table = app.screen.query_one(ActionTable)
        statuses = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert statuses.count("! overdue") == count
        assert f"{count} overdue" in static_text(app, "#actions-summary")


async def test_the_owner_stays_in_view_on_an_80_column_terminal(demo_db, library):
    """The action's text was cut at 60 characters whatever the width, pushing Standards and Owner off an 80-column screen."""
    from supervision_tui.app.widgets.action_table import ActionTable

    app = make_app(demo_db, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Kasia Ní Bhriain")  # an action of 108 characters, an owner of 16
        await press(pilot, "a")
        table = app.screen.query_one(ActionTable)
        assert table.row_count > 1
        assert fits_the_width(table)
        narrow = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        wide = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert fits_the_width(table)
        assert sum(map(len, wide)) > sum(map(len, narrow)), "a wider terminal shows more of each action"
        await pilot.resize_terminal(80, 24)  # and narrower again: a column once widened must narrow too
        await settle(pilot)
        assert fits_the_width(table)


async def test_the_highlighted_action_is_shown_in_full_with_its_closing_note(demo_db, library):
    """The table cuts long text to fit 80 columns; the box under it shows the whole action, and how it ended."""
    from supervision_tui.app.widgets.action_table import ActionTable

    text = rows(demo_db, "SELECT a.text FROM current_actions a JOIN staff s ON s.id = a.staff_id "
                         "WHERE s.name = 'Kasia Ní Bhriain' AND a.status = 'open' ORDER BY length(a.text) DESC LIMIT 1")[0][0]
    app = make_app(demo_db, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Kasia Ní Bhriain")
        await press(pilot, "a")
        table = app.screen.query_one(ActionTable)
        table.move_cursor(row=next(n for n, a in enumerate(table.actions.values()) if a.text == text))
        await settle(pilot)
        assert static_text(app, "#action-detail").splitlines()[0] == text
        assert str(table.get_row_at(table.cursor_row)[2]) != text, "the table itself cuts it"
        await press(pilot, "c")
        await type_text(pilot, "Did it twice [bold]and[/] reflected")
        await press(pilot, "enter")
        assert static_text(app, "#action-detail").splitlines()[-1] == f"Done on {TODAY.isoformat()}: Did it twice [bold]and[/] reflected"


async def test_session_view_lists_actions_due_since_the_last_session(demo_db, library):
    from supervision_tui.app.widgets.action_table import ActionTable

    name = PERSON
    staff = rows(demo_db, "SELECT id FROM staff WHERE name = ?", (name,))[0][0]
    last = rows(demo_db, "SELECT max(held_on) FROM sessions WHERE staff_id = ? AND held_on < ?", (staff, TODAY.isoformat()))[0][0]
    expected = {
        r[0]
        for r in rows(
            demo_db,
            "SELECT id FROM current_actions WHERE staff_id = ? AND due_on IS NOT NULL AND "
            "((due_on > ? AND due_on <= ?) OR (status = 'open' AND due_on < ?))",
            (staff, last, TODAY.isoformat(), TODAY.isoformat()),
        )
    }
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, name)
        await press(pilot, "v")
        due = app.screen.query_one("#due", ActionTable)
        assert set(due.actions) == expected
        assert f"since the last session on {last}" in static_text(app, "#session-since")
        await press(pilot, "n")
        await type_text(pilot, "Agreed in the session")
        await press(pilot, "ctrl+s")
        agreed = app.screen.query_one("#agreed", ActionTable)
        assert [a.text for a in agreed.actions.values()] == ["Agreed in the session"]
    session_of_action = rows(demo_db, "SELECT session_id FROM actions WHERE text = 'Agreed in the session'")[0][0]
    assert rows(demo_db, "SELECT held_on FROM sessions WHERE id = ?", (session_of_action,)) == [(TODAY.isoformat(),)]


async def test_session_view_tells_older_overdue_actions_from_those_due_since_the_last_session(demo_db, library):
    """An action due before the last session and still open is listed, but was counted as 'due since the last session'."""
    from datetime import date, timedelta

    from observations.store.observation_store import Store

    staff = rows(demo_db, "SELECT id FROM staff WHERE name = ?", (PERSON,))[0][0]
    last = rows(demo_db, "SELECT max(held_on) FROM sessions WHERE staff_id = ? AND held_on < ?", (staff, TODAY.isoformat()))[0][0]
    with Store.open(demo_db, library) as store:
        store.add_action(staff, "Left over from before", due_on=(date.fromisoformat(last) - timedelta(days=3)).isoformat())
    open_before = "SELECT count(*) FROM current_actions WHERE staff_id = ? AND status = 'open' AND due_on <= ?"
    older = rows(demo_db, open_before, (staff, last))[0][0]
    window = "SELECT count(*) FROM current_actions WHERE staff_id = ? AND due_on > ? AND due_on <= ?"
    recent = rows(demo_db, window, (staff, last, TODAY.isoformat()))[0][0]
    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "v")
        line = static_text(app, "#session-since")
        assert line.startswith(f"{recent} action{'s' if recent != 1 else ''} due since the last session on {last}")
        assert line.endswith(f"· {older} older one{'s' if older != 1 else ''} still overdue")
        assert "Left over from before" in [a.text for a in app.screen.query_one("#due").actions.values()]


async def test_complete_in_the_session_view_acts_on_the_table_with_the_focus(demo_db, library):
    from supervision_tui.app.screens.dialogs import TextPrompt
    from supervision_tui.app.widgets.action_table import ActionTable

    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "v", "n")
        await type_text(pilot, "Agreed in the session")
        await press(pilot, "ctrl+s")
        due, agreed = app.screen.query_one("#due", ActionTable), app.screen.query_one("#agreed", ActionTable)
        assert due.highlighted_action() is not None and due.highlighted_action().status == "open"
        due_before = {a.id: a.status for a in due.actions.values()}
        agreed.focus()
        await press(pilot, "c")
        assert isinstance(app.screen, TextPrompt)
        assert "Agreed in the session" in str(app.screen.query("Static")[1].content)
        await press(pilot, "enter")
    assert rows(demo_db, "SELECT status FROM current_actions WHERE text = 'Agreed in the session'") == [("done",)]
    after = dict(rows(demo_db, f"SELECT id, status FROM current_actions WHERE id IN ({','.join('?' * len(due_before))})", tuple(due_before)))
    assert after == due_before


async def test_saving_a_new_action_twice_quickly_adds_it_once(demo_db, library):
    from supervision_tui.app.screens.actions import ActionsScreen

    before = person_actions(demo_db, PERSON)
    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "a", "n")
        await type_text(pilot, "Only once")
        with database_held(app):
            await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
    assert [a[0] for a in person_actions(demo_db, PERSON)[len(before):]] == ["Only once"]


async def test_a_new_action_is_highlighted_once_agreed(demo_db, library):
    """The manager sees the action they just agreed, in the table and in full below it, not the one they had highlighted."""
    from supervision_tui.app.screens.actions import ActionsScreen
    from supervision_tui.app.widgets.action_table import ActionTable

    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "a")
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one(ActionTable)
        assert table.highlighted_action() is not None  # the person has actions already
        await press(pilot, "n")
        await type_text(pilot, "Shadow a colleague's first review")
        await press(pilot, "tab", "tab", "ctrl+u")
        await type_text(pilot, "2027-12-31")  # due last, so it sorts below the one highlighted before
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ActionsScreen), [str(w.render()) for w in app.screen.query(".dialog-error")]
        highlighted = table.highlighted_action()
        assert highlighted is not None and highlighted.text == "Shadow a colleague's first review"
        assert static_text(app, "#action-detail").startswith("Shadow a colleague's first review")
