"""Provides launching the terminal app on the chosen database."""

from __future__ import annotations

import gc

from supervision_tui.cli.context import Context


def launch_app(context: Context) -> int:
    """Open the database first (a bad file is one line and exit 2, before the terminal changes), then run the app."""
    gc.disable()  # start-up builds some 400 modules' objects that all live on; the app enables collection after its first paint
    try:
        from observations.settings import load_settings
        from supervision_tui.app import create_app
        from supervision_tui.signed_in import scope_from_environment

        settings = load_settings()  # a bad settings file is one line, before the database or the terminal is touched
        library = context.library()
        scope = scope_from_environment(context.db_path, library)  # under serve, the account signed in; else TERMINAL (admin)
        app = create_app(db_path=context.db_path, library=library, settings=settings, scope=scope)
    except BaseException:
        gc.enable()
        raise
    try:
        app.run()
    finally:
        app.gateway.close()  # the app only stopped the gateway on its way out; here, with the UI gone, wait for a write in progress
    return app.return_code or 0
