"""Provides ``OwnScreenActions``: a widget's keys that run actions of the screen the widget is on.

Textual resolves a ``screen.rate(1)`` binding against the *active* screen. With
the help screen or the command palette open over a person, that is the popup:
its ``check_action`` said yes to every rating key, so the person's footer read
``123456789 Rate`` on a four-level scale. A widget that lists ``SCREEN_ACTIONS``
binds those actions without a namespace instead; this mixin answers for them by
asking its own screen, and runs them there.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..role_actions import app_offers


def _forward(name: str):
    def action(self, *parameters: Any) -> Any:
        return getattr(self.screen, f"action_{name}")(*parameters)

    action.__name__ = f"action_{name}"
    action.__doc__ = f"Run the screen's own ``{name}`` action (see OwnScreenActions)."
    return action


class OwnScreenActions:
    """Mixin for a widget: the actions named in ``SCREEN_ACTIONS`` are checked and run on ``self.screen``."""

    SCREEN_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.SCREEN_ACTIONS:
            if f"action_{name}" not in cls.__dict__:
                setattr(cls, f"action_{name}", _forward(name))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.SCREEN_ACTIONS:
            return self.screen.check_action(action, parameters)  # type: ignore[attr-defined]
        if not app_offers(self.app, action):  # type: ignore[attr-defined]
            return False  # e.g. ticking examples, for a role that does not record
        return super().check_action(action, parameters)  # type: ignore[misc]
