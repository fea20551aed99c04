"""The status rules on plain values: threshold edges, strength, staleness, self-assessment and trend."""

from __future__ import annotations

import random
from datetime import date

import pytest

from observations.standing.rules import (
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
from observations.standing.queries import standings_for_people
from observations.store.observation_store import Store
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


# -- the plain rules and the set-based query agree ---------------------------------------------


def _insert_rating(store: Store, row_id: str, staff_id: str, standard: str, rating: str, on: str, recorded: str, source: str = "observation") -> None:
    """A rating written as another version of the framework file could have left it (no key check)."""
    store.db.execute(
        "INSERT INTO observations (id, observation_id, staff_id, framework, framework_version, standard, rating, observed_on, "
        "source, recorded_at) VALUES (?, ?, ?, 'apir', 'old', ?, ?, ?, ?, ?)",
        [row_id, row_id, staff_id, standard, rating, on, source, recorded],
    )


def _plain_standings(store: Store, rules: StandingRules, staff_id: str, standard_ids: list[str]) -> list:
    rows = store.rows("SELECT * FROM current_observations WHERE staff_id = ? ORDER BY id", [staff_id])
    points = [
        RatingPoint(r["observation_id"], r["standard"], r["rating"], r["observed_on"], r["source"], recorded_at=r["recorded_at"], revision_id=r["id"])
        for r in rows
    ]
    return [rules.from_points(standard, [p for p in points if p.standard == standard]) for standard in standard_ids]


def _summary(standing) -> tuple:
    ids = tuple(p.observation_id if p else None for p in (standing.current, standing.previous, standing.self_assessment))
    return standing.standard, standing.status, standing.stale, ids


def test_from_points_and_the_query_choose_the_same_ratings(db_path):
    """Edge data: an unknown key as the latest rating, ratings tied on day and moment recorded, unknown self-assessments."""
    library = load_library(db_path.parent / "no-user-frameworks")
    framework = library.get("apir")
    as_of = date(2026, 11, 25)
    rules = StandingRules(framework.rating_scale, as_of)
    rng = random.Random(20261125)
    ratings = [*framework.rating_scale.keys(), "gold-star"]
    with Store.open(db_path, library) as store, store.write():
        people = [store.add_staff(f"Person {n}").id for n in range(8)]
        _insert_rating(store, "a1-known", people[0], "A1", "secure", "2026-01-01", "2026-01-01T09:00:00Z")
        _insert_rating(store, "a1-unknown", people[0], "A1", "gold-star", "2026-02-01", "2026-02-01T09:00:00Z")
        for row_id, rating in (("a2-aaa", "developing"), ("a2-zzz", "exemplary"), ("a2-mmm", "secure")):
            _insert_rating(store, row_id, people[0], "A2", rating, "2026-03-01", "2026-03-01T09:00:00Z")
        _insert_rating(store, "a3-self-known", people[0], "A3", "secure", "2026-03-01", "2026-03-01T09:00:00Z", "self-assessment")
        _insert_rating(store, "a3-self-unknown", people[0], "A3", "gold-star", "2026-04-01", "2026-04-01T09:00:00Z", "self-assessment")
        for index in range(300):
            _insert_rating(
                store, f"r{index:03d}-{rng.randrange(10**6):06d}", rng.choice(people[1:]), rng.choice(["A1", "A2", "P4"]),
                rng.choice(ratings), rng.choice(["2026-01-01", "2026-05-01", "2026-11-25", "2026-12-01"]),
                rng.choice(["2026-05-01T09:00:00Z", "2026-05-01T10:00:00Z"]),
                rng.choice(["observation", "case-review", "self-assessment"]),
            )
    with Store.open(db_path, library) as store:
        by_query = standings_for_people(store, framework, as_of=as_of)
        standard_ids = framework.standard_ids()
        for staff_id in people:
            plain = _plain_standings(store, rules, staff_id, standard_ids)
            assert [_summary(s) for s in plain] == [_summary(s) for s in by_query[staff_id]]
        first = {s.standard: s for s in by_query[people[0]]}
    assert first["A1"].status == MET and first["A1"].current.observation_id == "a1-known"
    assert first["A2"].current.observation_id == "a2-zzz" and first["A2"].previous.observation_id == "a2-mmm"
    assert first["A3"].self_assessment.observation_id == "a3-self-known"
