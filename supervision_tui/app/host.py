"""Provides SupervisionHost: what a screen may ask of the app it runs in, without importing the app's module.

Screens reach the app through Textual's ``self.app``; this protocol names the
app-wide state they use (the gateway, the framework library and the chosen
framework, today's date, sessions in progress, the last evidence source) and
the few App methods they call. The app module imports the home screen, so a
screen that imported the app module back would close a circle; a screen types
``self.app`` by this protocol instead, and ``SupervisionApp`` satisfies it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen

    from observations.settings import Settings
    from observations.store.records import Session
    from standards import Framework, FrameworkLibrary

    from .gateway import StoreGateway


class SupervisionHost(Protocol):
    """The app as a screen sees it."""

    gateway: StoreGateway
    library: FrameworkLibrary
    framework_id: str
    active_sessions: dict[str, Session]
    last_source: str
    settings: Settings

    @property
    def as_of(self) -> date: ...

    @property
    def framework(self) -> Framework: ...

    @property
    def size(self) -> Size: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None, /) -> Any: ...

    def pop_screen(self) -> Any: ...

    def notify(self, message: str, **options: Any) -> None: ...

    def bell(self) -> None: ...

    def offers(self, action: str) -> bool: ...

    def get_css_variables(self) -> dict[str, str]: ...
