"""Provides launching the terminal app on the chosen database."""

from __future__ import annotations

from supervision_tui.cli.context import Context


def launch_app(context: Context) -> int:
    """Until the Textual app lands, show the APIR framework so a first run shows something real."""
    from supervision_tui.cli.standards_cmd import framework_as_text

    print(framework_as_text(context.library().get("apir")), end="")
    return 0
