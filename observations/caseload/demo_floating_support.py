"""Provides invented floating-support case histories for the demo: clients of a Methods of Work service.

A connection worker meets a client often at first ("doing for"), less often as
the work becomes "doing with", and now and then once they are "promoting and
sustaining independence", with some work with other agencies on the client's
behalf. A support plan is written in the first weeks and reviewed every six
months. Each case is one of a few shapes (kept to time, new, a review overdue,
a review once late, support ended), so a demo caseload shows the six-month rule
met, due, overdue and missed. Only the random generator passed in is used, so
the same seed gives the same histories.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .floating_support import REVIEW, SUPPORT_PLAN

DemoEvent = tuple[date, str]
"""(date, event)."""

SHAPES = ("kept-to-time", "review-overdue", "new", "support-ended", "kept-to-time", "review-once-late", "kept-to-time", "new")
"""The shapes a worker's clients take, in turn across the demo's floating-support caseloads: most kept to time, and
among every eight clients one review overdue now, one once late, one client whose support has ended."""
ON_TIME_DAYS = (150, 178)
"""Days between a plan or review and the next when the worker keeps to time: always within six calendar months."""
LATE_DAYS = (200, 230)
"""Days from a plan or review to the next when a review slipped: always more than six calendar months."""


class _ClientStory:
    """One client's invented history, built forward from the referral and cut off at ``until``."""

    def __init__(self, rng: random.Random, until: date):
        self.rng, self.until = rng, until
        self.events: list[DemoEvent] = []

    def ago(self, low: int, high: int) -> date:
        return self.until - timedelta(days=self.rng.randint(low, high))

    def after(self, day: date, days: tuple[int, int]) -> date:
        return day + timedelta(days=self.rng.randint(*days))

    def add(self, day: date, event: str) -> None:
        if day <= self.until:
            self.events.append((day, event))

    def meetings(self, referred: date, stop: date) -> None:
        """Contacts weekly or so at first, then fortnightly, then monthly; now and then an agency contact too."""
        day = referred + timedelta(days=self.rng.randint(1, 6))
        while day <= stop:
            self.add(day, "contact")
            if self.rng.random() < 0.3:
                self.add(min(stop, day + timedelta(days=self.rng.randint(0, 3))), "agency-contact")
            weeks_in = (day - referred).days // 7
            gap = (5, 9) if weeks_in < 8 else (10, 18) if weeks_in < 26 else (20, 35)
            day += timedelta(days=self.rng.randint(*gap))

    def plan_and_reviews(self, referred: date, stop: date, late_review: int | None = None) -> date:
        """The support plan in the first weeks, then a review every six months up to ``stop``; the review numbered
        ``late_review`` (1 for the first) comes late. Returns the last plan or review."""
        last = self.after(referred, (10, 35))
        self.add(last, SUPPORT_PLAN)
        number = 1
        while True:
            following = self.after(last, LATE_DAYS if number == late_review else ON_TIME_DAYS)
            if following > stop:
                return last
            self.add(following, REVIEW)
            last, number = following, number + 1

    def build(self, shape: str) -> tuple[date, list[DemoEvent]]:
        until = self.until
        if shape == "new":
            referred = self.ago(4, 45)
            self.plan_and_reviews(referred, until)
            self.meetings(referred, until)
        elif shape == "review-overdue":  # nothing planned or reviewed for more than six months; meetings go on
            last_by = self.ago(190, 235)
            referred = last_by - timedelta(days=self.rng.choice((self.rng.randint(36, 60), self.rng.randint(190, 360))))
            self.plan_and_reviews(referred, last_by)
            self.meetings(referred, until - timedelta(days=self.rng.randint(2, 12)))
        elif shape == "review-once-late":
            referred = self.ago(300, 420)
            self.plan_and_reviews(referred, until, late_review=1)
            self.meetings(referred, until)
        elif shape == "support-ended":  # promoted to independence: closed within the caseload review's three months
            referred = self.ago(240, 400)
            closed = self.ago(10, 70)
            self.plan_and_reviews(referred, closed)
            self.meetings(referred, closed - timedelta(days=self.rng.randint(0, 7)))
            self.events = [e for e in self.events if e[0] <= closed] + [(closed, "closed")]
        else:
            referred = self.ago(60, 330)
            self.plan_and_reviews(referred, until)
            self.meetings(referred, until)
        return referred, sorted(set(self.events), key=lambda e: (e[0], e[1] == "closed", e[1]))


def floating_support_history(rng: random.Random, shape: str, until: date) -> tuple[date, list[DemoEvent]]:
    """One invented client: (referral date, events) up to ``until`` (today, or the day the worker left)."""
    return _ClientStory(rng, until).build(shape)


def client_ref(rng: random.Random, referred: date, taken: set[str]) -> str:
    """A floating-support service's case number, such as FS/2026/0142: never a name, never one of ``taken``."""
    while True:
        ref = f"FS/{referred.year}/{rng.randint(1, 9999):04d}"
        if ref not in taken:
            return ref
