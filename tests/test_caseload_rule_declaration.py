"""A framework's caseload rules are declared in its file ('rules:' under 'caseload:'), not tied to its id: an
organisation's own framework with a new id takes on a rule set, with its own settings and its own title in the
citations; a framework that names none has no caseload rules; merges and imports still check cases against them."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from caseload_helpers import own_folder, refused_merge

import standards
from observations.caseload import add_case, caseload_report, log_event
from observations.caseload.rule_sets import RULE_SETS
from observations.errors import InputError
from observations.exchange.merge import apply_rows, export_document
from observations.store.observation_store import Store
from standards import load_library
from standards.frontmatter import CASELOAD_RULES
from standards.loader import parse_framework

SHIPPED = Path(standards.__file__).parent / "frameworks"
MOW = (SHIPPED / "methods-of-work.md").read_text(encoding="utf-8")
OURS_TITLE = "Floating support in Anytown"


def our_floating_support(months: int = 3, rules: str | None = "floating-support") -> str:
    """A copy of methods-of-work.md with a new id and title, its own support-plan-months, and the rules line as given."""
    text = MOW.replace("id: methods-of-work", "id: our-floating-support", 1).replace("title: Our Methods of Work", f"title: {OURS_TITLE}", 1)
    text = text.replace("support-plan-months: 6", f"support-plan-months: {months}", 1)
    line = "  rules: floating-support\n"
    assert line in text
    return text.replace(line, f"  rules: {rules}\n" if rules is not None else "", 1)


# -- the front matter ------------------------------------------------------------------------------------------------


def test_the_rule_sets_a_file_may_name_are_the_ones_the_review_implements():
    assert set(CASELOAD_RULES) == set(RULE_SETS) == {"apir-guide", "floating-support"}
    assert {rule.rule_set for rules in RULE_SETS.values() for rule in rules.rules} == set(RULE_SETS)


def test_the_shipped_frameworks_name_their_rules():
    library = load_library(Path("/nonexistent"))
    assert library.get("apir").caseload_rules == "apir-guide"
    assert library.get("methods-of-work").caseload_rules == "floating-support"


@pytest.mark.parametrize("value", ["floating", "methods-of-work", "[apir-guide, floating-support]", "''"])
def test_an_unknown_rule_set_is_one_problem_on_its_line_naming_the_known_ones(value):
    text = our_floating_support(rules=value)
    framework, problems = parse_framework(text)
    assert framework is None and len(problems) == 1, problems
    assert problems[0].line == text.splitlines().index(f"  rules: {value}") + 1
    assert "caseload rules" in problems[0].message and "(known: apir-guide, floating-support)" in problems[0].message


def test_a_framework_without_a_rules_line_has_no_caseload_rules():
    framework, problems = parse_framework(our_floating_support(rules=None))
    assert problems == [] and framework.caseload_rules is None
    assert framework.caseload_setting("support-plan-months", 6) == 3


# -- an organisation's own framework, with a new id ---------------------------------------------------------------


def test_a_new_id_naming_floating_support_gets_the_six_month_rule_with_its_own_months(tmp_path):
    library = load_library(own_folder(tmp_path, **{"our-floating-support": our_floating_support(months=3)}))
    with Store.open(tmp_path / "db.sqlite", library) as store:
        pa = store.add_staff("Ann Worker", team="Anytown")
        case = add_case(store, pa.id, "AT-1001", level=None, referred_on="2025-01-10", framework="our-floating-support")
        assert (case.framework, case.level) == ("our-floating-support", "floating-support")
        log_event(store, "AT-1001", "support-plan", "2025-01-31")
        with pytest.raises(InputError, match="unknown event 'plan-of-work' .events of a our-floating-support case"):
            log_event(store, "AT-1001", "plan-of-work", "2025-02-01")
        add_case(store, pa.id, "FS-2002", level=None, referred_on="2025-01-10", framework="methods-of-work")
        report = caseload_report(store, pa.id, as_of=date(2025, 5, 15))
    by_ref = {c["ref"]: c for c in report["cases"]}
    [ours] = by_ref["AT-1001"]["flags"]
    assert (ours["rule"], ours["status"], ours["due"]) == ("support-plan-review", "overdue", "2025-04-30")  # three months, its file's
    assert ours["document"] == OURS_TITLE and ours["citation"].startswith("There is also a regular 6 month support plan")
    [shipped] = by_ref["FS-2002"]["flags"]
    assert (shipped["status"], shipped["due"], shipped["document"]) == ("due", "2025-07-10", "Our Methods of Work")  # six
    assert by_ref["AT-1001"]["rules"] == "floating-support"
    assert [(d["framework"], d["document"]) for d in report["documents"]] == [
        ("methods-of-work", "Our Methods of Work"), ("our-floating-support", OURS_TITLE),
    ]
    assert [(r["framework"], r["rule"]) for r in report["rules"]] == [
        ("methods-of-work", "support-plan-review"), ("our-floating-support", "support-plan-review"),
    ]


def test_a_new_id_naming_the_apir_guide_takes_its_levels_and_rules(tmp_path):
    apir = (SHIPPED / "apir.md").read_text(encoding="utf-8").replace("id: apir", "id: our-connexions", 1)
    library = load_library(own_folder(tmp_path, **{"our-connexions": apir}))
    with Store.open(tmp_path / "db.sqlite", library) as store:
        pa = store.add_staff("Ann Worker", team="Anytown")
        add_case(store, pa.id, "40213", level="watching-brief", referred_on="2025-01-10", in_school=True, framework="our-connexions")
        with pytest.raises(InputError, match=r"a level is needed \(levels of a our-connexions case: intensive"):
            add_case(store, pa.id, "40214", level=None, referred_on="2025-01-10", framework="our-connexions")
        report = caseload_report(store, pa.id, as_of=date(2025, 3, 1))
    assert [f["rule"] for f in report["cases"][0]["flags"]] == ["first-contact", "watching-brief-review"]


def test_the_command_line_adds_a_case_to_any_framework_whose_file_names_rules(cli, tmp_path):
    folder = own_folder(tmp_path, **{"our-floating-support": our_floating_support(months=3), "plain": our_floating_support(rules=None).replace(
        "id: our-floating-support", "id: plain", 1)})
    db = tmp_path / "db.sqlite"

    def run(*args):
        return cli("--db", db, "--standards-dir", folder, *args)

    worker = run("staff", "add", "Ann Worker", "--team", "Anytown").out.split()[0]
    added = run("case", "add", worker, "AT-1001", "--framework", "our-floating-support", "--referred", "2025-01-10")
    assert added.code == 0 and "floating-support (our-floating-support)" in added.out, added
    report = json.loads(run("report", "caseload", worker, "--as-of", "2025-05-15", "--format", "json").out)
    assert [(f["rule"], f["due"]) for f in report["cases"][0]["flags"]] == [("support-plan-review", "2025-04-10")]
    markdown = run("report", "caseload", worker, "--as-of", "2025-05-15", "--format", "md").out
    assert f"{OURS_TITLE} for our-floating-support cases" in markdown
    before = sqlite3.connect(db).execute("SELECT count(*) FROM cases").fetchone()
    for framework, message in (
        ("plain", f"framework 'plain' has no caseload rules: its file ({folder / 'plain.md'}) names none"),
        ("nowhere", "framework 'nowhere' has no caseload rules: no framework with that id is loaded (frameworks with caseload rules: apir, methods-of-work, our-floating-support)"),
    ):
        refused = run("case", "add", worker, "AT-1002", "--framework", framework, "--referred", "2025-01-10")
        assert (refused.code, refused.out, refused.err.count("\n")) == (2, "", 1) and message in refused.err, refused
    assert sqlite3.connect(db).execute("SELECT count(*) FROM cases").fetchone() == before


def test_an_unknown_rule_set_in_a_users_file_is_one_line_naming_the_file_line_and_key(cli, tmp_path):
    text = our_floating_support(rules="floating")
    folder = own_folder(tmp_path, **{"our-floating-support": text})
    db = tmp_path / "db.sqlite"
    result = cli("--db", db, "--standards-dir", folder, "staff", "add", "Ann Worker")
    line = text.splitlines().index("  rules: floating") + 1
    assert result.code == 2 and result.out == "" and result.err.count("\n") == 1, result
    assert f"{folder / 'our-floating-support.md'}:{line}:" in result.err
    assert "caseload rules 'floating'" in result.err and "known: apir-guide, floating-support" in result.err
    assert not db.exists()


# -- merges and imports check a case against the rules its framework's file names -----------------------------------


@pytest.fixture
def ours(tmp_path):
    return load_library(own_folder(tmp_path, **{"our-floating-support": our_floating_support()}))


@pytest.fixture
def exported(tmp_path, ours):
    with Store.open(tmp_path / "from.db", ours) as store:
        pa = store.add_staff("Ann Worker", team="Anytown")
        add_case(store, pa.id, "AT-1001", level=None, referred_on="2025-01-10", framework="our-floating-support")
        log_event(store, "AT-1001", "support-plan", "2025-01-31")
        return copy.deepcopy(export_document(store)["tables"])


def test_a_case_of_an_organisations_framework_merges_where_its_file_names_rules(tmp_path, ours, exported):
    with Store.open(tmp_path / "to.db", ours) as store:
        apply_rows(store, exported, where="file.json")
        assert store.rows("SELECT ref, framework, level FROM cases") == [
            {"ref": "AT-1001", "framework": "our-floating-support", "level": "floating-support"}
        ]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t["case_events"][0].update(event="plan-of-work"), r"case_events\[0\].*unknown event 'plan-of-work' \(events of a our-floating-support case"),
        (lambda t: t["cases"][0].update(level="intensive"), r"cases\[0\].*unknown level 'intensive' \(levels of a our-floating-support case"),
    ],
)
def test_a_case_that_does_not_fit_its_frameworks_rules_is_refused(tmp_path, ours, exported, change, message):
    change(exported)
    with Store.open(tmp_path / "to.db", ours) as store:
        refused_merge(store, exported, message)


def test_a_case_whose_framework_names_no_rules_here_is_refused(tmp_path, exported):
    plain = load_library(own_folder(tmp_path, **{"our-floating-support": our_floating_support(rules=None)}))
    with Store.open(tmp_path / "plain.db", plain) as store:
        refused_merge(store, exported, r"cases\[0\].*framework 'our-floating-support' has no caseload rules: its file .* names none")
    with Store.open(tmp_path / "shipped.db", load_library(tmp_path / "none")) as store:
        refused_merge(store, exported, r"cases\[0\].*framework 'our-floating-support' has no caseload rules: no framework with that id is loaded")


def test_a_copy_of_a_shipped_framework_that_names_no_rules_follows_the_shipped_files(cli, tmp_path):
    """A user's copy of apir.md made before files named their rules replaces the shipped file by its id, as it always
    did, and its cases are still reviewed against the APIR guide's rules; a copy naming its own rules keeps them."""
    db = tmp_path / "db.sqlite"
    worker = cli("--db", db, "staff", "add", "Ann Worker", "--team", "Anytown").out.split()[0]
    assert cli("--db", db, "case", "add", worker, "40213", "--level", "intensive", "--referred", "2025-01-10").code == 0
    shipped = cli("--db", db, "report", "caseload", worker, "--as-of", "2025-03-01")
    old_copy = (SHIPPED / "apir.md").read_text(encoding="utf-8").replace("  rules: apir-guide\n", "", 1)
    assert "rules:" not in old_copy.split("---")[1]
    folder = own_folder(tmp_path, apir=old_copy.replace("title: Working with young people on your caseload", "title: Our caseload guide", 1))
    for args in (("report", "caseload", worker, "--as-of", "2025-03-01"), ("today",), ("case", "list")):
        result = cli("--db", db, "--standards-dir", folder, *args)
        assert (result.code, result.err) == (0, ""), (args, result)
    copied = cli("--db", db, "--standards-dir", folder, "report", "caseload", worker, "--as-of", "2025-03-01").out
    assert copied.replace("Our caseload guide", "Working with young people on your caseload") == shipped.out  # the same flags, citing the copy
    from standards import load_library

    assert load_library(folder).get("apir").caseload_rules == "apir-guide"
    renamed = old_copy.replace("id: apir", "id: our-guide", 1)
    (tmp_path / "renamed").mkdir()
    assert load_library(own_folder(tmp_path / "renamed", ours=renamed)).get("our-guide").caseload_rules is None  # an id of its own: its file decides
