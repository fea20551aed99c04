"""Provides the Today screen: what needs the manager's attention, one row per thing, the most pressing first.

The list is ``observations.today``'s (the same as ``supervision-tui today``);
this screen only shows it. Enter opens the person at the thing: the standard
for a disagreement or a standard not observed lately, the actions for an
overdue action, the caseload review for a case, the induction checklist for
someone behind on induction.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from standards.visible_text import visible_line

from ..marks import rich_style
from ..report_messages import ReportLoaded
from ..widgets.fresh_table import FreshTable
from ..widgets.tables import clear_to_columns, fill_wrapped, highlighted_key
from ..widgets.app_footer import AppFooter
from .base import DataScreen

COLUMNS = (("Due", "due"), ("What", "title"), ("Person", "person"), ("Detail", "text"))
WRAP = (("text", 24), ("person", 16), ("title", 12))
"""The columns that wrap rather than push the others off screen, in the order they give way, and how narrow each may become."""


def today_loader(framework_id: str, as_of, settings):
    def build(store) -> dict[str, Any]:
        from observations.schedule import ScheduleRules
        from observations.today import today_report

        rules = ScheduleRules.from_settings(settings)
        return today_report(store, framework_id, as_of=as_of, stale_months=settings.stale_months, rules=rules)

    return build, lambda data: ReportLoaded("today", data, "")


def today_line(data: dict[str, Any]) -> str:
    """'12 things to attend to for 11 people, 5 overdue' under the list."""
    items = data["items"]
    if not items:
        return f"Nothing needs attention today ({data['people']} people in view)."
    overdue = sum(1 for item in items if item["overdue"])
    return f"{len(items)} thing{'s' if len(items) != 1 else ''} to attend to for {data['people']} people, {overdue} overdue · enter opens one"


class TodayScreen(DataScreen):
    """The attention list; enter opens the person at the highlighted thing."""

    CSS_PATH = "today.tcss"
    HELP_TITLE = "Today"
    AUTO_FOCUS = "#today-items"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="today-back", tooltip="Back to the staff list"),
        Binding("enter", "open_item", "Open", id="today-open", tooltip="Open the person at the highlighted thing"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Today", id="today-title", classes="title-bar", markup=False)
        table = FreshTable(id="today-items", classes="panel", cursor_type="row", zebra_stripes=True)
        table.border_title = "Needs attention, most pressing first"
        yield table
        yield Static("Reading the record…", id="today-summary", classes="hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        clear_to_columns(self.query_one(DataTable), COLUMNS)
        self.watch(self.app, "framework_id", lambda _: self.reload(), init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show)

    def reload(self) -> None:
        build, then = today_loader(self.app.framework_id, self.app.as_of, self.app.settings)
        self.run_db(build, then, group="today", exclusive=True)

    @on(ReportLoaded)
    def loaded(self, message: ReportLoaded) -> None:
        if message.kind == "today":
            self.data = message.data
            self.show()

    def show(self) -> None:
        if self.data is None:
            return
        variables = self.app.get_css_variables()
        table = self.query_one(DataTable)
        keep = table.cursor_row
        rows = [
            {
                "due": Text(item["due"] or "", style=rich_style("bold $error", variables) if item["overdue"] else ""),
                "title": Text(item["title"], style="bold" if item["overdue"] else ""),
                "person": Text(visible_line(item["name"])),
                "text": Text(visible_line(item["text"])),
            }
            for item in self.data["items"]
        ]
        fill_wrapped(table, COLUMNS, rows, WRAP)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.query_one("#today-title", Static).update(f"Today · {self.data['as_of']} · {self.data['framework']}")
        self.query_one("#today-summary", Static).update(today_line(self.data))

    @on(DataTable.RowSelected, "#today-items")
    def row_chosen(self) -> None:
        self.action_open_item()

    def action_open_item(self) -> None:
        key = highlighted_key(self.query_one(DataTable))
        if self.data is None or key is None:
            return
        self.app.push_screen(screen_for(self.data["items"][int(key)]))


def screen_for(item: dict[str, Any]) -> Screen:
    """The screen that shows the thing ``item`` is about, for its person."""
    kind, staff_id = item["kind"], item["staff_id"]
    if kind == "action":
        from .actions import ActionsScreen

        return ActionsScreen(staff_id)
    if kind == "case":
        from .caseload import CaseloadScreen

        return CaseloadScreen(staff_id)
    if kind == "induction":
        from .induction import InductionScreen

        return InductionScreen(staff_id)
    from .person import PersonScreen

    return PersonScreen(staff_id, standard_id=item["target"])
