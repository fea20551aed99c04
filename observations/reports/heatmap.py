"""Provides the heatmap's cells as HTML: colour plus a text mark per status, so it still reads printed in black and white.

Built in Python rather than in the template because an org-wide report has tens
of thousands of cells; the only values written are status keys and rating keys
from the framework, and even those are escaped.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..standing.rules import MET, NEED, NOT_OBSERVED, STRENGTH

MARKS = {NEED: "✗", MET: "✓", STRENGTH: "★", NOT_OBSERVED: "·"}
"""The text mark for each status: the heatmap, its legend and the TUI use the same ones."""
STALE_MARK = "†"


def heatmap_cells(cells: list[dict[str, Any]]) -> Markup:
    """One table row's cells: ``<td>`` with a status class (the colour), a stale class (hatching), the marks, and the rating on hover."""
    parts = []
    for cell in cells:
        stale = cell["stale"]
        title = f' title="{escape(cell["rating"])}"' if cell["rating"] else ""
        parts.append(
            f'<td class="c status-{escape(cell["status"])}{" stale" if stale else ""}"'
            f'{title}>'
            f'{MARKS[cell["status"]]}{STALE_MARK if stale else ""}</td>'
        )
    return Markup("".join(parts))
