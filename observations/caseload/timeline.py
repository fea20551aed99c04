"""Provides a case as the rules see it: plain dated facts, its support levels over time, and when it closed.

No SQL here: the store builds ``CaseFacts`` from rows and the rules read them,
so every rule has plain unit tests. A case's level at referral is the one it was
added with; each ``level-change`` event moves it to a new level from that date.
Everything is seen as of a date: later events do not exist yet.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .rule_settings import DEFAULT_SETTINGS, CaseloadSettings

LEVEL_CHANGE = "level-change"
CLOSED = "closed"
TRANSFERRED = "transferred"
"""Not logged: a case transfer (``case transfer``), seen by the rules as an event on the day it took effect."""
LOGGED_EVENTS: tuple[str, ...] = (
    "contact", "carer-contact", "agency-contact", "plan-of-work", "apir-profile", "selected-for-apir", "action-plan",
    "review", "moved-on-e2e", "moved-on-positive", "manager-discussion", CLOSED,
)
"""Events a PA logs with ``case log`` on a case following the APIR guide; level changes are recorded with
``case level`` instead. Another framework's cases have their own (``rule_sets``)."""


@dataclass(frozen=True)
class CaseEvent:
    """One dated event; ``level`` is the new level of a level change."""

    event: str
    on: date
    level: str | None = None
    every: int | None = None
    """For a plan of work: how often, in days, it says to contact the young person (None: it does not say)."""


@dataclass(frozen=True)
class Span:
    """A stretch of time at one level: from ``start`` up to (not including) ``end``; ``end`` None means still going."""

    start: date
    end: date | None
    level: str


@dataclass(frozen=True)
class CaseFacts:
    """Everything the rules need about one case, and nothing that names the young person."""

    ref: str
    referred_on: date
    level: str
    """The level at referral."""
    in_school: bool = False
    events: tuple[CaseEvent, ...] = field(default=())
    """In the order they happened (by date; same-day events in the order recorded)."""
    framework: str = "apir"
    """The framework whose caseload rules the case follows (``rule_sets``)."""


class CaseView:
    """One case as of a date: events up to that date, level spans and the closure date, worked out once."""

    def __init__(self, facts: CaseFacts, as_of: date, settings: CaseloadSettings = DEFAULT_SETTINGS):
        self.facts = facts
        self.as_of = as_of
        self.settings = settings
        self.events = sorted((e for e in facts.events if e.on <= as_of), key=lambda e: e.on)
        closures = [e.on for e in self.events if e.event == CLOSED]
        self.closed_on: date | None = closures[0] if closures else None
        self.changes = [(facts.referred_on, facts.level)] + [
            (e.on, e.level) for e in self.events if e.event == LEVEL_CHANGE and e.level
        ]
        self.spans = self._spans()

    def _spans(self) -> list[Span]:
        merged: list[list] = []
        for start, level in self.changes:
            if merged and merged[-1][0] == start:
                merged[-1][1] = level  # a second change the same day wins
            elif not merged or merged[-1][1] != level:
                merged.append([start, level])
        spans = []
        for index, (start, level) in enumerate(merged):
            end = merged[index + 1][0] if index + 1 < len(merged) else None
            if self.closed_on is not None:
                if start >= self.closed_on and spans:
                    break
                end = self.closed_on if end is None or end > self.closed_on else end
            spans.append(Span(start, end, level))
        return spans

    def level_on(self, day: date) -> str:
        """The level in force on ``day`` (a change takes effect on its own date)."""
        level = self.facts.level
        for start, new_level in self.changes:
            if start <= day:
                level = new_level
        return level

    @property
    def current_level(self) -> str:
        return self.level_on(self.closed_on or self.as_of)

    def periods(self, levels: Iterable[str]) -> list[Span]:
        """Stretches at any of ``levels``, neighbouring ones joined (intensive then enhanced is one active period)."""
        wanted = set(levels)
        out: list[Span] = []
        for span in self.spans:
            if span.level not in wanted:
                continue
            if out and out[-1].end == span.start:
                out[-1] = Span(out[-1].start, span.end, out[-1].level)
            else:
                out.append(span)
        return out

    def period_containing(self, day: date, levels: Iterable[str]) -> Span | None:
        for span in self.periods(levels):
            if span.start <= day and (span.end is None or day < span.end):
                return span
        return None

    def period_ending_on(self, day: date, levels: Iterable[str]) -> Span | None:
        """The period at ``levels`` that ended on ``day`` (closed, or moved to another level, that day).

        A period's end is the first day after it, so ``period_containing`` does not
        see an event on that day; a rule that asks "how long did the case stay after
        this?" does, and the answer is 0 days.
        """
        return next((span for span in self.periods(levels) if span.end == day), None)

    def dates(self, *kinds: str) -> list[date]:
        return [e.on for e in self.events if e.event in kinds]

    def how_it_ended(self, span: Span) -> str:
        """'closed on D' or 'moved to LEVEL on D', for a period that has ended."""
        assert span.end is not None
        if span.end == self.closed_on:
            return f"closed on {span.end.isoformat()}"
        return f"moved to {self.level_on(span.end)} on {span.end.isoformat()}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
