"""The session agenda screen as a manager uses it: from the session view, tick an item, decide, agree, file the record."""

from __future__ import annotations

import json
import stat
from contextlib import asynccontextmanager

from tui_support import HOSTILE_EVIDENCE, TODAY, make_app, open_person, person_screen, press, rows, settle, static_text, type_text

PERSON = "Jess Fraser"


async def test_run_a_session_from_its_agenda_to_a_filed_record(demo_db, library, tmp_path):
    from supervision_tui.app.screens.agenda import AgendaScreen, AgendaTable

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "v", "a")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        table = screen.query_one(AgendaTable)
        first = screen.agenda["items"][0]
        assert table.row_count == len(screen.agenda["items"]) > 0
        assert static_text(app, "#agenda-state").startswith(f"0 of {table.row_count} items ticked")
        await press(pilot, "space")
        await type_text(pilot, HOSTILE_EVIDENCE)
        await press(pilot, "enter")
        assert str(table.get_row_at(0)[0]) == "☑"
        await press(pilot, "d")
        await type_text(pilot, "Case review moved to Friday")
        await press(pilot, "enter")
        assert "Case review moved to Friday" in static_text(app, "#agenda-decisions")
        await press(pilot, "g", "enter", "enter")  # the manager and the person, as offered
        await type_text(pilot, "2025-07-28")
        await press(pilot, "enter")
        record = screen.report_data
        assert record is not None and static_text(app, "#agenda-state").startswith("Agreed by ")
        await press(pilot, "d")  # agreed: nothing more is decided
        assert app.screen is screen  # no prompt opened
        await press(pilot, "h", "ctrl+u")
        await type_text(pilot, str(tmp_path / "record.html"))
        await press(pilot, "enter")
    stored = rows(demo_db, "SELECT kind, body FROM session_records")
    assert [kind for kind, _ in stored] == ["agreed"]
    body = json.loads(stored[0][1])
    assert body["next_session_on"] == "2025-07-28" and body["session"]["held_on"] == TODAY.isoformat()
    ticked = [item for item in body["items"] if item["discussed"]]
    assert [(i["kind"], i["subject"], i["note"]) for i in ticked] == [(first["kind"], first["subject"], HOSTILE_EVIDENCE)]
    assert [d["note"] for d in body["decisions"]] == ["Case review moved to Friday"]
    assert rows(demo_db, "SELECT count(*) FROM session_items WHERE kind = 'decision'") == [(1,)]
    page = (tmp_path / "record.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and f"Supervision record: {PERSON}" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert stat.S_IMODE((tmp_path / "record.html").stat().st_mode) == 0o600


@asynccontextmanager
async def agenda_of_today(demo_db, library):
    """The app at 120x40 on the agenda of a session started today with PERSON."""
    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "v", "a")
        yield app, pilot


async def test_ticking_an_item_moves_on_to_the_next_not_ticked(demo_db, library):
    """The agenda is gone through in order: after a tick the cursor is on the next item still to discuss, skipping ticked ones."""
    from supervision_tui.app.screens.agenda import AgendaTable

    async with agenda_of_today(demo_db, library) as (app, pilot):
        table = app.screen.query_one(AgendaTable)
        assert table.row_count >= 3
        await press(pilot, "down", "space", "enter")  # tick the second item
        assert str(table.get_row_at(1)[0]) == "☑" and table.cursor_row == 2
        await press(pilot, "up", "up", "space", "enter")  # tick the first: the second is ticked, so on to the third
        assert str(table.get_row_at(0)[0]) == "☑" and table.cursor_row == 2


async def test_every_step_of_agreeing_says_which_of_three_it_is(demo_db, library):
    from supervision_tui.app.screens.dialogs import TextPrompt

    async with agenda_of_today(demo_db, library) as (app, pilot):
        titles = []
        for key in ("g", "enter", "enter"):
            await press(pilot, key)
            assert isinstance(app.screen, TextPrompt)
            titles.append(app.screen.title_text)
        assert titles == [f"Agree the session ({n} of 3)" for n in (1, 2, 3)]


async def test_agreeing_ends_the_session_so_later_ratings_are_not_filed_under_it(demo_db, library):
    """The record is fixed once agreed: a rating saved afterwards must not claim to belong to that session."""
    async with agenda_of_today(demo_db, library) as (app, pilot):
        session_id = app.screen.session_id
        await press(pilot, "g", "enter", "enter")
        await type_text(pilot, "2025-07-28")
        await press(pilot, "enter")
        assert app.screen.report_data is not None  # agreed
        in_session = rows(demo_db, "SELECT count(*) FROM current_observations WHERE session_id = ?", (session_id,))
        await press(pilot, "escape", "escape")
        assert type(app.screen).__name__ == "PersonScreen"
        assert app.active_sessions == {}
        assert static_text(app, "#session-bar").startswith("Not in a session")
        outside = "SELECT count(*) FROM current_observations WHERE session_id IS NULL AND observed_on = ?"
        (before,) = rows(demo_db, outside, (TODAY.isoformat(),))
        await press(pilot, "3", "ctrl+s")
        assert rows(demo_db, "SELECT count(*) FROM current_observations WHERE session_id = ?", (session_id,)) == in_session
        assert rows(demo_db, outside, (TODAY.isoformat(),)) == [(before[0] + 1,)]


async def test_a_mistyped_next_session_date_is_said_in_the_dialog_and_the_names_stand(demo_db, library):
    """The third step checks the date as the record would: a wrong one is said under the box, with the text kept to
    mend, and the manager's and staff member's names typed before it are not asked again."""
    from supervision_tui.app.screens.dialogs import TextPrompt

    async with agenda_of_today(demo_db, library) as (app, pilot):
        agenda = app.screen
        await press(pilot, "g", "enter", "enter")
        await type_text(pilot, "2020-01-06")  # before the session
        await press(pilot, "enter")
        assert isinstance(app.screen, TextPrompt) and app.screen.title_text == "Agree the session (3 of 3)"
        assert f"is not after this session on {TODAY.isoformat()}" in static_text(app, "#prompt-error")
        assert agenda.report_data is None  # nothing agreed
        await press(pilot, *["backspace"] * 10)
        await type_text(pilot, "2027-01-04")
        await press(pilot, "enter")
        assert agenda.report_data is not None and agenda.report_data["next_session_on"] == "2027-01-04"
        assert agenda.report_data["agreed"]["manager"] and agenda.report_data["agreed"]["staff"]
