"""SVG snapshots of the main screens at 120×40: a fixed day, the fixed demo seed, a fixed theme, no cursor blink.

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from syrupy.extensions.image import SVGImageSnapshotExtension

from tui_support import SIZE, make_app, open_person, press, settle


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(SVGImageSnapshotExtension)


async def screenshot(pilot) -> str:
    """The screen as SVG once everything has settled, with no blinking cursor to catch half-way."""
    from textual.widgets import Input, TextArea

    app = pilot.app
    await settle(pilot)
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    # Some widgets (the Markdown summary above all) finish laying out after their messages are handled, so wait until
    # two screenshots in a row agree: the screen has stopped changing. Bounded, and never a sleep.
    previous = None
    for _ in range(100):
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        current = app.export_screenshot(title="supervision-tui")
        if current == previous:
            return current
        previous = current
    raise AssertionError("the screen never stopped changing")


@pytest.mark.parametrize(
    "name, keys",
    [
        ("home", ()),
        ("person_recording", ("person", "down", "3", "x", "1", "escape", "d", "type:2025-06-28", "enter", "e", "type:Saw a clear plan")),
        ("summary", ("person", "u")),
        ("team", ("t",)),
        ("induction", ("person", "i")),
        ("actions", ("person", "a")),
        ("help_person", ("person", "f1")),
        ("new_staff", ("n", "type:Sam Okafor")),
    ],
)
async def test_main_screens(name, keys, demo_db, library, svg_snapshot):
    app = make_app(demo_db, library)
    async with app.run_test(size=SIZE) as pilot:
        await drive(pilot, keys)
        assert await screenshot(pilot) == svg_snapshot(name=name)


async def drive(pilot, keys) -> None:
    """Press ``keys``: 'person' opens Jess Fraser, 'type:…' types text, anything else is one key."""
    await settle(pilot)
    for key in keys:
        if key == "person":
            await open_person(pilot, "Jess Fraser")
        elif key.startswith("type:"):
            await pilot.press(*key.removeprefix("type:"))
        else:
            await press(pilot, key)


@pytest.mark.parametrize("name, keys", [("small_home", ()), ("small_person", ("person", "3"))])
async def test_an_80x24_terminal(name, keys, demo_db, library, svg_snapshot):
    """The smallest usual terminal: the counts, the standard, the rating and what saving will do all stay in view."""
    app = make_app(demo_db, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await drive(pilot, keys)
        assert await screenshot(pilot) == svg_snapshot(name=name)


async def test_empty_database(tmp_path, library, svg_snapshot):
    app = make_app(tmp_path / "empty.db", library)
    async with app.run_test(size=SIZE) as pilot:
        assert await screenshot(pilot) == svg_snapshot(name="empty")
