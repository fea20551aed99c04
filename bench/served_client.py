"""Provides a browser-like client of a served app: sign-in over HTTP, then the websocket a browser's page opens.

It does what the page does and no more: GET the sign-in form, POST it (the
cookie jar keeps the session cookie), GET the terminal page, open ``/ws`` with
the terminal's size, and send keys as xterm.js sends them (``["stdin", text]``).
What the app draws arrives as binary frames of terminal output; each frame is
timestamped when it is received and fed to a terminal emulator (pyte), so a
text counts as shown only when a terminal would show it, not when its bytes
happen to pass by. The emulator's work is the client's own cost: the longest
feed is kept (``longest_feed``) so a reading can say how much it may add.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

COLUMNS, LINES = 120, 40
KEYS = {"enter": "\r", "down": "\x1b[B", "ctrl+s": "\x13", "slash": "/"}
"""The bytes xterm.js sends for the keys the bench presses (any other key is its own character)."""


def now() -> float:
    """The clock every process of the bench shares (one CLOCK_MONOTONIC for the machine)."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


class ServedScreen:
    """The terminal as the browser's xterm.js would hold it: every frame fed, with when the latest arrived."""

    def __init__(self) -> None:
        try:
            import pyte
        except ImportError:
            raise RuntimeError("the served parts need the terminal emulator pyte: pip install -e '.[bench]'") from None
        self._screen = pyte.Screen(COLUMNS, LINES)
        self._stream = pyte.ByteStream(self._screen)
        self.longest_feed = 0.0
        self.changed = asyncio.Event()
        self.arrived_at = 0.0
        """When the frame last fed arrived."""
        self.first_frame_at = 0.0
        """When the first frame arrived (the app's first output: it has started and drawn something)."""
        self.awaited: dict[str, float | None] = {}
        """What is watched for (a text, or a text's look), with the arrival of the frame that first showed it (None: not yet)."""
        self._tests: dict[str, Callable[[], bool]] = {}
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        """The terminal's text, line by line (worked out once per frame: the emulator's display is slow to build)."""
        if self._lines is None:
            self._lines = self._screen.display
        return self._lines

    def watch(self, text: str, test: Callable[[], bool] | None = None) -> str:
        """Start watching for ``text`` (or for ``test`` to hold), before the key that should bring it, so its frame is timed."""
        self._tests[text] = test or (lambda: self.shows(text))
        self.awaited[text] = self.arrived_at if self._tests[text]() else None
        return text

    def feed(self, data: bytes, arrived: float) -> None:
        began = now()
        self._stream.feed(data)
        self._lines = None
        for text, seen in self.awaited.items():
            if seen is None and self._tests[text]():
                self.awaited[text] = arrived
        self.longest_feed = max(self.longest_feed, now() - began)
        self.arrived_at = arrived
        self.first_frame_at = self.first_frame_at or arrived
        self.changed.set()

    def forget(self, text: str) -> float | None:
        self._tests.pop(text, None)
        return self.awaited.pop(text, None)

    def shows(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def matches(self, pattern: re.Pattern) -> bool:
        return any(pattern.search(line) for line in self.lines)

    def look_of(self, text: str) -> tuple[str, str] | None:
        """The colours (foreground, background) of the first character of ``text`` where it is on screen.

        A person sees where the focus is by colour (a focused input's border, the
        list's cursor row), so a key that moves the focus is followed by waiting
        for that colour to change, as a person would, before the next key."""
        for row, line in enumerate(self.lines):
            column = line.find(text)
            if column >= 0:
                cell = self._screen.buffer[row][column]
                return cell.fg, cell.bg
        return None

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines)


@dataclass
class SignIn:
    """One sign-in: when the POST was sent and how long the server took to answer it."""

    started: float
    seconds: float


@dataclass
class BrowserTab:
    """One browser tab on one server: its cookie jar, its websocket and what its terminal shows."""

    url: str
    screen: ServedScreen = field(default_factory=ServedScreen)
    opened_at: float = 0.0
    """When the websocket's handshake completed."""
    page_requested_at: float = 0.0
    """When the terminal page's GET was sent (the tab opening, for someone already signed in)."""

    def __post_init__(self) -> None:
        import aiohttp

        self._aiohttp = aiohttp
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.websocket = None
        self._reader: asyncio.Task | None = None
        self.closed_because = ""

    async def sign_in(self, username: str, password: str) -> SignIn:
        """The form, then its POST: the session cookie is in the jar afterwards (a refusal raises)."""
        async with self.session.get(f"{self.url}/sign-in") as form:
            found = re.search(r'name="csrf" value="([0-9a-f]+)"', await form.text())
        if found is None:
            raise RuntimeError(f"the sign-in page at {self.url} had no form token (status {form.status})")
        started = now()
        async with self.session.post(
            f"{self.url}/sign-in", data={"csrf": found.group(1), "username": username, "password": password}, allow_redirects=False
        ) as answer:
            await answer.read()
            seconds = now() - started
            if answer.status != 303:
                raise RuntimeError(f"signing in as {username!r} was refused with HTTP {answer.status}")
        return SignIn(started, seconds)

    async def open_terminal(self) -> None:
        """As the page does: load it, then open the websocket with the terminal's size and start reading frames."""
        self.page_requested_at = now()
        async with self.session.get(f"{self.url}/") as page:
            await page.read()
            if page.status != 200:
                raise RuntimeError(f"the terminal page answered HTTP {page.status}")
        ws_url = self.url.replace("http://", "ws://", 1)
        self.websocket = await self.session.ws_connect(f"{ws_url}/ws?width={COLUMNS}&height={LINES}", origin=self.url)
        self.opened_at = now()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        kinds = self._aiohttp.WSMsgType
        async for message in self.websocket:
            arrived = now()
            if message.type == kinds.BINARY:
                self.screen.feed(message.data, arrived)
            elif message.type in (kinds.ERROR, kinds.CLOSE, kinds.CLOSED):
                break
        self.closed_because = "the server closed the websocket"
        self.screen.changed.set()

    async def press(self, *keys: str) -> float:
        """Send keys as the page would, one message each; returns when the first was sent."""
        sent = now()
        for key in keys:
            await self.websocket.send_json(["stdin", KEYS.get(key, key)])
        return sent

    async def type_text(self, text: str) -> None:
        for character in text:
            await self.websocket.send_json(["stdin", character])

    async def shown(self, text: str, timeout: float) -> float:
        """When the frame arrived after which ``text`` was first on the terminal since it was watched for.

        Watch for it first (``screen.watch``) to time it from before a key; a
        text not watched for is watched from now (at once if already shown)."""
        if text not in self.screen.awaited:
            self.screen.watch(text)
        deadline = now() + timeout
        while self.screen.awaited[text] is None:
            if self.closed_because:
                raise RuntimeError(f"{text!r} never appeared: {self.closed_because}")
            self.screen.changed.clear()
            try:
                await asyncio.wait_for(self.screen.changed.wait(), max(0.01, deadline - now()))
            except TimeoutError:
                raise RuntimeError(f"{text!r} was not on the terminal within {timeout:.0f} s; it showed:\n{self.screen.text()}") from None
        return self.screen.forget(text)

    def watch_restyle(self, text: str) -> str:
        """Before a key that moves the focus: watch for ``text`` drawn in other colours than now (a person's cue).

        Returns the cue's name, to wait for with ``shown`` after the key."""
        before = self.screen.look_of(text)
        if before is None:
            raise RuntimeError(f"{text!r} is not on the terminal; it showed:\n{self.screen.text()}")
        cue = f"{text!r} no longer drawn as {before}"
        self.screen.watch(cue, lambda: self.screen.look_of(text) not in (None, before))
        return cue

    async def close(self) -> None:
        """Close the websocket (the server stops this tab's app) and the HTTP session."""
        try:
            if self.websocket is not None:
                await self.websocket.close()
            if self._reader is not None:
                await asyncio.wait_for(self._reader, 30)
        except (TimeoutError, ConnectionError):
            pass
        finally:
            await self.session.close()
