"""The caseload review's data, its Markdown and HTML renderings, per-PA counts, and the demo's mix of flags."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from store_helpers import add_person

from observations.caseload import RULE_IDS, STATUSES, add_case, caseload_report, change_level, log_event, overdue_cases_by_staff
from observations.errors import InputError
from observations.reports import environment, render_report
from observations.reports.markdown_escape import escape_inline

AS_OF = date(2025, 6, 2)


@pytest.fixture
def caseload(store):
    """One PA with a case of each kind of outcome, and a colleague with a tidy caseload."""
    pa = add_person(store, "Zoë *[O'Neil](http://x)* <b>bold</b>", team="North | East")
    add_case(store, pa.id, "40001", level="intensive", referred_on="2025-05-20")  # first contact overdue
    add_case(store, pa.id, "40002", level="enhanced", referred_on="2025-05-30")  # all still due
    add_case(store, pa.id, "40003", level="intensive", referred_on="2025-03-03")
    for day in ("2025-03-04", "2025-03-11", "2025-03-20", "2025-03-27"):  # a 9-day gap: missed
        log_event(store, "40003", "contact", day)
    log_event(store, "40003", "plan-of-work", "2025-03-06")
    change_level(store, "40003", "enhanced", "2025-04-01")
    add_case(store, pa.id, "40004", level="intensive", referred_on="2024-11-04")
    log_event(store, "40004", "contact", "2024-11-05")
    log_event(store, "40004", "closed", "2025-01-10")  # closed long ago: out of the review
    add_case(store, pa.id, "40005", level="intensive", referred_on="2025-02-03")
    log_event(store, "40005", "contact", "2025-02-04")
    log_event(store, "40005", "closed", "2025-04-01")  # closed recently, no manager discussion: missed
    tidy = add_person(store, "Tom Byrne")
    add_case(store, tidy.id, "50001", level="watching-brief", referred_on="2025-05-01")
    log_event(store, "50001", "contact", "2025-05-02")
    return pa, tidy


def test_report_json_shape_order_and_counts(store, caseload):
    pa, _ = caseload
    report = caseload_report(store, pa.id, as_of=AS_OF)
    assert report["as_of"] == "2025-06-02" and report["staff"]["ref"] == pa.ref
    assert [r["rule"] for r in report["rules"]] == list(RULE_IDS)
    refs = [c["ref"] for c in report["cases"]]
    assert set(refs) == {"40001", "40002", "40003", "40005"}  # 40004 closed before the review window
    for case in report["cases"]:
        assert {"ref", "level", "flags"} <= case.keys()
        for flag in case["flags"]:
            assert {"rule", "status", "due", "detail", "citation", "source"} <= flag.keys()
            assert flag["status"] in STATUSES and flag["citation"]
    worst = [c["worst"] for c in report["cases"]]
    assert worst == sorted(worst, key=STATUSES.index)  # most pressing first
    by_ref = {c["ref"]: c for c in report["cases"]}
    first = next(f for f in by_ref["40001"]["flags"] if f["rule"] == "first-contact")
    assert first | {"detail": None} == {  # Monday 26 May 2025 was the spring bank holiday
        "rule": "first-contact", "status": "overdue", "due": "2025-05-28", "detail": None, "title": "First contact within five working days",
        "citation": "Contacting the young person within five working days of receiving the referral form.",
        "source": "Assessment: Plan effectively for assessment",
        "document": "Working with young people on your caseload",  # the apir framework file's own title
    }
    assert {f["status"] for f in by_ref["40002"]["flags"]} == {"due"}
    assert by_ref["40003"]["level"] == "enhanced" and len(by_ref["40003"]["levels"]) == 2
    assert ("weekly-contact", "missed") in {(f["rule"], f["status"]) for f in by_ref["40003"]["flags"]}
    assert ("intensive-closure", "missed") in {(f["rule"], f["status"]) for f in by_ref["40005"]["flags"]}
    statuses = Counter(f["status"] for c in report["cases"] for f in c["flags"])
    assert report["counts"]["flags"] == {s: statuses[s] for s in STATUSES}
    assert report["counts"] | {"flags": None} == {"cases": 4, "open": 3, "behind": 3, "flags": None}


def test_report_as_of_an_earlier_date(store, caseload):
    pa, _ = caseload
    report = caseload_report(store, pa.id, as_of=date(2025, 3, 15))
    assert {c["ref"] for c in report["cases"]} == {"40003", "40004", "40005"}  # 40001-2 not referred yet; 40004 closed within three months
    by_ref = {c["ref"]: c for c in report["cases"]}
    assert by_ref["40003"]["level"] == "intensive"  # the level change came later
    weekly = [(f["status"], f["due"]) for f in by_ref["40003"]["flags"] if f["rule"] == "weekly-contact"]
    assert weekly == [("due", "2025-03-18")]  # the late contact of 2025-03-20 has not happened yet
    assert by_ref["40005"]["status"] == "open"


def test_overdue_cases_by_staff_counts_cases_behind(store, caseload):
    pa, tidy = caseload
    nobody = add_person(store, "No Cases")
    counts = overdue_cases_by_staff(store, [pa.id, tidy.id, nobody.id], as_of=AS_OF)
    assert counts == {pa.id: 3, tidy.id: 0, nobody.id: 0}
    assert overdue_cases_by_staff(store, None, as_of=AS_OF) == {pa.id: 3, tidy.id: 0}
    assert overdue_cases_by_staff(store, [tidy.id], as_of=date(2025, 9, 1)) == {tidy.id: 1}  # three months on


def test_markdown_escapes_user_text_and_reads_as_a_report(store, caseload):
    pa, _ = caseload
    text = render_report(kind="caseload", fmt="md", data=caseload_report(store, pa.id, as_of=AS_OF))
    assert text.startswith("# Caseload review: Zoë \\*\\[O'Neil\\](http://x)\\* \\<b\\>bold\\</b\\>")
    assert "North \\| East" in text and "<b>" not in text
    assert "## Case 40001: intensive (apir), open" in text
    assert "| first-contact | **overdue** | 2025-05-28 |" in text
    assert "> Contacting the young person within five working days of receiving the referral form." in text


def test_markdown_renders_to_the_same_words_without_markup(store, caseload):
    from markdown_it import MarkdownIt

    pa, _ = caseload
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(render_report(kind="caseload", fmt="md", data=caseload_report(store, pa.id, as_of=AS_OF)))
    assert "<h1>Caseload review: Zoë *[O'Neil](http://x)* &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<a href" not in html and "<em>" not in html


def test_html_is_a_standalone_escaped_a4_page(store, caseload):
    pa, _ = caseload
    html = render_report(kind="caseload", fmt="html", data=caseload_report(store, pa.id, as_of=AS_OF))
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "size: A4" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold" not in html
    assert not re.search(r"<(link|script|img|iframe)\b|src=|url\(|@import", html)
    assert 'href="http' not in html
    assert html.count('<section class="case">') == 4
    assert 'id="rule-intensive-closure"' in html


def test_html_uses_the_same_a4_page_as_the_other_reports(store, caseload):
    pa, _ = caseload
    page = environment().get_template("_page.html.j2").render()
    shared = page[page.index("<style>"):page.index("@media print")]  # everything up to where a report adds its own
    html = render_report(kind="caseload", fmt="html", data=caseload_report(store, pa.id, as_of=AS_OF))
    assert shared in html
    assert html.count("@page") == 1 and html.count("<style>") == 1


def test_an_empty_caseload_still_renders(store):
    pa = add_person(store, "New Starter")
    report = caseload_report(store, pa.id, as_of=AS_OF)
    assert report["cases"] == [] and report["counts"]["cases"] == 0
    assert "No cases in this review." in render_report(kind="caseload", fmt="md", data=report)
    assert "No cases in this review." in render_report(kind="caseload", fmt="html", data=report)
    with pytest.raises(InputError, match="no 'pdf' format"):
        render_report(kind="caseload", fmt="pdf", data=report)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain words", "plain words"),
        ("- a list?", "\\- a list?"),
        ("1. numbered", "1\\. numbered"),
        ("# heading", "\\# heading"),
        ("a | b", "a \\| b"),
        ("two\nlines", "two lines"),
        ("back\\slash `code` _x_ <tag> &amp;", "back\\\\slash \\`code\\` \\_x\\_ \\<tag\\> \\&amp;"),
    ],
)
def test_markdown_escape(text, expected):
    assert escape_inline(text) == expected


def test_the_demo_gives_a_pa_every_kind_of_flag(tmp_path, library):
    from observations.demo.organisation import populate_demo
    from observations.store.observation_store import Store

    as_of = date(2025, 9, 15)
    with Store.open(tmp_path / "demo.db", library) as demo:
        populate_demo(demo, staff=30, months=12, seed=3, as_of=as_of)
        statuses_by_pa = {}
        for member in demo.list_staff(include_left=False):
            report = caseload_report(demo, member.id, as_of=as_of)
            statuses_by_pa[member.id] = {f["status"] for c in report["cases"] for f in c["flags"]}
            for case in report["cases"]:
                assert re.fullmatch(r"\d{5}" if case["framework"] == "apir" else r"FS/\d{4}/\d{4}", case["ref"])
    complete = [pa for pa, statuses in statuses_by_pa.items() if statuses == set(STATUSES)]
    assert len(complete) >= 3, statuses_by_pa
    assert set().union(*statuses_by_pa.values()) == set(STATUSES)
