"""Provides dates that stay on one line in HTML reports: a printed table cell must not split 2026-11-\\n25 at a hyphen.

Browsers may break a line after any hyphen, dates included, and a date split
over two lines in a narrow column is easy to misread on paper.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def dates_unbroken(text: object) -> Markup:
    """Filter: ``text`` escaped, with every ISO date in it wrapped so it is never broken across lines."""
    escaped = str(escape(text))
    return Markup(ISO_DATE.sub(lambda match: f'<span class="nowrap">{match.group()}</span>', escaped))
