"""Provides the parts of the home screen's staff list: its filter box, team filter, table, and the cells of one person's row.

Kept apart from the screen, which decides what is read and when, so the
screen's module says how the list is loaded and this one how a row looks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, Select

from standards.visible_text import visible_line

from ..widgets.fresh_table import FreshTable
from ..widgets.tables import OpensPeople
from ..marks import OVERDUE_MARK, look, rich_style

if TYPE_CHECKING:
    from observations.schedule import SupervisionDue
    from observations.store.records import StaffMember

    from observations.staff_listing import PersonCounts

COLUMNS = (
    ("Name", "name"), ("Team", "team"), ("Needs", "needs"), ("Overdue", "overdue"), ("Supervision", "supervision"),
    ("Last observed", "last"), ("Role", "role"),
)
"""Role comes last: on an 80-column terminal it is the column cut short, not the counts."""

FIXED_WIDTHS = {"supervision": len("! overdue 999 days")}
"""Columns whose cells arrive after the names, given their width up front.

The Supervision cells are '…' until the counts are read and then up to 18
characters wide: left to measure itself, the column jumped wider when the counts
arrived. (That jump is also where DataTable's stale cells showed: see FreshTable.)
"""


class FilterInput(Input):
    """The filter box: typing narrows the list; down or enter go to the list, escape clears."""

    HELP_GROUP = "Filter box"
    BINDINGS = [
        Binding("down,enter", "screen.focus_list", "To the list", id="filter-to-list", tooltip="Move to the list of staff"),
        Binding("escape", "screen.clear_filter", "Clear", id="filter-clear", tooltip="Clear the filter and go back to the list"),
    ]


class TeamSelect(Select[str]):
    """The team filter: enter opens it; escape (with it closed) goes back to the list, as it does from the filter box."""

    HELP_GROUP = "Team filter"
    BINDINGS = [
        Binding("escape", "screen.focus_list", "To the list", id="team-to-list", tooltip="Back to the list of staff, keeping the team chosen"),
    ]


class StaffTable(OpensPeople, FreshTable):
    """The staff list; enter opens the highlighted person."""

    HELP_GROUP = "Staff list"
    BINDINGS = [OpensPeople.open_binding("staff-open", "Open", "Open the highlighted person's standards")]

    def add_staff_columns(self) -> None:
        """The list's columns; labels as Text, so no markup (and none of rich's emoji table) is parsed for them."""
        for label, key in COLUMNS:
            self.add_column(Text(label), key=key, width=FIXED_WIDTHS.get(key))


def staff_cells(member: StaffMember, counts: PersonCounts | None, variables: dict[str, str]) -> list[Text]:
    """One person's row; the counts show as '…' until they are computed."""
    name = visible_line(member.name) + (" (left)" if member.status != "active" else "")
    team, role = visible_line(member.team), visible_line(member.role)
    if counts is None:
        waiting = Text("…", style="dim")
        return [Text(name), Text(team), waiting, waiting, waiting, waiting, Text(role)]
    need = look("need")
    needs = Text(f"{need.mark} {counts.needs}", style=rich_style(need.style, variables)) if counts.needs else Text("0", style="dim")
    overdue = (
        Text(f"{OVERDUE_MARK} {counts.overdue}", style=rich_style("bold $error", variables)) if counts.overdue else Text("0", style="dim")
    )
    last = Text(counts.last_observed or "never", style="" if counts.last_observed else "dim")
    return [Text(name), Text(team), needs, overdue, supervision_cell(counts.supervision, variables), last, Text(role)]


def supervision_cell(due: SupervisionDue | None, variables: dict[str, str]) -> Text:
    """'⚠ overdue 12 days' in the error colour, 'due in 3 days' in the warning colour, 'in 20 days' plain; '-' for a leaver."""
    from observations.schedule import DUE, OVERDUE

    if due is None:
        return Text("-", style="dim")
    if due.status == OVERDUE:
        return Text(f"{OVERDUE_MARK} {due.describe()}", style=rich_style("bold $error", variables))
    return Text(due.describe(), style=rich_style("bold $warning", variables) if due.status == DUE else "")
