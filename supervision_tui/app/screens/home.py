"""Provides the home screen: everyone by name with their needs, overdue actions and last observation.

The list comes first from one cheap query, so it appears at once; the counts
need every person's standings (seconds for thousands of staff), so they follow
from the background lane and fill in when ready. Filtering happens in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.widgets import DataTable, Input, Select, Static

from observations.store.text_checks import folded_name
from standards.visible_text import visible_line

from ..gateway import BACKGROUND
from ..messages import DemoLoaded, StaffCounted, StaffListed, StoreFailed
from observations.staff_listing import count_people, database_version, list_first_people, list_people
from ..widgets.tables import highlighted_key
from ..widgets.app_footer import AppFooter
from .base import DataScreen
from .staff_list import FilterInput, StaffTable, TeamSelect, staff_cells

if TYPE_CHECKING:
    from observations.schedule import ScheduleRules
    from observations.store.records import StaffMember

    from ..gateway import StoreGateway

    from observations.staff_listing import PersonCounts, StaffListing

FIRST_ROWS = 40
STAFF_LISTING = "staff-listing"
"""The name of the prefetch that reads the list at start-up."""
DEMO_STAFF = 12
DEMO_SEED = 1


def ready_to_write(store) -> None:
    """Import what the first write needs (sqlite-utils, about 85 ms) once the list and its counts are on screen.

    Opening and reading never import it, to keep start-up lean; without this the
    first save paid for it, 0.8–1.5 s on a server with ten busy sessions. The
    import is the process's, so the lane that saves finds it done.
    """
    store.db


def schedule_rules(app) -> ScheduleRules:
    """The service's supervision rules from the app's settings."""
    from observations.schedule import ScheduleRules

    return ScheduleRules.from_settings(app.settings)


class HomeScreen(DataScreen):
    """Everyone, sorted by name; enter opens a person."""

    HELP_TITLE = "Staff list"
    AUTO_FOCUS = "#staff"
    BINDINGS = [
        # A priority binding runs as the key arrives, before later keys are passed on: "/jess" typed (or sent by a
        # browser) in one burst lands in the filter box instead of going to the list ("s" would sort it).
        Binding("slash", "focus_filter", "Filter", id="home-filter", tooltip="Type part of a name, team, role or ref", priority=True),
        Binding("ctrl+t", "focus_team", "Team filter", id="home-team", tooltip="Show only one team"),
        Binding("a", "today", "Today", id="home-today", tooltip="What needs attention today: supervisions due, overdue actions, cases behind"),
        Binding("t", "team_view", "Team view", id="home-team-view", tooltip="The standards heatmap and training needs of a team"),
        Binding("i", "induction", "Induction", id="home-induction", tooltip="The highlighted person's induction checklist"),
        Binding("l", "toggle_leavers", "Leavers", id="home-leavers", tooltip="Show or hide staff who have left"),
        Binding("s", "toggle_sort", "Sort", id="home-sort", tooltip="Sort by name, or by supervision: the most overdue first"),
        Binding("n", "new_staff", "New staff", id="home-new-staff", tooltip="Add a new member of staff: name, team, role, start date, manager"),
        Binding("d", "load_demo", "Load demo", id="home-demo", tooltip="Fill this empty database with an invented organisation"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing: StaffListing | None = None
        self.counts: dict[str, PersonCounts] = {}
        self.counted_version: tuple | None = None
        self.show_leavers = False
        self.by_supervision = False
        """Most overdue supervision first, instead of by name."""
        self.loading_demo = False
        self.generation = 0
        """Bumped on every rebuild of the list, so a late second half of an older list is dropped."""
        self.select_when_listed: str | None = None
        """A person just added: highlight them once the list is read again."""
        self.listed_early = False
        """True from a compose that used the list read at start-up until the first reload, which then skips reading it."""

    def compose(self) -> ComposeResult:
        early = self.app.gateway.take_finished(STAFF_LISTING)
        if early is not None:  # read while the app was built: the rows go in before the first paint
            self.listing = early.result()
            self.listed_early = self.listing.complete  # else the first reload reads the whole list
        yield Static("", id="home-title", classes="title-bar", markup=False)
        with Horizontal(id="filters"):
            yield FilterInput(placeholder="/ filters by name, team, role or ref", id="filter")
            yield Container(id="team-slot")  # the team filter's place, kept so the box does not move when it arrives
        yield StaffTable(id="staff", cursor_type="row", zebra_stripes=True, classes="panel")
        yield Static("", id="empty", classes="empty-state", markup=False)
        yield Static("", id="home-status", classes="hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one(StaffTable)
        table.add_staff_columns()
        table.border_title = "Staff"
        self.watch(self.app, "framework_id", self._framework_changed, init=False)
        self.watch(self.app, "theme", lambda _: self.show_rows(), init=False)
        self.show_title()
        if self.listing is not None:
            self.show_rows()
        self.call_after_refresh(self._mount_team_filter)
        if self.listing is not None:
            self.call_after_refresh(self._count)

    def _mount_team_filter(self) -> TeamSelect:
        """Mount the team filter once the names are painted (a Select of every team is a sixth of the first frame's work).

        Until it is mounted the list is unfiltered by team, which is what a new filter shows anyway.
        """
        existing = self.team_filter()
        if existing is not None:
            return existing
        teams = self.listing.teams if self.listing else ()
        select = TeamSelect([(Text(visible_line(name)), name) for name in teams], prompt="All teams", id="team", allow_blank=True)
        self.query_one("#team-slot").mount(select)
        return select

    def team_filter(self) -> TeamSelect | None:
        """The team filter, or None in the moment after the first paint before it is mounted."""
        found = self.query("#team")
        return found.first(TeamSelect) if found else None

    def chosen_team(self) -> str | None:
        team = self.team_filter()
        return team.value if team is not None and isinstance(team.value, str) else None

    # -- reading ------------------------------------------------------------

    @staticmethod
    def prefetch(gateway: StoreGateway) -> None:
        """Read the list while the app is being built (the app calls this), so the first paint shows names.

        For a big organisation only the first screenful is read here; the whole list follows after the first paint.
        """
        gateway.prefetch(STAFF_LISTING, lambda store: list_first_people(store, FIRST_ROWS))

    def reload(self) -> None:
        if self.listed_early:  # the first time the screen shows: the list was read a moment ago, at start-up
            self.listed_early = False
            return
        self.run_db(list_people, StaffListed, group="staff", exclusive=True)

    def _count(self) -> None:
        """Count on the background lane, unless nothing was committed since the last count.

        Counting thousands of people is seconds of Python, which competes with
        the UI for the interpreter; so coming back to this screen re-counts only
        when the database changed (a write here or by the command line).
        """
        framework, as_of, known = self.app.framework, self.app.as_of, self.counted_version
        rules = schedule_rules(self.app)

        def count(store):
            version = (database_version(store), framework.id, as_of, rules)
            return None if version == known else (version, count_people(store, framework, as_of, rules))

        self.run_db(
            count,
            lambda found: StaffCounted(framework.id, found[1], found[0]) if found else None,
            lane=BACKGROUND,
            key="staff-counts",
            group="counts",
            exclusive=True,
        )

    def _framework_changed(self, _framework_id: str) -> None:
        self.counts = {}
        self.show_title()
        self.show_rows()
        self._count()

    @on(StaffListed)
    def listed(self, message: StaffListed) -> None:
        if message.listing == self.listing:  # shown again and nothing changed: keep the rows (and the cursor) as they are
            self._count()
            return
        self.listing = message.listing
        team = self.team_filter()
        if team is not None:  # else it is mounted with these teams
            chosen = team.value
            teams = message.listing.teams
            team.set_options([(Text(visible_line(name)), name) for name in teams])
            if chosen in teams:
                team.value = chosen
        self.show_title()
        self.show_rows()
        self.refresh_bindings()
        if self.select_when_listed is not None:
            self.select_person(self.select_when_listed)
            self.select_when_listed = None
        if message.listing.people:
            self.call_after_refresh(self._count)  # names first: counting competes with the paint for the interpreter

    @on(StaffCounted)
    def counted(self, message: StaffCounted) -> None:
        if message.framework_id != self.app.framework_id:
            return
        self.counts = message.counts
        self.counted_version = message.version
        self.show_rows()
        self.run_db(ready_to_write, lane=BACKGROUND, key="ready-to-write", group="warm", exclusive=True)

    # -- showing ------------------------------------------------------------

    def show_title(self) -> None:
        framework = self.app.framework
        people = self.listing.staff_count if self.listing else 0
        self.query_one("#home-title", Static).update(
            f"Supervision · {people:,} staff · as of {self.app.as_of.isoformat()} · {framework.id}: {framework.title}"
        )

    def visible_people(self) -> list[StaffMember]:
        if self.listing is None:
            return []
        wanted = folded_name(self.query_one(FilterInput).value)
        team = self.chosen_team()
        people = []
        for member in self.listing.people:
            if member.status != "active" and not self.show_leavers:
                continue
            if team is not None and member.team != team:
                continue
            if wanted and wanted not in folded_name(f"{member.name} {member.team} {member.role} {member.ref}"):
                continue
            people.append(member)
        if self.by_supervision and self.counts:
            from observations.schedule import urgency

            counts = self.counts
            people.sort(key=lambda m: urgency(counts[m.id].supervision if m.id in counts else None))
        return people

    def show_rows(self, keep: str | None = None) -> None:
        """Rebuild the visible rows from memory (no SQL), keeping the highlighted person (or highlighting ``keep``)."""
        table = self.query_one(StaffTable)
        empty = self.listing is not None and not self.listing.staff_count
        table.display = not empty
        self.query_one("#filters").display = not empty
        self.query_one("#empty").display = empty
        if empty:
            if table.has_focus:
                self.set_focus(None)  # a hidden list must not keep the focus (and offer enter to open no one)
            self.show_empty_state()
            return
        keep = keep or self.highlighted_id()
        self.generation += 1
        table.clear()
        people = self.visible_people()
        self.add_rows(people[:FIRST_ROWS], keep)
        if len(people) > FIRST_ROWS:  # a screenful first, so thousands of staff do not delay the first paint
            self.call_after_refresh(self.add_rows, people[FIRST_ROWS:], keep, self.generation)
        self.show_status(len(people))
        if people and self.focused is None:
            table.focus()  # the list just appeared (demo loaded, first person added): enter opens at once

    def add_rows(self, people: list[StaffMember], keep: str | None, generation: int | None = None) -> None:
        if generation is not None and generation != self.generation:
            return  # the list was rebuilt meanwhile
        table = self.query_one(StaffTable)
        variables = self.app.get_css_variables()
        for member in people:
            table.add_row(*staff_cells(member, self.counts.get(member.id), variables), key=member.id)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))

    def show_status(self, shown: int) -> None:
        total = self.listing.staff_count if self.listing else 0
        counting = "" if self.counts else " · counting needs…"
        if self.listing is not None and not self.listing.complete:
            text = f"The first {shown:,} of {total:,} by name · reading the rest of the list… · enter opens · F1 help"
        elif not shown and total:
            text = f"No one matches the filter (of {total:,}): esc in the filter box clears it · l shows leavers too"
        else:
            offered = "".join(hint for action, hint in (("new_staff", " · n new staff"), ("team_view", " · t team")) if self.app.offers(action))
            text = f"{shown:,} of {total:,} shown{counting} · enter opens · / filter{offered} · F1 help"
        self.query_one("#home-status", Static).update(text)

    def show_empty_state(self) -> None:
        text = (
            "This database has no staff yet.\n\n"
            "Press n to add your first member of staff.\n\n"
            "Or press d to load a demo organisation: a dozen invented people with a year of observations, "
            "sessions and actions, so you can look around first."
        )
        status = "n adds a member of staff · d loads the demo · F1 help · ctrl+q quits"
        if not self.app.offers("load_demo"):  # a signed-in manager adds staff to their teams; others wait for them
            adds = self.app.offers("new_staff")
            text = "This database has no staff yet.\n\n" + ("Press n to add your first member of staff." if adds else "An admin or a manager adds them.")
            status = "n adds a member of staff · F1 help" if adds else "F1 help"
        if self.loading_demo:
            text = "Loading the demo organisation…"
        self.query_one("#empty", Static).update(text)
        self.query_one("#home-status", Static).update(status)

    def highlighted_id(self) -> str | None:
        return highlighted_key(self.query_one(StaffTable))

    # -- filtering ----------------------------------------------------------

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.show_rows()

    @on(Select.Changed, "#team")
    def team_changed(self) -> None:
        self.show_rows()

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one(FilterInput))  # at once: keys typed right after '/' go to the box

    def action_focus_team(self) -> None:
        self.set_focus(self._mount_team_filter())

    def action_focus_list(self) -> None:
        self.set_focus(self.query_one(StaffTable))

    def action_clear_filter(self) -> None:
        self.query_one(FilterInput).value = ""
        self.action_focus_list()

    def action_toggle_sort(self) -> None:
        self.by_supervision = not self.by_supervision
        self.show_rows()
        self.notify("Sorted by supervision: the most overdue first." if self.by_supervision else "Sorted by name.", markup=False, timeout=2)

    def action_toggle_leavers(self) -> None:
        self.show_leavers = not self.show_leavers
        self.show_rows()

    # -- going elsewhere ----------------------------------------------------

    @on(DataTable.RowSelected, "#staff")
    def open_person(self, event: DataTable.RowSelected) -> None:
        from .person import PersonScreen

        self.app.push_screen(PersonScreen(event.row_key.value))

    def action_today(self) -> None:
        from .today import TodayScreen

        self.app.push_screen(TodayScreen())

    def action_team_view(self) -> None:
        from .team import TeamScreen

        team = self.chosen_team()
        if team is None:
            staff_id = self.highlighted_id()
            member = next((m for m in self.listing.people if m.id == staff_id), None) if self.listing else None
            team = member.team if member else None
        if not team:
            self.notify("Choose a team first (ctrl+t), or highlight someone in it.", severity="warning", markup=False)
            return
        self.app.push_screen(TeamScreen(team))

    def action_induction(self) -> None:
        from .induction import InductionScreen

        staff_id = self.highlighted_id()
        if staff_id:
            self.app.push_screen(InductionScreen(staff_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        empty = self.listing is not None and not self.listing.staff_count
        if action == "load_demo":
            return empty and not self.loading_demo
        if action == "new_staff":
            return not self.loading_demo
        if action == "focus_filter" and not (self.focused is None or isinstance(self.focused, (StaffTable, TeamSelect))):
            return False  # in the filter box (or an open list) '/' is a character; the priority binding must let it through
        if action in ("focus_filter", "focus_team", "team_view", "induction", "toggle_leavers", "today", "toggle_sort"):
            return not empty
        return True

    def action_new_staff(self) -> None:
        from .staff_form import AddStaffDialog

        people = self.listing.people if self.listing else ()
        names = sorted({m.name for m in people} | {m.manager for m in people if m.manager}, key=str.casefold)

        def added(member: StaffMember | None) -> None:
            if member is not None:
                self.notify(f"Added {visible_line(member.name)} (ref {member.ref}).", markup=False, timeout=4)
                self.select_when_listed = member.id
                self.reload()

        self.app.push_screen(AddStaffDialog(teams=list(self.listing.teams if self.listing else ()), names=names), added)

    def select_person(self, staff_id: str) -> None:
        """Highlight ``staff_id`` in the list, with the focus on it; filters that hide them are cleared first."""
        if all(member.id != staff_id for member in self.visible_people()):
            box, team = self.query_one(FilterInput), self.team_filter()
            with box.prevent(Input.Changed):  # one rebuild below, not three
                box.value = ""
                if team is not None:
                    with team.prevent(Select.Changed):
                        team.clear()
        self.show_rows(keep=staff_id)
        self.query_one(StaffTable).focus()

    def action_load_demo(self) -> None:
        from observations.demo.organisation import populate_demo

        as_of = self.app.as_of
        self.loading_demo = True
        self.show_empty_state()
        self.refresh_bindings()
        self.run_db(lambda store: populate_demo(store, staff=DEMO_STAFF, seed=DEMO_SEED, as_of=as_of), DemoLoaded, group="demo")

    @on(StoreFailed)
    def demo_failed(self) -> None:
        if self.loading_demo:
            self.loading_demo = False
            self.show_empty_state()
            self.refresh_bindings()

    @on(DemoLoaded)
    def demo_loaded(self, message: DemoLoaded) -> None:
        self.loading_demo = False
        self.notify(f"Loaded the demo organisation: {message.summary.get('staff', 0)} invented staff.", markup=False, timeout=4)
        self.reload()
