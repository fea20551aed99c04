"""Provides the induction view: a new starter's checklist with a progress bar, and self-assessment with one key.

The checklist and progress come from ``induction_report``. A self-assessment
never decides a status (the manager's rating does), so it is recorded with the
source 'self-assessment' and shown beside the status; pressing a number saves it
at once, and pressing another in the same visit corrects it, with a reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from standards.visible_text import visible_line

from observations.standing.rules import SELF_ASSESSMENT

from ..marks import rich_style, rich_text, status_parts
from ..report_messages import ReportLoaded
from ..recording import Draft, RecordingPass, plan_save
from ..widgets.fresh_table import FreshTable
from ..widgets.tables import clear_to_columns, clip, columns_room, fit_columns, highlighted_key, widest
from ..widgets.app_footer import AppFooter
from .export import ExportKeys, person_stem
from .recording_screen import RecordingScreen

if TYPE_CHECKING:
    from observations.store.records import Observation

STATEMENT_WIDTH = 52
"""The most of a statement a row shows, however wide the terminal (the next steps below show it whole)."""
MIN_STATEMENT_WIDTH = 16
"""Narrower than this, a statement says nothing: the columns scroll sideways instead."""
STAGE_ROW = "stage:"
COLUMNS = (("Status", "status"), ("Standard", "standard"), ("Met on", "met_on"), ("Self-assessed", "self"))


class ChecklistTable(FreshTable):
    """One row per standard; number keys self-assess the highlighted one."""

    laid_out_for = 0
    """The room the rows were last laid out for."""

    HELP_GROUP = "Checklist"
    BINDINGS = [
        Binding(str(n), f"screen.self_assess({n})", f"Self-assess {n}", id=f"self-{n}", tooltip=f"Rate yourself at level {n} on the highlighted standard", group=Binding.Group("Self-assess", compact=True))
        for n in range(1, 10)
    ]


def _self_assessed(item: dict[str, Any]) -> str:
    own = item["self_assessment"]
    return f"{own['label']} {own['date']}" if own else ""


def induction_loader(staff_id: str, framework_id: str, as_of):
    def build(store) -> dict[str, Any]:
        from observations.reports.induction import induction_report

        return induction_report(store, staff_id, framework_id=framework_id, as_of=as_of)

    return build, lambda data: ReportLoaded("induction", data, "")


class InductionScreen(ExportKeys, RecordingScreen):
    """Progress through the framework for someone new, and their own view of it."""

    CSS_PATH = "induction.tcss"
    HELP_TITLE = "Induction"
    AUTO_FOCUS = "#checklist"
    report_kind = "induction"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="induction-back", tooltip="Back"),
        Binding("m", "export('md')", "Export Markdown", id="induction-export-md", tooltip="Write the induction checklist to a Markdown file"),
        Binding("h", "export('html')", "Export HTML", id="induction-export-html", tooltip="Write the induction checklist to an HTML file"),
    ]

    def __init__(self, staff_id: str):
        super().__init__(staff_id)
        self.report_data: dict[str, Any] | None = None

    def shown_framework_id(self) -> str:
        """The framework of the checklist on screen: after a switch, the old one until the new report has loaded."""
        return self.report_data["framework"]["id"] if self.report_data else self.app.framework_id

    def new_pass(self, framework_id: str) -> RecordingPass:
        return RecordingPass(SELF_ASSESSMENT, observed_on=self.app.as_of.isoformat())

    def compose(self) -> ComposeResult:
        yield Static("Induction", id="induction-title", classes="title-bar", markup=False)
        with Horizontal(id="progress-row"):
            yield ProgressBar(total=1, show_eta=False, id="progress")
            yield Static("", id="progress-text", markup=False)
        table = ChecklistTable(id="checklist", classes="panel", cursor_type="row")
        table.border_title = "Checklist · 1–4 self-assess the highlighted standard" if self.app.offers("self_assess") else "Checklist"
        yield table
        yield Static("", id="next-steps", classes="panel", markup=False)
        yield Static("", classes="hint export-path", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        clear_to_columns(self.query_one(ChecklistTable), COLUMNS)
        self.watch(self.app, "framework_id", lambda _: self.reload(), init=False)

    def reload(self) -> None:
        build, then = induction_loader(self.staff_id, self.app.framework_id, self.app.as_of)
        self.run_db(build, then, group="report", exclusive=True)

    @on(ReportLoaded)
    def loaded(self, message: ReportLoaded) -> None:
        self.report_data = data = message.data
        person, progress = data["person"], data["progress"]
        self.observer_name = person["name"]
        self.query_one("#induction-title", Static).update(
            visible_line(f"Induction · {person['name']} · started {person['started_on'] or 'not recorded'} · {data['framework']['title']}")
        )
        bar = self.query_one(ProgressBar)
        bar.update(total=max(progress["total"], 1), progress=progress["met"])
        self.query_one("#progress-text", Static).update(f"  {progress['met']} of {progress['total']} standards met")
        self.show_checklist(data)
        steps = [f"{step['standard']}  {step['statement']} ({step['status_label']})" for step in data["next"]]
        self.query_one("#next-steps", Static).update("Next steps\n" + "\n".join(f" • {s}" for s in steps) if steps else "Next steps: none, every standard is met.")

    def show_checklist(self, data: dict[str, Any]) -> None:
        """A heading row per stage (its title, and how many are met under Met on), then its standards.

        The statements (and long stage titles) are cut to what the status, dates
        and self-assessment leave, so those stay in view on an 80-column
        terminal; the next steps below show statements whole.
        """
        table = self.query_one(ChecklistTable)
        keep = table.cursor_row if table.row_count else 1  # first time: the first standard, not its stage heading
        variables = self.app.get_css_variables()
        items = [item for stage in data["stages"] for item in stage["standards"]]
        statuses = {item["standard"]: rich_text(status_parts(item["status"], stale=item["stale"]), variables) for item in items}
        own = {item["standard"]: _self_assessed(item) for item in items}
        met = {stage["id"]: f"{stage['met']} of {stage['total']} met" for stage in data["stages"]}
        prefix = widest(*(item["standard"] for item in items)) + 1  # the id and a space before each statement
        titles = widest("Standard", *(stage["title"] for stage in data["stages"]))
        wants = {
            "status": widest("Status", *(text.plain for text in statuses.values())),
            "standard": max(titles, prefix + min(STATEMENT_WIDTH, widest(*(item["statement"] for item in items)))),
            "met_on": widest("Met on", *(item["met_on"] or "" for item in items), *met.values()),
            "self": widest("Self-assessed", *own.values()),
        }
        widths = fit_columns(table, wants, (("standard", prefix + MIN_STATEMENT_WIDTH),))
        width = widths["standard"] - prefix
        clear_to_columns(table, COLUMNS)
        for stage in data["stages"]:
            title = Text(clip(stage["title"], widths["standard"]), style="bold")
            table.add_row(Text(""), title, Text(met[stage["id"]], style="bold"), Text(""), key=STAGE_ROW + stage["id"])
            for item in stage["standards"]:
                statement = clip(item["statement"], width)
                table.add_row(
                    statuses[item["standard"]],
                    Text.assemble((item["standard"], "bold"), " ", statement),
                    Text(item["met_on"] or ""),
                    Text(own[item["standard"]], style=rich_style("bold $warning", variables) if item["discuss"] else ""),
                    key=item["standard"],
                )
        table.laid_out_for = columns_room(table)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_resize(self) -> None:
        """Lay the checklist out again once the table has its new width (the statements' share changes)."""
        self.call_after_refresh(self.fit_to_width)

    def fit_to_width(self) -> None:
        table = self.query_one(ChecklistTable)
        if self.report_data is not None and columns_room(table) != table.laid_out_for:
            self.show_checklist(self.report_data)

    def highlighted_standard(self) -> str | None:
        key = highlighted_key(self.query_one(ChecklistTable))
        return None if key is None or key.startswith(STAGE_ROW) else key

    def levels(self) -> tuple:
        """The rating levels of the framework on screen."""
        return self.app.library.get(self.shown_framework_id()).rating_scale.levels

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "self_assess" and parameters:
            return int(parameters[0]) <= len(self.levels())  # type: ignore[arg-type]
        return True

    def action_self_assess(self, number: int) -> None:
        standard_id = self.highlighted_standard()
        levels = self.levels()
        if standard_id is None:
            self.notify("Highlight a standard (not a stage heading) to self-assess it.", markup=False, timeout=3)
            return
        if not 1 <= number <= len(levels):
            return
        draft: Draft = self.recording.draft(standard_id).with_rating(levels[number - 1].key)
        self.recording.update(draft)
        self.save_plan(plan_save(draft, self.recording.saved(standard_id)))

    def saved_note(self, observation: Observation, corrected: bool) -> str:
        """'your' only to the person themself: a manager or admin typing it in for them is told whose it is."""
        verb = "Corrected" if corrected else "Saved"
        whose = "your" if self.app.scope.staff_id == self.staff_id else f"{visible_line(self.observer_name)}'s"
        return f"{verb} {whose} self-assessment of {observation.standard}: {self.rating_label(observation)}."

    def export_stem(self) -> str:
        data = self.report_data or {}
        return person_stem("induction", data)
