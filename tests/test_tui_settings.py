"""Settings in the app: the keymap is live in the keys, the help and the footer; a chosen theme is kept between runs."""

from __future__ import annotations

from textual.widgets import DataTable, Footer

from observations.settings import Settings, load_settings
from tui_support import TODAY, open_person, press, settle


def app_with(db_path, library, settings):
    from supervision_tui.app import create_app

    return create_app(db_path=db_path, library=library, today=TODAY, settings=settings)


def footer_keys(screen) -> dict[str, str]:
    """What the footer of ``screen`` shows: description -> key, as drawn."""
    footer = screen.query_one(Footer)
    return {binding.description: binding.key for _, binding, enabled, _ in footer.screen.active_bindings.values() if binding.show}


async def test_a_keymap_moves_a_key_in_the_app_the_help_and_the_footer(demo_db, library):
    from types import MappingProxyType

    from supervision_tui.app.screens.actions import ActionsScreen
    from supervision_tui.app.screens.help import HelpScreen

    settings = Settings(keymap=MappingProxyType({"person-actions": "A", "help": "f2"}))
    app = app_with(demo_db, library, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        person = app.screen
        assert footer_keys(person)["Actions"] == "A"
        await press(pilot, "f2")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        listed = {str(table.get_row_at(i)[2]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert listed["Development actions: add, complete, drop"] == "A"
        assert listed["List the keys of this screen"] in ("f2", "?")  # f1 moved to f2; ? is its own binding
        assert "f1" not in {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        await press(pilot, "escape", "a")
        assert app.screen is person  # a no longer opens the actions
        await press(pilot, "A")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)


async def test_the_footer_over_help_or_the_palette_keeps_the_person_screens_rating_keys(demo_db, library):
    app = app_with(demo_db, library, Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        person = app.screen
        levels = len(app.framework.rating_scale.levels)
        shown = {b.key for _, b, _, _ in person.active_bindings.values() if b.description.startswith("Rate")}
        assert shown == {str(n) for n in range(1, levels + 1)}
        for opener in ("f1", "ctrl+p"):
            await press(pilot, opener)
            assert app.screen is not person
            under = {b.key for _, b, _, _ in person.active_bindings.values() if b.description.startswith("Rate")}
            assert under == shown, opener  # was 1-9: the popup's check_action answered for the person's keys
            await press(pilot, "escape")
            assert app.screen is person


async def test_a_theme_chosen_in_the_app_is_kept_for_the_next_run(demo_db, library):
    first = app_with(demo_db, library, load_settings())
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first.theme = "nord"
        await settle(pilot)
    kept = load_settings()
    assert kept.theme == "nord" and kept.source("theme") == "file"
    second = app_with(demo_db, library, kept)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert second.theme == "nord"


async def test_exports_are_offered_in_the_settings_export_folder(demo_db, library, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    app = app_with(demo_db, library, Settings(export_folder=str(folder), from_file=frozenset({"export_folder"})))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        await settle(pilot)
        await press(pilot, "c", "enter")
        await settle(pilot)
        path = app.screen.last_export
    assert path is not None and path.parent == folder and path.read_text().startswith("ref,name,team")
