"""Provides the footer every screen shows: Textual's keys, and under ``serve`` who is signed in and how to sign out, at its left end.

A browser tab may be one of many people's, so each screen says whose it is;
the terminal's footer (its user owns the file) is Textual's own, unchanged.
The sign-out key sits beside the name, outside the list of keys: that list
scrolls off the right end when a screen has many keys, and a worker must always
see how to end their session.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer, Label

from ..role_actions import signed_in_line

SIGN_OUT_ACTION = "sign_out"


class AppFooter(Footer):
    """'Signed in as NAME (role)' and the sign-out key when the app runs for a signed-in account ('NAME (role)'
    below 100 columns), then the other keys."""

    SCOPED_CSS = False  # the rules below start from the screen (its -narrow breakpoint class), not from this widget
    DEFAULT_CSS = """
    AppFooter #signed-in {
        dock: left;
        width: auto;
        height: 1;
        background: $footer-background;
    }
    AppFooter .signed-in {
        padding: 0 1;
        color: $footer-description-foreground;
        background: $footer-description-background;
        text-style: bold;
    }
    AppFooter #signed-in-short, Screen.-narrow AppFooter #signed-in-as { display: none; }
    Screen.-narrow AppFooter #signed-in-short { display: block; }
    AppFooter #signed-in FooterKey { margin-right: 1; }
    """

    def compose(self) -> ComposeResult:
        scope = getattr(self.app, "scope", None)
        if scope is None or not scope.account:
            yield from super().compose()
            return
        sign_out = None
        for widget in super().compose():
            if getattr(widget, "action", None) == SIGN_OUT_ACTION:  # its FooterKey (not a public class in Textual 8)
                sign_out = widget  # shown beside the name below, not in the list of keys that may scroll away
                continue
            yield widget
        with HorizontalGroup(id="signed-in"):
            yield Label(signed_in_line(scope.role, scope.account), id="signed-in-as", classes="signed-in", markup=False)
            yield Label(signed_in_line(scope.role, scope.account, short=True), id="signed-in-short", classes="signed-in", markup=False)
            if sign_out is not None:
                yield sign_out
