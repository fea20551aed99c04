"""Provides invented case histories for the demo: how a PA works a case, well or less well, day by day.

Each case follows the guide's rhythm for its level (first contact, plan of
work, APIR profile, weekly or less frequent contact, reviews, moving on and
closure), and a PA's ``diligence`` decides how often they keep to the
timescales, so a demo caseload shows flags met, due, overdue and missed.
Only the random generator passed in is used, so the same seed gives the same
histories.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .guide import ENHANCED, INTENSIVE, WATCHING_BRIEF
from .timeline import add_months
from .workdays import add_working_days

DemoEvent = tuple[date, str, "str | None"]
"""(date, event, new level for a level change)."""

NEXT_LEVEL = {INTENSIVE: ENHANCED, ENHANCED: WATCHING_BRIEF, WATCHING_BRIEF: ENHANCED}
CONTACT_EVERY = {INTENSIVE: 7, ENHANCED: 21}
"""How often a demo plan of work says to contact the young person, by the case's level at referral."""


class _CaseStory:
    """One case's invented history, built forward in time and cut off at ``until``."""

    def __init__(self, rng: random.Random, referred: date, level: str, until: date, diligence: float, neglected: bool):
        self.rng, self.referred, self.until, self.diligence, self.neglected = rng, referred, until, diligence, neglected
        self.level = level
        self.events: list[DemoEvent] = []

    def keeps_to_time(self) -> bool:
        return self.rng.random() < self.diligence

    def add(self, day: date, event: str, level: str | None = None) -> None:
        if day <= self.until:
            self.events.append((day, event, level))

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def build(self) -> list[DemoEvent]:
        rng, referred = self.rng, self.referred
        span = (self.until - referred).days
        first = add_working_days(referred, rng.randint(1, 5) if self.keeps_to_time() else rng.randint(6, 9))
        self.add(first, "contact")
        if self.level != WATCHING_BRIEF:
            self.add(referred + (self.days(1, 7) if self.keeps_to_time() else self.days(8, 20)), "plan-of-work")
            self.add(referred + (self.days(14, 42) if self.keeps_to_time() else self.days(43, 70)), "plan-of-work")  # developed
        if self.level == INTENSIVE or (self.level == ENHANCED and rng.random() < 0.4):
            profile = referred + (self.days(10, 42) if self.keeps_to_time() else self.days(43, 60))
            self.add(profile, "apir-profile")
            self.add(profile + self.days(0, 10), "action-plan")
        change = referred + self.days(30, span - 20) if span > 60 and rng.random() < 0.12 else None
        ending = None if self.neglected else self.plan_ending(span)
        stop = ending[1] if ending else self.until
        if self.neglected:
            stop = self.until - self.days(9, 30)  # fallen behind lately: no contact for a while
        self.contacts(first, min(stop, change) if change else stop)
        if change:
            self.level = NEXT_LEVEL[self.level]
            self.add(change, "level-change", self.level)
            self.contacts(change + self.days(1, 6), stop)
        if ending:
            self.finish(*ending)
        closed = next((day for day, event, _ in self.events if event == "closed"), None)
        kept = [e for e in self.events if closed is None or e[0] <= closed]
        return sorted(kept, key=lambda e: (e[0], e[1] == "closed"))

    def plan_ending(self, span: int) -> tuple[str, date] | None:
        """Roughly four cases in ten move on or close within the period."""
        if span < 50 or self.rng.random() > 0.4:
            return None
        kind = self.rng.choices(("moved-on-e2e", "moved-on-positive", "closed"), weights=(35, 45, 20))[0]
        return kind, self.referred + self.days(40, span - 3)

    def contacts(self, start: date, stop: date) -> None:
        """Contacts at the level's rhythm, reviews every six to ten weeks and now and then a manager discussion."""
        rng, day, review = self.rng, start, start + self.days(35, 70)
        while True:
            if self.level == INTENSIVE:
                day += self.days(3, 7) if rng.random() > (1 - self.diligence) * 0.12 else self.days(8, 13)
            elif self.level == ENHANCED:
                day += self.days(5, 21)
            else:
                day += self.days(30, 85) if self.keeps_to_time() else self.days(95, 140)
            if day > stop:
                return
            kind = "contact" if self.level != WATCHING_BRIEF or rng.random() < 0.5 else "agency-contact"
            self.add(day, kind)
            if day >= review and self.level != WATCHING_BRIEF:
                self.add(day, "review")
                review = day + self.days(42, 70)
                if rng.random() < 0.25:
                    self.add(day + self.days(1, 10), "manager-discussion")

    def finish(self, kind: str, moved: date) -> None:
        """Move on and close, keeping to the guide's leaving rules if the PA is diligent."""
        on_time = self.keeps_to_time()
        if kind == "moved-on-e2e":
            self.add(moved, kind)
            closed = moved + (self.days(14, 28) if on_time else self.days(4, 12))
            if on_time:
                self.add(moved + timedelta(days=14) + self.days(0, (closed - moved).days - 14), "review")
        elif kind == "moved-on-positive":
            self.add(moved, kind)
            month = add_months(moved, 1)
            closed = month + self.days(0, 20) if on_time else moved + self.days(10, 40)
            for _ in range(2 if on_time else self.rng.randint(0, 1)):
                self.add(moved + self.days(3, max(3, (closed - moved).days)), "contact")
        else:
            closed = moved
        if self.level == INTENSIVE and (on_time or self.rng.random() < 0.3):
            self.add(closed - self.days(0, 5), "manager-discussion")
        self.add(closed, "closed")


def demo_case_events(
    rng: random.Random, referred: date, level: str, until: date, *, diligence: float, neglected: bool = False
) -> list[DemoEvent]:
    """One invented case history from referral up to ``until`` (today, or the day the PA left).

    ``diligence`` (0 to 1) is how often the PA keeps to a timescale; a ``neglected``
    case that is still open has had no contact for a while.
    """
    return _CaseStory(rng, referred, level, until, diligence, neglected).build()


def demo_transfers(
    rng: random.Random, cases: list[dict], events: list[dict], staff: list[dict], as_of: date,
) -> list[tuple[dict, date, str]]:
    """Which demo cases change hands: each leaver's open cases go to a colleague in post who holds cases of the same
    framework (a floating-support client to a floating-support worker), and if no one left,
    one case is handed to a colleague to balance caseloads. Returns (case row, transfer date, new PA's id);
    the caller writes the rows. Uses only ``rng``."""
    closed = {e["case_id"] for e in events if e["event"] == "closed"}
    last_event = {}
    for event in events:
        last_event[event["case_id"]] = max(last_event.get(event["case_id"], ""), event["on_date"])
    holders = {c["staff_id"] for c in cases}
    in_post = [s for s in staff if s["status"] == "active" and s["id"] in holders]
    left = {s["id"]: s for s in staff if s["status"] == "left"}
    works_on = {}
    for case in cases:
        works_on.setdefault(case.get("framework"), set()).add(case["staff_id"])
    moves: list[tuple[dict, date, str]] = []
    for case in cases:
        leaver = left.get(case["staff_id"])
        if leaver is None or case["id"] in closed:
            continue
        alike = [s for s in in_post if s["id"] in works_on[case.get("framework")]]  # an APIR case to a PA, a client to a caseworker
        colleagues = [s for s in alike if s["team"] == leaver["team"]] or alike
        if colleagues:
            day = min(as_of, date.fromisoformat(leaver["left_on"]) + timedelta(days=rng.randint(0, 3)))
            moves.append((case, day, rng.choice(colleagues)["id"]))
    if not moves and len(in_post) >= 2:
        candidates = [c for c in cases if c["id"] not in closed and c["staff_id"] in {s["id"] for s in in_post}]
        if candidates:
            case = rng.choice(candidates)
            start = date.fromisoformat(last_event.get(case["id"], case["referred_on"]))
            day = min(as_of, start + timedelta(days=rng.randint(1, 10)))
            others = [s for s in in_post if s["id"] != case["staff_id"] and s["id"] in works_on[case.get("framework")]]
            if others:
                moves.append((case, day, rng.choice(others)["id"]))
    return moves
