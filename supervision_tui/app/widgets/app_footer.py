"""Provides the footer every screen shows: Textual's keys, and under ``serve`` who is signed in, at its left end.

A browser tab may be one of many people's, so each screen says whose it is;
the terminal's footer (its user owns the file) is Textual's own, unchanged.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Label


class AppFooter(Footer):
    """The keys of the screen; before them, 'Signed in as NAME (role)' when the app runs for a signed-in account."""

    DEFAULT_CSS = """
    AppFooter #signed-in-as {
        dock: left;
        padding: 0 1;
        color: $footer-description-foreground;
        background: $footer-description-background;
        text-style: bold;
    }
    """

    def compose(self) -> ComposeResult:
        yield from super().compose()
        line = getattr(self.app, "signed_in_line", "")
        if line:
            yield Label(line, id="signed-in-as", markup=False)
