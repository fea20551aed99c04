"""Provides rendering of the caseload review as Markdown or a standalone HTML page, from the report data.

Its own jinja2 Environment for now, configured as the shared report one will be:
templates from ``observations/templates``, StrictUndefined (a missing value is
an error, not a blank), autoescape for ``.html.j2``, and an ``md`` filter that
escapes user text for Markdown. Built on first use so start-up never loads jinja2.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

FORMATS = ("md", "html")
_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]<>#|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def markdown_escape(value: Any) -> str:
    """User text as literal Markdown on one line: every character that could start markup is backslash-escaped."""
    text = " ".join(str(value).split())
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    """A leading '-', '+', '=' or '>' is escaped itself; '1.' or '1)' has its '.' or ')' escaped."""
    marker = match.group(2)
    return match.group(1) + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("observations", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    return env


def render_caseload(data: dict[str, Any], fmt: str) -> str:
    """The caseload review from ``caseload_report`` data, as ``md`` or ``html``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown caseload format {fmt!r} (formats: {', '.join(FORMATS)})")
    return _environment().get_template(f"caseload.{fmt}.j2").render(**data)
