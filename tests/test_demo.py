"""The demo organisation: reproducible, realistic in shape, valid by the store's own rules, and never mixed with real records."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from store_helpers import add_person, table_counts, table_rows

import observations.demo.organisation as demo_module
from observations.demo.organisation import populate_demo
from observations.errors import InputError
from observations.exchange.merge import apply_rows, export_document
from observations.store.observation_store import Store

AS_OF = date(2025, 9, 15)
CASE_EVENTS = {
    "apir": {
        "contact", "agency-contact", "plan-of-work", "apir-profile", "action-plan", "review", "moved-on-e2e",
        "moved-on-positive", "manager-discussion", "closed", "level-change",
    },
    "methods-of-work": {"contact", "agency-contact", "support-plan", "review", "closed"},
}


def build(path, library, **kwargs):
    with Store.open(path, library) as opened:
        summary = populate_demo(opened, **{"as_of": AS_OF, **kwargs})
    return summary


@pytest.fixture
def demo(tmp_path, library):
    path = tmp_path / "demo.db"
    build(path, library)
    opened = Store.open(path, library)
    yield opened
    opened.close()


def test_same_seed_same_organisation_other_seed_another(tmp_path, library):
    first, second, third = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    build(first, library, seed=7)
    build(second, library, seed=7)
    build(third, library, seed=8)
    assert table_rows(first) == table_rows(second)  # names, ratings, dates, even ids and refs
    assert table_rows(first)["staff"] != table_rows(third)["staff"]


def test_default_shape_teams_managers_and_stages(demo):
    people = demo.list_staff()
    assert len(people) == 12
    teams = Counter(p.team for p in people)
    assert len(teams) == 2 and all(count >= 5 for count in teams.values())
    managers = {p.team: p for p in people if p.role == "Team manager"}
    assert set(managers) == set(teams)
    for person in people:
        if person.role != "Team manager":
            assert person.manager == managers[person.team].name
    new_starters = [p for p in people if date.fromisoformat(p.started_on) > AS_OF - timedelta(days=92)]
    assert new_starters
    for person in new_starters:
        observations = demo.history(person.id)
        self_assessed = {o.standard for o in observations if o.source == "self-assessment"}
        assert self_assessed == set(demo.framework("apir").standard_ids()) or self_assessed == set(
            demo.framework("methods-of-work").standard_ids()
        )
        assert len([o for o in observations if o.source != "self-assessment"]) <= 4
    assert any(p.status == "left" for p in people)


def test_observations_cover_both_frameworks_every_source_and_read_like_notes(demo):
    rows = demo.rows("SELECT * FROM current_observations")
    frameworks = Counter(r["framework"] for r in rows)
    assert frameworks["apir"] > frameworks["methods-of-work"] > 0
    assert set(Counter(r["source"] for r in rows)) == {"observation", "case-review", "supervision", "self-assessment"}
    names = {part for p in demo.list_staff() for part in p.name.split()}
    for row in rows:
        assert row["observed_on"] <= AS_OF.isoformat()
        if row["source"] != "self-assessment":
            assert re.search(r"case ref \d{5}", row["evidence"]), row["evidence"]
        assert not names & set(re.findall(r"[\w'-]+", row["evidence"])), row["evidence"]
        if row["session_id"]:
            session = demo.session(row["session_id"])
            assert session.staff_id == row["staff_id"] and session.held_on == row["observed_on"]
    assert demo.rows("SELECT count(*) AS n FROM observations WHERE revision > 1")[0]["n"] > 0


def trajectory(ranks: list[int]) -> str:
    half = len(ranks) // 2
    change = sum(ranks[half:]) / (len(ranks) - half) - sum(ranks[:half]) / half
    return "improve" if change > 0.25 else "slip" if change < -0.25 else "stall"


def test_most_improve_some_stall_a_few_slip(tmp_path, library):
    path = tmp_path / "bigger.db"
    build(path, library, staff=80, months=12, seed=2)
    with Store.open(path, library) as opened:
        scale = {key: rank for rank, key in enumerate(opened.framework("apir").rating_scale.keys())}
        by_person = defaultdict(list)
        for row in opened.rows(
            "SELECT staff_id, rating FROM current_observations WHERE framework = 'apir' AND source != 'self-assessment' ORDER BY observed_on"
        ):
            by_person[row["staff_id"]].append(scale[row["rating"]])
    shapes = Counter(trajectory(ranks) for ranks in by_person.values() if len(ranks) >= 10)
    assert shapes["improve"] > shapes["stall"] > 0
    assert shapes["improve"] > shapes["slip"] > 0


def test_sessions_actions_and_cases_are_plausible(demo):
    as_of = AS_OF.isoformat()
    actions = demo.list_actions()
    statuses = Counter(a.status for a in actions)
    assert statuses["done"] and statuses["open"]
    assert [a for a in actions if a.is_overdue(as_of)]
    assert [a for a in actions if a.status == "open" and not a.is_overdue(as_of)]
    for action in actions:
        framework = demo.framework(action.framework)
        assert action.standards and all(s in framework.standard_ids() for s in action.standards)
    sessions = demo.rows("SELECT staff_id, substr(held_on, 1, 7) AS month, count(*) AS n FROM sessions GROUP BY 1, 2")
    assert max(r["n"] for r in sessions) == 1  # roughly monthly: never two in a month
    cases = demo.rows("SELECT * FROM cases")
    levels = {(c["framework"], c["level"]) for c in cases}
    assert levels <= {("apir", "intensive"), ("apir", "enhanced"), ("apir", "watching-brief"), ("methods-of-work", "floating-support")}
    assert {framework for framework, _ in levels} == {"apir", "methods-of-work"}
    for event in demo.rows("SELECT e.*, c.referred_on, c.framework FROM case_events e JOIN cases c ON c.id = e.case_id"):
        assert event["event"] in CASE_EVENTS[event["framework"]]
        assert event["referred_on"] <= event["on_date"] <= as_of


def test_demo_rows_pass_the_import_checks(demo, tmp_path, library):
    document = json.loads(json.dumps(export_document(demo)))
    with Store.open(tmp_path / "fresh.db", library) as fresh:
        report = apply_rows(fresh, document["tables"], where="demo")
        assert report.added["observations"] == len(document["tables"]["observations"])


def test_refuses_a_database_with_staff_unless_adding(db_path, library):
    with Store.open(db_path, library) as opened:
        add_person(opened)
        before = table_counts(db_path)
        with pytest.raises(InputError, match="already holds 1 staff members; the demo would mix invented people with real records"):
            populate_demo(opened)
        assert table_counts(db_path) == before
        summary = populate_demo(opened, staff=5, months=3, add=True, seed=1)
        populate_demo(opened, staff=5, months=3, add=True, seed=1)  # same seed twice: fresh ids, no clashes
    assert table_counts(db_path)["staff"] == 1 + 2 * summary["staff"]


def test_refuses_when_someone_adds_staff_while_the_demo_is_being_built(db_path, library, monkeypatch):
    """The organisation is built outside the write lock; the check that the database is empty runs again under it."""
    original = demo_module._Builder.build

    def build_while_someone_adds_staff(self, staff):
        original(self, staff)
        with Store.open(db_path, library) as other:
            add_person(other)

    monkeypatch.setattr(demo_module._Builder, "build", build_while_someone_adds_staff)
    with Store.open(db_path, library) as opened, pytest.raises(InputError, match="changed while the demo was being built"):
        populate_demo(opened, staff=5, months=3)
    assert table_counts(db_path)["staff"] == 1


@pytest.mark.parametrize("kwargs, message", [({"staff": 0}, "demo staff: 0 is out of range"), ({"months": 500}, "demo months: 500")])
def test_refuses_silly_sizes(db_path, library, kwargs, message):
    with Store.open(db_path, library) as opened, pytest.raises(InputError, match=message):
        populate_demo(opened, **kwargs)


def test_default_call_as_the_tui_makes_it_is_dated_up_to_today(db_path, library):
    with Store.open(db_path, library) as opened:
        summary = populate_demo(opened)
        latest = opened.rows("SELECT max(observed_on) AS d FROM observations")[0]["d"]
    assert summary["staff"] == 12 and summary["as_of"] == date.today().isoformat()
    assert latest <= date.today().isoformat()


def test_a_large_organisation_is_written_in_one_go(db_path, library):
    summary = build(db_path, library, staff=400, months=24, seed=4)
    counts = table_counts(db_path)
    assert counts["staff"] == 400 and summary["teams"] >= 60
    assert counts["observations"] == summary["observations"] > 400 * 24


def test_case_refs_grow_a_digit_once_half_the_five_digit_ones_are_taken(db_path, library):
    """A big demo added to again must still find a free ref at once, never search a nearly full space forever."""
    import random

    with Store.open(db_path, library) as store:
        builder = demo_module._Builder(store, seed=1, as_of=date(2025, 6, 30), months=12, stable_ids=True)
    rng = random.Random(7)
    builder.case_refs = {str(n) for n in range(10000, 10000 + 44_999)}
    assert len(builder.new_case_ref(rng)) == 5
    builder.case_refs |= {str(n) for n in range(60000, 60001 + 1)}  # now 45,001 of the 90,000 five-digit refs
    fresh = builder.new_case_ref(rng)
    assert len(fresh) == 6 and fresh not in builder.case_refs


def test_a_demo_made_in_the_morning_records_nothing_later_than_now(tmp_path, library, monkeypatch):
    """Rows dated the report day get a time in the working day, but never one after the moment the demo is made."""
    morning = "2025-06-30T08:05:00.000000Z"
    monkeypatch.setattr(demo_module, "now_utc", lambda: morning)
    with Store.open(tmp_path / "today.db", library) as opened:
        populate_demo(opened, staff=40, seed=3, as_of=date(2025, 6, 30))
        stamps = [
            row["t"] for row in opened.rows(
                "SELECT recorded_at AS t FROM observations UNION ALL SELECT created_at FROM sessions "
                "UNION ALL SELECT recorded_at FROM case_events UNION ALL SELECT created_at FROM actions"
            )
        ]
    assert sum(stamp.startswith("2025-06-30") for stamp in stamps) > 5  # the day itself has rows: the check means something
    assert max(stamps) <= morning
