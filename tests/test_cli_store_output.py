"""What the commands print or write: CSV that spreadsheets open as data, and ``--out -`` printing instead of writing."""

from __future__ import annotations

import csv
import io

import pytest

FORMULA = '=HYPERLINK("http://x.example","click")'


def test_csv_lists_defuse_text_that_a_spreadsheet_would_run(cli, db_path):
    added = cli("--db", db_path, "staff", "add", FORMULA, "--team", "+North", "--role", "@role")
    assert added.code == 0, added.err
    ref = added.out.split()[0]
    assert cli("--db", db_path, "action", "add", ref, "-1 meetings+", "--owner", "=owner").code == 0
    staff = list(csv.DictReader(io.StringIO(cli("--db", db_path, "staff", "list", "--format", "csv").out)))
    assert (staff[0]["name"], staff[0]["team"], staff[0]["role"]) == ("'" + FORMULA, "'+North", "'@role")
    actions = list(csv.DictReader(io.StringIO(cli("--db", db_path, "action", "list", "--format", "csv").out)))
    assert (actions[0]["staff_name"], actions[0]["text"], actions[0]["owner"]) == ("'" + FORMULA, "'-1 meetings+", "'=owner")


@pytest.mark.parametrize("report", [["training"], ["needs", "{ref}"], ["induction", "{ref}"], ["caseload", "{ref}"]])
def test_out_dash_prints_the_report_instead_of_writing_a_file_named_dash(cli, db_path, tmp_path, monkeypatch, report):
    ref = cli("--db", db_path, "staff", "add", "Zoë O'Neil", "--team", "North", "--started", "2025-01-06").out.split()[0]
    monkeypatch.chdir(tmp_path)
    args = [a.format(ref=ref) for a in report]
    printed = cli("--db", db_path, "report", *args, "--format", "json", "--out", "-")
    assert printed.code == 0, printed.err
    assert printed.out == cli("--db", db_path, "report", *args, "--format", "json").out
    assert printed.out.startswith("{") and printed.err == ""
    assert not (tmp_path / "-").exists()


def test_merge_and_import_counts_read_as_words():
    from supervision_tui.cli.data_cmd import _counted

    assert [_counted(1, "observations"), _counted(2, "action_updates"), _counted(1, "staff"), _counted(1200, "case_events")] == [
        "1 observation", "2 action updates", "1 staff", "1,200 case events",
    ]
