"""Provides the team view: a staff × standards heatmap from the training report, its totals, and export keys.

Every cell and total comes from ``training_report`` itself, so the screen and
the exported report cannot disagree. Cells carry a mark as well as a colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from standards.visible_text import visible_line

from ..marks import OVERDUE_MARK, STALE_MARK, look, rich_style
from ..report_messages import TeamLoaded
from ..widgets.fresh_table import FreshTable
from ..widgets.app_footer import AppFooter
from ..widgets.tables import OpensPeople
from observations.read_models import load_team
from .base import DataScreen
from .export import ExportKeys

if TYPE_CHECKING:
    from observations.read_models import TeamData

TOTALS_KEY = "__totals__"
NAME_WIDTH = 20


class HeatmapTable(OpensPeople, FreshTable):
    """The heatmap: a row per person, a column per standard; enter opens the person."""

    HELP_GROUP = "Heatmap"
    BINDINGS = [OpensPeople.open_binding("heatmap-open", "Open person", "Open the highlighted person")]


def cell_text(cell: dict[str, Any], variables: dict[str, str]) -> Text:
    found = look(cell["status"])
    text = Text(found.mark, style=rich_style(found.style, variables))
    if cell["stale"]:
        text.append(STALE_MARK, style=rich_style("$warning", variables))
    return text


def follow_through_cell(summary: dict[str, Any] | None) -> Text:
    """A person's share of actions done by their due date, or a dim dash when none fell due."""
    if summary is None or summary["percent"] is None:
        return Text("-", style="dim")
    return Text(f"{summary['percent']:>3}% ")


def follow_through_line(summary: dict[str, Any]) -> str:
    """The team's follow-through in one line, with its sparkline per month (the reports' own words).

    It says that the heatmap's Done column is the same measure per person: the column's one-word heading explains nothing else.
    """
    period = f"{summary['months'][0]['month']} to {summary['months'][-1]['month']} (the Done column per person)"
    if not summary["counted"]:
        return f"Follow-through {period}: no action fell due · {summary['sparkline']}"
    return (
        f"Follow-through {period}: {summary['percent']}% of actions done by their due date ({summary['on_time']} of "
        f"{summary['counted']}; {summary['late']} late, {summary['open'] + summary['dropped_late']} not done) "
        f"{summary['sparkline']}"
    )


class TeamScreen(ExportKeys, DataScreen):
    """One team's standings at a glance, with how many staff need each standard."""

    CSS_PATH = "team.tcss"
    HELP_TITLE = "Team view"
    AUTO_FOCUS = "#heatmap"
    report_kind = "training"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="team-back", tooltip="Back to the staff list"),
        Binding("m", "export('md')", "Export Markdown", id="team-export-md", tooltip="Write the training report to a Markdown file"),
        Binding("h", "export('html')", "Export HTML", id="team-export-html", tooltip="Write the training report to an HTML file"),
        Binding("c", "export('csv')", "Export CSV", id="team-export-csv", tooltip="Write the training needs to a CSV file"),
    ]

    def __init__(self, team: str):
        super().__init__()
        self.team = team
        self.data: TeamData | None = None
        self.report_data = None

    def compose(self) -> ComposeResult:
        yield Static("", id="team-title", classes="title-bar", markup=False)
        table = HeatmapTable(id="heatmap", classes="panel", cursor_type="row", fixed_columns=2, cell_padding=0)
        table.border_title = "Heatmap · Cases: cases behind their framework's timescales · last row: staff with a need"
        yield table
        yield Static("", id="team-counts", classes="hint", markup=False)
        yield Static("", id="team-follow-through", classes="hint", markup=False)
        yield Static("", classes="hint export-path", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "framework_id", lambda _: self.reload(), init=False)

    def reload(self) -> None:
        framework_id, team, as_of = self.app.framework_id, self.team, self.app.as_of
        self.run_db(lambda store: load_team(store, framework_id, team, as_of), TeamLoaded, group="team", exclusive=True)

    @on(TeamLoaded)
    def loaded(self, message: TeamLoaded) -> None:
        self.data = message.data
        self.report_data = report = message.data.report
        variables = self.app.get_css_variables()
        table = self.query_one(HeatmapTable)
        table.clear(columns=True)
        table.add_column(Text(" Name"), key="name", width=NAME_WIDTH)
        table.add_column("Cases", key="cases", width=6)
        table.add_column("Done", key="follow", width=6)
        standards = report["heatmap"]["standards"]
        for standard in standards:
            table.add_column(Text(standard), key=standard, width=len(standard) + 1)
        for row in report["heatmap"]["rows"]:
            staff_id = self.data.ids_by_ref.get(row["ref"], row["ref"])
            behind = self.data.cases_behind.get(staff_id, 0)
            cases = Text(f"{OVERDUE_MARK} {behind}", style=rich_style("bold $error", variables)) if behind else Text("0", style="dim")
            follow = follow_through_cell(self.data.follow_through.get(staff_id))
            table.add_row(
                Text(" " + visible_line(row["name"]), overflow="ellipsis", no_wrap=True),
                cases,
                follow,
                *(cell_text(cell, variables) for cell in row["cells"]),
                key=staff_id,
            )
        totals = {item["standard"]: item["staff_with_need"] for item in report["by_standard"]}
        need_style = rich_style(look("need").style, variables)
        table.add_row(
            Text(" Staff with a need", style="bold"),
            Text(""),
            Text(""),
            *(Text(str(totals[s]), style=need_style if totals[s] else "dim") for s in standards),
            key=TOTALS_KEY,
        )
        counts = report["counts"]
        self.query_one("#team-title", Static).update(
            visible_line(f"Team view · {report['team'] or self.team} · as of {report['as_of']} · {report['framework']['title']}")
        )
        self.query_one("#team-counts", Static).update(
            f"{report['scope']['staff']} active staff · {counts['staff_with_needs']} with a development need · "
            f"{counts['need']} needs, {counts['met']} met, {counts['strength']} strengths, {counts['not_observed']} not observed, "
            f"{counts['stale']} stale · ✗ need ✓ met ★ strength · not observed {STALE_MARK} stale · m/h/c export"
        )
        self.query_one("#team-follow-through", Static).update(follow_through_line(report["follow_through"]))

    def totals_shown(self) -> dict[str, int]:
        """The totals row as displayed, by standard (what the tests compare with the report)."""
        table = self.query_one(HeatmapTable)
        if self.report_data is None or TOTALS_KEY not in {key.value for key in table.rows}:
            return {}
        standards = self.report_data["heatmap"]["standards"]
        return {s: int(str(table.get_cell(TOTALS_KEY, s))) for s in standards}

    @on(DataTable.RowSelected, "#heatmap")
    def open_person(self, event: DataTable.RowSelected) -> None:
        from .person import PersonScreen

        if event.row_key.value and event.row_key.value != TOTALS_KEY:
            self.app.push_screen(PersonScreen(event.row_key.value))

    def export_stem(self) -> str:
        data = self.report_data or {}
        return f"training-{data.get('team') or self.team}-{data.get('as_of', '')}"
