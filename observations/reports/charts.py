"""Provides the small charts printed reports carry: the follow-through rate per month as an inline SVG.

An inline SVG prints with the page and needs no JavaScript. Its only text is
month labels and numbers this module formats itself (never user text), and it
is still built with ``markupsafe.escape`` around every value, so it is safe to
mark as Markup.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

BAR_WIDTH, GAP, HEIGHT, LABEL_HEIGHT = 22, 6, 60, 14
MONTH_LETTERS = "JFMAMJJASOND"


def follow_through_svg(months: list[dict[str, Any]], compact: bool = False) -> Markup:
    """One bar per month, its height the share done on time; a month with nothing due shows a dot, not a bar.
    Every bar has a title (shown as a tooltip on screen) and the chart has one for screen readers.
    ``compact`` draws it a third of the size, for a table cell."""
    width = len(months) * (BAR_WIDTH + GAP)
    shown_width, shown_height = (width / 3, (HEIGHT + LABEL_HEIGHT) / 3) if compact else (width, HEIGHT + LABEL_HEIGHT)
    parts = [
        f'<svg class="spark" width="{shown_width:g}" height="{shown_height:g}" '
        f'viewBox="0 0 {width} {HEIGHT + LABEL_HEIGHT}" role="img">',
        "<title>Actions done by their due date, per month of the due date</title>",
        f'<line x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}" stroke="#888" stroke-width="1"/>',
    ]
    for index, month in enumerate(months):
        x = index * (BAR_WIDTH + GAP)
        middle = x + BAR_WIDTH / 2
        label = MONTH_LETTERS[int(month["month"][5:7]) - 1]
        if month["rate"] is None:
            tip = f"{month['month']}: nothing fell due"
            parts.append(f'<circle cx="{middle}" cy="{HEIGHT - 3}" r="1.5" fill="#888"><title>{escape(tip)}</title></circle>')
        else:
            bar = max(1.0, round(month["rate"] * (HEIGHT - 4), 1))
            tip = f"{month['month']}: {month['on_time']} of {month['counted']} on time ({month['percent']}%)"
            parts.append(
                f'<rect x="{x}" y="{HEIGHT - bar}" width="{BAR_WIDTH}" height="{bar}" fill="#4a7d4a">'
                f"<title>{escape(tip)}</title></rect>"
            )
        parts.append(
            f'<text x="{middle}" y="{HEIGHT + LABEL_HEIGHT - 3}" font-size="9" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
