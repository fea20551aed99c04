"""The person screen's history of a standard says which signed-in account recorded a rating, when not the observer."""

from __future__ import annotations

from tui_support import SIZE, TODAY, open_person, press, rows, settle, static_text

from observations.store.scope import Scope


async def detail_after_rating(db_path, library, scope: Scope | None) -> str:
    """Rate Jess Fraser's U1 Secure as ``scope`` (None: the terminal), go back to it, and read its detail panel."""
    from supervision_tui.app import create_app

    app = create_app(db_path=db_path, library=library, today=TODAY, scope=scope)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        await press(pilot, "3", "ctrl+s")
        await settle(pilot)
        await press(pilot, "up")
        await settle(pilot)
        return static_text(app, "#detail-text")


async def test_a_rating_saved_under_an_account_shows_who_recorded_it(demo_db, library):
    manager = Scope("manager", account="mgr.north", name="Ravi Begum", teams=("North team",))
    shown = await detail_after_rating(demo_db, library, manager)
    assert "by Ravi Begum  recorded by mgr.north" in " ".join(shown.split("\n"))
    assert rows(demo_db, "SELECT recorded_by FROM observations ORDER BY recorded_at DESC LIMIT 1") == [("mgr.north",)]


async def test_at_the_terminal_the_observer_alone_is_shown(demo_db, library):
    shown = await detail_after_rating(demo_db, library, None)
    assert "Secure  observation  by Ravi Begum" in shown and "recorded by" not in shown
