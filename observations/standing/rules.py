"""Provides the status rules: what one person's ratings on one standard mean, as of a date.

Pure functions over plain values, no SQL, so every report, the TUI and the
benchmarks apply exactly the same rules and the rules have plain unit tests:

- the current status is the latest rating, as of the date, from a source other
  than self-assessment: below the framework's threshold a development need, at
  or above it met, the top level a strength, no rating not yet observed;
- a rating older than ``stale_months`` is stale, due for re-observation, but
  still counts. The period is the project's choice, not the APIR guide's (which
  sets no review period for ratings; Methods of Work has a six-month support
  plan and review for clients, not for staff): a parameter everywhere, 6 by default;
- a self-assessment never decides the status; it is shown beside the manager's
  rating and a difference of two or more levels is flagged for discussion.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from observations.defaults import DEFAULT_STALE_MONTHS
from observations.vocabulary import MET, NEED, NOT_OBSERVED, SELF_ASSESSMENT, STATUSES, STRENGTH  # noqa: F401 (read from here by the reports)
from standards import RatingScale

DISCUSS_GAP = 2
"""A self-assessment this many levels from the manager's rating is flagged for discussion."""


@dataclass(frozen=True)
class RatingPoint:
    """One current, non-retracted observation as the rules see it."""

    observation_id: str
    standard: str
    rating: str
    observed_on: str
    source: str
    evidence: str = ""
    observer: str = ""
    examples: tuple[int, ...] = ()
    session_id: str | None = None
    recorded_at: str = ""
    """Breaks ties between two ratings on one day: the later record wins."""
    revision_id: str = ""
    """The revision's own id: the last tie-break (same day, same moment recorded), as in the SQL."""

    @property
    def order(self) -> tuple[str, str, str]:
        """Later points sort higher: date observed, then time recorded, then revision id."""
        return (self.observed_on, self.recorded_at, self.revision_id)

    @property
    def is_self_assessment(self) -> bool:
        return self.source == SELF_ASSESSMENT


@dataclass(frozen=True)
class Standing:
    """Where one person stands on one standard, with what decided it."""

    standard: str
    status: str
    current: RatingPoint | None = None
    """The latest rating from observation, case review or supervision."""
    previous: RatingPoint | None = None
    """The one before it, for the trend."""
    self_assessment: RatingPoint | None = None
    stale: bool = False
    self_gap: int | None = None
    """Levels the self-assessment sits above (positive) or below (negative) the current rating."""
    trend: str | None = None
    """'up', 'down' or 'same' against the previous rating; None without one."""

    @property
    def discuss(self) -> bool:
        """True when the self-assessment and the manager's rating are two or more levels apart."""
        return self.self_gap is not None and abs(self.self_gap) >= DISCUSS_GAP

    @property
    def meets(self) -> bool:
        """Met or a strength: what induction counts as done."""
        return self.status in (MET, STRENGTH)


def status_of(scale: RatingScale, rating: str) -> str:
    """need, met or strength for a rating on ``scale``; ValueError for a key not on it."""
    if scale.is_top(rating) and scale.meets(rating):
        return STRENGTH
    return MET if scale.meets(rating) else NEED


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's end (31 Aug - 6 months = 28/29 Feb)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class StandingRules:
    """The rules applied as of one date on one rating scale."""

    scale: RatingScale
    as_of: date
    stale_months: int = DEFAULT_STALE_MONTHS

    @cached_property
    def stale_before(self) -> str:
        """Ratings observed before this ISO date are stale."""
        return months_before(self.as_of, self.stale_months).isoformat()

    def knows(self, point: RatingPoint | None) -> bool:
        """False for a rating whose key is no longer on the scale (the framework file changed); such ratings are ignored."""
        return point is not None and point.rating in self.scale

    def standing(
        self,
        standard: str,
        current: RatingPoint | None = None,
        previous: RatingPoint | None = None,
        self_assessment: RatingPoint | None = None,
    ) -> Standing:
        """The standing from the latest two manager ratings and the latest self-assessment, all as of ``as_of``."""
        for point in (current, previous, self_assessment):
            if point is not None and point.observed_on > self.as_of.isoformat():
                raise ValueError(f"rating {point.observation_id} is dated after {self.as_of}")
        current = current if self.knows(current) else None
        previous = previous if self.knows(previous) and current is not None else None
        self_assessment = self_assessment if self.knows(self_assessment) else None
        if current is None:
            return Standing(standard, NOT_OBSERVED, self_assessment=self_assessment)
        rank = self.scale.rank(current.rating)
        trend = None
        if previous is not None:
            before = self.scale.rank(previous.rating)
            trend = "up" if rank > before else "down" if rank < before else "same"
        gap = self.scale.rank(self_assessment.rating) - rank if self_assessment is not None else None
        return Standing(
            standard,
            status_of(self.scale, current.rating),
            current=current,
            previous=previous,
            self_assessment=self_assessment,
            stale=current.observed_on < self.stale_before,
            self_gap=gap,
            trend=trend,
        )

    def from_points(self, standard: str, points: Iterable[RatingPoint]) -> Standing:
        """The standing from any number of points (one standard, one person); later points win.

        The set-based queries pass the already-chosen points to ``standing``; this
        is the plain way, for tests and for one person's history. Both ignore
        ratings not on the scale before choosing, and order points the same way.
        """
        cutoff = self.as_of.isoformat()
        dated = sorted((p for p in points if p.observed_on <= cutoff and self.knows(p)), key=lambda p: p.order, reverse=True)
        manager = [p for p in dated if not p.is_self_assessment]
        own = [p for p in dated if p.is_self_assessment]
        return self.standing(
            standard,
            manager[0] if manager else None,
            manager[1] if len(manager) > 1 else None,
            own[0] if own else None,
        )


def count_statuses(standings: Iterable[Standing]) -> dict[str, int]:
    """How many standards are in each status, plus how many current ratings are stale."""
    counts = {status: 0 for status in STATUSES}
    counts["stale"] = 0
    for standing in standings:
        counts[standing.status] += 1
        counts["stale"] += standing.stale
    return counts
