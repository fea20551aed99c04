"""The home screen: the staff list at once, counts filled in later, filtering, the demo on an empty database, refresh."""

from __future__ import annotations

import unicodedata

from observations.standing.rules import NEED
from observations.standing.queries import standings_for_people
from observations.store.observation_store import Store
from tui_support import TODAY, failures, make_app, press, rows, settle, static_text, type_text


def table_names(app) -> list[str]:
    from supervision_tui.app.screens.home import StaffTable

    table = app.screen.query_one(StaffTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def test_empty_database_offers_the_demo_and_d_loads_it(tmp_path, library):
    db = tmp_path / "empty.db"
    app = make_app(db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        assert "press d to load a demo organisation" in static_text(app, "#empty")
        assert "Press n to add your first member of staff" in static_text(app, "#empty")
        assert not app.screen.query_one("#staff").display
        await press(pilot, "d")
        assert app.screen.query_one("#staff").display
        assert len(table_names(app)) == 12
        assert failures(messages) == []
    assert rows(db, "SELECT count(*) FROM staff")[0][0] == 12


async def test_d_does_nothing_on_a_database_with_staff(demo_db, library):
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
    assert rows(demo_db, "SELECT count(*) FROM staff")[0][0] == 12


async def test_staff_sorted_by_name_with_counts_from_the_standing_rules(demo_db, library):
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = table_names(app)
        counts = app.screen.counts
    assert names == sorted(names, key=str.casefold)
    with Store.open(demo_db, library) as store:
        framework = library.get("apir")
        expected = {
            staff: sum(1 for s in standings if s.status == NEED)
            for staff, standings in standings_for_people(store, framework, as_of=TODAY).items()
        }
        overdue = dict(rows(demo_db, "SELECT staff_id, count(*) FROM current_actions WHERE status = 'open' AND due_on < ? GROUP BY staff_id", (TODAY.isoformat(),)))
    assert {staff: c.needs for staff, c in counts.items()} == expected
    assert any(expected.values())
    assert {staff: c.overdue for staff, c in counts.items() if c.overdue} == overdue


async def test_filter_as_you_type_ignores_case_and_accents(demo_db, library):
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        accented = next(name for name in table_names(app) if name != name.encode("ascii", "ignore").decode())
        plain = unicodedata.normalize("NFKD", accented).encode("ascii", "ignore").decode()  # 'Kasia Ni Bhriain'
        await press(pilot, "slash")
        await type_text(pilot, plain.upper())
        assert table_names(app) == [accented]
        await type_text(pilot, "zzz")
        assert table_names(app) == []
        await press(pilot, "escape")
        active = rows(demo_db, "SELECT count(*) FROM staff WHERE status = 'active'")[0][0]
        assert len(table_names(app)) == active


async def test_filter_ignores_punctuation_as_the_command_line_does(demo_db, library):
    """'oneil' finds O'Neil in the list, as ``find_staff`` (the command line's STAFF) does: one folding rule for both."""
    with Store.open(demo_db, library) as store:
        store.add_staff("Zoë O'Neil-Brady", team="North team")
        found = store.find_staff("zoe oneil")
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "zoe oneil")
        assert table_names(app) == [found.name]
        await press(pilot, "escape")
        await press(pilot, "slash")
        await type_text(pilot, "ONEILBR")
        assert table_names(app) == [found.name]


async def test_refresh_shows_a_person_added_by_another_connection(demo_db, library):
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Aaron Newcomer" not in table_names(app)
        with Store.open(demo_db, library) as other:  # as the command line would, while the app is open
            other.add_staff("Aaron Newcomer", team="North team")
        await press(pilot, "ctrl+r")
        assert "Aaron Newcomer" in table_names(app)


async def test_team_filter_shows_one_team(demo_db, library):
    from textual.widgets import Select

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        team = rows(demo_db, "SELECT team FROM staff WHERE status = 'active' ORDER BY team LIMIT 1")[0][0]
        app.screen.query_one("#team", Select).value = team
        await settle(pilot)
        expected = rows(demo_db, "SELECT count(*) FROM staff WHERE team = ? AND status = 'active'", (team,))[0][0]
        assert len(table_names(app)) == expected


async def test_choosing_a_team_with_the_keyboard_and_escape_goes_back_to_the_list(demo_db, library):
    from supervision_tui.app.screens.home import StaffTable, TeamSelect

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+t")
        assert isinstance(app.focused, TeamSelect)
        await press(pilot, "enter", "down", "down", "enter")  # open, past "All teams" to the first team, choose it
        chosen = app.screen.query_one(TeamSelect).value
        assert isinstance(chosen, str)
        await press(pilot, "escape")
        assert isinstance(app.focused, StaffTable)
        assert app.screen.query_one(TeamSelect).value == chosen  # escape keeps the team chosen
        expected = rows(demo_db, "SELECT count(*) FROM staff WHERE team = ? AND status = 'active'", (chosen,))[0][0]
        assert len(table_names(app)) == expected


async def test_the_team_filter_arrives_after_the_names_and_ctrl_t_before_it_still_reaches_it(demo_db, library):
    """The team filter is mounted once the names are painted (it is a sixth of the first frame's work); ctrl+t typed
    before then, in the burst that starts the app, mounts it at once and takes the focus there."""
    from textual import events

    from supervision_tui.app.screens.home import TeamSelect

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.screen.query(TeamSelect)  # composed without it
        app.post_message(events.Key("ctrl+t", None))
        await settle(pilot)
        assert isinstance(app.focused, TeamSelect)
        assert len(app.screen.query(TeamSelect)) == 1
        teams = rows(demo_db, "SELECT count(DISTINCT team) FROM staff")[0][0]
        assert app.focused.query_one("SelectOverlay").option_count == teams + 1  # every team, and "All teams"


async def assert_enter_opens_the_first_person(pilot) -> None:
    """The staff list has the focus with its first row highlighted, so enter opens that person at once."""
    from supervision_tui.app.screens.home import StaffTable
    from supervision_tui.app.screens.person import PersonScreen

    app = pilot.app
    table = app.screen.query_one(StaffTable)
    assert app.focused is table
    assert table.cursor_row == 0
    first = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    await press(pilot, "enter")
    assert isinstance(app.screen, PersonScreen) and app.screen.staff_id == first


async def test_after_loading_the_demo_the_list_has_the_focus_and_enter_opens_a_person(tmp_path, library):
    app = make_app(tmp_path / "empty.db", library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        await assert_enter_opens_the_first_person(pilot)


async def test_after_refresh_and_after_coming_back_from_a_person_enter_still_opens(tmp_path, library):
    from supervision_tui.app.screens.home import HomeScreen, StaffTable

    db = tmp_path / "grows.db"
    with Store.open(db, library):
        pass
    app = make_app(db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with Store.open(db, library) as other:  # the command line adds the first people while the app shows the empty screen
            other.add_staff("Bea First", team="North team")
            other.add_staff("Cal Second", team="North team")
        await press(pilot, "ctrl+r")
        await assert_enter_opens_the_first_person(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        await assert_enter_opens_the_first_person(pilot)
        await press(pilot, "escape", "down")
        assert app.screen.query_one(StaffTable).cursor_row == 1


def test_a_big_organisation_is_first_read_one_screenful_by_name(demo_db, library, monkeypatch):
    from observations import staff_listing as queries

    monkeypatch.setattr(queries, "WHOLE_LIST_UP_TO", 3)
    store = Store.open(demo_db, library)
    try:
        whole = queries.list_people(store)
        first = queries.list_first_people(store, 4)
    finally:
        store.close()
    active = [member for member in whole.people if member.status == "active"]
    assert [member.id for member in first.people] == [member.id for member in active[:4]]
    assert first.teams == whole.teams and not first.complete and first.staff_count == len(whole.people) == 12
    assert whole.complete and whole.staff_count == 12


async def test_after_a_first_screenful_the_whole_list_follows(demo_db, library, monkeypatch):
    from observations import staff_listing as queries
    from supervision_tui.app.screens import home

    monkeypatch.setattr(queries, "WHOLE_LIST_UP_TO", 3)
    monkeypatch.setattr(home, "FIRST_ROWS", 4)
    app = make_app(demo_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        active = rows(demo_db, "SELECT name FROM staff WHERE status = 'active' ORDER BY name COLLATE NOCASE, ref")
        assert table_names(app) == [name for (name,) in active]
        assert app.screen.listing.complete
        assert "· 12 staff ·" in static_text(app, "#home-title")
        assert static_text(app, "#home-status").startswith(f"{len(active)} of 12 shown")
        assert failures(messages) == []


async def test_slash_and_a_name_typed_in_one_burst_all_land_in_the_filter(demo_db, library):
    """Keys that arrive together (a fast typist, a paste, a browser's websocket) follow '/' into the filter box.

    Posted at once, as a terminal or the browser delivers them: none is handled before the next arrives. Before the
    '/' binding was a priority one, the name went to the list, and its 's' toggled the sort.
    """
    from textual import events

    from supervision_tui.app.screens.staff_list import FilterInput

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, character in [("slash", "/"), ("J", "J"), ("e", "e"), ("s", "s"), ("s", "s")]:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert app.screen.query_one(FilterInput).value == "Jess"
        assert table_names(app) == ["Jess Fraser"]
        await type_text(pilot, "/x")  # in the box, '/' is a character like any other
        assert app.screen.query_one(FilterInput).value == "Jess/x"


async def test_once_the_counts_are_shown_the_first_write_has_nothing_left_to_import(demo_db, library):
    """Reading never makes the sqlite-utils Database (start-up stays lean); after the counts the app makes it, off the
    UI thread, so the first save does not pay for the import."""
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        made = app.gateway.call(lambda store: store._db is not None, lane="background")
        assert made
