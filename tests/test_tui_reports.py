"""Report screens: the summary and its export, the team heatmap against the training report, induction, caseload."""

from __future__ import annotations

import stat

import pytest

from observations.caseload import caseload_report
from observations.reports.induction import induction_report
from observations.reports.needs import needs_report
from observations.reports.training import training_report
from observations.store.observation_store import Store
from tui_support import (
    TODAY,
    failures,
    fits_the_width,
    make_app,
    open_person,
    press,
    rows,
    settle,
    static_text,
    staff_id,
    type_text,
)

PERSON = "Jess Fraser"


async def test_summary_shows_the_needs_report_and_exports_markdown_and_html_owner_only(demo_db, library, tmp_path, monkeypatch):
    from textual.widgets import Markdown

    from supervision_tui.app.screens.summary import SummaryScreen

    monkeypatch.chdir(tmp_path)
    app = make_app(demo_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "u")
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        with Store.open(demo_db, library) as store:
            expected = needs_report(store, staff_id(demo_db, PERSON), as_of=TODAY)
        assert screen.report_data == expected
        assert f"Development-needs summary: {PERSON}" in screen.query_one(Markdown).source
        await press(pilot, "m", "enter")
        md_path = screen.last_export
        assert md_path is not None and md_path.parent == tmp_path and md_path.suffix == ".md"
        ref, name = expected["person"]["ref"], expected["person"]["name"]
        assert md_path.name == f"needs-{name.replace(' ', '-')}-{ref}-{TODAY.isoformat()}.md"  # whose it is, at a glance
        assert str(md_path) in static_text(app, "#summary-status")
        await press(pilot, "h", "ctrl+u")
        await type_text(pilot, str(tmp_path / "summary.html"))
        await press(pilot, "enter")
        assert failures(messages) == []
        await press(pilot, "m", "ctrl+u")  # a folder that does not exist: the command line's one line, nothing written
        await type_text(pilot, str(tmp_path / "nowhere" / "x.md"))
        await press(pilot, "enter")
        assert failures(messages) == [f"cannot write {tmp_path / 'nowhere' / 'x.md'}: folder {tmp_path / 'nowhere'} does not exist"]
        assert screen.last_export == tmp_path / "summary.html"
    assert md_path.read_text().startswith(f"# Development-needs summary: {PERSON}")
    html = (tmp_path / "summary.html").read_text()
    assert "<html" in html.lower() and PERSON in html
    for path in (md_path, tmp_path / "summary.html"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_team_view_totals_and_follow_through_equal_the_training_report(demo_db, library):
    from observations.follow_through import action_facts, follow_through_summary
    from supervision_tui.app.screens.team import TeamScreen

    team = rows(demo_db, "SELECT team FROM staff WHERE name = ?", (PERSON,))[0][0]
    person_id = staff_id(demo_db, PERSON)
    with Store.open(demo_db, library) as store:
        report = training_report(store, team=team, as_of=TODAY)
        own = follow_through_summary(action_facts(store, TODAY, staff_id=person_id), TODAY)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, PERSON)
        await press(pilot, "enter", "t")
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        shown = screen.totals_shown()
        heatmap_rows = screen.query_one("#heatmap").row_count
        line = static_text(app, "#team-follow-through")
        cell = str(screen.query_one("#heatmap").get_cell(person_id, "follow"))
    assert shown == {item["standard"]: item["staff_with_need"] for item in report["by_standard"]}
    assert sum(shown.values()) == report["counts"]["need"] > 0
    assert heatmap_rows == report["scope"]["staff"] + 1
    whole = report["follow_through"]
    assert whole["counted"] > 0
    assert f"{whole['percent']}% of actions done by their due date ({whole['on_time']} of {whole['counted']};" in line
    assert line.startswith("Follow-through ") and "(the Done column per person): " in line  # the heading 'Done' is explained
    assert whole["sparkline"] in line and len(whole["sparkline"]) == 12
    assert cell.strip() == ("-" if own["percent"] is None else f"{own['percent']}%")


async def test_team_view_exports_the_training_report_as_csv(demo_db, library, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        counts = static_text(app, "#team-counts")
        await press(pilot, "c", "enter")
        path = app.screen.last_export
        assert static_text(app, "#team-counts") == counts, "the totals stay in view after an export"
        assert static_text(app, ".export-path") == f"Saved {path}"
    assert path is not None and path.read_text().startswith("ref,name,team,stage,standard")


async def test_induction_view_progress_and_self_assessment(demo_db, library):
    from textual.widgets import ProgressBar

    from supervision_tui.app.screens.dialogs import TextPrompt
    from supervision_tui.app.screens.induction import InductionScreen

    person = staff_id(demo_db, PERSON)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "i")
        screen = app.screen
        assert isinstance(screen, InductionScreen)
        with Store.open(demo_db, library) as store:
            expected = induction_report(store, person, as_of=TODAY)
        bar = screen.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (expected["progress"]["met"], expected["progress"]["total"])
        assert screen.highlighted_standard() == "U1"  # the first standard, not its stage heading, so a number key works at once
        await press(pilot, "2")
        await press(pilot, "4")
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "changed my mind")
        await press(pilot, "enter")
    own = rows(
        demo_db,
        "SELECT rating, source, revision, observer FROM current_observations WHERE staff_id = ? AND standard = 'U1' "
        "AND source = 'self-assessment' ORDER BY recorded_at DESC LIMIT 1",
        (person,),
    )
    assert own == [("exemplary", "self-assessment", 2, PERSON)]


async def test_induction_checklist_keeps_the_self_assessment_in_view_on_an_80_column_terminal(demo_db, library):
    """The stage headings ('Underpinning Processes: 0 of 7 met') widened the Standard column past the screen's edge,
    so at 80 columns the date of a self-assessment was cut off; and a column never narrowed once widened."""
    from supervision_tui.app.screens.induction import ChecklistTable

    app = make_app(demo_db, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "i", "2")
        table = app.screen.query_one(ChecklistTable)
        assert str(table.get_cell("U1", "self")) == f"Developing {TODAY.isoformat()}"
        assert fits_the_width(table)
        narrow = str(table.get_cell("U2", "standard"))
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert len(str(table.get_cell("U2", "standard"))) > len(narrow), "a wider terminal shows more of each statement"
        assert fits_the_width(table)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert str(table.get_cell("U2", "standard")) == narrow and fits_the_width(table)
        await press(pilot, "f", "down", "enter")  # Methods of Work: longer stage titles
        assert app.framework_id == "methods-of-work" and fits_the_width(table)


async def test_induction_export_writes_the_checklist_and_keeps_its_path_on_screen(demo_db, library, tmp_path, monkeypatch):
    """The induction view said where it saved only in a toast (twice over), gone a few seconds later."""
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "i", "m", "enter")
        path = app.screen.last_export
        assert path is not None and path.parent == tmp_path
        assert static_text(app, ".export-path") == f"Saved {path}"
        assert [n.message for n in app._notifications].count(f"Saved {path}") == 1
    assert path.read_text().startswith("#") and PERSON in path.read_text()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_caseload_flags_on_the_person_screen(demo_db, library, size):
    """Every flag, each with its status and due date in view and what happened whole, at 80 columns too.

    (The flag's title and what happened were once laid out at full width, so at 80 columns Status and Due sat off screen.)
    """
    from textual.widgets import DataTable

    person = staff_id(demo_db, PERSON)
    with Store.open(demo_db, library) as store:
        report = caseload_report(store, person, as_of=TODAY)
    app = make_app(demo_db, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        line = static_text(app, "#caseload-bar")
        behind = report["counts"]["behind"] or "none"
        assert f"{report['counts']['cases']} case" in line and f"{behind} behind" in line
        await press(pilot, "k")
        table = app.screen.query_one(DataTable)
        assert fits_the_width(table)
        details = [str(table.get_cell_at((row, 5))) for row in range(table.row_count)]
    assert details == [flag["detail"] for case in report["cases"] for flag in case["flags"]] and details, "wrapped, never cut"

