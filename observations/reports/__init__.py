"""Provides report rendering: one cached jinja2 environment over the package's templates, for every kind and format.

The data builders (``needs``, ``training``, ``induction`` and
``caseload.caseload_report``) return plain JSON-able dicts; this module turns one into Markdown, HTML, JSON or CSV. User text is
never structure: HTML templates are autoescaped, and in Markdown templates every
``{{ ... }}`` string is Markdown-escaped unless it is already Markup (from the
``md`` or ``md_quote`` filters, or ``|safe``). So markup a template builds
belongs in template text, not inside ``{{ }}``.
jinja2 is imported only when a report is rendered, so start-up stays lean.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..errors import InputError
from .charts import follow_through_svg
from .heatmap import MARKS, STALE_MARK, heatmap_cells
from .html_dates import dates_unbroken
from .markdown_escape import escape_inline, quote_block

if TYPE_CHECKING:
    from jinja2 import Environment

FORMATS: dict[str, tuple[str, ...]] = {
    "needs": ("md", "html", "json"),
    "training": ("md", "html", "csv", "json"),
    "induction": ("md", "html", "json"),
    "caseload": ("md", "html", "json"),
    "today": ("text", "md", "json"),
    "session_record": ("md", "html", "json"),
    "agenda": ("md", "json"),
}
"""The formats each kind of report comes in; the first is the default."""

MARKDOWN_SUFFIX = ".md.j2"


def _markdown_finalize(context: Any, value: Any) -> Any:
    """Escape every string printed into a Markdown template: Markdown's answer to HTML autoescape."""
    if isinstance(value, str) and not isinstance(value, Markup) and (context.name or "").endswith(MARKDOWN_SUFFIX):
        return escape_inline(value)
    return value


def _md(value: Any) -> Markup:
    """Filter: user text escaped for one Markdown line, marked safe so it is not escaped twice."""
    return value if isinstance(value, Markup) else Markup(escape_inline(value))


def _md_quote(value: Any, indent: int = 0) -> Markup:
    """Filter: multi-line user text as an escaped Markdown block quote (already safe, so not escaped again)."""
    return Markup(quote_block(value, indent))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one jinja2 environment: package templates, strict about missing values, HTML autoescaped."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape

    env = Environment(
        loader=PackageLoader("observations", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        finalize=pass_context(_markdown_finalize),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    env.filters["md_quote"] = _md_quote
    env.filters["thousands"] = lambda number: f"{number:,}"
    env.filters["heatmap_cells"] = heatmap_cells
    env.filters["dates_unbroken"] = dates_unbroken
    env.filters["follow_through_svg"] = follow_through_svg
    env.globals.update(marks=MARKS, stale_mark=STALE_MARK)
    return env


def render_report(*, kind: str, fmt: str, data: dict[str, Any]) -> str:
    """The report ``kind`` (a key of ``FORMATS``: needs, training, induction, caseload) built from ``data`` in format ``fmt``."""
    if kind not in FORMATS:
        raise InputError(f"unknown report {kind!r} (reports: {', '.join(FORMATS)})")
    if fmt not in FORMATS[kind]:
        raise InputError(f"the {kind} report has no {fmt!r} format (formats: {', '.join(FORMATS[kind])})")
    if fmt == "json":
        # The training report holds the whole staff x standard matrix; json's C encoder only runs without indent.
        return json.dumps(data, indent=None if kind == "training" else 2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from .training import training_csv

        return training_csv(data)
    if fmt == "text":
        from ..today import today_text

        return today_text(data)
    return environment().get_template(f"{kind}.{fmt}.j2").render(**data)
