"""The case commands and ``report caseload`` through the CLI: output, JSON shape, errors and owner-only files."""

from __future__ import annotations

import json
import stat

import pytest
from store_helpers import table_rows


@pytest.fixture
def run(cli, db_path):
    def command(*args):
        return cli("--db", db_path, *args)

    return command


@pytest.fixture
def pa(run):
    result = run("staff", "add", "Zoë O'Neil", "--team", "North team")
    assert result.code == 0
    return result.out.split()[0]


@pytest.fixture
def with_case(run, pa):
    assert run("case", "add", pa, "40213", "--level", "intensive", "--referred", "2025-12-24").code == 0
    for event, day in (("contact", "2026-01-05"), ("plan-of-work", "2025-12-30"), ("contact", "2026-01-12"), ("contact", "2026-01-25")):
        assert run("case", "log", "40213", event, day).code == 0
    return pa


def test_add_log_level_list_and_show(run, with_case):
    pa = with_case
    result = run("case", "level", "40213", "enhanced", "2026-02-01", "--note", "Settled at college")
    assert (result.code, result.out) == (0, "40213  enhanced from 2026-02-01\n")
    assert run("case", "log", "40213", "review", "2026-02-02", "--note", "Reviewed with carer").out == "40213  review on 2026-02-02\n"
    listing = run("case", "list", pa)
    assert listing.code == 0 and listing.out.splitlines()[0].split() == ["REF", "STAFF", "LEVEL", "REFERRED", "STATUS", "LAST", "EVENT", "FLAGS", "BEHIND"]
    assert listing.out.splitlines()[1].split() == ["40213", pa, "enhanced", "2025-12-24", "open", "2026-02-02", "3"]
    rows = json.loads(run("case", "list", "--format", "json").out)
    assert rows[0] | {"behind": None} == {
        "ref": "40213", "framework": "apir", "staff_ref": pa, "level": "enhanced", "level_at_referral": "intensive", "referred_on": "2025-12-24",
        "in_school": False, "status": "open", "closed_on": None, "last_event_on": "2026-02-02", "events": 6, "behind": None,
    }
    shown = run("case", "show", "40213", "--as-of", "2026-02-10")
    assert shown.code == 0
    assert "Level: enhanced (at referral intensive)" in shown.out and "level-change -> enhanced" in shown.out
    assert "      Reviewed with carer" in shown.out
    assert "missed   weekly-contact" in shown.out
    data = json.loads(run("case", "show", "40213", "--as-of", "2026-02-10", "--format", "json").out)
    assert data["ref"] == "40213" and data["staff_ref"] == pa and len(data["events"]) == 6
    assert {f["rule"] for f in data["flags"]} == {
        "first-contact", "plan-of-work", "plan-of-work-developed", "weekly-contact", "contact-frequency", "step-down-discussion",
    }


def test_report_caseload_json_shape(run, with_case):
    result = run("report", "caseload", with_case, "--as-of", "2026-01-20", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["as_of"] == "2026-01-20" and data["staff"]["ref"] == with_case
    [case] = data["cases"]
    assert case["ref"] == "40213" and case["level"] == "intensive"
    assert [{k: f[k] for k in ("rule", "status", "due")} for f in case["flags"]] == [
        {"rule": "weekly-contact", "status": "overdue", "due": "2026-01-19"},
        {"rule": "plan-of-work-developed", "status": "due", "due": "2026-02-04"},
        {"rule": "apir-profile", "status": "due", "due": "2026-02-04"},
        {"rule": "plan-of-work", "status": "met", "due": "2025-12-31"},
        {"rule": "first-contact", "status": "met", "due": "2026-01-05"},
    ]
    assert all(f["detail"] and f["citation"] for f in case["flags"])


def test_report_caseload_markdown_and_html_to_owner_only_files(run, with_case, tmp_path):
    markdown = run("report", "caseload", with_case, "--as-of", "2026-02-10")
    assert markdown.code == 0 and markdown.out.startswith("# Caseload review: Zoë O'Neil")
    out = tmp_path / "review.html"
    result = run("report", "caseload", "Zoë", "--as-of", "2026-02-10", "--format", "html", "--out", out)
    assert (result.code, result.out, result.err) == (0, "", f"wrote {out}\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "args, message",
    [
        (("case", "log", "99999", "contact", "2026-01-05"), "no case with ref '99999'"),
        (("case", "log", "40213", "phone-call", "2026-01-05"), "unknown event 'phone-call'"),
        (("case", "log", "40213", "contact", "2999-01-05"), "is in the future"),
        (("case", "log", "40213", "contact", "2025-12-01"), "before case 40213's referral date 2025-12-24"),
        (("case", "log", "40213", "contact", "05/01/2026"), "not a date in the form YYYY-MM-DD"),
        (("case", "level", "40213", "urgent", "2026-01-05"), "unknown level 'urgent' (levels: intensive, enhanced, watching-brief)"),
        (("case", "level", "99999", "enhanced", "2026-01-05"), "no case with ref '99999'"),
        (("case", "add", "nobody", "40214", "--level", "enhanced", "--referred", "2026-01-05"), "no staff member matches 'nobody'"),
        (("case", "add", "Zoë", "40213", "--level", "enhanced", "--referred", "2026-01-05"), "'40213' already exists"),
        (("case", "add", "Zoë", "Smith1", "--level", "enhanced", "--referred", "2026-01-05"), "looks like it contains a name"),
        (("case", "add", "Zoë", "40214", "--level", "urgent", "--referred", "2026-01-05"), "unknown level 'urgent'"),
        (("case", "add", "Zoë", "40214", "--level", "enhanced"), "the following arguments are required: --referred"),
        (("case", "show", "99999"), "no case with ref '99999'"),
        (("case", "list", "nobody"), "no staff member matches 'nobody'"),
        (("case",), "case: choose a subcommand"),
        (("report", "caseload", "nobody"), "no staff member matches 'nobody'"),
        (("report", "caseload", "Zoë", "--as-of", "yesterday"), "--as-of: 'yesterday' is not a date"),
        (("report", "caseload", "Zoë", "--format", "pdf"), "invalid choice: 'pdf'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(run, with_case, db_path, args, message):
    before = table_rows(db_path)
    result = run(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert "Traceback" not in result.err
    assert table_rows(db_path) == before


def test_closed_case_refuses_later_events_with_a_reason(run, with_case):
    assert run("case", "log", "40213", "closed", "2026-02-01").code == 0
    result = run("case", "log", "40213", "contact", "2026-02-02")
    assert result.code == 2 and "was closed on 2026-02-01; nothing dated after that can be recorded" in result.err


def test_help_warns_against_names_in_refs_and_notes(run):
    for args in (("case", "add", "--help"), ("case", "log", "--help")):
        text = " ".join(run(*args).out.split())
        assert "never the young person's name" in text
    assert "must not contain the young person's name" in " ".join(run("case", "log", "--help").out.split())


def test_empty_list_says_how_to_add(run):
    result = run("case", "list")
    assert result.code == 0 and "case add STAFF REF" in result.out
