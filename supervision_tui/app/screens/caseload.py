"""Provides the caseload review of one PA: each case's flags against its framework's timescales, worst first.

Cases are references from the case-management system, never names. The flags
and their wording come from ``observations.caseload``; this screen shows them and
records one thing: d notes that the selected case was discussed with the line
manager today (in the supervision session, when one is in progress), which the
APIR guide's step-down, closure and E2E rules ask for (a floating-support case's
framework sets no such discussion, so d says so and records nothing).
The flag's title and what happened wrap within the width the other columns
leave, so a flag's status and due date are in view on an 80-column terminal.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from standards.visible_text import visible_block, visible_line

from ..marks import rich_style
from ..person_messages import CaseDiscussed
from ..report_messages import ReportLoaded
from ..widgets.fresh_table import FreshTable
from ..widgets.tables import clear_to_columns, fill_wrapped
from ..widgets.app_footer import AppFooter
from .base import DataScreen

FLAG_LOOKS = {
    "overdue": ("! overdue", "bold $error"),
    "missed": ("✗ missed", "$error"),
    "due": ("… due", "$warning"),
    "met": ("✓ met", "$success"),
}
COLUMNS = (("Case", "case"), ("Level", "level"), ("Flag", "flag"), ("Status", "status"), ("Due", "due"), ("What happened", "detail"))
WRAP = (("level", 16), ("flag", 24), ("detail", 24), ("flag", 14), ("detail", 14), ("level", 8))
"""The columns that wrap rather than push Status and Due off the screen, in the order they give way, and how narrow each may become."""


def caseload_loader(staff_id: str, as_of):
    def build(store) -> dict[str, Any]:
        from observations.caseload import caseload_report

        return caseload_report(store, staff_id, as_of=as_of)

    return build, lambda data: ReportLoaded("caseload", data, "")


def caseload_line(data: dict[str, Any]) -> str:
    """'Caseload: 5 cases, 2 behind · k shows them' for the person screen (k gives the overdue and missed steps)."""
    counts = data["counts"]
    behind = f", {counts['behind']} behind" if counts["behind"] else ", none behind"
    return f"Caseload: {counts['cases']} case{'s' if counts['cases'] != 1 else ''}{behind} · k shows them" if counts["cases"] else "No cases in the caseload review"


def takes_discussions(rules: str | None) -> bool:
    """Whether a case following this rule set (the one its framework's file names) records a line-manager discussion."""
    from observations.caseload.cases import MANAGER_DISCUSSION
    from observations.caseload.rule_sets import RULE_SETS

    found = RULE_SETS.get(rules or "")
    return found is not None and MANAGER_DISCUSSION in found.events


class CaseloadScreen(DataScreen):
    """A row per flag, grouped by case; o hides the flags that are met."""

    CSS_PATH = "caseload.tcss"
    HELP_TITLE = "Caseload review"
    AUTO_FOCUS = "#cases"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="caseload-back", tooltip="Back to the person"),
        Binding("o", "toggle_met", "Hide met", id="caseload-hide-met", tooltip="Show only flags that are due, overdue or missed"),
        Binding(
            "d", "discussed", "Discussed", id="caseload-discussed",
            tooltip="Record that the selected case was discussed with the line manager today (in the session, if one is in progress)",
        ),
    ]

    def __init__(self, staff_id: str):
        super().__init__()
        self.staff_id = staff_id
        self.data: dict[str, Any] | None = None
        self.hide_met = False
        self.row_refs: list[str] = []
        """The case ref of each table row, in order."""
        self.frameworks: dict[str, tuple[str, str | None]] = {}
        """Case ref -> the framework it follows, and the rule set that framework's file names."""

    def compose(self) -> ComposeResult:
        yield Static("Caseload review", id="caseload-title", classes="title-bar", markup=False)
        table = FreshTable(id="cases", classes="panel", cursor_type="row", zebra_stripes=True)
        table.border_title = "Cases and their flags, worst first"
        yield table
        yield Static("", id="caseload-summary", classes="hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        clear_to_columns(self.query_one(DataTable), COLUMNS)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show)

    def reload(self) -> None:
        build, then = caseload_loader(self.staff_id, self.app.as_of)
        self.run_db(build, then, group="caseload", exclusive=True)

    @on(ReportLoaded)
    def loaded(self, message: ReportLoaded) -> None:
        self.data = message.data
        self.show()

    def show(self) -> None:
        if self.data is None:
            return
        data = self.data
        variables = self.app.get_css_variables()
        table = self.query_one(DataTable)
        rows, refs = [], []
        self.frameworks = {case["ref"]: (case["framework"], case["rules"]) for case in data["cases"]}
        for case in data["cases"]:
            first = True
            for flag in case["flags"]:
                if self.hide_met and flag["status"] == "met":
                    continue
                word, style = FLAG_LOOKS.get(flag["status"], (flag["status"], ""))
                level = case["level"] + (" (closed)" if case["status"] == "closed" else "")
                cells = {
                    "case": Text(visible_line(case["ref"]) if first else "", style="bold"),
                    "level": Text(visible_line(level) if first else ""),
                    "flag": Text(visible_line(flag["title"])),
                    "status": Text(word, style=rich_style(style, variables)),
                    "due": Text(flag["due"] or ""),
                    "detail": Text(visible_block(flag["detail"])),
                }
                rows.append(cells)
                refs.append(case["ref"])
                first = False
        self.row_refs = refs
        fill_wrapped(table, COLUMNS, rows, WRAP)
        staff = data["staff"]
        self.query_one("#caseload-title", Static).update(visible_line(f"Caseload review · {staff['name']} · as of {data['as_of']}"))
        self.query_one("#caseload-summary", Static).update(caseload_line(data).replace(" · k shows them", "") + " · o hides met flags")

    def action_toggle_met(self) -> None:
        self.hide_met = not self.hide_met
        self.show()

    def selected_ref(self) -> str | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        return self.row_refs[row] if 0 <= row < len(self.row_refs) else None

    def action_discussed(self) -> None:
        from .dialogs import Confirm

        ref = self.selected_ref()
        if ref is None:
            self.notify("No case selected.", markup=False, timeout=3)
            return
        framework, rules = self.frameworks.get(ref, ("its framework", None))
        if not takes_discussions(rules):
            self.notify(f"Case {visible_line(ref)} follows {framework}, which sets no line-manager discussion; nothing recorded.", markup=False, timeout=4)
            return
        as_of = self.app.as_of
        session = self.app.active_sessions.get(self.staff_id)
        session_id = session.id if session is not None and session.held_on == as_of.isoformat() else None
        where = "in this supervision session" if session_id else "(no session in progress today)"
        question = f"Record that case {visible_line(ref)} was discussed with the line manager on {as_of.isoformat()} {where}?"

        def record(store) -> CaseDiscussed:
            from observations.caseload import log_event

            log_event(store, ref, "manager-discussion", as_of, session_id=session_id)
            return CaseDiscussed(ref, session_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_db(record, lambda message: message, group="caseload-discussed")

        self.app.push_screen(Confirm("Line-manager discussion", question), answered)

    @on(CaseDiscussed)
    def discussed(self, message: CaseDiscussed) -> None:
        held = " in this session" if message.session_id else ""
        self.notify(f"Discussion of case {visible_line(message.ref)} recorded{held}.", markup=False, timeout=4)
        self.reload()
