"""Provides small helpers shared by the app's DataTables: the highlighted row, and columns that fit the width.

A DataTable sizes each column to its widest cell and scrolls sideways when
they do not fit; the tables whose text can be long cut it to what the other
columns leave instead, so nothing important sits off an 80-column screen.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from ..role_actions import app_offers


class OpensPeople:
    """Mixed into a DataTable whose enter opens the highlighted person: the key is offered only to a role that may open
    a person's standards (not a trainer, who reads reports and never evidence).

    Enter runs ``open_person`` rather than DataTable's own ``select_cursor``, a name that means something else on
    every table, so the role table (``role_actions``) can withhold it. A click still selects the row; the store then
    refuses with its one line.
    """

    @staticmethod
    def open_binding(key_id: str, description: str, tooltip: str) -> Binding:
        return Binding("enter", "open_person", description, id=key_id, tooltip=tooltip)

    def action_open_person(self) -> None:
        self.action_select_cursor()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_person":
            return app_offers(self.app, action)  # type: ignore[attr-defined]
        return super().check_action(action, parameters)  # type: ignore[misc]


def highlighted_key(table: DataTable) -> str | None:
    """The key of the row under the cursor (None on an empty table)."""
    if not table.row_count:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except CellDoesNotExist:  # the cursor sits past the rows while the table is being rebuilt
        return None


def clear_to_columns(table: DataTable, columns: tuple[tuple[str, str], ...], widths: dict[str, int] | None = None) -> None:
    """Empty ``table`` and give it ``columns`` (label, key) afresh, each as wide as its cells or as ``widths`` says.

    ``clear()`` alone keeps each column as wide as its widest cell ever was, so
    rows cut to fit a narrower screen would still scroll sideways.
    """
    table.clear(columns=True)
    for label, key in columns:
        table.add_column(label, key=key, width=(widths or {}).get(key))


def columns_room(table: DataTable) -> int:
    """The width the columns and their padding may fill, leaving room for a vertical scrollbar (it comes and goes
    without a resize); before the first layout, the screen's width less a panel's border."""
    return (table.content_region.width or table.app.size.width - 2) - table.styles.scrollbar_size_vertical


def fit_columns(table: DataTable, wants: dict[str, int], shrink: tuple[tuple[str, int], ...]) -> dict[str, int]:
    """Each column's width: what it ``wants``, shrunk in ``shrink`` order (key, narrowest) until they fit the table."""
    widths = dict(wants)
    excess = sum(widths.values()) + 2 * table.cell_padding * len(widths) - columns_room(table)
    for key, floor in shrink:
        cut = max(0, min(excess, widths[key] - floor))
        widths[key] -= cut
        excess -= cut
    return widths


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when anything was cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def widest(*cells: str) -> int:
    """The widest of ``cells`` in terminal cells (a mark such as ★ may take two)."""
    return max(map(cell_len, cells), default=0)


def fill_wrapped(table: DataTable, columns: tuple[tuple[str, str], ...], rows: list[dict], shrink: tuple[tuple[str, int], ...]) -> None:
    """Empty ``table`` and show ``rows`` (column key -> rich Text) under ``columns``, the ``shrink`` columns wrapping
    (in that order, down to their floors) so the others stay in view; each row is as tall as its wrapped cells."""
    wants = {key: widest(label, *(row[key].plain for row in rows)) for label, key in columns}
    clear_to_columns(table, columns, fit_columns(table, wants, shrink))
    for index, cells in enumerate(rows):
        table.add_row(*(cells[key] for _, key in columns), key=str(index), height=None)
