"""Provides ``create_app``: the one way the Textual app is built, by the launcher and by the tests alike.

Importing this package loads no Textual: the app's modules are imported only
when an app is created, so the command line stays quick.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from observations.settings import Settings
    from observations.store.scope import Scope
    from standards import FrameworkLibrary

    from .application import SupervisionApp


PREFETCH_WAIT_SECONDS = 1.0
"""How long building the app waits for the first screen's data; past that the screen reads it as usual."""


def create_app(
    *,
    db_path: Path,
    library: FrameworkLibrary,
    today: date | None = None,
    scope: Scope | None = None,
    settings: Settings | None = None,
) -> SupervisionApp:
    """The app on the database at ``db_path`` with ``library``'s frameworks, as of ``today`` (default: the real today),
    asking the store as ``scope`` (default: the terminal's admin; a served session passes the signed-in account's),
    themed and keyed by ``settings`` (default: every setting's default; the launcher passes the user's file).

    The database is opened (and migrated) here, before any terminal mode
    changes, so a file that is not a database or is from a newer version fails
    with the store's one-line error. The app stops taking database calls when
    it exits, without waiting; whoever ran it then calls ``app.gateway.close()``
    to wait for a write in progress and close the connections (``launch_app`` does).
    """
    from .gateway import StoreGateway

    gateway = StoreGateway(Path(db_path), library, scope).begin()  # the file opens while the app's modules import
    try:
        from .application import SupervisionApp

        gateway.wait_open()
        app = SupervisionApp(gateway=gateway, library=library, today=today, settings=settings)
        gateway.wait_prefetched(timeout=PREFETCH_WAIT_SECONDS)
        return app
    except BaseException:
        gateway.close()
        raise
