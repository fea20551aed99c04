"""The caseload screen records a line-manager discussion of the selected case, inside the session in progress."""

from __future__ import annotations

from tui_support import TODAY, failures, make_app, open_person, press, rows, settle, staff_id

PERSON = "Jess Fraser"


async def test_d_records_a_discussion_of_the_selected_case_in_the_session(demo_db, library):
    from textual.widgets import DataTable

    from supervision_tui.app.screens.caseload import CaseloadScreen

    person = staff_id(demo_db, PERSON)
    before = rows(demo_db, "SELECT count(*) FROM case_events WHERE event = 'manager-discussion'")[0][0]
    app = make_app(demo_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "v")  # start a session: it opens the session view
        await press(pilot, "escape", "k")
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        table = screen.query_one(DataTable)
        assert table.row_count > 0
        ref = screen.selected_ref()
        await press(pilot, "d")
        await press(pilot, "y")
        await app.workers.wait_for_complete()
        await settle(pilot)
        session = app.active_sessions[person]
        assert failures(messages) == []
        assert any(f"Discussion of case {ref} recorded in this session." == n.message for n in app._notifications)
    found = rows(
        demo_db,
        "SELECT e.on_date, e.session_id FROM case_events e JOIN cases c ON c.id = e.case_id "
        "WHERE c.ref = ? AND e.event = 'manager-discussion' ORDER BY e.recorded_at DESC LIMIT 1",
        (ref,),
    )
    assert found == [(TODAY.isoformat(), session.id)]
    assert rows(demo_db, "SELECT count(*) FROM case_events WHERE event = 'manager-discussion'")[0][0] == before + 1


async def test_answering_no_records_nothing(demo_db, library):
    before = rows(demo_db, "SELECT count(*) FROM case_events")[0][0]
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "k", "d", "n")
        await app.workers.wait_for_complete()
    assert rows(demo_db, "SELECT count(*) FROM case_events")[0][0] == before


async def test_a_floating_support_case_shows_its_own_rule_and_takes_no_discussion(db_path, library):
    from datetime import timedelta

    from textual.widgets import DataTable

    from observations.caseload import add_case, log_event
    from observations.store.observation_store import Store
    from supervision_tui.app.screens.caseload import CaseloadScreen

    with Store.open(db_path, library) as store:
        worker = store.add_staff("Ann Worker", team="Oxford")
        add_case(store, worker.id, "FS-101", level=None, referred_on=TODAY - timedelta(days=300), framework="methods-of-work")
        log_event(store, "FS-101", "support-plan", TODAY - timedelta(days=290))
    before = rows(db_path, "SELECT count(*) FROM case_events")[0][0]
    app = make_app(db_path, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Ann Worker")
        await press(pilot, "k")
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        table = screen.query_one(DataTable)
        cells = [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        assert "FS-101" in cells and any("Support plan and review" in cell for cell in cells)
        assert any("overdue" in cell for cell in cells)
        await press(pilot, "d")
        assert any("follows methods-of-work, which sets no line-manager discussion" in n.message for n in app._notifications)
    assert rows(db_path, "SELECT count(*) FROM case_events")[0][0] == before
