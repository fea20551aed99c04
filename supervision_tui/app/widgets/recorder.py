"""Provides the recording panel: the rating chosen, the source, when and by whom, the examples seen and the evidence typed.

It shows a Draft and reads the user's edits back into one; it never saves.
The examples list and the evidence box each say, in their border, what the
keys do while they have the focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static, TextArea

from standards.visible_text import visible_line

from ..marks import DRAFT_MARK, SAVED_MARK
from ..recording import NEW, NO_RATING, NOTHING, Draft, SavePlan
from .screen_actions import OwnScreenActions

if TYPE_CHECKING:
    from standards import Framework, RatingScale, Standard

TICK = Binding.Group("Tick example", compact=True)


RECORDER_ACTIONS = frozenset({"focus_evidence", "focus_examples", "cycle_source", "focus_date", "focus_observer"})
"""The recording panel's actions, which the person screen runs for the widgets that bind their keys."""


def recorder_keys(prefix: str, *, examples: bool) -> list[Binding]:
    """The letter keys that reach the recording panel, for each widget where letters are keys rather than text.

    The standards list and the examples list both need them: after ticking the
    examples, e must go to the evidence (a letter that did nothing there would
    fall through to the screen, where a goes to the actions).
    """
    # Priority bindings run as the key arrives, before later keys are passed on, so "eSaw a plan" or "x13" typed (or
    # sent by a browser) in one burst goes into the field the letter opens, not to the list (where 1-4 rate). They are
    # bindings of the list widgets only, so they never fire while the evidence or a field has the focus.
    keys = [  # run on the widget's own screen (OwnScreenActions), never on a popup above it
        Binding("e", "focus_evidence", "Evidence", id=f"{prefix}-evidence", tooltip="Type evidence for the highlighted standard", priority=True),
        Binding("x", "focus_examples", "Examples", id=f"{prefix}-examples", tooltip="Tick the examples you saw (number keys or space there)", priority=True),
        Binding("s", "cycle_source", "Source", id=f"{prefix}-source", tooltip="Change the source: observation, case review, supervision or self-assessment"),
        Binding("d", "focus_date", "Date", id=f"{prefix}-date", tooltip="Change the date observed (it holds for the rest of this pass)", show=False, priority=True),
        Binding("o", "focus_observer", "Observer", id=f"{prefix}-observer", tooltip="Change who observed (it holds for the rest of this pass)", show=False, priority=True),
    ]
    return keys if examples else [k for k in keys if k.action != "focus_examples"]


def state_line(plan: SavePlan, scale: RatingScale, observer: str) -> Content:
    """The panel's last line: what saving will do (record what, when and by whom; nothing; or correct what)."""
    draft = plan.draft
    if plan.kind == NO_RATING:
        return Content.assemble(("Not rated yet", "bold"), f": 1–{len(scale.levels)} in the standards list rates it, ctrl+s saves.")
    if plan.kind == NEW:
        chosen = f"{scale.rank(draft.rating) + 1} {scale.level(draft.rating).label}" if draft.rating else ""
        return Content.assemble(
            (f"{DRAFT_MARK} {chosen}, not saved", "bold $warning"),
            f": {draft.source} on {draft.observed_on}, " + (f"observed by {visible_line(observer)}" if observer else "no observer named (o)"),
            ". ctrl+s saves it and moves to the next standard.",
        )
    if plan.kind == NOTHING:
        return Content.assemble((f"{SAVED_MARK} Saved in this pass", "bold $success"), ". Changing it and saving again corrects it (you give a reason).")
    return Content.assemble((f"{DRAFT_MARK} Correction", "bold $warning"), f" of what you saved: {plan.describe()}. ctrl+s asks for a reason.")


class ExamplesList(OwnScreenActions, OptionList):
    """The standard's examples as a checklist: [✓] or [ ] in text, so a tick reads without colour.

    Number keys tick example N; space or enter ticks the highlighted one.
    """

    HELP_GROUP = "Examples list"
    SCREEN_ACTIONS = RECORDER_ACTIONS
    BINDINGS = [
        *[
            Binding(str(n), f"toggle_example({n})", f"Tick {n}", id=f"tick-{n}", tooltip=f"Tick or untick example {n}", group=TICK)
            for n in range(1, 10)
        ],
        Binding("space", "toggle_highlighted", "Tick", id="tick-highlighted", tooltip="Tick or untick the highlighted example"),
        Binding("escape", "screen.focus_tree", "Back to list", id="examples-back", tooltip="Back to the standards list"),
        *recorder_keys("examples", examples=False),
    ]

    class Changed(Message):
        """The ticks changed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.texts: list[str] = []
        self.ticked: set[int] = set()

    def show_examples(self, texts: list[str], ticked: frozenset[int]) -> None:
        self.texts = list(texts)
        self.ticked = {n for n in ticked if 1 <= n <= len(texts)}
        self.set_options([self._prompt(n) for n in range(1, len(texts) + 1)])

    def _prompt(self, number: int) -> Content:
        box = ("[✓] ", "bold $success") if number in self.ticked else ("[ ] ", "$text-muted")
        return Content.assemble(box, f"{number}. {self.texts[number - 1]}")

    def action_toggle_example(self, number: int) -> None:
        if not 1 <= number <= len(self.texts):
            return
        self.ticked ^= {number}
        self.replace_option_prompt_at_index(number - 1, self._prompt(number))
        self.highlighted = number - 1
        self.post_message(self.Changed())

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.action_toggle_example(self.highlighted + 1)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle_example(event.option_index + 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_example" and parameters:
            return int(parameters[0]) <= len(self.texts)  # type: ignore[arg-type]
        return super().check_action(action, parameters)


class EvidenceArea(TextArea):
    """Free text of what was seen; escape goes back to the standards list, ctrl+s saves."""

    HELP_GROUP = "Evidence box"
    BINDINGS = [
        Binding("escape", "screen.focus_tree", "Back to list", id="evidence-back", tooltip="Back to the standards list (the text is kept)"),
    ]


class RecorderField(Input):
    """The date observed or the observer: one line; enter or escape go back to the standards list, keeping the text."""

    HELP_GROUP = "Date and observer fields"
    BINDINGS = [
        Binding("escape", "screen.focus_tree", "Back to list", id="field-back", tooltip="Back to the standards list (what you typed is kept)"),
    ]


class Recorder(Vertical):
    """The rating buttons, source, examples and evidence for the highlighted standard."""

    DEFAULT_CSS = """
    Recorder { height: auto; }
    Recorder .recorder-row { height: 1; }
    Recorder #when-row { margin-bottom: 1; }
    Recorder .row-label { width: 9; color: $text-muted; }
    Recorder .by-label { width: 4; color: $text-muted; content-align: center top; }
    Recorder RecorderField { background: $panel; }
    Recorder RecorderField:focus { background: $primary 35%; }
    Recorder RecorderField:disabled { background: transparent; }
    Recorder #observed-on { width: 12; }
    Recorder #observer { width: 1fr; max-width: 40; }
    Recorder Button { margin-right: 1; min-width: 5; }
    Recorder Button.-chosen { background: $accent; color: $text; text-style: bold reverse; }
    /* As wide as its longest label ("self-assessment  (s)"): a button that grew with its label was, on a busy
       machine, sometimes left drawn at its old width with the key hint cut off. */
    Recorder #source { width: 20; text-align: left; }
    Recorder #examples { height: auto; max-height: 9; }
    Recorder #evidence { height: 6; }
    Recorder #record-state { height: auto; }
    """

    class RatingClicked(Message):
        """A rating button was clicked (the mouse way of pressing its number)."""

        def __init__(self, number: int):
            super().__init__()
            self.number = number

    class SourceClicked(Message):
        """The source button was clicked."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="recorder-row", id="rating-row"):
            yield Static("Rating", classes="row-label")
        with Horizontal(classes="recorder-row"):
            yield Static("Source", classes="row-label")
            source = Button(Content("observation  (s)"), id="source", compact=True)
            source.can_focus = False
            yield source
        with Horizontal(classes="recorder-row", id="when-row"):
            yield Static("Observed", classes="row-label")
            yield RecorderField(id="observed-on", compact=True, max_length=10, placeholder="YYYY-MM-DD")
            yield Static("by", classes="by-label")
            yield RecorderField(id="observer", compact=True, placeholder="who observed")
        examples = ExamplesList(id="examples", compact=True, classes="panel")
        examples.border_title = "Examples seen · x, then a number or space"
        yield examples
        evidence = EvidenceArea(id="evidence", classes="panel", placeholder="What you saw or heard…")
        evidence.border_title = "Evidence · e to type, esc back"
        yield evidence
        yield Static("", id="record-state", markup=False)

    def show_scale(self, framework: Framework) -> None:
        """One button per level of the framework's scale, numbered as the keys are."""
        row = self.query_one("#rating-row", Horizontal)
        for button in row.query(Button):
            button.remove()
        for number, level in enumerate(framework.rating_scale.levels, start=1):
            button = Button(Content(f"{number} {level.label}"), name=f"rate-{number}", compact=True)
            button.can_focus = False
            row.mount(button)

    def show_rating(self, draft: Draft | None, framework: Framework) -> None:
        """Mark the chosen level's button: all a rating key changes, so a key press redraws no more than this."""
        chosen = f"rate-{framework.rating_scale.rank(draft.rating) + 1}" if draft is not None and draft.rating else None
        for button in self.query_one("#rating-row", Horizontal).query(Button):
            button.set_class(button.name == chosen, "-chosen")

    def show_draft(self, standard: Standard | None, draft: Draft | None, framework: Framework) -> None:
        """Put ``draft`` into the widgets (no standard: clear and disable them)."""
        self.show_rating(draft, framework)
        self.query_one("#source", Button).label = Content(f"{draft.source if draft else '—'}  (s)")
        examples = self.query_one(ExamplesList)
        examples.show_examples([e.text for e in standard.examples] if standard else [], draft.examples if draft else frozenset())
        examples.display = bool(standard is not None and standard.examples)
        evidence = self.query_one(EvidenceArea)
        if evidence.text != (draft.evidence if draft else ""):
            evidence.load_text(draft.evidence if draft else "")
        evidence.disabled = standard is None
        self._set_field("#observed-on", draft.observed_on if draft else "", enabled=standard is not None)

    def show_observer(self, name: str, *, editable: bool) -> None:
        """Who will be recorded as the observer; not editable for a self-assessment (it is the person themself)."""
        self._set_field("#observer", name, enabled=editable)

    def _set_field(self, selector: str, value: str, *, enabled: bool) -> None:
        """Show ``value`` without posting Input.Changed: only the user's typing counts as an edit."""
        field = self.query_one(selector, RecorderField)
        if field.value != value:
            with field.prevent(Input.Changed):
                field.value = value
        field.disabled = not enabled

    def read_draft(self, draft: Draft) -> Draft:
        """``draft`` with the examples ticked and the evidence typed now."""
        from dataclasses import replace

        examples = frozenset(self.query_one(ExamplesList).ticked)
        observed_on = self.query_one("#observed-on", RecorderField).value.strip()
        return replace(draft, examples=examples, evidence=self.query_one(EvidenceArea).text, observed_on=observed_on)

    def show_state(self, text: Content | str) -> None:
        self.query_one("#record-state", Static).update(text)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "source":
            self.post_message(self.SourceClicked())
        elif event.button.name and event.button.name.startswith("rate-"):
            self.post_message(self.RatingClicked(int(event.button.name.removeprefix("rate-"))))
