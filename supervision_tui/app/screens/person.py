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
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Static, Tree

from observations.migrations import SOURCES

from ..marks import DRAFT_MARK, SAVED_MARK, legend, rich_text, status_parts
from ..messages import ObservationSaved, PersonLoaded, ReportLoaded, SessionStarted, StoreFailed
from ..queries import load_person, session_today
from ..recording import NEW, NO_RATING, NOTHING, Draft, RecordingPass, plan_save
from ..widgets.recorder import ExamplesList, EvidenceArea, Recorder
from ..widgets.standard_detail import StandardDetail, stage_content, standard_content
from ..widgets.standards_tree import MAX_LEVELS, StandardsTree
from .base import DataScreen
from .caseload import caseload_line, caseload_loader
from .recording_flow import RecordingFlow

if TYPE_CHECKING:
    from standards import Framework

    from ..queries import PersonData


class PersonScreen(RecordingFlow, DataScreen):
    """One person's standards: status marks, the selected standard in full, and recording."""

    CSS_PATH = "person.tcss"
    HELP_TITLE = "Person: standards and recording"
    AUTO_FOCUS = "#standards"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save & next", id="person-save", tooltip="Save the rating of the highlighted standard and move to the next"),
        Binding("escape", "back", "Back", id="person-back", tooltip="Back to the staff list"),
        Binding("a", "actions", "Actions", id="person-actions", tooltip="Development actions: add, complete, drop"),
        Binding("v", "session", "Session", id="person-session", tooltip="Start a supervision session, or see the one in progress"),
        Binding("u", "summary", "Summary", id="person-summary", tooltip="The development-needs summary, to read or export"),
        Binding("i", "induction", "Induction", id="person-induction", tooltip="Induction checklist and self-assessment", show=False),
        Binding("k", "caseload", "Caseload", id="person-caseload", tooltip="The caseload review: cases behind the guide's timescales", show=False),
    ]

    def __init__(self, staff_id: str):
        super().__init__()
        self.staff_id = staff_id
        self.data: PersonData | None = None
        self.passes: dict[str, RecordingPass] = {}
        self.current: str | None = None
        """The highlighted standard's id (None on a stage)."""
        self.saving: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static("", id="person-title", classes="title-bar", markup=False)
        with Horizontal(id="bars"):
            yield Static("", id="session-bar", markup=False)
            yield Static("", id="caseload-bar", markup=False)
        with Horizontal(id="person-body"):
            with Vertical(id="left"):
                tree = StandardsTree(id="standards", classes="panel")
                tree.border_title = "Standards"
                yield tree
                yield Static(legend(), id="legend")
            with Vertical(id="right"):
                detail = StandardDetail(id="detail", classes="panel")
                detail.border_title = "Standard"
                yield detail
                recorder = Recorder(id="recorder", classes="panel")
                recorder.border_title = "Record"
                yield recorder
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "framework_id", self._framework_changed, init=False)
        self.watch(self.app, "theme", lambda _: self.show_marks(), init=False)
        self.show_session()

    # -- state --------------------------------------------------------------

    @property
    def framework(self) -> Framework:
        return self.app.framework

    @property
    def recording(self) -> RecordingPass:
        framework_id = self.app.framework_id
        if framework_id not in self.passes:
            self.passes[framework_id] = RecordingPass(self.app.last_source)
        return self.passes[framework_id]

    def draft(self) -> Draft | None:
        return self.recording.draft(self.current) if self.current else None

    # -- reading ------------------------------------------------------------

    def reload(self) -> None:
        self.show_session()
        framework, staff_id, as_of = self.framework, self.staff_id, self.app.as_of
        self.run_db(lambda store: load_person(store, framework, staff_id, as_of), PersonLoaded, group="person", exclusive=True)
        build, then = caseload_loader(staff_id, as_of)
        self.run_db(build, then, group="caseload", exclusive=True)

    @on(ReportLoaded)
    def caseload_loaded(self, message: ReportLoaded) -> None:
        if message.kind == "caseload":
            behind = message.data["counts"]["behind"]
            bar = self.query_one("#caseload-bar", Static)
            bar.update(Content.styled(caseload_line(message.data), "bold $error" if behind else "$text-muted"))

    def _framework_changed(self, _framework_id: str) -> None:
        self.capture()
        self.current = None
        self.reload()

    @on(PersonLoaded)
    def loaded(self, message: PersonLoaded) -> None:
        if message.data.framework_id != self.app.framework_id:
            return
        self.data = message.data
        tree = self.query_one(StandardsTree)
        if tree.framework_id != self.data.framework_id:
            tree.show_framework(self.framework)
            tree.border_title = f"{self.framework.id} standards · 1–{len(self.framework.rating_scale.levels)} rate"
            self.query_one(Recorder).show_scale(self.framework)
            self.current = None
            if tree.standard_ids:
                self.call_after_refresh(self.go_to, tree.standard_ids[0])
        self.show_title()
        self.show_marks()
        self.show_current()

    # -- showing ------------------------------------------------------------

    def show_title(self) -> None:
        if self.data is None:
            return
        member = self.data.member
        bits = [member.name, member.team, member.role, f"ref {member.ref}", self.framework.id]
        if member.status != "active":
            bits.insert(1, f"left {member.left_on or ''}".strip())
        counts = self.data.ratings_by_framework
        if not counts.get(self.data.framework_id) and counts:
            elsewhere = max(counts, key=counts.get)
            bits.append(f"none in {self.data.framework_id}; {counts[elsewhere]} in {elsewhere} (f)")
        self.query_one("#person-title", Static).update(" · ".join(b for b in bits if b))

    def show_session(self) -> None:
        session = self.app.active_sessions.get(self.staff_id)
        bar = self.query_one("#session-bar", Static)
        bar.set_class(session is not None, "-active")
        if session is None:
            bar.update(Content.assemble(("No supervision session in progress", "$text-muted"), ("  ·  v starts one", "$text-muted")))
        else:
            bar.update(Content.assemble(("● Supervision session ", "bold"), f"of {session.held_on} in progress: what you record now belongs to it  ·  v shows it"))

    def show_marks(self) -> None:
        """Every standard's label: unsaved/saved-now marker, status mark and colour, stale flag."""
        variables = self.app.get_css_variables()
        for standard in self.framework.standards():
            self.show_mark(standard.id, variables)

    def show_mark(self, standard_id: str, variables: dict[str, str] | None = None) -> None:
        if self.data is None:
            return
        variables = variables or self.app.get_css_variables()
        standing = self.data.standings.get(standard_id)
        parts = status_parts(standing.status, stale=standing.stale, words=False) if standing else [("· ", "$text-muted")]
        if self.recording.has_draft(standard_id):
            marker = (DRAFT_MARK, "bold $warning")
        elif self.recording.saved(standard_id):
            marker = (SAVED_MARK, "bold $success")
        else:
            marker = (" ", "")
        statement = self.framework.standard(standard_id).statement
        self.query_one(StandardsTree).set_label_of(standard_id, rich_text([marker, *parts], variables), statement)

    def show_current(self) -> None:
        """The detail and recording panels for the highlighted standard (or stage), from memory."""
        detail = self.query_one(StandardDetail)
        recorder = self.query_one(Recorder)
        framework = self.framework
        if self.current is None or self.data is None:
            stage_id = self.query_one(StandardsTree).stage_at_cursor()
            stage = next((s for s in framework.stages if s.id == stage_id), None)
            if stage is not None:
                detail.show(stage_content(stage))
            recorder.show_draft(None, None, framework)
            recorder.show_state("Highlight a standard to rate it.")
            self.bindings_for(on_standard=False)
            return
        standing = self.data.standings.get(self.current)
        detail.show(standard_content(framework, self.current, standing, self.data.history.get(self.current, ())))
        detail.border_title = f"Standard {self.current}"
        recorder.border_title = f"Record {self.current}"
        recorder.show_draft(framework.standard(self.current), self.draft(), framework)
        recorder.show_date(f"   observed {self.app.as_of.isoformat()}")
        self.show_record_state()
        self.bindings_for(on_standard=True)

    def bindings_for(self, *, on_standard: bool) -> None:
        """Refresh the footer only when the keys that apply change (stage vs standard): rebuilding it is not free."""
        if getattr(self, "_keys_on_standard", None) != on_standard:
            self._keys_on_standard = on_standard
            self.refresh_bindings()

    def show_record_state(self) -> None:
        recorder = self.query_one(Recorder)
        draft, saved = self.draft(), self.recording.saved(self.current) if self.current else None
        if draft is None:
            return
        if self.current in self.saving:
            recorder.show_state(Content.styled("Saving…", "$text-muted"))
            return
        plan = plan_save(draft, saved)
        scale = self.framework.rating_scale
        levels = len(scale.levels)
        if plan.kind == NO_RATING:
            text = Content.assemble(("Not rated yet", "bold"), f": 1–{levels} in the standards list rates it, ctrl+s saves.")
        elif plan.kind == NEW:
            chosen = f"{scale.rank(draft.rating) + 1} {scale.level(draft.rating).label}" if draft.rating else ""
            text = Content.assemble((f"{DRAFT_MARK} {chosen}, not saved", "bold $warning"), ": ctrl+s saves it and moves to the next standard.")
        elif plan.kind == NOTHING:
            text = Content.assemble((f"{SAVED_MARK} Saved in this pass", "bold $success"), ". Changing it and saving again corrects it (you give a reason).")
        else:
            text = Content.assemble((f"{DRAFT_MARK} Correction", "bold $warning"), f" of what you saved: {plan.describe()}. ctrl+s asks for a reason.")
        recorder.show_state(text)

    # -- moving -------------------------------------------------------------

    def go_to(self, standard_id: str) -> None:
        """Put the cursor on a standard and show it (even when the cursor line did not change)."""
        tree = self.query_one(StandardsTree)
        tree.select_standard(standard_id)
        self.show_standard(standard_id)

    @on(Tree.NodeHighlighted, "#standards")
    def highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show_standard(event.node.data)

    def show_standard(self, standard_id: str | None) -> None:
        if standard_id is not None and standard_id == self.current:
            return
        self.capture()
        self.current = standard_id
        self.show_marks()
        self.show_current()

    @on(ExamplesList.Changed)
    @on(EvidenceArea.Changed)
    def edited(self) -> None:
        """A tick or a keystroke: keep it in the draft and show the ✎ mark at once."""
        if self.current is None:
            return
        self.capture()
        self.show_mark(self.current)
        self.show_record_state()

    def capture(self) -> None:
        """Keep what the user entered for the current standard as its draft before showing another."""
        if self.current is None or self.data is None:
            return
        draft = self.draft()
        if draft is not None:
            self.recording.update(self.query_one(Recorder).read_draft(draft))

    # -- recording ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate" and parameters:
            number = int(parameters[0])  # type: ignore[arg-type]
            if number > len(self.framework.rating_scale.levels):
                return False
            return True if self.current else None
        if action in ("save", "focus_evidence", "focus_examples"):
            return True if self.current else None
        return True

    def action_rate(self, number: int) -> None:
        levels = self.framework.rating_scale.levels
        if self.current is None or not 1 <= number <= min(len(levels), MAX_LEVELS):
            return
        self.capture()
        self.recording.update(self.recording.draft(self.current).with_rating(levels[number - 1].key))
        self.show_marks()
        self.show_current()

    def action_cycle_source(self) -> None:
        recording = self.recording
        source = SOURCES[(SOURCES.index(recording.source) + 1) % len(SOURCES)]
        recording.choose_source(source)
        self.app.last_source = source
        if self.current is not None:
            self.capture()
            self.recording.update(_with_source(self.recording.draft(self.current), source))
        self.show_marks()
        self.show_current()

    @on(Recorder.RatingClicked)
    def rating_clicked(self, message: Recorder.RatingClicked) -> None:
        self.action_rate(message.number)

    @on(Recorder.SourceClicked)
    def source_clicked(self) -> None:
        self.action_cycle_source()

    def action_focus_evidence(self) -> None:
        if self.current is not None:
            self.query_one(EvidenceArea).focus()

    def action_focus_examples(self) -> None:
        examples = self.query_one(ExamplesList)
        if self.current is not None and examples.display:
            examples.focus()
        elif self.current is not None:
            self.notify(f"{self.current} has no examples listed.", markup=False, timeout=3)

    def action_focus_tree(self) -> None:
        self.query_one(StandardsTree).focus()

    def action_save(self) -> None:
        if self.current is None or self.data is None:
            return
        self.capture()
        plan = plan_save(self.recording.draft(self.current), self.recording.saved(self.current))
        if not self.save_plan(plan) and plan.kind == NOTHING:
            self.move_on(self.current)

    def saving_changed(self) -> None:
        self.show_record_state()

    @on(ObservationSaved)
    def saved(self, message: ObservationSaved) -> None:
        observation = message.observation
        self.saving.discard(observation.standard)
        self.recording.mark_saved(observation)
        what = "Corrected" if message.corrected else "Saved"
        self.notify(f"{what} {observation.standard}: {observation.rating} ({observation.source}).", markup=False, timeout=3)
        if observation.standard == self.current:
            self.move_on(observation.standard)
        self.reload()

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

    @on(StoreFailed)
    def save_failed(self) -> None:
        self.saving.clear()
        self.show_record_state()

    # -- going elsewhere ----------------------------------------------------

    def action_back(self) -> None:
        self.capture()
        pending = self.recording.pending()
        if not pending:
            self.dismiss()
            return
        from .dialogs import Confirm

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(
            Confirm("Leave without saving?", f"Not saved yet: {', '.join(pending)}. Leave this person and lose them?"),
            answered,
        )

    def action_actions(self) -> None:
        from .actions import ActionsScreen

        self.capture()
        self.app.push_screen(ActionsScreen(self.staff_id, standard_id=self.current))

    def action_session(self) -> None:
        self.capture()
        session = self.app.active_sessions.get(self.staff_id)
        if session is not None:
            from .session import SessionScreen

            self.app.push_screen(SessionScreen(self.staff_id))
            return
        manager = self.data.member.manager if self.data else ""
        staff_id, as_of = self.staff_id, self.app.as_of

        def start(store):
            existing = session_today(store, staff_id, as_of)
            if existing is not None:
                return existing, True
            return store.add_session(staff_id, held_on=as_of, manager=manager), False

        self.run_db(start, lambda found: SessionStarted(found[0], found[1]), group="session")

    @on(SessionStarted)
    def session_started(self, message: SessionStarted) -> None:
        from .session import SessionScreen

        self.app.active_sessions[self.staff_id] = message.session
        self.show_session()
        verb = "Picked up today's" if message.resumed else "Started a"
        self.notify(f"{verb} supervision session: what you record now belongs to it.", markup=False, timeout=4)
        self.app.push_screen(SessionScreen(self.staff_id))

    def action_caseload(self) -> None:
        from .caseload import CaseloadScreen

        self.capture()
        self.app.push_screen(CaseloadScreen(self.staff_id))

    def action_summary(self) -> None:
        from .summary import SummaryScreen

        self.capture()
        self.app.push_screen(SummaryScreen(self.staff_id))

    def action_induction(self) -> None:
        from .induction import InductionScreen

        self.capture()
        self.app.push_screen(InductionScreen(self.staff_id))


def _with_source(draft: Draft, source: str) -> Draft:
    from dataclasses import replace

    return replace(draft, source=source)
