"""Provides the panel beside the checklist: the standard's statement, its stage's outcomes and this person's history.

While recording, the previous rating and its evidence stay in view here, so the
manager can see what changed. Everything the user typed (evidence, names) is
added as plain text, never read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from standards.visible_text import visible_block, visible_line

from ..marks import status_parts

if TYPE_CHECKING:
    from observations.store.records import Observation
    from observations.standing.rules import Standing
    from standards import Framework, Stage

HISTORY_SHOWN = 8
EVIDENCE_SHOWN = 400

Parts = list[tuple[str, str]]


def _observation_parts(observation: Observation, scale_label: str) -> Parts:
    parts: Parts = [
        (observation.observed_on, "bold"),
        ("  ", ""),
        (scale_label, "bold"),
        (f"  {observation.source}", "$text-muted"),
    ]
    if observation.observer:
        parts.append((f"  by {visible_line(observation.observer)}", "$text-muted"))
    if observation.revision == 1 and observation.recorded_by and observation.recorded_by != observation.observer:
        parts.append((f"  recorded by {visible_line(observation.recorded_by)}", "$text-muted"))
    if observation.examples:
        parts.append((f"  examples {', '.join(map(str, observation.examples))}", "$text-muted"))
    if observation.revision > 1:
        by = f" by {observation.recorded_by}" if observation.recorded_by else ""
        parts.append((visible_line(f"  corrected{by}: {observation.reason}"), "$warning"))
    parts.append(("\n", ""))
    evidence = visible_block(observation.evidence.strip())
    if evidence:
        shown = evidence if len(evidence) <= EVIDENCE_SHOWN else evidence[:EVIDENCE_SHOWN].rstrip() + "…"
        parts.append(("    " + shown.replace("\n", "\n    ") + "\n", "italic"))
    return parts


def standard_content(framework: Framework, standard_id: str, standing: Standing | None, history: tuple[Observation, ...]) -> Content:
    """The statement, status, self-assessment, stage outcomes and the person's rating history of one standard."""
    standard = framework.standard(standard_id)
    stage = framework.stage_of(standard_id)
    scale = framework.rating_scale
    label = scale.label

    parts: Parts = [(f"{standard.id}", "bold $accent"), (f"  {stage.title}\n", "$text-muted"), (standard.statement + "\n", "")]
    if standing is not None:
        parts += [("\nNow: ", "bold"), *status_parts(standing.status, stale=standing.stale)]
        if standing.current is not None:
            parts.append((f"  ({label(standing.current.rating)}, {standing.current.observed_on})", ""))
        if standing.trend:
            parts.append((f"  trend {standing.trend}", "$text-muted"))
        parts.append(("\n", ""))
        if standing.self_assessment is not None:
            parts.append((f"Self-assessed: {label(standing.self_assessment.rating)} ({standing.self_assessment.observed_on})", ""))
            if standing.discuss:
                parts.append(("  discuss: two or more levels apart", "bold $warning"))
            parts.append(("\n", ""))
    parts.append((f"\nHistory ({len(history)})\n" if history else "\nNo ratings yet for this standard.\n", "bold"))
    for observation in history[:HISTORY_SHOWN]:
        parts += _observation_parts(observation, label(observation.rating))
    if len(history) > HISTORY_SHOWN:
        parts.append((f"… and {len(history) - HISTORY_SHOWN} earlier (supervision-tui history)\n", "$text-muted"))
    parts += _outcome_parts(stage)
    return Content.assemble(*parts)


def _outcome_parts(stage: Stage) -> Parts:
    if not stage.outcomes:
        return []
    parts: Parts = [(f"\n{stage.outcomes_title}\n", "bold")]
    for outcome in stage.outcomes:
        parts.append((f" • {outcome}\n", ""))
    return parts


def stage_content(stage: Stage) -> Content:
    """What a stage node shows: its description and outcomes."""
    parts: Parts = [(stage.title + "\n", "bold $accent")]
    if stage.description:
        parts.append((stage.description.strip() + "\n", ""))
    parts += _outcome_parts(stage)
    parts.append((f"\n{len(stage.standards)} standards: move down to rate them.\n", "$text-muted"))
    return Content.assemble(*parts)


class StandardDetail(VerticalScroll):
    """A scrolling panel holding one Static; updating it never re-mounts widgets."""

    DEFAULT_CSS = """
    StandardDetail > Static { width: 1fr; }
    """

    def compose(self):
        yield Static("", id="detail-text")

    def show(self, content: Content) -> None:
        self.query_one("#detail-text", Static).update(content)
        self.scroll_home(animate=False)
