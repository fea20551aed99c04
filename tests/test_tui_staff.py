"""Staff in the app: adding a member of staff from the home screen (the store checks the form), marking someone as left."""

from __future__ import annotations

from tui_support import (
    HOSTILE_NAME,
    TODAY,
    database_held,
    failures,
    make_app,
    open_person,
    press,
    rows,
    settle,
    static_text,
    type_text,
)


def highlighted_name(app) -> str:
    from supervision_tui.app.screens.home import StaffTable

    table = app.screen.query_one(StaffTable)
    return str(table.get_row_at(table.cursor_row)[0])


async def fill(pilot, *values: str) -> None:
    """Type each value into the next field of the form (an empty value leaves that field blank)."""
    for index, value in enumerate(values):
        if value:
            await type_text(pilot, value)
        if index < len(values) - 1:
            await press(pilot, "tab")


async def test_on_an_empty_database_n_adds_the_first_person_who_is_then_highlighted(tmp_path, library):
    from supervision_tui.app.screens.home import HomeScreen, StaffTable
    from supervision_tui.app.screens.person import PersonScreen
    from supervision_tui.app.screens.staff_form import AddStaffDialog

    db = tmp_path / "empty.db"
    app = make_app(db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, AddStaffDialog)
        await fill(pilot, HOSTILE_NAME, "North team", "Personal Adviser", "2025-06-02", "Pat Lead")
        await press(pilot, "enter")  # enter on the last field adds
        assert isinstance(app.screen, HomeScreen)
        assert app.focused is app.screen.query_one(StaffTable)
        assert highlighted_name(app) == HOSTILE_NAME
        await press(pilot, "enter")
        assert isinstance(app.screen, PersonScreen)
        assert failures(messages) == []
    assert rows(db, "SELECT name, team, role, started_on, manager, status FROM staff") == [
        (HOSTILE_NAME, "North team", "Personal Adviser", "2025-06-02", "Pat Lead", "active")
    ]


async def test_the_new_person_is_selected_even_when_the_filter_would_hide_them(demo_db, library):
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "Jess")
        await press(pilot, "down", "n")  # in the filter box n is a letter; in the list it adds someone
        await fill(pilot, "Aaron Newcomer", "South team")
        await press(pilot, "ctrl+s")
        assert highlighted_name(app) == "Aaron Newcomer"
        assert str(app.screen.query_one("#filter").value) == ""
        assert app.screen.query_one("#staff").row_count == rows(demo_db, "SELECT count(*) FROM staff WHERE status = 'active'")[0][0]


async def test_a_mistake_is_one_line_in_the_form_and_nothing_is_added(demo_db, library):
    from supervision_tui.app.screens.staff_form import AddStaffDialog

    before = rows(demo_db, "SELECT count(*) FROM staff")[0][0]
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "n", "ctrl+s")
        assert isinstance(app.screen, AddStaffDialog)
        assert static_text(app, "#staff-error") == "name must not be empty"
        assert [n.message for n in app._notifications] == []  # said once, in the form, not again in a toast
        await fill(pilot, "Sam Okafor", "", "", "1/9/2025")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, AddStaffDialog)
        assert static_text(app, "#staff-error") == "start date: '1/9/2025' is not a date in the form YYYY-MM-DD"
        assert app.screen.query_one("#staff-name").value == "Sam Okafor"  # nothing typed is lost
        await press(pilot, "escape")
    assert rows(demo_db, "SELECT count(*) FROM staff")[0][0] == before


async def test_mark_as_left_asks_first_then_records_the_day(demo_db, library):
    from supervision_tui.app.screens.dialogs import Confirm
    from supervision_tui.app.screens.person import PersonScreen

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        await press(pilot, "L")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert rows(demo_db, "SELECT status FROM staff WHERE name = 'Jess Fraser'") == [("active",)]
        await press(pilot, "L", "y")
        assert isinstance(app.screen, PersonScreen)
        assert f"left {TODAY.isoformat()}" in static_text(app, "#person-title")
        assert app.screen.check_action("mark_left", ()) is False  # already left: not offered again
    assert rows(demo_db, "SELECT status, left_on FROM staff WHERE name = 'Jess Fraser'") == [("left", TODAY.isoformat())]


async def test_new_staff_is_in_the_palette_and_the_help_of_the_home_screen(demo_db, library):
    from textual.widgets import DataTable

    from supervision_tui.app.commands import ScreenCommands
    from supervision_tui.app.screens.help import HelpScreen
    from supervision_tui.app.screens.staff_form import AddStaffDialog

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        assert any(str(table.get_row_at(i)[1]) == "n" and "new member of staff" in str(table.get_row_at(i)[2]) for i in range(table.row_count))
        await press(pilot, "escape")
        hits = [hit async for hit in ScreenCommands(app.screen).search("new staff")]
        assert hits and str(hits[0].text) == "New staff (n)"
        await hits[0].command()
        await settle(pilot)
        assert isinstance(app.screen, AddStaffDialog)


async def test_adding_twice_quickly_adds_one_person(demo_db, library):
    from supervision_tui.app.screens.home import HomeScreen

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Once Only")
        with database_held(app):
            await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert rows(demo_db, "SELECT count(*) FROM staff WHERE name = 'Once Only'") == [(1,)]


async def test_saving_takes_the_suggestion_the_focused_field_shows(demo_db, library):
    """Typing 'Ra' in Manager shows 'Ravi…' completed; ctrl+s there saves the name shown, not the two letters."""
    manager = rows(demo_db, "SELECT manager FROM staff WHERE manager != '' ORDER BY manager LIMIT 1")[0][0]
    team = rows(demo_db, "SELECT team FROM staff WHERE team != '' ORDER BY team LIMIT 1")[0][0]
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await fill(pilot, "Shown Manager", team[:3].lower(), "", "", manager[:3])
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "n")
        await fill(pilot, "Typed Prefix", "", "", "", manager[:3] + " ")  # a space after it: no suggestion shows
        await press(pilot, "ctrl+s")
        await settle(pilot)
    assert rows(demo_db, "SELECT name, team, manager FROM staff WHERE name IN ('Shown Manager', 'Typed Prefix') ORDER BY name") == [
        ("Shown Manager", team[:3].lower(), manager), ("Typed Prefix", "", manager[:3]),
    ]
