"""Provides the keys of a screen, gathered from the bindings themselves, for the help screen and the command palette.

Listing keys by hand goes stale; reading the ``BINDINGS`` of the app, the
screen and the app's own widgets on it cannot. A widget class opts in with a
``HELP_GROUP`` name (e.g. "Standards list"), which says where its keys work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.actions import parse
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

ANYWHERE = "Anywhere"
KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc", "space": "space", "enter": "enter"}
"""How a key is written for people: ctrl+s stays ctrl+s (clearer than ^s for a first-time user)."""


def key_display(key: str) -> str:
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


@dataclass(frozen=True)
class KeyEntry:
    """One bound key: what it does, where it works, and how to run it from the palette."""

    key: str
    description: str
    tooltip: str
    where: str
    action: str
    node: DOMNode
    binding_id: str

    def target(self) -> tuple[DOMNode, str, tuple]:
        """The node that runs the action, the action's name and its arguments ('screen.' and 'app.' resolved)."""
        namespace, name, params = parse(self.action)
        node: DOMNode = {"app": self.node.app, "screen": self.node.screen}.get(namespace, self.node)
        if not namespace and name in getattr(node, "SCREEN_ACTIONS", ()):
            node = node.screen  # a widget's key for its screen's action (OwnScreenActions): the same command as the screen's
        return node, name, params

    def enabled(self) -> bool:
        """False when the action says it does not apply now (e.g. rating key 5 on a four-level scale)."""
        node, name, params = self.target()
        return node.check_action(name, params) is not False

    async def run(self) -> None:
        node, _, _ = self.target()
        await node.app.run_action(self.action, self.node)


def _shown(widget: DOMNode, screen: Screen) -> bool:
    """False for a widget hidden (display: none) itself or inside a hidden container: its keys cannot be used now."""
    node: DOMNode | None = widget
    while node is not None and node is not screen:
        if not node.display:
            return False
        node = node.parent
    return True


def _bindings(node_type: type, keymap: dict[str, str]) -> list[Binding]:
    """The class's bindings with the user's keymap applied as Textual applies it: a binding named in the keymap
    gets the keymap's keys, and another binding of the same class loses any key the keymap gave away."""
    bindings = [b for b in getattr(node_type, "BINDINGS", []) if isinstance(b, Binding)]
    claimed = {key.strip() for b in bindings if b.id in keymap for key in keymap[b.id].split(",")}
    live = []
    for binding in bindings:
        if binding.id in keymap:
            live.append(binding.with_key(keymap[binding.id]))
            continue
        kept = [key.strip() for key in binding.key.split(",") if key.strip() not in claimed]
        if kept:
            live.append(binding.with_key(",".join(kept)) if len(kept) < len(binding.key.split(",")) else binding)
    return live


def screen_keys(app: App, screen: Screen) -> list[KeyEntry]:
    """Every key of ``screen`` as the user's keymap has it: its widgets' (by HELP_GROUP), the screen's own, then the app-wide ones."""
    keymap: dict[str, str] = getattr(app, "keymap", {})
    groups: list[tuple[str, DOMNode, list[Binding]]] = []
    seen: set[type] = set()
    for widget in screen.walk_children(with_self=False):
        group = getattr(type(widget), "HELP_GROUP", None)
        if group and type(widget) not in seen and _shown(widget, screen):
            seen.add(type(widget))
            groups.append((group, widget, _bindings(type(widget), keymap)))
    groups.append((getattr(screen, "HELP_GROUP", None) or "This screen", screen, _bindings(type(screen), keymap)))
    groups.append((ANYWHERE, app, _bindings(type(app), keymap)))
    entries = []
    for where, node, bindings in groups:
        for binding in bindings:
            if binding.system:
                continue
            entries.append(
                KeyEntry(
                    key=key_display(binding.key),
                    description=binding.description or binding.action,
                    tooltip=binding.tooltip,
                    where=where,
                    action=binding.action,
                    node=node,
                    binding_id=binding.id or binding.action,
                )
            )
    return entries
