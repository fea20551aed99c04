"""`staff set-interval` and the next supervision in `staff list`: bad intervals are one line, exit 2, nothing written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from store_helpers import file_bytes


@pytest.fixture
def two_people(cli, db_path):
    ann = cli("--db", db_path, "staff", "add", "Ann Lee", "--started", "2020-01-06").out.split()[0]
    bob = cli("--db", db_path, "staff", "add", "Bob Roy", "--started", "2019-01-07").out.split()[0]
    return ann, bob


@pytest.mark.parametrize("weeks", ["0", "-3", "53", "1000", "x", "2.5", ""])
def test_an_absurd_interval_is_refused_with_one_line_and_nothing_written(cli, db_path, two_people, weeks):
    before = file_bytes(db_path)
    result = cli("--db", db_path, "staff", "set-interval", "Ann Lee", weeks)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "weeks" in result.err
    assert file_bytes(db_path) == before


def test_set_interval_then_default_and_the_list_follows(cli, db_path, two_people):
    ann, bob = two_people
    result = cli("--db", db_path, "staff", "set-interval", ann, "2")
    assert result.code == 0 and "every 2 weeks" in result.out
    shown = json.loads(cli("--db", db_path, "staff", "list", "--format", "json").out)
    by_ref = {p["ref"]: p for p in shown}
    assert by_ref[ann]["supervision_interval_weeks"] == 2
    assert by_ref[ann]["next_supervision"] == {
        "due_on": "2020-01-20", "status": "overdue", "days": by_ref[ann]["next_supervision"]["days"],
        "interval_weeks": 2, "interval_source": "person", "last_held": None,
    }
    assert by_ref[bob]["next_supervision"]["interval_source"] == "service"
    assert cli("--db", db_path, "staff", "set-interval", ann, "default").code == 0
    rows = list(csv.DictReader(io.StringIO(cli("--db", db_path, "staff", "list", "--format", "csv").out)))
    assert {r["ref"]: r["supervision_interval_weeks"] for r in rows} == {ann: "4", bob: "4"}


def test_the_text_list_shows_the_next_supervision_and_sorts_by_it(cli, db_path, two_people):
    ann, bob = two_people
    text = cli("--db", db_path, "staff", "list").out
    assert "NEXT SUPERVISION" in text and "2020-02-03 (overdue" in text
    lines = cli("--db", db_path, "staff", "list", "--by-supervision").out.splitlines()
    assert lines[1].startswith(bob) and lines[2].startswith(ann)  # Bob started a year earlier: the most overdue


def test_the_service_interval_comes_from_the_settings_file(cli, db_path, two_people, tmp_path, monkeypatch):
    settings = tmp_path / "settings.toml"
    settings.write_text("supervision_interval_weeks = 6\n")
    monkeypatch.setenv("SUPERVISION_TUI_SETTINGS", str(settings))
    shown = json.loads(cli("--db", db_path, "staff", "list", "--format", "json").out)
    assert {p["next_supervision"]["interval_weeks"] for p in shown} == {6}
    settings.write_text("supervision_interval_weeks = 0\n")
    result = cli("--db", db_path, "staff", "list")
    assert result.code == 2 and str(settings) in result.err and result.out == ""


def test_someone_who_has_left_has_no_supervision_to_schedule(cli, db_path, two_people):
    ann, _ = two_people
    cli("--db", db_path, "staff", "leave", ann, "--date", "2024-01-01")
    before = file_bytes(db_path)
    result = cli("--db", db_path, "staff", "set-interval", ann, "3")
    assert result.code == 2 and "has left" in result.err and file_bytes(db_path) == before


def test_staff_show_says_when_the_next_supervision_is_due_and_why(cli, db_path, two_people):
    ann, _ = two_people
    cli("--db", db_path, "staff", "set-interval", ann, "3")
    text = cli("--db", db_path, "staff", "show", ann).out
    assert "next 2020-01-27 (overdue" in text and "every 3 weeks (person)" in text
    shown = json.loads(cli("--db", db_path, "staff", "show", ann, "--format", "json").out)
    assert shown["next_supervision"]["due_on"] == "2020-01-27"
