"""Provides reading the browser's terminal as text: the bytes its xterm.js was sent, replayed into pyte.

textual-serve's page draws the terminal on a canvas, so its text is not in the
page's DOM. An init script records every frame the page's websocket receives,
and the size the page asked for; the test replays them into a pyte screen of
that size, which holds the same text the browser's terminal shows.
"""

from __future__ import annotations

import base64

import pyte

RECORD_FRAMES = """
(() => {
  window.__frames = [];
  window.__size = null;
  const Native = window.WebSocket;
  const remember = (url) => {
    const query = new URL(url, window.location.href).searchParams;
    window.__size = {width: Number(query.get("width")), height: Number(query.get("height"))};
  };
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      remember(url);
      this.addEventListener("message", (event) => {
        if (typeof event.data === "string") return;
        const bytes = new Uint8Array(event.data);
        let text = "";
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        window.__frames.push(btoa(text));
      });
    }
    send(data) {
      try {
        const message = JSON.parse(data);
        if (message[0] === "resize") window.__size = message[1];
      } catch (error) {}
      super.send(data);
    }
  };
})();
"""


def screen_text(page) -> str:
    """The terminal's current text, one line per row."""
    recorded = page.evaluate("({frames: window.__frames || [], size: window.__size})")
    size = recorded["size"] or {"width": 80, "height": 24}
    screen = pyte.Screen(int(size["width"]), int(size["height"]))
    stream = pyte.ByteStream(screen)
    for frame in recorded["frames"]:
        stream.feed(base64.b64decode(frame))
    return "\n".join(line.rstrip() for line in screen.display)


def wait_for_text(page, wanted: str, *, timeout: float = 60.0) -> str:
    """Wait (on the page's own event loop, by polling its frames) until the terminal shows ``wanted``."""
    import time

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen_text(page)
        if wanted in text:
            return text
        seen = page.evaluate("(window.__frames || []).length")
        try:  # until the next frame arrives
            page.wait_for_function("n => (window.__frames || []).length > n", arg=seen, timeout=max(1.0, deadline - time.monotonic()) * 1000)
        except PlaywrightTimeout:
            break
    text = screen_text(page)
    if wanted in text:
        return text
    raise AssertionError(f"the terminal never showed {wanted!r}; it shows:\n{text}")


