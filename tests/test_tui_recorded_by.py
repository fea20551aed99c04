"""The person screen's history of a standard says which signed-in account recorded a rating, when not the observer."""

from __future__ import annotations

from tui_support import SIZE, TODAY, open_person, press, rows, settle, static_text

from observations.store.scope import Scope


async def test_a_rating_saved_under_an_account_shows_who_recorded_it(demo_db, library):
    from supervision_tui.app import create_app

    manager = Scope("manager", account="mgr.north", name="Ravi Begum", teams=("North team",))
    app = create_app(db_path=demo_db, library=library, today=TODAY, scope=manager)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        await press(pilot, "3", "ctrl+s")
        await settle(pilot)
        await press(pilot, "up")
        await settle(pilot)
        shown = static_text(app, "#detail-text")
    assert "recorded by mgr.north" in " ".join(shown.split())
    assert rows(demo_db, "SELECT recorded_by FROM observations ORDER BY recorded_at DESC LIMIT 1") == [("mgr.north",)]


async def test_at_the_terminal_the_observer_alone_is_shown(demo_db, library):
    from supervision_tui.app import create_app

    app = create_app(db_path=demo_db, library=library, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        await press(pilot, "3", "ctrl+s")
        await settle(pilot)
        await press(pilot, "up")
        await settle(pilot)
        shown = static_text(app, "#detail-text")
    assert "Secure  observation  by Ravi Begum" in shown and "recorded by" not in shown
