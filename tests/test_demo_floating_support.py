"""The demo's floating-support workers hold clients who follow Methods of Work: support plans and six-monthly reviews,
some kept to time, one overdue, one closed; references, never names; the same seed gives the same caseloads, and the
rest of the demo is what it was before they existed."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest

from observations.caseload import caseload_report
from observations.caseload.cases import check_ref
from observations.caseload.demo_floating_support import SHAPES, floating_support_history
from observations.caseload.floating_support import RULES
from observations.caseload.rule_sets import case_flags
from observations.caseload.rule_settings import CaseloadSettings
from observations.caseload.timeline import CaseEvent, CaseFacts
from observations.demo.organisation import populate_demo
from observations.store.observation_store import Store

AS_OF = date(2026, 12, 7)
FLOATING = CaseloadSettings(rules="floating-support")


def flags_of(shape: str, seed: int, until: date = AS_OF) -> list[tuple[str, str | None]]:
    referred, events = floating_support_history(random.Random(seed), shape, until)
    facts = CaseFacts(
        "FS/2026/0001", referred, "floating-support", events=tuple(CaseEvent(e, d) for d, e in events), framework="methods-of-work",
    )
    return [(f.status, f.due.isoformat() if f.due else None) for f in case_flags(facts, until, FLOATING)]


@pytest.mark.parametrize("seed", range(40))
def test_each_shape_gives_the_flags_it_is_named_for(seed):
    statuses = {shape: {status for status, _ in flags_of(shape, seed)} for shape in set(SHAPES)}
    assert statuses["kept-to-time"] <= {"met", "due"} and "due" in statuses["kept-to-time"]
    assert statuses["new"] == {"due"}
    assert "overdue" in statuses["review-overdue"] and "missed" not in statuses["review-overdue"]
    assert "missed" in statuses["review-once-late"] and "overdue" not in statuses["review-once-late"]
    assert statuses["support-ended"] == {"met"}


@pytest.mark.parametrize("seed", range(40))
def test_a_history_is_dated_between_the_referral_and_its_end_and_closes_last(seed):
    for shape in set(SHAPES):
        referred, events = floating_support_history(random.Random(seed), shape, AS_OF)
        assert all(referred <= day <= AS_OF for day, _ in events) and events == sorted(events, key=lambda e: (e[0], e[1] == "closed", e[1]))
        closed = [day for day, event in events if event == "closed"]
        assert closed == ([events[-1][0]] if shape == "support-ended" else [])
        if closed:
            assert AS_OF - timedelta(days=91) <= closed[0]  # still in the caseload review


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from standards import load_library

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    library = load_library(tmp_path_factory.mktemp("no-user-frameworks"))
    with Store.open(path, library) as store:
        populate_demo(store, staff=12, seed=1, as_of=AS_OF)
    store = Store.open(path, library)
    yield store
    store.close()


def test_the_default_demo_has_a_floating_support_caseload_of_every_kind(demo):
    cases = demo.rows(
        "SELECT c.ref, c.level, s.role, s.id AS staff_id FROM cases c JOIN staff s ON s.id = c.staff_id WHERE c.framework = 'methods-of-work'"
    )
    assert 6 <= len(cases) <= 15 and {c["role"] for c in cases} == {"Support caseworker"}
    assert {c["level"] for c in cases} == {"floating-support"}
    for case in cases:
        assert check_ref(case["ref"]) == case["ref"] and case["ref"].startswith("FS/")
    worst = Counter()
    for staff_id in {c["staff_id"] for c in cases}:
        for case in caseload_report(demo, staff_id, as_of=AS_OF)["cases"]:
            if case["framework"] == "methods-of-work":
                worst[case["worst"]] += 1
                worst["closed"] += case["status"] == "closed"
                assert {f["rule"] for f in case["flags"]} == {rule.id for rule in RULES}
                assert {f["document"] for f in case["flags"]} == {"Our Methods of Work"}
    assert 1 <= worst["overdue"] <= 2 and worst["closed"] >= 1 and worst["missed"] >= 1 and worst["due"] >= 3, worst


def test_floating_support_cases_change_nothing_else_in_the_demo(tmp_path):
    """The clients come from their own generator: everyone's ids, ratings and APIR cases are as without them."""
    from standards import FrameworkLibrary, load_library

    shipped = load_library(tmp_path / "none")
    mow = shipped.get("methods-of-work")  # the same file, naming no caseload rules: no clients
    unruled = FrameworkLibrary(tuple(
        f if f.id != "methods-of-work" else replace(mow, caseload=(("support-plan-months", 6),)) for f in shipped
    ))
    tables = {}
    for name, library in (("with", shipped), ("without", unruled)):
        with Store.open(tmp_path / f"{name}.db", library) as store:
            populate_demo(store, staff=12, seed=1, as_of=AS_OF)
            tables[name] = {
                "staff": store.rows("SELECT id, name, role FROM staff ORDER BY id"),
                "observations": store.rows("SELECT id, rating, evidence FROM observations ORDER BY id"),
                "apir": store.rows("SELECT id, ref, staff_id FROM cases WHERE framework = 'apir' ORDER BY id"),
                "floating": store.rows("SELECT count(*) AS n FROM cases WHERE framework = 'methods-of-work'")[0]["n"],
            }
    assert tables["without"]["floating"] == 0 and tables["with"]["floating"] > 0
    for table in ("staff", "observations", "apir"):
        assert tables["with"][table] == tables["without"][table], table


def test_the_same_seed_gives_the_same_floating_support_caseloads(tmp_path):
    from standards import load_library

    library = load_library(tmp_path / "none")
    seen = []
    for name in ("one", "two"):
        with Store.open(tmp_path / f"{name}.db", library) as store:
            populate_demo(store, staff=12, seed=1, as_of=AS_OF)
            seen.append(store.rows(
                "SELECT c.ref, c.referred_on, e.event, e.on_date FROM cases c JOIN case_events e ON e.case_id = c.id "
                "WHERE c.framework = 'methods-of-work' ORDER BY c.ref, e.on_date, e.event"
            ))
    assert seen[0] == seen[1] and seen[0]
