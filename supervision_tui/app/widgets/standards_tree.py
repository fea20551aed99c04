"""Provides the standards checklist: a tree of stages and standards, each standard with its status mark.

The number keys rate the highlighted standard while this tree has the focus
(in the evidence box they type digits, in the examples list they tick
examples), so what a digit does always follows the bright border.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree

from .recorder import RECORDER_ACTIONS, recorder_keys
from .screen_actions import OwnScreenActions

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

    from standards import Framework

MAX_LEVELS = 9
RATE = Binding.Group("Rate", compact=True)
STATEMENT_WIDTH = 34


def _rate_bindings() -> list[Binding]:
    return [
        Binding(
            str(n),
            f"rate({n})",
            f"Rate {n}",
            id=f"rate-{n}",
            tooltip=f"Rate the highlighted standard at level {n} (see the Rating row)",
            group=RATE,
        )
        for n in range(1, MAX_LEVELS + 1)
    ]


class StandardsTree(OwnScreenActions, Tree[str]):
    """Stages and their standards; a leaf's data is the standard id, a stage's is None."""

    HELP_GROUP = "Standards list (left)"
    SCREEN_ACTIONS = RECORDER_ACTIONS | {"rate", "discard_draft"}
    """Checked and run on the person screen this tree is on, not on a popup open above it."""
    BINDINGS = [
        *_rate_bindings(),
        *recorder_keys("tree", examples=True),
        Binding(
            "delete,backspace", "discard_draft", "Discard", id="tree-discard", show=False,
            tooltip="Throw away what you entered for the highlighted standard and have not saved (rating, examples, evidence)",
        ),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("Standards"), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._standard_nodes: dict[str, TreeNode[str]] = {}
        self._stage_ids: dict[int, str] = {}
        self.framework_id: str | None = None

    def show_framework(self, framework: Framework) -> None:
        """Rebuild the tree for ``framework``: every stage expanded, every standard a leaf."""
        self.clear()
        self._standard_nodes = {}
        self._stage_ids = {}
        self.framework_id = framework.id
        for stage in framework.stages:
            stage_node = self.root.add(Text(stage.title, style="bold"), data=None, expand=True)
            self._stage_ids[stage_node.id] = stage.id
            for standard in stage.standards:
                self._standard_nodes[standard.id] = stage_node.add_leaf(Text(standard.id), data=standard.id)

    def set_label_of(self, standard_id: str, marks: Text, statement: str) -> None:
        """Show the marks, the id and the start of the statement."""
        node = self._standard_nodes.get(standard_id)
        if node is None:
            return
        short = statement if len(statement) <= STATEMENT_WIDTH else statement[: STATEMENT_WIDTH - 1].rstrip() + "…"
        node.set_label(Text.assemble(marks, " ", (standard_id, "bold"), " ", (short, "")))

    def select_standard(self, standard_id: str) -> None:
        node = self._standard_nodes.get(standard_id)
        if node is not None:
            # A node added since the tree last laid out its lines has no line yet (-1), so the cursor would
            # land on the first stage; reading last_line lays the lines out first.
            _ = self.last_line
            self.move_cursor(node)

    def stage_at_cursor(self) -> str | None:
        """The id of the stage under the cursor, when the cursor is on a stage rather than a standard."""
        node = self.cursor_node
        return self._stage_ids.get(node.id) if node is not None else None

    @property
    def standard_ids(self) -> list[str]:
        return list(self._standard_nodes)

    def next_standard(self, standard_id: str) -> str | None:
        """The standard after ``standard_id`` in framework order (None after the last)."""
        ids = self.standard_ids
        if standard_id not in ids:
            return None
        index = ids.index(standard_id)
        return ids[index + 1] if index + 1 < len(ids) else None
