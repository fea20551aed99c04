"""Under ``serve`` the footer's sign-out key (f9) is always on screen, beside "Signed in as", at every width from 80 to
200 columns and on the screens with the most keys; the list of the other keys may scroll, the sign-out key never does."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from tui_support import TODAY, press, settle

from observations.store.observation_store import Store
from observations.store.scope import ADMIN, WORKER, Scope

WIDTHS = (80, 99, 100, 120, 133, 160, 200)


def sign_out_keys(app) -> list:
    return [key for key in app.screen.query_one(Footer).query("FooterKey") if key.action == "sign_out"]


def assert_sign_out_is_on_screen(app, width: int, where: str) -> None:
    keys = sign_out_keys(app)
    assert len(keys) == 1, (where, width, keys)
    region = keys[0].region
    assert region.width > 0 and region.right <= width, (where, width, region)
    drawn, _ = app.screen.get_widget_at(region.x + 1, region.y)  # what is drawn there is the key, not another widget over it
    assert drawn is keys[0], (where, width, drawn)
    assert keys[0].render().plain.strip() == "f9 Sign out"
    shown = [label for label in app.screen.query(".signed-in") if label.display]
    assert len(shown) == 1 and shown[0].region.right <= region.x, (where, width)  # after the name, at the left end


async def widths_checked(app, pilot, where: str) -> None:
    for width in WIDTHS:
        await pilot.resize_terminal(width, 30)
        await settle(pilot)
        assert_sign_out_is_on_screen(app, width, where)


@pytest.mark.parametrize("role", [ADMIN, WORKER])
async def test_f9_stays_beside_the_name_at_every_width_on_every_busy_screen(demo_db, library, role):
    from supervision_tui.app import create_app

    with Store.open(demo_db, library) as store:
        first = store.list_staff()[0]
    scope = Scope(ADMIN, account="boss") if role == ADMIN else Scope(WORKER, account="ada", staff_id=first.id, name=first.name)
    app = create_app(db_path=demo_db, library=library, today=TODAY, scope=scope)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            await widths_checked(app, pilot, "home")
            await press(pilot, "enter")
            assert type(app.screen).__name__ == "PersonScreen"
            await widths_checked(app, pilot, "person")
            await press(pilot, "a")
            await widths_checked(app, pilot, type(app.screen).__name__)
    finally:
        app.gateway.close()


async def test_the_terminals_footer_has_no_sign_out_key_and_no_name(demo_db, library):
    from supervision_tui.app import create_app

    app = create_app(db_path=demo_db, library=library, today=TODAY)
    try:
        async with app.run_test(size=(133, 30)) as pilot:
            await settle(pilot)
            assert sign_out_keys(app) == [] and not app.screen.query("#signed-in")
    finally:
        app.gateway.close()
