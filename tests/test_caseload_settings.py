"""The project's choices where the guide is silent live in the framework file's front matter, not in code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from store_helpers import add_person

import standards
from observations.caseload import add_case, caseload_report, log_event
from observations.caseload.guide import TERM_MONTHS, CaseloadSettings
from observations.store.observation_store import Store
from standards import FrameworkLibrary, framework_to_markdown, load_library
from standards.loader import parse_framework

SHIPPED = (Path(standards.__file__).parent / "frameworks" / "apir.md").read_text(encoding="utf-8")


def with_setting(line: str) -> str:
    return SHIPPED.replace("  term-months: 4\n", line, 1)


def test_the_shipped_apir_file_sets_termly_and_a_rewrite_keeps_it():
    framework, problems = parse_framework(SHIPPED)
    assert problems == [] and framework.caseload == (("term-months", TERM_MONTHS),)
    again, problems = parse_framework(framework_to_markdown(framework))
    assert problems == [] and again.caseload == framework.caseload


@pytest.mark.parametrize(
    "line, message",
    [
        ("  term-months: 0\n", "must be a whole number from 1 to 12"),
        ("  term-months: four\n", "must be a whole number from 1 to 12"),
        ("  term-weeks: 13\n", "unknown caseload setting 'term-weeks' (settings: term-months, support-plan-months)"),
    ],
)
def test_a_bad_caseload_setting_is_one_problem_on_its_line(line, message):
    framework, problems = parse_framework(with_setting(line))
    assert framework is None and len(problems) == 1 and message in problems[0].message
    assert problems[0].line == SHIPPED.splitlines().index("caseload:") + 1


def test_a_framework_without_the_setting_gets_the_projects_default():
    framework, _ = parse_framework(SHIPPED.replace("caseload:\n", "").replace("  term-months: 4\n", "", 1).replace(
        '  # The guide does not say how long "termly" is: this project reads it as every 4 months (three terms a year).\n', ""))
    assert framework.caseload == () and CaseloadSettings.of(framework).term_months == TERM_MONTHS


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
