"""Keys: every binding is named and explained, the help screen lists the current screen's keys, the palette runs them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding

from tui_support import make_app, open_person, press, settle


def app_classes() -> list[type]:
    import supervision_tui.app as package

    found = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        found += [obj for _, obj in inspect.getmembers(module, inspect.isclass) if obj.__module__ == module.__name__]
    return found


def test_every_binding_has_an_id_and_a_tooltip():
    bindings = [(cls.__name__, b) for cls in app_classes() for b in cls.__dict__.get("BINDINGS", [])]
    assert len(bindings) > 40
    assert all(isinstance(b, Binding) for _, b in bindings)
    missing = [f"{name}:{b.key}" for name, b in bindings if not b.id or not b.tooltip]
    assert missing == []
    ids = [b.id for _, b in bindings]
    assert len(ids) == len(set(ids)), "binding ids are unique, so a keymap can remap each"


async def test_help_lists_the_keys_of_the_person_screen_by_where_they_work(demo_db, library):
    from textual.widgets import DataTable

    from supervision_tui.app.screens.help import HelpScreen

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        listed = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        wheres = {row[0] for row in listed if row[0]}
        keys = {row[1] for row in listed}
        assert {"Standards list (left)", "Examples list", "Evidence box", "Anywhere"} <= wheres
        assert {"1", "4", "ctrl+s", "esc", "f1", "ctrl+q", "?"} <= {k for key in keys for k in key.split(", ")}
        assert "5" not in keys  # four levels on the APIR scale
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_every_key_of_the_screen_and_runs_it(demo_db, library):
    from supervision_tui.app.commands import ScreenCommands
    from supervision_tui.app.keys import screen_keys

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        screen = app.screen
        provider = ScreenCommands(screen)
        names = [hit.text for hit in [h async for h in provider.discover()]]
        expected = {e.description for e in screen_keys(app, screen) if e.enabled() and e.action != "quit"}
        assert expected <= {name.rsplit(" (", 1)[0] for name in names}
        hits = [h async for h in provider.search("rate 3")]
        await hits[0].command()
        await settle(pilot)
        assert screen.draft().rating == "secure"
        hits = [h async for h in provider.search("Framework: Our Methods")]
        hits[0].command()
        await settle(pilot)
        assert app.framework_id == "methods-of-work"


async def test_palette_lists_each_command_once(demo_db, library):
    """Help has two keys (f1 and ?) but is one command; themes are Textual's own "Theme" command, not a second list."""
    from supervision_tui.app.commands import ScreenCommands

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        provider = ScreenCommands(app.screen)
        names = [str(hit.text) async for hit in provider.discover()]
        searched = [str(hit.text) async for hit in provider.search("help")] + [str(hit.text) async for hit in provider.search("theme")]
        assert len(names) == len(set(names))
        assert [name for name in names if name.startswith("Help")] == ["Help (f1)"]
        assert [name for name in searched if "Help" in name or "Theme" in name] == ["Help (f1)"]
        assert "Theme" in [command.title for command in app.get_system_commands(app.screen)]


async def test_ctrl_p_opens_the_palette_and_ctrl_q_quits(demo_db, library):
    from textual.command import CommandPalette

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, "escape", "ctrl+q")
    assert app.return_code == 0
