"""Provides the person screen: the framework as a checklist with status marks, and recording observations in one pass.

Keys 1–4 (the scale's length) rate the highlighted standard while the list has
the focus; e and x go to the evidence box and the examples; ctrl+s saves and
moves to the next standard. Saving a standard again in the same pass corrects
what was saved, with a reason. All reads and writes run in thread workers;
moving between standards uses what was already read and never waits on SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.screen import Screen

from observations.standing.rules import SELF_ASSESSMENT
from observations.vocabulary import SOURCES
from standards.visible_text import visible_line

from ..messages import StaffChanged
from ..person_messages import SessionStarted
from ..recording import NOTHING, Draft, date_problem, plan_save
from ..recording_controller import save_request
from ..widgets.recorder import EvidenceArea, ExamplesList, Recorder, RecorderField
from ..widgets.standards_tree import MAX_LEVELS, StandardsTree
from .person_view import PersonView

if TYPE_CHECKING:
    from observations.store.records import Observation

    from ..messages import StoreFailed

START_SESSION = "start-session"
"""The request id of starting a session, so its failure lets v be pressed again."""


class PersonScreen(PersonView):
    """One person's standards: status marks, the selected standard in full, and recording."""

    HELP_TITLE = "Person: standards and recording"
    AUTO_FOCUS = "#standards"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save & next", id="person-save", tooltip="Save the rating of the highlighted standard and move to the next"),
        Binding("escape", "back", "Back", id="person-back", tooltip="Back to the staff list"),
        Binding("a", "actions", "Actions", id="person-actions", tooltip="Development actions: add, complete, drop"),
        Binding("v", "session", "Session", id="person-session", tooltip="Start a supervision session, or see the one in progress"),
        Binding("u", "summary", "Summary", id="person-summary", tooltip="The development-needs summary, to read or export"),
        Binding("i", "induction", "Induction", id="person-induction", tooltip="Induction checklist and self-assessment", show=False),
        Binding("k", "caseload", "Caseload", id="person-caseload", tooltip="The caseload review: cases behind their framework's timescales", show=False),
        Binding("L", "mark_left", "Mark as left", id="person-leave", tooltip="Record that this person has left (asks first; nothing is deleted)", show=False),
    ]
    def __init__(self, staff_id: str, *, standard_id: str | None = None):
        super().__init__(staff_id, standard_id=standard_id)
        self.starting_session = False
        """True while a session is being started, so pressing v again does not start (and show) a second one."""

    # -- recording ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "rate" and parameters:
            number = int(parameters[0])  # type: ignore[arg-type]
            if number > len(self.framework.rating_scale.levels):
                return False
            return True if self.current else None
        if action in ("save", "focus_evidence", "focus_examples", "focus_date", "focus_observer"):
            return True if self.current else None
        if action == "mark_left":
            return self.data is not None and self.data.member.status == "active"
        return True

    def action_rate(self, number: int) -> None:
        levels = self.framework.rating_scale.levels
        if self.current is None or not 1 <= number <= min(len(levels), MAX_LEVELS):
            return
        self.capture()
        draft = self.recording.draft(self.current).with_rating(levels[number - 1].key)
        self.recording.update(draft)
        # only the mark, the chosen button and the state line change: redrawing the panels (examples list,
        # detail) would lay the whole screen out again on every key (tens of ms on a 2,000-staff database)
        self.show_mark(self.current)
        self.query_one(Recorder).show_rating(draft, self.framework)
        self.show_record_state()

    def action_cycle_source(self) -> None:
        recording = self.recording
        shown = recording.draft(self.current).source if self.current is not None else recording.source
        source = SOURCES[(SOURCES.index(shown) + 1) % len(SOURCES)]
        if source == SELF_ASSESSMENT and self.current is None:  # a self-assessment belongs to one standard's draft
            source = SOURCES[(SOURCES.index(source) + 1) % len(SOURCES)]
        if self.current is None:  # on a stage: the source for the standards to come
            recording.choose_source(source)
            self.app.last_source = source
        else:  # this standard's draft; saving it makes its source the one the next standards start with
            self.capture()
            self.recording.update(_with_source(self.recording.draft(self.current), source))
        self.show_marks()
        self.show_current()

    def action_discard_draft(self) -> None:
        standard_id = self.current
        if standard_id is None or not self.recording.has_draft(standard_id):
            return
        self.recording.discard(standard_id)
        self.show_mark(standard_id)
        self.show_current()
        self.notify(f"Discarded what you entered for {standard_id}.", markup=False, timeout=3)

    @on(Recorder.RatingClicked)
    def rating_clicked(self, message: Recorder.RatingClicked) -> None:
        self.action_rate(message.number)

    @on(Recorder.SourceClicked)
    def source_clicked(self) -> None:
        self.action_cycle_source()

    def action_focus_evidence(self) -> None:
        if self.current is not None:
            self.set_focus(self.query_one(EvidenceArea))  # at once: text typed right after 'e' goes into it

    def action_focus_examples(self) -> None:
        examples = self.query_one(ExamplesList)
        if self.current is not None and examples.display:
            self.set_focus(examples)
        elif self.current is not None:
            self.notify(f"{self.current} has no examples listed.", markup=False, timeout=3)

    def action_focus_date(self) -> None:
        if self.current is not None:
            self.set_focus(self.query_one("#observed-on", RecorderField))

    def action_focus_observer(self) -> None:
        field = self.query_one("#observer", RecorderField)
        if self.current is not None and not field.disabled:
            self.set_focus(field)
        elif self.current is not None:
            self.notify("A self-assessment is observed by the person themself; s changes the source.", markup=False, timeout=4)

    def action_focus_tree(self) -> None:
        self.set_focus(self.query_one(StandardsTree))

    def action_save(self) -> None:
        if self.current is None or self.data is None:
            return
        self.capture()
        draft = self.recording.draft(self.current)
        if date_problem(draft.observed_on, self.app.as_of) is not None:
            self.show_record_state()  # the panel says what is wrong with the date; nothing is saved
            self.app.bell()
            return
        plan = plan_save(draft, self.recording.saved(self.current))
        if not self.save_plan(plan) and plan.kind == NOTHING:
            self.move_on(self.current)

    def saved_note(self, observation: Observation, corrected: bool) -> str:
        what = "Corrected" if corrected else "Saved"
        return f"{what} {observation.standard}: {self.rating_label(observation)} ({observation.source}, {observation.observed_on})."

    def after_save(self, observation: Observation) -> None:
        """Move on only when the saved standard is still the one on screen (not the same id in another framework)."""
        if observation.framework == self.shown_framework_id() and observation.standard == self.current:
            self.move_on(observation.standard)

    def save_failed(self, message: StoreFailed) -> None:
        """Said in the recording panel, shown whenever that standard is; a toast too when another standard is on screen."""
        self.app.bell()
        if self.current is None or message.request != save_request(self.shown_framework_id(), self.current):
            super().save_failed(message)

    def show_failure(self, message: StoreFailed) -> None:
        if message.request == START_SESSION:
            self.starting_session = False
        super().show_failure(message)

    def move_on(self, standard_id: str) -> None:
        """After a save: the next standard, with the focus back on the list, ready for its rating key."""
        tree = self.query_one(StandardsTree)
        following = tree.next_standard(standard_id)
        if following is not None:
            self.go_to(following)
        else:
            self.notify("That was the last standard of the framework.", markup=False, timeout=3)
            self.show_marks()
            self.show_current()
        tree.focus()

    # -- ways out -------------------------------------------------------------
    # Each keeps what was typed for the current standard as a draft first, so coming back finds it where it was left.

    def action_back(self) -> None:
        self.capture()
        pending = self.controller.pending_everywhere()
        if not pending:
            self.dismiss()
            return
        from .dialogs import Confirm

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(Confirm("Leave without saving?", f"Not saved yet: {'; '.join(pending)}. Leave this person and lose them?"), answered)

    def open_screen(self, screen: Screen) -> None:
        self.capture()
        self.app.push_screen(screen)

    def action_actions(self) -> None:
        from .actions import ActionsScreen

        self.open_screen(ActionsScreen(self.staff_id, standard_id=self.current))

    def action_caseload(self) -> None:
        from .caseload import CaseloadScreen

        self.open_screen(CaseloadScreen(self.staff_id))

    def action_summary(self) -> None:
        from .summary import SummaryScreen

        self.open_screen(SummaryScreen(self.staff_id))

    def action_induction(self) -> None:
        from .induction import InductionScreen

        self.open_screen(InductionScreen(self.staff_id))

    def action_session(self) -> None:
        """The session in progress, else start one (or pick up today's) in a worker and show it."""
        from .session import SessionScreen

        if self.staff_id in self.app.active_sessions:
            self.open_screen(SessionScreen(self.staff_id))
            return
        if self.starting_session:
            return
        self.capture()
        self.starting_session = True
        manager = self.data.member.manager if self.data else ""
        staff_id, as_of = self.staff_id, self.app.as_of
        self.run_db(
            lambda store: store.session_on(staff_id, as_of, manager=manager),
            lambda found: SessionStarted(*found), group="session", request=START_SESSION,
        )

    @on(SessionStarted)
    def session_started(self, message: SessionStarted) -> None:
        from .session import SessionScreen

        self.starting_session = False
        self.app.active_sessions[self.staff_id] = message.session
        self.show_session()
        verb = "Picked up today's" if message.resumed else "Started a"
        self.notify(f"{verb} supervision session: what you record now belongs to it.", markup=False, timeout=4)
        self.app.push_screen(SessionScreen(self.staff_id))

    def action_mark_left(self) -> None:
        """Record that the person has left, as of the app's today, after a yes/no question."""
        from .dialogs import Confirm
        from .leaving import leave_and_warn

        member = self.data.member if self.data else None
        if member is None:
            return
        if member.status != "active":
            self.notify(f"{visible_line(member.name)} has already left (on {member.left_on}).", markup=False, timeout=4)
            return
        staff_id, as_of = member.id, self.app.as_of

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_db(leave_and_warn(staff_id, as_of), lambda changed: changed, group="staff-leave")

        question = (
            f"Mark {visible_line(member.name)} as having left on {as_of.isoformat()}? Nothing is deleted: their observations, actions and "
            "reports stay, and the staff list shows leavers with l. This cannot be undone in the app."
        )
        self.app.push_screen(Confirm("Mark as left", question), answered)

    @on(StaffChanged)
    def staff_changed(self, message: StaffChanged) -> None:
        if message.what == "left":
            self.notify(f"{visible_line(message.member.name)} is marked as left on {message.member.left_on}.", markup=False, timeout=5)
            if message.warning:
                self.notify(visible_line(message.warning), markup=False, severity="warning", timeout=12)
            self.reload()


def _with_source(draft: Draft, source: str) -> Draft:
    from dataclasses import replace

    return replace(draft, source=source)
