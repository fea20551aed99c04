"""Provides the command palette's commands: every key of the current screen, and each framework.

The palette (ctrl+p) is for finding what a key does without learning the
keys: the same bindings the help screen lists, run exactly as the key would.
Each command is listed once, under its first key (help is f1 and ?); themes
are Textual's own "Theme" command.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .keys import KeyEntry, screen_keys


class ScreenCommands(Provider):
    """Commands from the current screen's bindings, plus framework switches."""

    def _commands(self) -> list[tuple[str, str, object]]:
        """(name, help, callback) for everything that applies now, each once."""
        app = self.app
        found: list[tuple[str, str, object]] = []
        seen: set[tuple[int, str, tuple]] = set()
        for entry in screen_keys(app, self.screen):
            node, action, parameters = entry.target()
            does = (id(node), action, parameters)  # two keys (f1, ?) or three widgets' esc can do the very same thing
            if does in seen or not entry.enabled() or entry.action == "quit":
                continue
            seen.add(does)
            found.append((f"{entry.description} ({entry.key})", f"{entry.where}: {entry.tooltip}", partial(_run, entry)))
        for framework in app.library:
            found.append((f"Framework: {framework.title}", f"Show the standards of {framework.id}", partial(setattr, app, "framework_id", framework.id)))
        return found

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


async def _run(entry: KeyEntry) -> None:
    await entry.run()
