"""The app knows who is signed in: it says so on every screen, offers only the keys the role can use, and turns a
refused route into one line and a way back, with nothing written and no crash."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.widgets import DataTable, Footer
from tui_support import SIZE, TODAY, press, rows, settle, static_text, type_text

from observations.store.observation_store import Store
from observations.store.scope import MANAGER, TRAINER, WORKER, Scope

MANAGER_KEYS = {"New staff", "Mark as left", "Session", "Team view", "Load demo", "Save & next", "Evidence", "Source", "New action", "Complete", "Drop"}
WRITES = "SELECT (SELECT count(*) FROM observations) + (SELECT count(*) FROM actions) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM staff)"


@pytest.fixture
def service(db_path, library):
    """Jo manages North (Sam); Kim is in South, with evidence and an action nobody else should reach."""
    people = {  # who: (name, team, manager, started on)
        "jo": ("Jo Bloggs", "Managers", "", "2020-01-06"),
        "sam": ("Sam Taylor", "North", "Jo Bloggs", "2025-06-02"),
        "kim": ("Kim Lee", "South", "Lee Ann", "2024-01-08"),
    }
    with Store.open(db_path, library) as store:
        added = {who: store.add_staff(name, team=team, manager=boss, started_on=on) for who, (name, team, boss, on) in people.items()}
        store.record_observation(added["kim"].id, "A2", "secure", observed_on="2025-06-01", evidence="Kim's evidence")
        store.add_action(added["kim"].id, "Shadow a review", due_on="2025-06-20", standards=["A2"])
    return added


def worker(service) -> Scope:
    return Scope(WORKER, account="sam", staff_id=service["sam"].id, name="Sam Taylor")


def trainer() -> Scope:
    return Scope(TRAINER, account="tess")


def manager(service) -> Scope:
    return Scope(MANAGER, account="jo", staff_id=service["jo"].id, name="Jo Bloggs", teams=("North",))


@asynccontextmanager
async def running(db_path, library, scope):
    from supervision_tui.app import create_app

    app = create_app(db_path=db_path, library=library, today=TODAY, scope=scope)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            yield app, pilot
    finally:
        app.gateway.close()


def footer_keys(app) -> set[str]:
    return {key.description for key in app.screen.query_one(Footer).query("FooterKey")}


def signed_in(app) -> str:
    found = app.screen.query("#signed-in-as")
    return str(found.first().content) if found else ""


def notes(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def help_keys(app, pilot) -> set[str]:
    await press(pilot, "f1")
    table = app.screen.query_one("#help-keys", DataTable)
    listed = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
    await press(pilot, "escape")
    return listed


async def palette_names(app) -> set[str]:
    from supervision_tui.app.commands import ScreenCommands

    return {str(hit.text).rsplit(" (", 1)[0] async for hit in ScreenCommands(app.screen).discover()}


async def test_a_worker_sees_who_is_signed_in_on_every_screen_and_no_manager_keys(service, db_path, library):
    before = rows(db_path, WRITES)
    async with running(db_path, library, worker(service)) as (app, pilot):
        assert signed_in(app) == "Signed in as sam (worker)"
        assert footer_keys(app) & MANAGER_KEYS == set() and "Sign out" in footer_keys(app)
        assert not {"Add a new member of staff: name, team, role, start date, manager"} & await help_keys(app, pilot)
        assert await palette_names(app) & MANAGER_KEYS == set()
        assert "n new staff" not in static_text(app, "#home-status") and "t team" not in static_text(app, "#home-status")
        await press(pilot, "enter")  # their own record
        assert type(app.screen).__name__ == "PersonScreen" and signed_in(app) == "Signed in as sam (worker)"
        assert not app.screen.query_one("#recorder").display and "rate" not in str(app.screen.query_one("#standards").border_title)
        assert static_text(app, "#session-bar") == "Not in a session"
        assert footer_keys(app) & MANAGER_KEYS == set() and {"Actions", "Summary"} <= footer_keys(app)
        assert await palette_names(app) & (MANAGER_KEYS | {"Rate 1", "Discard", "Date", "Observer"}) == set()
        for key, screen in (("a", "ActionsScreen"), ("u", "SummaryScreen"), ("i", "InductionScreen")):
            await press(pilot, key)
            assert type(app.screen).__name__ == screen and signed_in(app) == "Signed in as sam (worker)"
            assert footer_keys(app) & MANAGER_KEYS == set()
            if screen == "ActionsScreen":
                assert app.screen.query_one("#actions").border_title == "Actions"  # no "n new · c complete · x drop"
            if screen == "InductionScreen":
                assert "Self-assess 1" in await palette_names(app)  # a new starter rates themself
            await press(pilot, "escape")
        for key in ("v", "L", "1", "ctrl+s"):  # pressed anyway: nothing happens, nothing is written
            await press(pilot, key)
        assert type(app.screen).__name__ == "PersonScreen" and app.active_sessions == {}
        assert notes(app) == []
    assert rows(db_path, WRITES) == before


async def test_a_worker_self_assesses_on_their_induction_checklist(service, db_path, library):
    async with running(db_path, library, worker(service)) as (app, pilot):
        await press(pilot, "i", "down", "2")
        assert rows(db_path, "SELECT source, recorded_by FROM observations WHERE staff_id = ?", (service["sam"].id,)) == [
            ("self-assessment", "sam")
        ]


async def test_every_route_a_worker_has_to_someone_else_is_refused_in_one_line(service, db_path, library):
    from supervision_tui.app.screens.actions import ActionsScreen
    from supervision_tui.app.screens.caseload import CaseloadScreen
    from supervision_tui.app.screens.induction import InductionScreen
    from supervision_tui.app.screens.person import PersonScreen
    from supervision_tui.app.screens.summary import SummaryScreen
    from supervision_tui.app.screens.today import screen_for

    before = rows(db_path, WRITES)
    kim = service["kim"]
    async with running(db_path, library, worker(service)) as (app, pilot):
        await press(pilot, "slash")
        await type_text(pilot, kim.ref)  # the find box: their ref or name finds no one
        assert app.screen.query_one("#staff", DataTable).row_count == 0
        await press(pilot, "enter", "enter")
        assert app.screen is app.screen_stack[0]
        await type_text(pilot, "Kim")
        assert app.screen.query_one("#staff", DataTable).row_count == 0
        assert "Kim" not in str(await palette_names(app))  # the palette names no person at all
        routes = [  # a stale screen, a Today row, a typed id: each a screen opened on Kim by id
            PersonScreen(kim.id), ActionsScreen(kim.id), SummaryScreen(kim.id), InductionScreen(kim.id), CaseloadScreen(kim.id),
            screen_for({"kind": "standard", "staff_id": kim.id, "target": "A2"}), screen_for({"kind": "action", "staff_id": kim.id}),
        ]
        for screen in routes:
            app.push_screen(screen)
            await settle(pilot)
            assert app.screen is app.screen_stack[0], f"{type(screen).__name__} stayed open"
            assert notes(app)[-1] == "a worker cannot see that person's record (it is not one of yours)"
            app.clear_notifications()
        assert routes[0].data is None  # nothing of Kim's reached the person screen before it went back
    assert rows(db_path, WRITES) == before


async def test_a_trainer_opening_a_person_is_told_they_see_reports_not_evidence(service, db_path, library):
    before = rows(db_path, WRITES)
    async with running(db_path, library, trainer()) as (app, pilot):
        assert signed_in(app) == "Signed in as tess (trainer)"
        assert {"Team view", "Induction", "Today"} <= footer_keys(app)
        assert footer_keys(app) & {"New staff", "Load demo", "Open"} == set()  # enter is not offered for a person
        await press(pilot, "slash")
        await type_text(pilot, "Kim")
        await press(pilot, "enter", "enter")
        assert app.screen is app.screen_stack[0] and notes(app) == []
        app.screen.query_one(DataTable).action_select_cursor()  # a click on the row still selects it: the store says no
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        assert notes(app) == ["a trainer sees training and induction reports, not evidence"]
        await press(pilot, "i")  # the induction checklist is theirs to read, but not to self-assess on
        assert type(app.screen).__name__ == "InductionScreen"
        assert not any(name.startswith("Self-assess") for name in await palette_names(app))
        assert footer_keys(app) & {"Self-assess"} == set()
        await press(pilot, "down", "2")
        await press(pilot, "escape", "t")
        assert type(app.screen).__name__ == "TeamScreen" and signed_in(app) == "Signed in as tess (trainer)"
        assert "Open person" not in footer_keys(app)
    assert rows(db_path, WRITES) == before


async def test_a_stale_screen_goes_back_when_its_person_is_no_longer_yours(service, db_path, library):
    async with running(db_path, library, manager(service)) as (app, pilot):
        await press(pilot, "slash")
        await type_text(pilot, "Sam")
        await press(pilot, "enter", "enter")
        assert type(app.screen).__name__ == "PersonScreen" and app.screen.staff_id == service["sam"].id
        with Store.open(db_path, library) as store:  # meanwhile, an admin moves Sam to another team and manager
            store.db.execute("UPDATE staff SET team = 'South', manager = 'Lee Ann' WHERE id = ?", [service["sam"].id])
            store.db.conn.commit()
        await press(pilot, "ctrl+r")
        assert app.screen is app.screen_stack[0]
        assert "a manager cannot see that person's record (it is not one of yours)" in notes(app)


async def test_the_terminal_shows_no_one_signed_in_and_no_sign_out(service, db_path, library):
    from observations.store.scope import TERMINAL

    async with running(db_path, library, TERMINAL) as (app, pilot):
        assert signed_in(app) == "" and "Sign out" not in footer_keys(app)
        assert {"New staff", "Team view"} <= footer_keys(app)
        assert "Sign out" not in await palette_names(app)
        await press(pilot, "f9")
        assert app.screen is app.screen_stack[0] and app.is_running


async def test_sign_out_asks_then_sends_the_browser_to_the_servers_sign_out_page(service, db_path, library, monkeypatch):
    from supervision_tui.app.application import SupervisionApp

    opened: list[tuple[str, bool]] = []
    async with running(db_path, library, worker(service)) as (app, pilot):
        monkeypatch.setattr(SupervisionApp, "is_web", property(lambda self: True))
        monkeypatch.setattr(app, "open_url", lambda url, *, new_tab=True: opened.append((url, new_tab)))
        await press(pilot, "f9", "n")
        assert opened == [] and app.screen is app.screen_stack[0]
        await press(pilot, "f9", "y")
        assert opened == [("/sign-out", False)]


async def test_sign_out_outside_a_browser_closes_the_app(service, db_path, library):
    async with running(db_path, library, worker(service)) as (app, pilot):
        await press(pilot, "f9", "y")
    assert app.return_code == 0


async def test_in_a_browser_the_drivers_start_up_blur_is_taken_back_and_a_later_blur_stands(service, db_path, library, monkeypatch):
    """textual-serve's driver blurs the app as it starts and the page's first "focus" is lost: the footer would stay blank."""
    from textual import events

    from supervision_tui.app.application import SupervisionApp

    monkeypatch.setattr(SupervisionApp, "is_web", property(lambda self: True))
    async with running(db_path, library, worker(service)) as (app, pilot):
        app.post_message(events.AppBlur())
        await settle(pilot)
        assert app.app_focus and "Filter" in footer_keys(app)
        app.post_message(events.AppBlur())  # the person went to another tab
        await settle(pilot)
        assert not app.app_focus


async def test_an_empty_database_tells_each_role_only_what_it_can_do(tmp_path, library):
    empty = tmp_path / "empty.db"
    Store.open(empty, library).close()
    for scope, says in (
        (Scope(MANAGER, account="jo", teams=("North",)), "Press n to add your first member of staff."),
        (trainer(), "An admin or a manager adds them."),
    ):
        async with running(empty, library, scope) as (app, pilot):
            assert static_text(app, "#empty").endswith(says) and "press d" not in static_text(app, "#empty")
            assert "d loads the demo" not in static_text(app, "#home-status")
            await press(pilot, "d")
            assert rows(empty, "SELECT count(*) FROM staff") == [(0,)]


async def test_below_100_columns_the_footer_names_the_account_shortly(service, db_path, library):
    from supervision_tui.app import create_app

    app = create_app(db_path=db_path, library=library, today=TODAY, scope=manager(service))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = [str(label.content) for label in app.screen.query(".signed-in") if label.display]
            assert shown == ["jo (manager)"]
    finally:
        app.gateway.close()


async def test_a_worker_is_told_the_self_assessment_is_their_own(service, db_path, library):
    """On their own checklist it is 'your self-assessment'; anyone typing it in for them is told whose (test_tui_induction)."""
    async with running(db_path, library, worker(service)) as (app, pilot):
        await press(pilot, "i")
        screen = app.screen
        screen.query_one("#checklist").move_cursor(row=screen.query_one("#checklist").get_row_index("U1"))
        await press(pilot, "2")
        assert "Saved your self-assessment of U1: Developing." in [n.message for n in app._notifications]
