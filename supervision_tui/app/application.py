"""Provides SupervisionApp: the Textual app, its app-wide keys, framework choice, sessions and themes.

The app holds what outlives a screen: the database gateway, the framework
library and the one chosen, today's date (injectable, so tests and snapshots
are fixed in time), active supervision sessions and the last evidence source.
Screens do the rest.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from observations.store.scope import TERMINAL
from observations.vocabulary import SOURCES

from .role_actions import role_offers
from .screens.home import HomeScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from observations.settings import Settings
    from observations.store.records import Session
    from observations.store.scope import Scope
    from standards import Framework, FrameworkLibrary

    from .gateway import StoreGateway

DEFAULT_THEME = "textual-dark"
SIGN_OUT_PATH = "/sign-out"
"""The server's sign-out page (``supervision_tui.web.server``): it ends the session and clears its cookie."""
APP_GC_THRESHOLDS = (5_000, 5, 100)
"""Python's default (700, 10, 10) ran a full collection every few rating keys: every frame allocates and drops thousands
of small objects, and on a 2,000-staff organisation a full collection froze the screen for up to 300 ms (measured over
100 rating keys: 44 full collections, slowest key 315 ms). With these, the same 100 keys ran no full collection, the
slowest young ones took about 20 ms, and the slowest key 44-49 ms. Reference counting still frees almost everything
at once; only reference cycles wait longer."""


def screen_commands_provider() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (textual.command costs ~35 ms at start-up)."""
    from .commands import ScreenCommands

    return ScreenCommands


class SupervisionApp(App[None]):
    """Practice-standards supervision: staff, standards as checklists, observations, actions and reports."""

    TITLE = "Supervision"
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    COMMANDS = App.COMMANDS | {screen_commands_provider}
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="List the keys of this screen"),
        Binding("question_mark", "help", "Help", show=False, id="help-question", tooltip="List the keys of this screen"),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave the app (everything saved is already in the database)"),
        Binding("ctrl+r,f5", "reload", "Refresh", id="refresh", tooltip="Read the database again, e.g. after the command line changed it"),
        Binding("f", "choose_framework", "Framework", id="framework", tooltip="Switch between APIR, Methods of Work and your own frameworks"),
        Binding("f9", "sign_out", "Sign out", id="sign-out", tooltip="End your signed-in session in this browser (asks first)"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """Screens get -narrow below 100 columns and -short below 32 rows, so their styles can fit an 80×24 terminal."""

    framework_id: reactive[str] = reactive("apir", init=False)
    """The framework every screen shows; screens watch it and reload."""

    def __init__(
        self, *, gateway: StoreGateway, library: FrameworkLibrary, today: date | None = None, settings: Settings | None = None
    ):
        super().__init__()
        from observations.settings import Settings

        self.settings = settings or Settings()
        """The user's settings; the theme chosen here is written back to their file."""
        self.gateway = gateway
        self.library = library
        self._today = today
        self._blurred_before = False
        self.active_sessions: dict[str, Session] = {}
        """Supervision sessions in progress, by staff id: what is recorded for that person belongs to it."""
        self.last_source = SOURCES[0]
        """The evidence source chosen last, remembered from person to person."""
        self.theme = self._checked_theme(self.settings)
        self.keymap: dict[str, str] = dict(self.settings.keymap)
        """The user's keys by binding id: Textual applies them, and the help screen lists them."""
        self.set_keymap(self.keymap)
        HomeScreen.prefetch(gateway)
        if self.settings.default_framework in library:
            self.framework_id = self.settings.default_framework
        elif "default_framework" in self.settings.from_file:
            self._bad_setting("default_framework", f"is '{self.settings.default_framework}', which is not a framework here "
                              f"(there are {', '.join(f.id for f in library.frameworks)})")
        elif "apir" not in library and len(library):
            self.framework_id = library.frameworks[0].id

    def _checked_theme(self, settings: Settings) -> str:
        if settings.theme in self.available_themes:
            return settings.theme
        if "theme" in settings.from_file:
            self._bad_setting("theme", f"is '{settings.theme}', which is not a theme (there are {', '.join(sorted(self.available_themes))})")
        return DEFAULT_THEME

    def _bad_setting(self, key: str, why: str) -> None:
        from observations.settings import SettingsError

        raise SettingsError(f"settings file {self.settings.path}: '{key}' {why}")

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the app (the palette's Theme command) is kept in the settings file for the next run."""
        if theme == self.settings.theme:
            return
        self.settings = self.settings.with_theme(theme)
        self.run_worker(self._keep_settings, thread=True, group="settings", exclusive=True, exit_on_error=False)

    def _keep_settings(self) -> None:
        from observations.settings import save_settings

        from .screens.base import error_line

        try:
            save_settings(self.settings)
        except Exception as error:  # the theme is applied all the same; say why it will not be kept
            self.call_from_thread(self.notify, error_line(error), severity="error", markup=False, timeout=8)

    @property
    def scope(self) -> Scope:
        """Who the app asks the store as: the signed-in account under ``serve``, else the terminal's admin."""
        return self.gateway.scope or TERMINAL

    def offers(self, action: str) -> bool:
        """Whether the signed-in role is offered ``action`` at all (``role_actions``); the screens' own checks come after."""
        return role_offers(self.scope.role, action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Sign-out only for a signed-in account (the terminal has no session to end); the rest as the role allows."""
        if action == "sign_out":
            return bool(self.scope.account)
        return self.offers(action)

    @property
    def as_of(self) -> date:
        """Today, unless the app was made for a fixed day (tests, snapshots)."""
        return self._today or date.today()

    @property
    def framework(self) -> Framework:
        return self.library.get(self.framework_id)

    def get_default_screen(self) -> HomeScreen:
        """The staff list is the bottom of the stack, built with the app itself: one first frame, not two.

        (A default screen's own CSS_PATH is not loaded, so home.tcss is in the app's CSS_PATH.)
        """
        return HomeScreen()

    def on_mount(self) -> None:
        """Collect garbage less often while the app runs (see ``APP_GC_THRESHOLDS``); ``on_unmount`` restores it.

        The launcher switches collection off while the app's modules import and its first screen is drawn (every object
        made then lives on, so collecting was wasted work: about 10 ms of a 250 ms start); it is on again from the first
        refresh.
        """
        self._gc_thresholds = gc.get_threshold()
        gc.set_threshold(*APP_GC_THRESHOLDS)
        self.call_after_refresh(gc.enable)

    def on_app_blur(self) -> None:
        """In a browser, the web driver blurs the app as it starts, and the page's "focus",
        sent as the page opened, is lost before the app process runs: the app would think itself blurred, draw no keys in
        the footer and focus nothing, until the first key. The page focuses the terminal as it opens, so that first blur
        is taken back; any later one (the person switched tabs) stands.
        """
        first_blur, self._blurred_before = not self._blurred_before, True
        if first_blur and self.is_web:
            self.call_next(self._focus_as_the_page_does)  # after Textual's own handler, which runs after this one

    def _focus_as_the_page_does(self) -> None:
        self.app_focus = True
        self.screen.refresh_bindings()

    def on_unmount(self) -> None:
        """Stop taking database calls, without waiting here: a join on the UI thread would freeze the quit.

        Whoever ran the app closes the gateway again afterwards and waits for the call in progress (``launch_app`` does).
        """
        gc.set_threshold(*self._gc_thresholds)
        self.gateway.close(timeout=0)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_reload(self) -> None:
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()
            self.notify("Read the database again.", markup=False, timeout=2)

    def action_choose_framework(self) -> None:
        from .screens.framework_picker import FrameworkPicker

        def chosen(framework_id: str | None) -> None:
            if framework_id and framework_id != self.framework_id:
                self.framework_id = framework_id

        self.push_screen(FrameworkPicker(self.library, self.framework_id), chosen)

    def action_sign_out(self) -> None:
        """After a yes, the browser goes to the server's sign-out page, which ends the session (its cookie is the server's
        to clear, not the app's); the tab's app closes as the page leaves. Outside a browser there is no session: the app quits."""
        from .screens.dialogs import Confirm

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if self.is_web:
                self.open_url(SIGN_OUT_PATH, new_tab=False)
            else:
                self.exit()

        self.push_screen(Confirm("Sign out", "Sign out now? Anything you have not saved is lost."), answered)
