"""The home screen: the staff list at once, counts filled in later, filtering, the demo on an empty database, refresh."""

from __future__ import annotations

import unicodedata

from observations.standing import NEED
from observations.standing_queries import standings_for_people
from observations.store import Store
from test_tui_support import (  # noqa: F401  (fixtures)
    TODAY,
    demo_db,
    failures,
    make_app,
    press,
    rows,
    settle,
    static_text,
    tui_library,
    type_text,
)


def table_names(app) -> list[str]:
    from supervision_tui.app.screens.home import StaffTable

    table = app.screen.query_one(StaffTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def test_empty_database_offers_the_demo_and_d_loads_it(tmp_path, tui_library):
    db = tmp_path / "empty.db"
    app = make_app(db, tui_library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        assert "Press d to load a demo organisation" in static_text(app, "#empty")
        assert not app.screen.query_one("#staff").display
        await press(pilot, "d")
        assert app.screen.query_one("#staff").display
        assert len(table_names(app)) == 12
        assert failures(messages) == []
    assert rows(db, "SELECT count(*) FROM staff")[0][0] == 12


async def test_d_does_nothing_on_a_database_with_staff(demo_db, tui_library):
    app = make_app(demo_db, tui_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
    assert rows(demo_db, "SELECT count(*) FROM staff")[0][0] == 12


async def test_staff_sorted_by_name_with_counts_from_the_standing_rules(demo_db, tui_library):
    app = make_app(demo_db, tui_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = table_names(app)
        counts = app.screen.counts
    assert names == sorted(names, key=str.casefold)
    with Store.open(demo_db, tui_library) as store:
        framework = tui_library.get("apir")
        expected = {
            staff: sum(1 for s in standings if s.status == NEED)
            for staff, standings in standings_for_people(store, framework, as_of=TODAY).items()
        }
        overdue = dict(rows(demo_db, "SELECT staff_id, count(*) FROM current_actions WHERE status = 'open' AND due_on < ? GROUP BY staff_id", (TODAY.isoformat(),)))
    assert {staff: c.needs for staff, c in counts.items()} == expected
    assert any(expected.values())
    assert {staff: c.overdue for staff, c in counts.items() if c.overdue} == overdue


async def test_filter_as_you_type_ignores_case_and_accents(demo_db, tui_library):
    app = make_app(demo_db, tui_library)
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


async def test_refresh_shows_a_person_added_by_another_connection(demo_db, tui_library):
    app = make_app(demo_db, tui_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Aaron Newcomer" not in table_names(app)
        with Store.open(demo_db, tui_library) as other:  # as the command line would, while the app is open
            other.add_staff("Aaron Newcomer", team="North team")
        await press(pilot, "ctrl+r")
        assert "Aaron Newcomer" in table_names(app)


async def test_team_filter_shows_one_team(demo_db, tui_library):
    from textual.widgets import Select

    app = make_app(demo_db, tui_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        team = rows(demo_db, "SELECT team FROM staff WHERE status = 'active' ORDER BY team LIMIT 1")[0][0]
        app.screen.query_one("#team", Select).value = team
        await settle(pilot)
        expected = rows(demo_db, "SELECT count(*) FROM staff WHERE team = ? AND status = 'active'", (team,))[0][0]
        assert len(table_names(app)) == expected
