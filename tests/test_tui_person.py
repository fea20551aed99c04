"""The person screen: a whole observation recorded from the keyboard in one pass, corrections, focus and sessions."""

from __future__ import annotations

import json

import pytest

from tui_support import (
    TODAY,
    database_held,
    failures,
    make_app,
    open_person,
    person_screen,
    press,
    rows,
    settle,
    static_text,
    type_text,
)

PERSON = "Jess Fraser"


def observation_ids(db) -> set[str]:
    return {row[0] for row in rows(db, "SELECT id FROM observations")}


def new_rows(db, before: set[str]) -> list[dict]:
    conn_rows = rows(
        db,
        "SELECT id, observation_id, revision, standard, rating, source, evidence, examples, observed_on, session_id, reason "
        "FROM observations ORDER BY recorded_at",
    )
    keys = ("id", "observation_id", "revision", "standard", "rating", "source", "evidence", "examples", "observed_on", "session_id", "reason")
    return [dict(zip(keys, row)) for row in conn_rows if row[0] not in before]


async def test_rate_three_standards_with_keys_evidence_and_examples_in_one_pass(demo_db, library):
    from supervision_tui.app.screens.person import PersonScreen
    from supervision_tui.app.widgets.recorder import EvidenceArea, ExamplesList
    from supervision_tui.app.widgets.standards_tree import StandardsTree

    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        screen = app.screen
        assert isinstance(screen, PersonScreen)
        assert isinstance(app.focused, StandardsTree) and screen.current == "U1"
        await press(pilot, "3", "e")
        assert isinstance(app.focused, EvidenceArea)
        await type_text(pilot, "Explained APIR 1234 clearly")  # digits in the evidence box are text, not ratings
        await press(pilot, "ctrl+s")
        assert screen.current == "U2" and isinstance(app.focused, StandardsTree)
        await press(pilot, "2", "ctrl+s")
        assert screen.current == "U3"
        await press(pilot, "x")
        assert isinstance(app.focused, ExamplesList)
        await press(pilot, "1", "3", "escape", "4", "ctrl+s")
        assert screen.current == "U4"
        assert failures(messages) == []
    saved = new_rows(demo_db, before)
    assert [(r["standard"], r["rating"]) for r in saved] == [("U1", "secure"), ("U2", "developing"), ("U3", "exemplary")]
    assert saved[0]["evidence"] == "Explained APIR 1234 clearly"
    assert json.loads(saved[2]["examples"]) == [1, 3]
    assert all(r["observed_on"] == TODAY.isoformat() and r["source"] == "observation" and r["session_id"] is None for r in saved)


async def test_after_ticking_examples_e_goes_to_the_evidence_and_s_changes_the_source(demo_db, library):
    """Letters in the examples list once did nothing and fell through to the screen: typing 'Saw a…' opened the actions."""
    from supervision_tui.app.screens.person import PersonScreen
    from supervision_tui.app.widgets.recorder import EvidenceArea, ExamplesList

    before = observation_ids(demo_db)
    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        screen = app.screen
        await press(pilot, "3", "x", "1")
        assert isinstance(app.focused, ExamplesList)
        await press(pilot, "s")
        assert screen.draft().source == "case-review"
        await press(pilot, "e")
        assert isinstance(app.focused, EvidenceArea)
        await type_text(pilot, "Saw a plan")
        assert app.screen is screen
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PersonScreen) and screen.current == "U2"
    saved = new_rows(demo_db, before)
    assert [(r["standard"], r["source"], r["evidence"], json.loads(r["examples"])) for r in saved] == [("U1", "case-review", "Saw a plan", [1])]


async def test_saving_again_in_the_same_pass_corrects_with_a_reason(demo_db, library):
    from supervision_tui.app.screens.dialogs import TextPrompt

    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "3", "ctrl+s", "up", "2", "ctrl+s")
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "pressed the wrong key")
        await press(pilot, "enter")
        assert app.screen.current == "U2"
    saved = new_rows(demo_db, before)
    assert len(saved) == 2
    first, correction = saved
    assert correction["observation_id"] == first["observation_id"] == first["id"]
    assert (first["rating"], correction["rating"], correction["revision"]) == ("secure", "developing", 2)
    assert correction["reason"] == "pressed the wrong key"
    current = rows(demo_db, "SELECT rating FROM current_observations WHERE observation_id = ?", (first["id"],))
    assert current == [("developing",)]


async def test_cancelling_the_reason_saves_nothing_and_keeps_the_draft(demo_db, library):
    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "3", "ctrl+s", "up", "1", "ctrl+s", "escape")
        screen = app.screen
        assert screen.recording.has_draft("U1")
        assert "Correction" in static_text(app, "#record-state")
    assert [r["rating"] for r in new_rows(demo_db, before)] == ["secure"]


async def test_saving_without_a_rating_writes_nothing_and_says_how(demo_db, library):
    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "e")
        await type_text(pilot, "some evidence")
        await press(pilot, "ctrl+s")
        assert app.screen.current == "U1"
        assert any("press 1–4" in n.message for n in app._notifications)
    assert new_rows(demo_db, before) == []


async def test_source_key_cycles_and_is_remembered_for_the_next_person(demo_db, library):
    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "s", "3", "ctrl+s")
        await press(pilot, "escape")
        await open_person(pilot, "Tom Jenkins")
        assert app.screen.draft().source == "case-review"
        await press(pilot, "2", "ctrl+s")
    assert [r["source"] for r in new_rows(demo_db, before)] == ["case-review", "case-review"]


async def test_leaving_with_unsaved_drafts_asks_first(demo_db, library):
    from supervision_tui.app.screens.dialogs import Confirm
    from supervision_tui.app.screens.home import HomeScreen
    from supervision_tui.app.screens.person import PersonScreen

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "3", "escape")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert isinstance(app.screen, PersonScreen)
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, HomeScreen)


async def test_rating_keys_follow_the_scale_length_and_only_work_in_the_list(demo_db, library):
    from supervision_tui.app.widgets.standards_tree import StandardsTree

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        screen = app.screen
        await press(pilot, "5")  # the APIR scale has four levels
        assert screen.draft().rating is None
        enabled = {key for key, active in screen.active_bindings.items() if active.enabled}
        assert {"1", "2", "3", "4"} <= enabled and "5" not in enabled
        await press(pilot, "tab")
        assert not isinstance(app.focused, StandardsTree)
        await press(pilot, "2")
        assert screen.draft().rating is None


async def test_a_session_collects_what_is_recorded_while_it_runs(demo_db, library):
    from supervision_tui.app.screens.person import PersonScreen
    from supervision_tui.app.screens.session import SessionScreen

    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "v")
        assert isinstance(app.screen, SessionScreen)
        session = app.active_sessions[staff_id_of(app)]
        await press(pilot, "escape")
        assert isinstance(app.screen, PersonScreen)
        assert static_text(app, "#session-bar").startswith("● In a session")
        await press(pilot, "down", "3", "ctrl+s", "up", "up", "1", "ctrl+s", "v")  # U2 first, then U1
        # in the framework's order, with the scale's names for the levels
        assert static_text(app, "#session-recorded").splitlines() == ["U1  Not evident  observation", "U2  Secure  observation"]
        await press(pilot, "escape", "down", "down", "down")
        await press(pilot, "v", "e")
        assert staff_id_of(app) not in app.active_sessions
        await press(pilot, "2", "ctrl+s")
    saved = new_rows(demo_db, before)
    assert [(r["standard"], r["session_id"]) for r in saved] == [("U2", session.id), ("U1", session.id), ("U5", None)]
    assert rows(demo_db, "SELECT held_on FROM sessions WHERE id = ?", (session.id,)) == [(TODAY.isoformat(),)]


def staff_id_of(app) -> str:
    screen = app.screen
    while not hasattr(screen, "staff_id"):
        screen = app.screen_stack[-2]
    return screen.staff_id


async def test_switching_framework_rebuilds_the_checklist(demo_db, library):
    from supervision_tui.app.widgets.standards_tree import StandardsTree

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "f", "down", "enter")
        assert app.framework_id == "methods-of-work"
        tree = app.screen.query_one(StandardsTree)
        assert tree.standard_ids == list(library.get("methods-of-work").standard_ids())
        assert app.screen.current == tree.standard_ids[0]


async def test_an_organisations_own_framework_with_a_three_level_scale(demo_db, tmp_path):
    from pathlib import Path

    from standards import load_library
    from supervision_tui.app.screens.framework_picker import FrameworkPicker
    from supervision_tui.app.widgets.standards_tree import StandardsTree

    folder = tmp_path / "own"
    folder.mkdir()
    text = (Path(__file__).parent / "fixtures" / "small.md").read_text()
    (folder / "small.md").write_text(text.replace("title: Small framework", "title: \"[b]Small[/b] framework\"").replace("## First stage", "## [red]First[/red] stage"))
    library = load_library(folder)
    framework = library.get("small")
    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "f")
        assert isinstance(app.screen, FrameworkPicker)
        from textual.widgets import OptionList

        shown = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert [line.startswith("● ") for line in shown] == [option_id == "apir" for option_id in library.ids()]
        await press(pilot, "end", "enter")
        assert app.framework_id == "small"
        tree = app.screen.query_one(StandardsTree)
        assert str(tree.root.children[0].label) == "[red]First[/red] stage"
        first = framework.standard_ids()[0]
        assert app.screen.current == first
        await press(pilot, "4")  # three levels: 4 is not a rating here
        assert app.screen.draft().rating is None
        await press(pilot, "3", "ctrl+s")
    assert [(r["standard"], r["rating"]) for r in new_rows(demo_db, before)] == [(first, "strong")]


async def test_switching_framework_keeps_each_frameworks_drafts_apart(demo_db, library):
    """APIR and Methods of Work both have an R1: what was typed for one never turns up in the other."""
    from supervision_tui.app.widgets.recorder import EvidenceArea

    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        screen = app.screen
        screen.go_to("R1")
        await press(pilot, "3", "e")
        await type_text(pilot, "Seen in APIR")
        await press(pilot, "escape", "f", "down", "enter")
        assert app.framework_id == "methods-of-work" and screen.current == "R1"
        assert screen.query_one(EvidenceArea).text == ""
        assert screen.draft().rating is None and screen.recording.pending() == []
        await press(pilot, "f", "up", "enter")
        screen.go_to("R1")
        await settle(pilot)
        assert (screen.draft().rating, screen.draft().evidence) == ("secure", "Seen in APIR")
        assert screen.query_one(EvidenceArea).text == "Seen in APIR"


async def test_leaving_warns_about_drafts_left_in_another_framework(demo_db, library):
    from supervision_tui.app.screens.dialogs import Confirm
    from supervision_tui.app.screens.person import PersonScreen

    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "3", "up")  # a draft for U1, then the stage heading above it
        await press(pilot, "f", "down", "enter")
        assert app.framework_id == "methods-of-work"
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm)
        assert "U1" in str(app.screen.query("Static")[1].content)
        await press(pilot, "n")
        assert isinstance(app.screen, PersonScreen)


async def test_a_save_that_lands_after_a_framework_switch_belongs_to_its_own_framework(demo_db, library):
    from supervision_tui.app.screens.dialogs import TextPrompt

    before = observation_ids(demo_db)
    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        screen = app.screen
        screen.go_to("R1")
        await settle(pilot)
        with database_held(app):
            await pilot.press("3", "ctrl+s", "f", "down", "enter")
        await settle(pilot)
        assert app.framework_id == "methods-of-work" and screen.current == "R1"
        assert screen.recording.saved("R1") is None
        await press(pilot, "2", "ctrl+s")
        assert not isinstance(app.screen, TextPrompt)  # a new observation, not a correction of the APIR one
    saved = rows(
        demo_db,
        "SELECT id, framework, standard, rating, revision FROM observations ORDER BY recorded_at",
    )
    assert [r[1:] for r in saved if r[0] not in before] == [("apir", "R1", "secure", 1), ("methods-of-work", "R1", "developing", 1)]


async def test_a_failed_read_does_not_reopen_a_save_that_is_still_being_written(demo_db, library):
    from supervision_tui.app.messages import StoreFailed

    before = observation_ids(demo_db)
    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        with database_held(app):
            await pilot.press("3", "ctrl+s")
            assert "Saving…" in static_text(app, "#record-state")
            app.screen.post_message(StoreFailed("database is locked"))  # as a reload that failed would say
            await pilot.pause()
            assert "Saving…" in static_text(app, "#record-state")
            await pilot.press("ctrl+s")
        await settle(pilot)
    assert [(r["standard"], r["rating"]) for r in new_rows(demo_db, before)] == [("U1", "secure")]


def _retracted(store, observation_id: str) -> None:
    store.retract_observation(observation_id, reason="recorded for the wrong person")


def _corrected(store, observation_id: str) -> None:
    store.correct_observation(observation_id, reason="it was exemplary", rating="exemplary")


@pytest.mark.parametrize(
    "meanwhile, said, revisions",
    [
        (_retracted, "retracted", [(1, "secure"), (2, "secure")]),
        (_corrected, "changed by someone else", [(1, "secure"), (2, "exemplary")]),
    ],
    ids=["retracted", "corrected"],
)
async def test_a_correction_refused_because_someone_else_changed_it_says_why_and_can_be_tried_again(
    demo_db, library, meanwhile, said, revisions
):
    """A colleague (e.g. on the command line) retracts or corrects the rating while the panel shows it: the store
    refuses the correction, the panel says why, nothing is written, and ctrl+s asks again (not stuck on "Saving")."""
    from observations.store.observation_store import Store
    from supervision_tui.app.screens.dialogs import TextPrompt

    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        await press(pilot, "3", "ctrl+s", "up")
        saved = app.screen.recording.saved("U1")
        with Store.open(demo_db, library) as store:
            meanwhile(store, saved.observation_id)
        await press(pilot, "2", "ctrl+s")
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "pressed the wrong key")
        await press(pilot, "enter")
        state = static_text(app, "#record-state")
        assert "Not saved" in state and said in state
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, TextPrompt)
        await press(pilot, "escape")
    found = rows(demo_db, "SELECT revision, rating FROM observations WHERE observation_id = ? ORDER BY revision", (saved.observation_id,))
    assert found == revisions


async def test_pressing_v_twice_quickly_opens_one_session(demo_db, library):
    from supervision_tui.app.screens.session import SessionScreen

    async with person_screen(demo_db, library, PERSON) as (app, pilot):
        staff = app.screen.staff_id
        with database_held(app):
            await pilot.press("v", "v")
        await settle(pilot)
        assert sum(isinstance(screen, SessionScreen) for screen in app.screen_stack) == 1
    assert rows(demo_db, "SELECT count(*) FROM sessions WHERE staff_id = ? AND held_on = ?", (staff, TODAY.isoformat())) == [(1,)]




async def test_delete_throws_away_one_unsaved_entry_and_keeps_the_others(demo_db, library):
    from supervision_tui.app.screens.home import HomeScreen

    before = observation_ids(demo_db)
    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, PERSON)
        await press(pilot, "3", "down", "2")  # U1 and U2 entered, neither saved
        assert app.screen.recording.pending() == ["U1", "U2"]
        await press(pilot, "delete")
        assert app.screen.recording.pending() == ["U1"] and app.screen.draft().rating is None
        await press(pilot, "up", "backspace", "escape")  # nothing left unsaved: leaving asks nothing
        assert isinstance(app.screen, HomeScreen)
    assert new_rows(demo_db, before) == []


async def test_a_letter_and_the_text_after_it_typed_in_one_burst_go_into_the_field_it_opens(demo_db, library):
    """'e' then evidence, all arriving at once (a fast typist, a paste, the browser): the text goes into the evidence.

    Before the recording letters were priority bindings, the text went to the standards list, where its letters are
    keys (s changes the source, a opens the actions).
    """
    from textual import events

    from supervision_tui.app.widgets.recorder import EvidenceArea

    app = make_app(demo_db, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_person(pilot, "Jess Fraser")
        for character in "eSaw a plan":
            app.post_message(events.Key("space" if character == " " else character, character))
        await settle(pilot)
        assert app.screen.query_one(EvidenceArea).text == "Saw a plan"
        assert app.screen.query_one(EvidenceArea).has_focus


def _drawn(screen) -> tuple[dict[str, str], str, str]:
    """What the person screen shows of its data: every standard's label in the list, the detail and the record state."""
    from supervision_tui.app.widgets.standards_tree import StandardsTree

    tree = screen.query_one(StandardsTree)
    labels = {standard_id: str(tree._standard_nodes[standard_id].label) for standard_id in tree.standard_ids}
    return labels, static_text(screen.app, "#detail-text"), static_text(screen.app, "#record-state")


async def test_after_a_save_or_a_refresh_the_screen_shows_what_a_full_redraw_would(demo_db, library):
    """Only what changed is redrawn after a save or a refresh (each redraw costs every session on a server its CPU):
    what is on screen then is checked against drawing every mark and panel again from the data just read."""
    from supervision_tui.app.report_messages import ReportLoaded

    messages: list = []
    async with person_screen(demo_db, library, PERSON, message_hook=messages.append) as (app, pilot):
        screen = app.screen
        caseload_reads = sum(isinstance(m, ReportLoaded) and m.kind == "caseload" for m in messages)
        standing_before = screen.data.standings["U1"]
        await press(pilot, "4", "ctrl+s")  # U1 saved, U2 on screen: U1's mark is redrawn from the reading after the save
        assert screen.data.standings["U1"] != standing_before
        seen = _drawn(screen)
        screen.show_marks()
        screen.show_current()
        assert _drawn(screen) == seen
        assert sum(isinstance(m, ReportLoaded) and m.kind == "caseload" for m in messages) == caseload_reads  # a rating changes no case

        from observations.store.observation_store import Store

        with Store.open(demo_db, library) as store:  # another program rates U5 meanwhile
            store.record_observation(screen.data.member.id, "U5", "exemplary", observed_on=app.as_of, observer="Someone else")
        await press(pilot, "ctrl+r")
        seen = _drawn(screen)
        screen.show_marks()
        screen.show_current()
        assert _drawn(screen) == seen and screen.data.standings["U5"].current is not None
