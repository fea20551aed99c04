"""Provides the service-wide defaults and bounds that the settings file, the schedule and the standings share.

They live apart from the schedule's and the standings' arithmetic so that
reading the settings at start-up (every launch does) does not import either.
"""

from __future__ import annotations

MIN_INTERVAL_WEEKS = 1
MAX_INTERVAL_WEEKS = 52
"""Supervision less often than once a year is not a schedule; a larger number is a typing slip."""

DEFAULT_STALE_MONTHS = 6
"""The project's choice of how old a rating may be before it is due for re-observation (``--stale-months``)."""
