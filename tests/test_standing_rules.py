"""The status rules on plain values: threshold edges, strength, staleness, self-assessment and trend."""

from __future__ import annotations

from datetime import date

import pytest

from observations.standing import (
    MET,
    NEED,
    NOT_OBSERVED,
    STRENGTH,
    RatingPoint,
    StandingRules,
    count_statuses,
    months_before,
    status_of,
)
from standards import load_library


@pytest.fixture(scope="module")
def scale():
    return load_library(None).get("apir").rating_scale


def point(rating: str, on: str, source: str = "observation", recorded: str = "") -> RatingPoint:
    return RatingPoint(observation_id=f"{rating}-{on}-{source}", standard="A2", rating=rating, observed_on=on, source=source, recorded_at=recorded)


def test_threshold_edges_and_the_top_level(scale):
    assert [status_of(scale, key) for key in scale.keys()] == [NEED, NEED, MET, STRENGTH]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 25), 6, date(2026, 5, 25)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2028, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 15), 6, date(2025, 9, 15)),
        (date(2026, 1, 1), 12, date(2025, 1, 1)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_latest_manager_rating_wins_and_self_assessment_never_decides(scale):
    rules = StandingRules(scale, date(2026, 11, 25))
    standing = rules.from_points(
        "A2",
        [
            point("secure", "2026-09-01"),
            point("developing", "2026-10-01", "case-review"),
            point("exemplary", "2026-11-20", "self-assessment"),
        ],
    )
    assert standing.status == NEED
    assert standing.current.rating == "developing" and standing.previous.rating == "secure"
    assert standing.trend == "down"
    assert standing.self_gap == 2 and standing.discuss


def test_one_level_apart_is_not_flagged(scale):
    rules = StandingRules(scale, date(2026, 11, 25))
    standing = rules.from_points("A2", [point("secure", "2026-10-01"), point("exemplary", "2026-10-02", "self-assessment")])
    assert standing.status == MET and standing.self_gap == 1 and not standing.discuss


def test_only_a_self_assessment_is_not_yet_observed(scale):
    rules = StandingRules(scale, date(2026, 11, 25))
    standing = rules.from_points("A2", [point("exemplary", "2026-10-02", "self-assessment")])
    assert standing.status == NOT_OBSERVED and standing.self_assessment is not None and not standing.discuss


def test_stale_after_six_months_but_still_counts(scale):
    rules = StandingRules(scale, date(2026, 11, 25))
    on_the_day = rules.from_points("A2", [point("secure", "2026-05-25")])
    a_day_older = rules.from_points("A2", [point("secure", "2026-05-24")])
    assert not on_the_day.stale
    assert a_day_older.stale and a_day_older.status == MET
    assert StandingRules(scale, date(2026, 11, 25), stale_months=1).from_points("A2", [point("secure", "2026-10-24")]).stale


def test_as_of_in_the_past_ignores_later_ratings(scale):
    points = [point("developing", "2026-01-10"), point("exemplary", "2026-06-10")]
    assert StandingRules(scale, date(2026, 3, 1)).from_points("A2", points).status == NEED
    assert StandingRules(scale, date(2026, 6, 10)).from_points("A2", points).status == STRENGTH


def test_same_day_ratings_are_ordered_by_when_they_were_recorded(scale):
    rules = StandingRules(scale, date(2026, 11, 25))
    points = [point("secure", "2026-11-01", recorded="2026-11-01T10:00:00Z"), point("not-evident", "2026-11-01", recorded="2026-11-01T11:00:00Z")]
    assert rules.from_points("A2", points).status == NEED


def test_a_rating_no_longer_on_the_scale_is_ignored(scale):
    rules = StandingRules(scale, date(2026, 11, 25))
    standing = rules.from_points("A2", [point("secure", "2026-01-01"), point("gold-star", "2026-11-01")])
    assert standing.current.rating == "secure" and standing.previous is None


def test_counts(scale):
    rules = StandingRules(scale, date(2026, 11, 25))
    standings = [
        rules.from_points("A1", [point("secure", "2025-01-01")]),
        rules.from_points("A2", [point("exemplary", "2026-11-01")]),
        rules.from_points("A3", [point("developing", "2026-11-01")]),
        rules.from_points("A4", []),
    ]
    assert count_statuses(standings) == {NEED: 1, MET: 1, STRENGTH: 1, NOT_OBSERVED: 1, "stale": 1}
