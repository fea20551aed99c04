"""Provides the command palette's commands: every key of the current screen, each framework and each theme.

The palette (ctrl+p) is for finding what a key does without learning the
keys: the same bindings the help screen lists, run exactly as the key would.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .keys import KeyEntry, screen_keys


class ScreenCommands(Provider):
    """Commands from the current screen's bindings, plus framework and theme switches."""

    def _commands(self) -> list[tuple[str, str, object]]:
        """(name, help, callback) for everything that applies now."""
        app = self.app
        found: list[tuple[str, str, object]] = []
        seen: set[str] = set()
        for entry in screen_keys(app, self.screen):
            name = f"{entry.description} ({entry.key})"
            if entry.binding_id in seen or not entry.enabled() or entry.action == "quit":
                continue
            seen.add(entry.binding_id)
            found.append((name, f"{entry.where}: {entry.tooltip}", partial(_run, entry)))
        for framework in app.library:
            found.append((f"Framework: {framework.title}", f"Show the standards of {framework.id}", partial(setattr, app, "framework_id", framework.id)))
        for theme in sorted(app.available_themes):
            found.append((f"Theme: {theme}", "Change the colours", partial(setattr, app, "theme", theme)))
        return found

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            if not name.startswith("Theme: "):
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


async def _run(entry: KeyEntry) -> None:
    await entry.run()
