"""Provides what every screen of the app shares: running database work in thread workers, and reporting failures.

A screen never runs SQL itself. ``run_db`` hands a function of the Store to a
thread worker, which waits on the gateway and posts the message ``then`` makes
of the result; the screen's ``@on`` handler updates the widgets. Errors the
user can act on come back as one line (the same words as the command line).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, get_current_worker

from standards.visible_text import visible_line

from ..gateway import INTERACTIVE, GatewayClosed, Superseded
from ..messages import StoreFailed

if TYPE_CHECKING:
    from observations.store.observation_store import Store

    from ..host import SupervisionHost

T = TypeVar("T")


def error_line(error: BaseException) -> str:
    """The one line the command line would print for ``error``; bugs are named as bugs."""
    from observations.error_wording import describe_error

    known = describe_error(error)
    if known is not None:
        return known[0]
    return f"internal error: {type(error).__name__}: {error} (this is a bug)"


class DatabaseWork:
    """Mixin for screens: run a function of the Store off the UI thread and post a message with its result."""

    app: SupervisionHost
    """The app, as the protocol names it (importing the app's module here would close a circle)."""

    def run_db(
        self,
        fn: Callable[[Store], T],
        then: Callable[[T], Message | None] | None = None,
        *,
        lane: str = INTERACTIVE,
        key: str | None = None,
        group: str = "db",
        exclusive: bool = False,
        request: str | None = None,
    ) -> Worker[None]:
        """Run ``fn(store)`` on the database thread; post ``then(result)`` (if not None) unless the worker was cancelled meanwhile.

        ``exclusive`` cancels earlier work in the same group, so a stale result
        (an earlier person, an earlier framework) is never shown. A failure
        posts StoreFailed carrying ``request``, so the screen can tell which
        call failed.
        """
        gateway = self.app.gateway
        poster: Any = self

        def job() -> None:
            try:
                result = gateway.call(fn, lane=lane, key=key)
                message = then(result) if then is not None else None  # e.g. rendering a report: still off the UI thread
            except (Superseded, GatewayClosed):
                return
            except Exception as error:  # one line for the user, as the command line would say it
                from observations.store.scope import NotShownToScope

                poster.post_message(StoreFailed(error_line(error), request, not_shown=isinstance(error, NotShownToScope)))
                return
            if message is not None and not get_current_worker().is_cancelled:
                poster.post_message(message)

        return poster.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


class FailureShown:
    """Mixin for screens: every StoreFailed goes to ``show_failure``, which subclasses and mixins may override."""

    def on_store_failed(self, message: StoreFailed) -> None:
        """(A naming-convention handler: ``@on`` is only collected on Textual classes, and a decorated handler cannot be overridden.)"""
        self.show_failure(message)

    def show_failure(self, message: StoreFailed) -> None:
        """A toast with the one line; a dialog or panel that says it itself overrides this."""
        self.notify(visible_line(message.message), severity="error", markup=False, timeout=8)  # type: ignore[attr-defined]


class DataScreen(FailureShown, DatabaseWork, Screen[None]):
    """A full screen that reads the database and re-reads it when shown again or on refresh."""

    def reload(self) -> None:
        """Read this screen's data again; each screen says what that means."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key the signed-in role cannot use is not offered (``role_actions``); a screen that checks more calls this first."""
        return self.app.offers(action)

    def on_screen_resume(self) -> None:
        self.reload()

    def show_failure(self, message: StoreFailed) -> None:
        """A screen whose subject the scope may not see goes back, saying why; any other failure is a toast."""
        if message.not_shown and self.leave_not_shown(message):
            return
        super().show_failure(message)

    def leave_not_shown(self, message: StoreFailed) -> bool:
        """Back to the screen before, with the refusal's line (once: a screen's second refused read finds it gone).

        A stale screen (the person moved to another team), a Today row or a
        typed route to someone else's record all end here. False for the staff
        list at the bottom, which has nowhere to go back to.
        """
        stack = self.app.screen_stack
        if self not in stack:
            return True
        if stack[0] is self:
            return False
        if self.is_current:
            self.dismiss()
        self.app.notify(visible_line(message.message), severity="error", markup=False, timeout=8)
        return True


class DataModal(FailureShown, DatabaseWork, ModalScreen[T]):
    """A dialog that may write to the database itself; a failure is a toast unless the dialog shows it itself (see FormDialog)."""
