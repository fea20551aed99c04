"""Provides the start-up limit: the least a Textual app can do, one label on the screen, in the same interpreter.

Started as ``python bench/bare_app.py``; the start-up benchmark waits for its
label on a real pseudo-terminal exactly as it waits for a staff name in the app.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

READY = "Bare Textual app ready"


class BareApp(App[None]):
    """One label; ctrl+q quits (Textual's default)."""

    def compose(self) -> ComposeResult:
        yield Label(READY)


if __name__ == "__main__":
    BareApp().run()
