"""User text is data: names, teams, evidence and action text full of markup show as typed on every screen, and crash nothing."""

from __future__ import annotations

from tui_support import (
    HOSTILE_EVIDENCE,
    HOSTILE_NAME,
    HOSTILE_TEAM,
    failures,
    make_app,
    press,
    rows,
    settle,
    static_text,
    type_text,
)


TYPED = "[bold]typed[/ <i> ]["


async def markdown_heading(pilot) -> str:
    """The text of the Markdown's first heading as shown, once the widget has built its blocks (it does so after loading)."""
    from textual.widgets import Markdown
    from textual.widgets.markdown import MarkdownBlock

    markdown = pilot.app.screen.query_one(Markdown)
    for _ in range(100):
        headings = markdown.query("MarkdownH1").results(MarkdownBlock)
        heading = next(headings, None)
        if heading is not None:
            return str(heading.content)
        await pilot.pause()
    raise AssertionError("the summary never showed its heading")


def cells(table) -> list[str]:
    return [str(cell) for index in range(table.row_count) for cell in table.get_row_at(index)]


async def test_staff_list_datatable_shows_the_name_as_typed(hostile_db, library):
    from supervision_tui.app.screens.home import StaffTable

    app = make_app(hostile_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = cells(app.screen.query_one(StaffTable))
        assert HOSTILE_NAME in shown and HOSTILE_TEAM in shown and "[i]PA[/i]" in shown


async def test_person_screen_title_detail_and_evidence_box(hostile_db, library):
    from supervision_tui.app.widgets.recorder import EvidenceArea
    from supervision_tui.app.widgets.standards_tree import StandardsTree

    app = make_app(hostile_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert static_text(app, "#person-title").startswith(f"{HOSTILE_NAME} · {HOSTILE_TEAM}")
        tree = app.screen.query_one(StandardsTree)
        await press(pilot, *["down"] * 9)  # U1..U7, the Assessment stage, A1, A2
        assert app.screen.current == "A2" and tree.cursor_node.data == "A2"
        detail = static_text(app, "#detail-text")
        assert HOSTILE_EVIDENCE in detail and "by [u]me" in detail
        await press(pilot, "3", "e")
        await type_text(pilot, TYPED)
        assert app.screen.query_one(EvidenceArea).text == TYPED
        await press(pilot, "ctrl+s")
        assert failures(messages) == []
    saved = rows(hostile_db, "SELECT standard, rating, evidence, observer FROM current_observations WHERE evidence = ?", (TYPED,))
    assert saved == [("A2", "secure", TYPED, "[b]Boss")]


async def test_actions_table_and_close_dialog(hostile_db, library):
    from supervision_tui.app.widgets.action_table import ActionTable

    app = make_app(hostile_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "a")
        shown = cells(app.screen.query_one(ActionTable))
        assert "Read [bold]this[/" in shown and "[x]" in shown
        await press(pilot, "c")
        assert "Read [bold]this[/" in str(app.screen.query("Static")[1].content)
        await press(pilot, "escape")


async def test_summary_markdown_team_heatmap_induction_and_session(hostile_db, library):
    from supervision_tui.app.screens.team import HeatmapTable

    app = make_app(hostile_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert f" {HOSTILE_NAME}" in cells(app.screen.query_one(HeatmapTable))
        assert HOSTILE_TEAM in static_text(app, "#team-title")
        await press(pilot, "escape", "enter", "u")
        assert await markdown_heading(pilot) == f"Development-needs summary: {HOSTILE_NAME}"
        await press(pilot, "escape", "i")
        assert HOSTILE_NAME in static_text(app, "#induction-title")
        await press(pilot, "escape", "v")
        assert HOSTILE_NAME in static_text(app, "#session-title") and "[b]Boss" in static_text(app, "#session-title")
        await press(pilot, "escape", "k")
        assert HOSTILE_NAME in static_text(app, "#caseload-title")
        assert failures(messages) == []


async def test_help_and_palette_on_every_screen_with_hostile_text(hostile_db, library):
    from supervision_tui.app.screens.help import HelpScreen

    app = make_app(hostile_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in ((), ("enter",), ("a",), ("escape", "u"), ("escape", "i")):
            await press(pilot, *keys)
            await press(pilot, "f1")
            assert isinstance(app.screen, HelpScreen)
            await press(pilot, "escape")
