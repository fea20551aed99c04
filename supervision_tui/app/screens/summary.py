"""Provides the summary screen: the development-needs summary for one person, as the report renders it, with export keys.

The report's own Markdown rendering is shown in Textual's Markdown widget, so
the screen and the exported file say the same thing; the report escapes user
text for Markdown, and the widget never reads Textual markup.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from standards.visible_text import visible_block, visible_line

from ..report_messages import ReportLoaded
from ..widgets.app_footer import AppFooter
from .base import DataScreen
from .export import ExportKeys, person_stem


def needs_summary(staff_id: str, framework_id: str, as_of):
    """The gateway call and the rendering step for the needs summary (jinja2 is imported only here)."""

    def build(store) -> dict[str, Any]:
        from observations.reports.needs import needs_report

        return needs_report(store, staff_id, framework_id=framework_id, as_of=as_of)

    def render(data: dict[str, Any]) -> ReportLoaded:
        from observations.reports import render_report

        return ReportLoaded("needs", data, render_report(kind="needs", fmt="md", data=data))

    return build, render


class SummaryScreen(ExportKeys, DataScreen):
    """The development-needs summary to take into supervision."""

    CSS_PATH = "summary.tcss"
    HELP_TITLE = "Development-needs summary"
    AUTO_FOCUS = "#summary-scroll"
    report_kind = "needs"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="summary-back", tooltip="Back to the person"),
        Binding("m", "export('md')", "Export Markdown", id="summary-export-md", tooltip="Write the summary to a Markdown file"),
        Binding("h", "export('html')", "Export HTML", id="summary-export-html", tooltip="Write the summary to an HTML file"),
    ]

    def __init__(self, staff_id: str):
        super().__init__()
        self.staff_id = staff_id
        self.report_data = None

    def compose(self) -> ComposeResult:
        yield Static("Development-needs summary", id="summary-title", classes="title-bar", markup=False)
        with VerticalScroll(id="summary-scroll"):
            yield Markdown("Reading the records…", id="summary", open_links=False)
        yield Static("m exports Markdown · h exports HTML", id="summary-status", classes="hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "framework_id", lambda _: self.reload(), init=False)

    def reload(self) -> None:
        build, render = needs_summary(self.staff_id, self.app.framework_id, self.app.as_of)
        self.run_db(build, render, group="report", exclusive=True)

    @on(ReportLoaded)
    async def loaded(self, message: ReportLoaded) -> None:
        self.report_data = message.data
        person = message.data["person"]
        self.query_one("#summary-title", Static).update(
            visible_line(f"Development-needs summary · {person['name']} · {message.data['framework']['title']} · as of {message.data['as_of']}")
        )
        await self.query_one(Markdown).update(visible_block(message.markdown))  # the exported file keeps the text as typed

    def export_stem(self) -> str:
        data = self.report_data or {}
        return person_stem("needs", data)

    def show_export_line(self, text: str) -> None:
        self.query_one("#summary-status", Static).update(f"{text} · m exports Markdown · h exports HTML")
