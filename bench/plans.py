"""Provides the benchmark's plans: how many staff, months, rounds and presses each mode (full, quick, smoke) measures.

A module of its own, so the script (``run.py``) and the parts it runs
(``parts.py``) both read it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from conditions import MONTHS


@dataclass(frozen=True)
class Plan:
    """How much to measure: sizes and repeats for one mode."""

    name: str
    sizes: tuple[int, ...]
    report_size: int
    startup_staff: int
    months: int
    startup_runs: int
    scale_startup_runs: int
    presses: int
    repeats: int
    command_runs: int
    served_runs: int = 7
    """Rounds of the served start-up (the product, the table app and the bare app, one each)."""
    served_sessions: int = 10
    """Browser-like sessions on one server at once."""
    served_presses: int = 6
    """Ratings each of those sessions saves."""


PLANS = {
    "full": Plan("full", (200, 2_000, 10_000), 2_000, 300, MONTHS, 7, 3, 200, 5, 3),
    "quick": Plan("quick", (200, 2_000), 2_000, 300, MONTHS, 5, 2, 100, 3, 3, served_runs=5, served_presses=4),
    "smoke": Plan("smoke", (10, 30), 30, 12, 3, 1, 1, 3, 1, 1, served_runs=1, served_sessions=2, served_presses=2),
}
