"""Methods of Work's "regular 6 month support plan and review": the rule's edges, cases that follow a framework,
and the commands, report and Today showing a floating-support caseload."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from caseload_helpers import D

import standards
from observations.caseload import CaseEvent, CaseFacts, add_case, caseload_report, case_flags, change_level, find_case, log_event
from observations.caseload.floating_support import RULES
from observations.caseload.rule_settings import CaseloadSettings
from observations.caseload.rule_sets import RULE_SETS
from observations.errors import InputError
from observations.today import CASE, attention_items, people_in_view


def client(referred: str, *events: tuple[str, str]) -> CaseFacts:
    """A floating-support case from ('event', 'YYYY-MM-DD') tuples."""
    return CaseFacts(
        "FS-101", D(referred), "floating-support", events=tuple(CaseEvent(kind, D(on)) for kind, on in events),
        framework="methods-of-work",
    )


def review(facts: CaseFacts, as_of: str, months: int = 6) -> list[tuple[str, str | None]]:
    found = case_flags(facts, D(as_of), CaseloadSettings(rules="floating-support", support_plan_months=months))
    assert {f.rule for f in found} <= {"support-plan-review"}  # no APIR rule checks a floating-support client
    return [(f.status, f.due.isoformat() if f.due else None) for f in found]


# -- the document's words ------------------------------------------------------------------------------------------


def test_the_rule_quotes_methods_of_work_verbatim_and_belongs_to_it():
    shipped = Path(standards.__file__).parent / "frameworks" / "methods-of-work.md"
    text = " ".join(shipped.read_text(encoding="utf-8").split())
    seed = Path("/work/shared/seeds/000_ca73d61d79a3a673.txt")
    for rule in RULES:
        assert " ".join(rule.wording.split()) in text and rule.rule_set == "floating-support"
        if seed.exists():  # the source document itself, where this machine has it (bold markers aside)
            assert " ".join(rule.wording.split()) in " ".join(seed.read_text(encoding="utf-8").replace("**", "").split())
    assert RULE_SETS["floating-support"].rules == RULES
    assert standards.load_library(Path("/nonexistent")).get("methods-of-work").caseload_rules == "floating-support"


# -- the day six months ends, and month ends ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plan, found",
    [("2025-09-01", [("due", "2026-03-01")]), ("2025-09-02", [("missed", "2025-09-01"), ("due", "2026-03-02")])],
)
def test_the_first_support_plan_is_due_six_months_after_the_referral_to_the_day(plan, found):
    assert review(client("2025-03-01", ("support-plan", plan)), "2025-10-01") == found


@pytest.mark.parametrize("as_of, status", [("2025-08-31", "due"), ("2025-09-01", "due"), ("2025-09-02", "overdue")])
def test_no_support_plan_is_due_then_overdue_the_day_after_six_months(as_of, status):
    assert review(client("2025-03-01"), as_of) == [(status, "2025-09-01")]


@pytest.mark.parametrize(
    "referred, due",
    [("2025-08-31", "2026-02-28"), ("2027-08-31", "2028-02-29"), ("2025-03-31", "2025-09-30"), ("2025-12-31", "2026-06-30")],
)
def test_six_months_from_a_month_end_is_the_shorter_months_last_day(referred, due):
    assert review(client(referred), referred) == [("due", due)]
    assert review(client(referred, ("support-plan", due), ("closed", due)), "2030-01-01") == [("met", None)]
    day_after = (D(due) + timedelta(days=1)).isoformat()
    assert review(client(referred, ("support-plan", day_after), ("closed", day_after)), "2030-01-01") == [("missed", due)]


def test_the_review_is_due_six_months_after_the_plan_then_after_each_review():
    facts = client("2025-01-10", ("support-plan", "2025-01-31"), ("review", "2025-07-31"), ("review", "2026-02-01"))
    assert review(facts, "2026-02-01") == [("missed", "2026-01-31"), ("due", "2026-08-01")]
    assert review(client("2025-01-10", ("support-plan", "2025-01-31"), ("review", "2025-07-31")), "2025-12-01") == [("due", "2026-01-31")]


def test_a_review_before_any_support_plan_reviews_nothing():
    facts = client("2025-01-10", ("review", "2025-03-01"))
    assert review(facts, "2025-08-01") == [("overdue", "2025-07-10")]
    assert review(client("2025-01-10", ("review", "2025-03-01"), ("support-plan", "2025-04-01")), "2025-08-01") == [("due", "2025-10-01")]


def test_a_new_support_plan_counts_as_a_review_and_contacts_do_not():
    facts = client("2025-01-10", ("support-plan", "2025-01-20"), ("contact", "2025-06-01"), ("support-plan", "2025-07-15"))
    assert review(facts, "2025-08-01") == [("due", "2026-01-15")]
    assert review(client("2025-01-10", ("support-plan", "2025-01-20"), ("contact", "2025-07-19")), "2025-08-01") == [("overdue", "2025-07-20")]


def test_a_closed_case_is_missed_only_when_the_six_months_ran_out_before_it_closed():
    assert review(client("2025-01-10", ("closed", "2025-07-10")), "2025-09-01") == [("met", None)]  # closed on the last day
    assert review(client("2025-01-10", ("closed", "2025-07-11")), "2025-09-01") == [("missed", "2025-07-10")]


def test_the_months_are_the_framework_files():
    assert review(client("2025-01-10"), "2025-02-01", months=3) == [("due", "2025-04-10")]


def test_an_apir_case_is_not_asked_for_a_support_plan():
    apir = CaseFacts("40213", D("2025-01-10"), "intensive")
    assert "support-plan-review" not in {f.rule for f in case_flags(apir, D("2025-09-01"))}


# -- the store: a case follows one framework ----------------------------------------------------------------------


def test_a_floating_support_case_takes_its_frameworks_level_and_events(store):
    pa = store.add_staff("Ann Worker", team="Oxford")
    case = add_case(store, pa.id, "FS-101", level=None, referred_on="2025-01-10", framework="methods-of-work")
    assert (case.framework, case.level) == ("methods-of-work", "floating-support")
    log_event(store, "FS-101", "support-plan", "2025-01-31")
    log_event(store, "FS-101", "review", "2025-07-31")
    for event, message in (
        ("plan-of-work", "unknown event 'plan-of-work' (events of a methods-of-work case: contact, agency-contact, support-plan"),
        ("manager-discussion", "unknown event 'manager-discussion'"),
    ):
        with pytest.raises(InputError, match=message.replace("(", r"\(")):
            log_event(store, "FS-101", event, "2025-08-01")
    with pytest.raises(InputError, match="unknown level 'intensive' .levels of a methods-of-work case: floating-support."):
        change_level(store, "FS-101", "intensive", "2025-08-01")
    assert [e.event for e in find_case(store, "FS-101").events] == ["support-plan", "review"]


def test_a_case_is_refused_a_framework_without_caseload_rules_or_another_frameworks_level(store):
    pa = store.add_staff("Ann Worker", team="Oxford")
    for kwargs, message in (
        ({"framework": "ours", "level": "intensive"}, "framework 'ours' has no caseload rules"),
        ({"framework": "methods-of-work", "level": "enhanced"}, "unknown level 'enhanced'"),
        ({"framework": "apir", "level": None}, "a level is needed .levels: intensive, enhanced, watching-brief."),
        ({"framework": "methods-of-work", "level": None, "in_school": True}, "not marked as in school"),
    ):
        with pytest.raises(InputError, match=message):
            add_case(store, pa.id, "FS-102", referred_on="2025-01-10", **kwargs)
    with pytest.raises(InputError, match="unknown event 'support-plan' .events: contact"):
        log_event(store, add_case(store, pa.id, "40213", level="enhanced", referred_on="2025-01-10").ref, "support-plan", "2025-01-11")
    assert store.rows("SELECT ref, framework FROM cases") == [{"ref": "40213", "framework": "apir"}]


def test_a_case_row_written_without_a_framework_follows_apir_and_never_changes_framework(store):
    pa = store.add_staff("Ann Worker", team="Oxford")
    store.conn.execute(
        "INSERT INTO cases (id, ref, staff_id, level, referred_on, in_school, created_at) "
        "VALUES ('c1', '40999', ?, 'enhanced', '2025-01-10', 0, '2025-01-10T00:00:00Z')", [pa.id],
    )
    assert find_case(store, "40999").framework == "apir"
    with pytest.raises(sqlite3.DatabaseError, match="never changes framework"):
        store.conn.execute("UPDATE cases SET framework = 'methods-of-work' WHERE id = 'c1'")


def test_the_report_and_today_show_a_floating_support_case_behind(store):
    pa = store.add_staff("Ann Worker", team="Oxford")
    add_case(store, pa.id, "FS-101", level=None, referred_on="2025-01-10", framework="methods-of-work")
    log_event(store, "FS-101", "support-plan", "2025-01-31")
    report = caseload_report(store, pa.id, as_of=date(2025, 8, 15))
    [case] = report["cases"]
    assert (case["framework"], case["level"], case["worst"]) == ("methods-of-work", "floating-support", "overdue")
    [flag] = case["flags"]
    assert flag["citation"].startswith("There is also a regular 6 month support plan and review process")
    assert "Methods of Work" in flag["document"] and flag["due"] == "2025-07-31"
    assert [r["rule"] for r in report["rules"]] == ["support-plan-review"] and report["counts"]["behind"] == 1
    items = attention_items(store, store.framework("apir"), people_in_view(store, date(2025, 8, 15)), as_of=date(2025, 8, 15))
    [item] = [i for i in items if i.kind == CASE]
    assert item.target == "FS-101" and "Support plan and review every six months" in item.text and item.due == "2025-07-31"


# -- the command line -----------------------------------------------------------------------------------------------


@pytest.fixture
def run(cli, db_path):
    return lambda *args: cli("--db", db_path, *args)


def test_a_floating_support_caseload_through_the_command_line(run, db_path):
    worker = run("staff", "add", "Ann Worker", "--team", "Oxford").out.split()[0]
    added = run("case", "add", worker, "FS-101", "--framework", "methods-of-work", "--referred", "2025-01-10")
    assert (added.code, added.out) == (0, f"FS-101  floating-support (methods-of-work), referred 2025-01-10, on {worker}'s caseload\n")
    assert run("case", "log", "FS-101", "support-plan", "2025-01-31").code == 0
    shown = run("case", "show", "FS-101", "--as-of", "2025-08-15")
    assert "Follows: methods-of-work   Level: floating-support" in shown.out
    assert "overdue  support-plan-review" in shown.out and "due 2025-07-31" in shown.out
    listed = json.loads(run("case", "list", "--format", "json").out)
    assert [(row["framework"], row["level"]) for row in listed] == [("methods-of-work", "floating-support")]
    report = run("report", "caseload", worker, "--as-of", "2025-08-15", "--format", "md")
    assert report.code == 0, report.err
    assert "## Case FS-101: floating-support (methods-of-work), open" in report.out
    assert "> There is also a regular 6 month support plan and review process" in report.out
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM case_events").fetchone()
    for args, message in (
        (("case", "add", worker, "FS-102", "--framework", "ours", "--referred", "2025-01-10"), "framework 'ours' has no caseload rules"),
        (("case", "add", worker, "40213", "--referred", "2025-01-10"), "a level is needed"),
        (("case", "log", "FS-101", "apir-profile", "2025-02-01"), "unknown event 'apir-profile'"),
    ):
        refused = run(*args)
        assert refused.code == 2 and refused.out == "" and refused.err.count("\n") == 1 and message in refused.err, refused
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM case_events").fetchone() == before


def test_the_readme_lists_each_methods_of_work_timescale_as_checked_or_not_and_why():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Floating support: Methods of Work"):]
    for rule in RULES:
        assert f"| `{rule.id}` | floating-support |" in section
    for words in (
        "regular 6 month support plan", "depends entirely upon the specific needs", "change the level of support",
        "9.30am to 5pm Monday to Friday", "24 hour telephone service", "how to cope with crisis", "the door is left open",
        "following up important tasks",
    ):
        verdicts = [line for line in section.splitlines() if words in line and ("| checked |" in line or "| not checkable |" in line)]
        assert len(verdicts) == 1, words
