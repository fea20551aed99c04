"""FreshTable: cells drawn before the table measured them are drawn again once their column widens."""

from __future__ import annotations

from textual.app import App, ComposeResult

from supervision_tui.app.widgets.fresh_table import FreshTable


class OneTable(App):
    def compose(self) -> ComposeResult:
        yield FreshTable()


async def test_a_cell_drawn_before_its_column_was_measured_is_not_left_cut_short():
    """A plain DataTable fails this (Textual 8): it keeps the early drawing, cut to the old width."""
    app = OneTable()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(FreshTable)
        table.add_column("A", key="a")
        table.add_row("x", key="one")
        await pilot.pause()
        table.clear()
        table.add_row("a much longer cell", key="one")
        drawn_early = table.render_line(1).text  # the screen drew it before the table's idle measured the new cell
        assert "a much longer cell" not in drawn_early
        await pilot.pause()
        assert "a much longer cell" in table.render_line(1).text
