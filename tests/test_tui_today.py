"""The Today screen: a key away from the staff list, the same items as ``supervision-tui today``, enter opens the thing."""

from __future__ import annotations

from textual.widgets import DataTable

from observations.store.observation_store import Store
from observations.today import today_report
from tui_support import SIZE, TODAY, make_app, press, settle, static_text


def expected(path, library) -> dict:
    with Store.open(path, library) as store:
        return today_report(store, "apir", as_of=TODAY)


async def test_a_opens_today_with_the_command_lines_items_in_order(demo_db, library):
    want = expected(demo_db, library)
    assert want["items"], "the demo organisation should need some attention"
    app = make_app(demo_db, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        table = app.screen.query_one("#today-items", DataTable)
        shown = [(str(table.get_row_at(row)[2]), str(table.get_row_at(row)[3])) for row in range(table.row_count)]
        assert shown == [(item["name"], item["text"]) for item in want["items"]]
        assert static_text(app, "#today-summary").startswith(f"{len(want['items'])} thing")


async def test_enter_opens_the_person_at_the_standard_or_the_screen_of_the_thing(demo_db, library):
    items = expected(demo_db, library)["items"]
    app = make_app(demo_db, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for kind, screen_name in (("disagreement", "PersonScreen"), ("action", "ActionsScreen"), ("case", "CaseloadScreen")):
            index = next((i for i, item in enumerate(items) if item["kind"] == kind), None)
            assert index is not None, kind
            await press(pilot, "a")
            app.screen.query_one("#today-items", DataTable).move_cursor(row=index)
            await press(pilot, "enter")
            assert type(app.screen).__name__ == screen_name
            assert app.screen.staff_id == items[index]["staff_id"]
            if kind == "disagreement":
                assert app.screen.current == items[index]["target"]
            await press(pilot, "escape", "escape")
        assert type(app.screen).__name__ == "HomeScreen"
