"""The project's choices where the guide is silent live in the framework file's front matter, not in code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from caseload_helpers import own_folder
from store_helpers import add_person

import standards
from observations.caseload import add_case, caseload_report, log_event
from observations.caseload.rule_settings import TERM_MONTHS, CaseloadSettings
from observations.store.observation_store import Store
from standards import FrameworkLibrary, framework_to_markdown, load_library
from standards.loader import parse_framework

SHIPPED = (Path(standards.__file__).parent / "frameworks" / "apir.md").read_text(encoding="utf-8")


def with_setting(line: str) -> str:
    return SHIPPED.replace("  term-months: 4\n", line, 1)


def test_the_shipped_apir_file_sets_termly_and_a_rewrite_keeps_it():
    framework, problems = parse_framework(SHIPPED)
    assert problems == [] and framework.caseload == (("rules", "apir-guide"), ("term-months", TERM_MONTHS))
    again, problems = parse_framework(framework_to_markdown(framework))
    assert problems == [] and again.caseload == framework.caseload


@pytest.mark.parametrize(
    "line, message",
    [
        ("  term-months: 0\n", "must be a whole number from 1 to 12"),
        ("  term-months: four\n", "must be a whole number from 1 to 12"),
        ("  term-weeks: 13\n", "unknown caseload setting 'term-weeks' (settings: rules, term-months, support-plan-months)"),
    ],
)
def test_a_bad_caseload_setting_is_one_problem_on_its_line(line, message):
    framework, problems = parse_framework(with_setting(line))
    assert framework is None and len(problems) == 1 and message in problems[0].message
    assert problems[0].line == SHIPPED.splitlines().index("  term-months: 4") + 1  # the setting's own line


def test_a_framework_without_the_setting_gets_the_projects_default():
    framework, _ = parse_framework(SHIPPED.replace("  term-months: 4\n", "", 1).replace(
        '  # The guide does not say how long "termly" is: this project reads it as every 4 months (three terms a year).\n', ""))
    assert framework.caseload == (("rules", "apir-guide"),) and CaseloadSettings.of(framework).term_months == TERM_MONTHS


def test_the_review_reads_termly_from_the_framework_file(tmp_path):
    shipped = load_library(tmp_path / "no-user-frameworks")
    changed, _ = parse_framework(with_setting("  term-months: 3\n"))
    library = FrameworkLibrary(tuple(changed if f.id == "apir" else f for f in shipped.frameworks))
    with Store.open(tmp_path / "db.sqlite", library) as store:
        pa = add_person(store)
        add_case(store, pa.id, "40213", level="watching-brief", referred_on="2025-01-10", in_school=True)
        log_event(store, "40213", "contact", "2025-01-13")
        report = caseload_report(store, pa.id, as_of=date(2025, 3, 1))
    [flag] = [f for f in report["cases"][0]["flags"] if f["rule"] == "watching-brief-review"]
    assert (flag["status"], flag["due"]) == ("due", "2025-04-13")  # three months, not four
    assert "termly read as every 3 months" in flag["detail"]


# -- an organisation's own copy of a framework, in its standards folder ---------------------------------------------

MOW = (Path(standards.__file__).parent / "frameworks" / "methods-of-work.md").read_text(encoding="utf-8")


def test_a_user_folders_copy_replaces_the_shipped_framework_and_its_settings(tmp_path):
    folder = own_folder(tmp_path, apir=with_setting("  term-months: 3\n"))
    library = load_library(folder)
    assert library.ids() == ["apir", "methods-of-work"]  # in the shipped one's place
    apir = library.get("apir")
    assert apir.path == folder / "apir.md" and apir.caseload_setting("term-months", 0) == 3
    assert load_library(tmp_path / "none").get("apir").caseload_setting("term-months", 0) == 4


def test_the_review_reads_the_user_folders_settings_through_the_command_line(cli, tmp_path):
    folder = own_folder(
        tmp_path, apir=with_setting("  term-months: 3\n"), **{"methods-of-work": MOW.replace("support-plan-months: 6", "support-plan-months: 3")}
    )
    db = tmp_path / "db.sqlite"

    def run(*args):
        return cli("--db", db, "--standards-dir", folder, *args)

    worker = run("staff", "add", "Ann Worker", "--team", "Oxford").out.split()[0]
    assert run("case", "add", worker, "40213", "--level", "watching-brief", "--referred", "2025-01-10", "--in-school").code == 0
    assert run("case", "log", "40213", "contact", "2025-01-13").code == 0
    assert run("case", "add", worker, "FS-101", "--framework", "methods-of-work", "--referred", "2025-01-10").code == 0
    report = run("report", "caseload", worker, "--as-of", "2025-03-01", "--format", "json")
    assert report.code == 0, report.err
    due = {c["ref"]: [(f["rule"], f["due"]) for f in c["flags"]] for c in json.loads(report.out)["cases"]}
    assert ("watching-brief-review", "2025-04-13") in due["40213"]  # three months, as the user folder's apir.md says
    assert due["FS-101"] == [("support-plan-review", "2025-04-10")]  # three months, as its methods-of-work.md says
    shipped = cli("--db", db, "--standards-dir", tmp_path / "none", "report", "caseload", worker, "--as-of", "2025-03-01", "--format", "json")
    assert ("support-plan-review", "2025-07-10") in [(f["rule"], f["due"]) for c in json.loads(shipped.out)["cases"] for f in c["flags"]]


@pytest.mark.parametrize(
    "name, text, key",
    [
        ("apir", "  term-months: 13\n", "term-months"),
        ("methods-of-work", "support-plan-months: six", "support-plan-months"),
    ],
)
def test_a_bad_setting_in_a_users_copy_is_one_line_naming_the_file_and_key(cli, tmp_path, name, text, key):
    copy = with_setting(text) if name == "apir" else MOW.replace("support-plan-months: 6", text)
    folder = own_folder(tmp_path, **{name: copy})
    db = tmp_path / "db.sqlite"
    result = cli("--db", db, "--standards-dir", folder, "staff", "add", "Ann Worker")
    assert result.code == 2 and result.out == "" and result.err.count("\n") == 1, result
    assert f"{folder / (name + '.md')}:" in result.err and f"caseload setting {key}" in result.err
    assert not db.exists()
    library = load_library(folder, skip_broken=True)  # a command that reads no framework keeps the shipped one
    assert library.get(name).path != folder / f"{name}.md" and [s.path for s in library.skipped] == [folder / f"{name}.md"]


def test_an_edited_copy_is_read_again_not_served_from_the_parse_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPERVISION_TUI_CACHE", str(tmp_path / "cache"))
    folder = own_folder(tmp_path, apir=with_setting("  term-months: 3\n"))
    assert load_library(folder).get("apir").caseload_setting("term-months", 0) == 3
    own_folder(tmp_path, apir=with_setting("  term-months: 5\n"))
    assert load_library(folder).get("apir").caseload_setting("term-months", 0) == 5
