"""Provides small helpers shared by the app's DataTables."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist


def highlighted_key(table: DataTable) -> str | None:
    """The key of the row under the cursor (None on an empty table)."""
    if not table.row_count:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except CellDoesNotExist:  # the cursor sits past the rows while the table is being rebuilt
        return None
