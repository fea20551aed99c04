"""Provides the Problem record and the error raised when a framework file is not valid."""

from __future__ import annotations

from dataclasses import dataclass

from .visible_text import visible_line


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a framework file, at a 1-based line."""

    line: int
    message: str

    def __post_init__(self) -> None:
        # Messages quote parser errors that may span lines, and text from the file that may hold
        # terminal escape codes: a problem is always one line, and printing it cannot drive the terminal.
        message = " ".join(str(self.message).split())
        object.__setattr__(self, "message", visible_line(message))

    def format(self, name: str) -> str:
        return f"{name}:{self.line}: {self.message}"


class FrameworkError(Exception):
    """A framework could not be loaded; carries every problem found, in line order."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name = name
        self.problems = sorted(problems)
        first = self.problems[0].format(name) if self.problems else name
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''}; run 'supervision-tui standards check {name}')" if more else ""
        super().__init__(first + suffix)


class DuplicateFrameworkError(Exception):
    """Two framework files declare the same id."""
