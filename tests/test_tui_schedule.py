"""The supervision schedule on the staff list: next due beside the needs and overdue actions, and s sorts by it."""

from __future__ import annotations

from observations.schedule import ScheduleRules
from observations.schedule_queries import supervision_schedule
from observations.store.observation_store import Store
from observations.store.supervision_interval import set_supervision_interval
from tui_support import TODAY, make_app, press, settle, staff_id


def column(app, key: str) -> list[str]:
    from supervision_tui.app.screens.staff_list import StaffTable

    table = app.screen.query_one(StaffTable)
    return [str(table.get_cell_at((row, table.get_column_index(key)))) for row in range(table.row_count)]


async def test_the_list_shows_each_persons_next_supervision_and_s_sorts_by_it(demo_db, library):
    with Store.open(demo_db, library) as store:
        gareth = staff_id(demo_db, "Gareth Clarke")
        set_supervision_interval(store, gareth, 1)  # weekly: his own interval, whatever the service's
        expected = supervision_schedule(store, as_of=TODAY, rules=ScheduleRules())
        active = {m.id: m.name for m in store.list_staff(include_left=False)}
    most_overdue = min(expected.values(), key=lambda d: d.days)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = column(app, "name")
        assert names == sorted(names, key=str.casefold)
        shown = dict(zip(names, column(app, "supervision")))
        for person, due in expected.items():
            assert due.describe() in shown[active[person]]
        assert expected[gareth].interval_weeks == 1
        assert any(d.status == "overdue" for d in expected.values()), "the demo has someone overdue to sort first"
        await press(pilot, "s")
        by_due = column(app, "name")
        assert by_due[0] == active[most_overdue.staff_id]
        assert shown[by_due[0]].startswith("! overdue")
        days = [expected[staff_id(demo_db, name)].days for name in by_due]
        assert days == sorted(days)
        await press(pilot, "s")
        assert column(app, "name") == names
