"""Provides what the person screen shows: the framework as a checklist with status marks, the highlighted standard, and its draft.

The keys that act on it are the person screen's own (``person.py``); this
class reads the person in thread workers, keeps the drafts in step with the
panels, and draws marks, details and the recording panel from memory, so
moving between standards never waits on SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static, Tree

from observations.read_models import load_person
from observations.standing.rules import SELF_ASSESSMENT
from standards.visible_text import visible_line

from ..marks import DRAFT_MARK, SAVED_MARK, legend, rich_text, status_parts
from ..person_messages import PersonLoaded
from ..report_messages import ReportLoaded
from ..recording import Draft, RecordingPass, date_problem, plan_save
from ..widgets.recorder import EvidenceArea, ExamplesList, Recorder, state_line
from ..widgets.standard_detail import StandardDetail, stage_content, standard_content
from ..widgets.standards_tree import StandardsTree
from ..widgets.app_footer import AppFooter
from .caseload import caseload_line, caseload_loader
from .recording_screen import RecordingScreen

if TYPE_CHECKING:
    from observations.read_models import PersonData
    from standards import Framework


def changed_standards(before: PersonData, after: PersonData) -> list[str]:
    """The standards whose standing or history differ between two readings of one person (in ``after``'s order)."""
    ids = dict.fromkeys([*after.standings, *after.history, *before.standings, *before.history])
    return [i for i in ids if before.standings.get(i) != after.standings.get(i) or before.history.get(i) != after.history.get(i)]


class PersonView(RecordingScreen):
    """One person's standards on screen: status marks, the selected standard in full, and its draft."""

    CSS_PATH = "person.tcss"

    def __init__(self, staff_id: str, *, standard_id: str | None = None):
        super().__init__(staff_id)
        self.data: PersonData | None = None
        self.current: str | None = None
        """The highlighted standard's id (None on a stage)."""
        self.open_at = standard_id
        """The standard to put the cursor on when the framework is first shown (else its first standard)."""
        self._title: str | None = None

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
                recorder.border_subtitle = "s source · d date · o observer"
                recorder.display = self.app.offers("rate")  # a role that does not rate reads the standards and their history
                yield recorder
        yield AppFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "framework_id", self._framework_changed, init=False)
        self.watch(self.app, "theme", lambda _: self.show_marks(), init=False)
        self.show_session()

    # -- state --------------------------------------------------------------

    def shown_framework_id(self) -> str:
        """The framework of the standards on screen: after a switch, the old one until the new one has loaded."""
        return self.data.framework_id if self.data else self.app.framework_id

    @property
    def framework(self) -> Framework:
        return self.app.library.get(self.shown_framework_id())

    def new_pass(self, framework_id: str) -> RecordingPass:
        """A new framework's pass keeps the source, date and observer chosen so far."""
        earlier = next(iter(self.controller.passes.values()), None)
        return RecordingPass(
            self.app.last_source,
            observed_on=earlier.observed_on if earlier else self.app.as_of.isoformat(),
            observer=earlier.observer if earlier else None,
        )

    def observer_for(self, draft: Draft) -> str:
        """The person themself for a self-assessment; otherwise whoever the observer field names (the manager at first)."""
        if draft.source == SELF_ASSESSMENT:
            return self.data.member.name if self.data else ""
        return self.recording.observer or ""

    def draft(self) -> Draft | None:
        return self.recording.draft(self.current) if self.current else None

    # -- reading ------------------------------------------------------------

    def reload(self) -> None:
        self.show_session()
        self.reread_after_save()
        build, then = caseload_loader(staff_id=self.staff_id, as_of=self.app.as_of)
        self.run_db(build, then, group="caseload", exclusive=True)

    def reread_after_save(self) -> None:
        """Only the person: a rating changes neither the session bar nor the caseload (each a layout pass more)."""
        framework, staff_id, as_of = self.app.framework, self.staff_id, self.app.as_of
        self.run_db(lambda store: load_person(store, framework, staff_id, as_of), PersonLoaded, group="person", exclusive=True)

    @on(ReportLoaded)
    def caseload_loaded(self, message: ReportLoaded) -> None:
        if message.kind == "caseload":
            behind = message.data["counts"]["behind"]
            bar = self.query_one("#caseload-bar", Static)
            bar.update(Content.styled(caseload_line(message.data), "bold $error" if behind else "$text-muted"))

    def _framework_changed(self, _framework_id: str) -> None:
        """Keep what was typed in the pass of the framework still on screen, then load the new one."""
        self.capture()
        self.current = None
        self.reload()

    @on(PersonLoaded)
    def loaded(self, message: PersonLoaded) -> None:
        if message.data.framework_id != self.app.framework_id:
            return
        before, self.data = self.data, message.data
        if self.recording.observer is None:
            self.recording.observer = self.data.member.manager
        tree = self.query_one(StandardsTree)
        if tree.framework_id != self.data.framework_id:
            tree.show_framework(self.framework)
            rates = f" · 1–{len(self.framework.rating_scale.levels)} rate" if self.app.offers("rate") else ""
            tree.border_title = f"{self.framework.id} standards{rates}"
            self.query_one(Recorder).show_scale(self.framework)
            self.current = None
            before = None
            if tree.standard_ids:
                start = self.open_at if self.open_at in tree.standard_ids else tree.standard_ids[0]
                self.call_after_refresh(self.go_to, start)
        self.show_title()
        if before is None or before.member != self.data.member:
            self.show_marks()
            self.show_current()
            return
        shown = set(tree.standard_ids)  # the property copies the tree's ids on every call
        changed = [i for i in changed_standards(before, self.data) if i in shown]
        variables = self.app.get_css_variables()
        for standard_id in changed:  # after a save, the one saved: every frame redrawn costs each session on a server
            self.show_mark(standard_id, variables)
        if self.current is None or self.current in changed:
            self.show_current()

    # -- showing ------------------------------------------------------------

    def show_title(self) -> None:
        if self.data is None:
            return
        member = self.data.member
        bits = [member.name, member.team, member.role, f"ref {member.ref}", self.framework.id]
        counts = self.data.ratings_by_framework
        if not counts.get(self.data.framework_id) and counts:  # said early, so a narrow terminal does not cut it off
            elsewhere = max(counts, key=counts.get)
            bits[-1:] = []
            bits.insert(1, f"no ratings in {self.data.framework_id}, {counts[elsewhere]} in {elsewhere} (f switches)")
        if member.status != "active":
            bits.insert(1, f"left {member.left_on or ''}".strip())
        title = " · ".join(visible_line(b) for b in bits if b)
        if title != self._title:  # an update lays the screen out again, even with the same text
            self._title = title
            self.query_one("#person-title", Static).update(title)

    def show_session(self) -> None:
        session = self.app.active_sessions.get(self.staff_id)
        bar = self.query_one("#session-bar", Static)
        bar.set_class(session is not None, "-active")
        if session is None:
            bar.update(Content.styled("Not in a session · v starts one" if self.app.offers("session") else "Not in a session", "$text-muted"))
        else:
            # the state first, so an 80-column terminal that cuts the line still says it
            bar.update(Content.assemble(("● In a session", "bold"), f" ({session.held_on}): what you record belongs to it · v shows it"))

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
            recorder.show_observer("", editable=False)
            recorder.show_state("Highlight a standard to rate it.")
            self.bindings_for(on_standard=False)
            return
        standing = self.data.standings.get(self.current)
        detail.show(standard_content(framework, self.current, standing, self.data.history.get(self.current, ())))
        detail.border_title = f"Standard {self.current}"
        recorder.border_title = f"Record {self.current}"
        draft = self.draft()
        recorder.show_draft(framework.standard(self.current), draft, framework)
        if draft is not None:
            recorder.show_observer(self.observer_for(draft), editable=draft.source != SELF_ASSESSMENT)
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
        if self.is_saving(draft.standard_id):
            recorder.show_state(Content.styled("Saving…", "$text-muted"))
            return
        problem = date_problem(draft.observed_on, self.app.as_of)
        if problem is not None:
            recorder.show_state(Content.assemble(("✗ Cannot save: ", "bold $error"), (problem, "$error"), ". d edits the date."))
            return
        state = state_line(plan_save(draft, saved), self.framework.rating_scale, self.observer_for(draft))
        failed = self.save_error(draft.standard_id)
        if failed is not None:
            state = Content.assemble(("✗ Not saved: ", "bold $error"), (failed, "$error"), "\n", state)
        recorder.show_state(state)

    # -- moving -------------------------------------------------------------

    def go_to(self, standard_id: str) -> None:
        """Put the cursor on a standard and show it (even when the cursor line did not change)."""
        tree = self.query_one(StandardsTree)
        tree.select_standard(standard_id)
        self.show_standard(standard_id)

    @on(Tree.NodeHighlighted, "#standards")
    def highlighted(self, event: Tree.NodeHighlighted) -> None:
        """Follow the cursor; a highlight queued before the tree was rebuilt or moved on is stale and ignored."""
        if event.node is not self.query_one(StandardsTree).cursor_node:
            return
        self.show_standard(event.node.data)

    def show_standard(self, standard_id: str | None) -> None:
        if standard_id is not None and standard_id == self.current:
            return
        previous = self.current
        self.capture()
        self.current = standard_id
        for changed in {previous, standard_id} - {None}:  # the draft marker of the one left, and of the one reached
            self.show_mark(changed)
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

    @on(Input.Changed, "#observed-on")
    def date_edited(self, event: Input.Changed) -> None:
        """A new date observed: this standard's draft, and every new one for the rest of the pass."""
        self.recording.observed_on = event.value.strip()
        self.edited()

    @on(Input.Changed, "#observer")
    def observer_edited(self, event: Input.Changed) -> None:
        """The observer typed holds for every observation of the pass (not for self-assessments: that is the person)."""
        draft = self.draft()
        if draft is not None and draft.source != SELF_ASSESSMENT:
            self.recording.observer = event.value.strip()
            self.show_record_state()

    @on(Input.Submitted, "RecorderField")
    def field_done(self) -> None:
        self.query_one(StandardsTree).focus()

    def capture(self) -> None:
        """Keep what the user entered for the current standard as its draft before showing another."""
        if self.current is None or self.data is None:
            return
        draft = self.draft()
        if draft is not None:
            self.recording.update(self.query_one(Recorder).read_draft(draft))

    def saving_changed(self) -> None:
        self.show_record_state()
