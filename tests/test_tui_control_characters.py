"""Control characters are data: an escape sequence in evidence, a name or a team shows visibly (``\\x1b``) on every
screen and never reaches the terminal, where it would retitle it or change its colours."""

from __future__ import annotations

import sqlite3

import pytest

from observations.store.observation_store import Store
from tui_support import TODAY, make_app, press, settle

TITLE = "\x1b]0;pwned\x07"
RED = "\x1b[31m"
NAME = f"Sam{TITLE} Patel"
TEAM = f"North{RED}"
EVIDENCE = f"Saw {RED}red{TITLE} and\ta tab"


@pytest.fixture
def escape_db(tmp_path, library):
    """One person whose evidence, action and observer hold escape sequences, and whose name and team do too,
    as an import from an older version let in (``staff add`` refuses them, so they are written straight in)."""
    path = tmp_path / "escape.db"
    with Store.open(path, library) as store:
        member = store.add_staff("Sam Patel", team="North", role="PA", manager="Boss")
        store.record_observation(member.id, "A2", "developing", observed_on=TODAY, evidence=EVIDENCE, observer="me")
        store.add_action(member.id, "Read this", standards=["A2"], owner="me", due_on="2025-06-01")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE staff SET name = ?, team = ?, role = ?", (NAME, TEAM, f"PA{RED}"))
    connection.close()
    return path


def screen_text(app) -> str:
    """Everything the current screen shows (all its widgets, scrolled out of view too); toasts are in the screenshot."""
    from textual.widgets import DataTable, Static, Tree

    parts: list[str] = [str(app.screen.title or ""), str(app.screen.sub_title or "")]
    for widget in app.screen.query("*"):
        parts += [str(widget.border_title or ""), str(widget.border_subtitle or "")]
        if isinstance(widget, Static):
            parts.append(str(widget.content))
        elif isinstance(widget, DataTable):
            parts += [str(cell) for index in range(widget.row_count) for cell in widget.get_row_at(index)]
        elif isinstance(widget, Tree):
            stack = [widget.root]
            while stack:
                node = stack.pop()
                parts.append(str(node.label))
                stack.extend(node.children)
    return "\n".join(parts)


def assert_shown_not_obeyed(app, *expected: str) -> None:
    text = screen_text(app)
    assert "\x1b" not in text and "\x07" not in text
    for visible in expected:
        assert visible in text, visible
    screenshot = app.export_screenshot()
    assert "\x1b" not in screenshot and "\x07" not in screenshot


async def test_home_person_actions_and_team_show_escapes_visibly(escape_db, library):
    app = make_app(escape_db, library)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert_shown_not_obeyed(app, "Sam\\x1b]0;pwned\\x07 Patel", "North\\x1b[31m", "PA\\x1b[31m")
        await press(pilot, "enter")
        await press(pilot, *["down"] * 9)  # U1..U7, the Assessment stage, A1, A2
        assert app.screen.current == "A2"
        assert_shown_not_obeyed(app, "Sam\\x1b]0;pwned\\x07 Patel", "Saw \\x1b[31mred\\x1b]0;pwned\\x07 and")
        await press(pilot, "a")
        assert_shown_not_obeyed(app, "Sam\\x1b]0;pwned\\x07 Patel", "Read this")


@pytest.mark.parametrize(
    "keys",
    [("t",), ("i",), ("enter", "v"), ("enter", "u"), ("enter", "k"), ("enter", "L")],
    ids=["team", "induction", "session", "summary", "caseload", "mark-left-question"],
)
async def test_every_other_screen_shows_the_name_visibly(escape_db, library, keys):
    app = make_app(escape_db, library)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        await settle(pilot)
        assert_shown_not_obeyed(app, "Sam\\x1b]0;pwned\\x07 Patel")
