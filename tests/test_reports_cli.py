"""``supervision-tui report needs|training|induction`` through the CLI: formats, --out, and one-line errors for bad input."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest
from store_helpers import table_rows
from test_reports_rules import build_scenario

from observations.store.observation_store import Store


@pytest.fixture
def people(db_path, library):
    """The shared scenario in the test database; returns the refs."""
    with Store.open(db_path, library) as opened:
        scenario = build_scenario(opened)
        return {name: opened.staff(getattr(scenario, name)).ref for name in ("zoe", "tom", "leaver")}


def run(cli, db_path, *args):
    return cli("--db", db_path, "report", *args)


def test_needs_in_every_format(cli, db_path, people):
    md = run(cli, db_path, "needs", people["zoe"], "--as-of", "2024-06-30")
    assert md.code == 0 and md.err == ""
    assert md.out.startswith("# Development-needs summary: Zoë O'Neil\n") and "#### U3: " in md.out
    html = run(cli, db_path, "needs", "Zoë O'Neil", "--as-of", "2024-06-30", "--format", "html")
    assert html.code == 0 and html.out.startswith("<!DOCTYPE html>") and "Zoë O&#39;Neil" in html.out
    data = json.loads(run(cli, db_path, "needs", people["zoe"], "--as-of", "2024-06-30", "--format", "json").out)
    assert [item["standard"] for item in data["needs"]] == ["U3", "A2", "P1", "I2"]
    since = json.loads(run(cli, db_path, "needs", people["zoe"], "--as-of", "2024-06-30", "--since", "2024-06-04", "--format", "json").out)
    assert [c["date"] for c in since["changes"]["observations"]] == ["2024-06-04"]


def test_needs_for_someone_who_has_left_and_another_framework(cli, db_path, people):
    result = run(cli, db_path, "needs", people["leaver"], "--as-of", "2024-06-30")
    assert result.code == 0 and "- **Left:** 2024-03-31" in result.out
    other = run(cli, db_path, "needs", people["zoe"], "--framework", "methods-of-work", "--format", "json")
    assert other.code == 0 and json.loads(other.out)["framework"]["id"] == "methods-of-work"


def test_training_csv_team_and_stale_months(cli, db_path, people):
    result = run(cli, db_path, "training", "--as-of", "2024-06-30", "--format", "csv", "--team", "south team")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert result.code == 0 and {row["ref"] for row in rows} == {people["tom"]}
    assert [row["standard"] for row in rows] == ["U1", "P1"]
    default = json.loads(run(cli, db_path, "training", "--as-of", "2024-06-30", "--format", "json").out)
    shorter = json.loads(run(cli, db_path, "training", "--as-of", "2024-06-30", "--format", "json", "--stale-months", "2").out)
    assert shorter["stale_months"] == 2 and shorter["counts"]["stale"] > default["counts"]["stale"]
    assert "people who have left are not training needs" in run(cli, db_path, "training", "--as-of", "2024-06-30").out


def test_induction(cli, db_path, people):
    result = run(cli, db_path, "induction", people["zoe"], "--as-of", "2024-06-30")
    assert result.code == 0 and "**Met 6 of 29 standards (21%).**" in result.out
    assert "- [x] **U2:**" in result.out and "- [ ] **U3:**" in result.out


def test_out_writes_an_owner_only_file_and_nothing_to_stdout(cli, db_path, people, tmp_path):
    target = tmp_path / "needs.html"
    result = run(cli, db_path, "needs", people["zoe"], "--as-of", "2024-06-30", "--format", "html", "--out", target)
    assert result.code == 0 and result.out == "" and str(target) in result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_reports_write_nothing_to_the_database(cli, db_path, people):
    before = table_rows(db_path)
    for args in (("needs", people["zoe"]), ("training",), ("induction", people["tom"])):
        assert run(cli, db_path, *args).code == 0
    assert table_rows(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("needs", "Nobody"), "no staff member matches 'Nobody'"),
        (("needs", "{zoe}", "--format", "csv"), "invalid choice: 'csv'"),
        (("induction", "{zoe}", "--format", "csv"), "invalid choice: 'csv'"),
        (("needs", "{zoe}", "--framework", "nope"), "unknown framework 'nope'"),
        (("needs", "{zoe}", "--as-of", "2999-01-01"), "--as-of: 2999-01-01 is in the future"),
        (("needs", "{zoe}", "--as-of", "30/06/2024"), "--as-of: '30/06/2024' is not a date in the form YYYY-MM-DD"),
        (("needs", "{zoe}", "--as-of", "2024-02-30"), "--as-of: '2024-02-30' is not a real date"),
        (("needs", "{zoe}", "--since", "2024-07-01", "--as-of", "2024-06-30"), "since date 2024-07-01 is after the report date 2024-06-30"),
        (("needs", "{zoe}", "--since", "soon"), "--since: 'soon' is not a date"),
        (("needs", "{zoe}", "--as-of", ""), "--as-of: the date is empty"),
        (("training", "--as-of", " "), "--as-of: the date is empty"),
        (("caseload", "{zoe}", "--as-of", ""), "--as-of: the date is empty"),
        (("training", "--team", "Nowhere"), "no team 'Nowhere'"),
        (("training", "--stale-months", "0"), "--stale-months: 0 is out of range"),
        (("training", "--stale-months", "six"), "invalid int value: 'six'"),
        (("training", "--format", "pdf"), "invalid choice: 'pdf'"),
        (("induction",), "the following arguments are required: STAFF"),
        (("needs", "{zoe}", "--out", "/no/such/folder/x.md"), "folder /no/such/folder does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, db_path, people, args, message):
    result = run(cli, db_path, *[arg.format(**people) for arg in args])
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("supervision-tui: error: ")
    assert message in result.err
