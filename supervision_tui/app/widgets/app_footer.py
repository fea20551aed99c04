"""Provides the footer every screen shows: Textual's keys, and under ``serve`` who is signed in, at its left end.

A browser tab may be one of many people's, so each screen says whose it is;
the terminal's footer (its user owns the file) is Textual's own, unchanged.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Label

from ..role_actions import signed_in_line


class AppFooter(Footer):
    """'Signed in as NAME (role)' when the app runs for a signed-in account ('NAME (role)' below 100 columns), then the keys."""

    SCOPED_CSS = False  # the rules below start from the screen (its -narrow breakpoint class), not from this widget
    DEFAULT_CSS = """
    AppFooter .signed-in {
        dock: left;
        padding: 0 1;
        color: $footer-description-foreground;
        background: $footer-description-background;
        text-style: bold;
    }
    AppFooter #signed-in-short, Screen.-narrow AppFooter #signed-in-as { display: none; }
    Screen.-narrow AppFooter #signed-in-short { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield from super().compose()
        scope = getattr(self.app, "scope", None)
        if scope is not None and scope.account:
            yield Label(signed_in_line(scope.role, scope.account), id="signed-in-as", classes="signed-in", markup=False)
            yield Label(signed_in_line(scope.role, scope.account, short=True), id="signed-in-short", classes="signed-in", markup=False)
