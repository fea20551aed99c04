"""Roles enforced in the store, not the UI: what each scope may see and write, whichever way it asks."""

from __future__ import annotations

import json
from datetime import date

import pytest

from observations.errors import InputError, NotFoundError
from observations.read_models import load_person
from observations.staff_listing import count_people, list_first_people
from observations.reports.needs import needs_report
from observations.reports.training import training_report
from observations.store.observation_store import Store
from observations.store.scope import ADMIN, MANAGER, TERMINAL, TRAINER, WORKER, AccessDenied, Scope
from observations.today import today_report

AS_OF = date(2025, 6, 30)


@pytest.fixture
def service(db_path, library):
    """Two teams: Jo manages North (Sam, Ann); Lee manages South (Kim). Sam has evidence, an action and a session."""
    with Store.open(db_path, library) as store:
        jo = store.add_staff("Jo Bloggs", team="Managers", started_on="2020-01-06")
        sam = store.add_staff("Sam Taylor", team="North", manager="Jo Bloggs", started_on="2024-01-08")
        ann = store.add_staff("Ann Other", team="North", manager="Jo Bloggs", started_on="2024-01-08")
        kim = store.add_staff("Kim Lee", team="South", manager="Lee Ann", started_on="2024-01-08")
        store.record_observation(sam.id, "A2", "developing", observed_on="2025-06-01", evidence="Saw the plan with case 1234")
        store.record_observation(kim.id, "A2", "secure", observed_on="2025-06-01", evidence="Kim's evidence")
        action = store.add_action(sam.id, "Shadow a review", due_on="2025-06-20", standards=["A2"])
        session = store.add_session(kim.id, held_on="2025-06-02")
    return {"jo": jo, "sam": sam, "ann": ann, "kim": kim, "action": action, "kim_session": session}


def scoped(db_path, library, scope: Scope) -> Store:
    return Store.open(db_path, library, scope=scope)


def as_worker(service) -> Scope:
    return Scope(WORKER, account="sam", staff_id=service["sam"].id, name="Sam Taylor")


def as_manager(service) -> Scope:
    return Scope(MANAGER, account="jo", staff_id=service["jo"].id, name="Jo Bloggs", teams=("north",))


def test_a_scope_must_name_a_known_role_and_a_worker_their_record():
    with pytest.raises(InputError, match="unknown role"):
        Scope("superuser")
    with pytest.raises(InputError, match="own staff record"):
        Scope(WORKER, account="x")
    assert TERMINAL.role == ADMIN and TERMINAL.is_admin


def test_a_worker_sees_only_themself_by_every_route(service, db_path, library):
    with scoped(db_path, library, as_worker(service)) as store:
        assert [m.name for m in store.list_staff()] == ["Sam Taylor"]
        assert store.teams() == ["North"]
        assert store.find_staff("Sam").id == service["sam"].id
        with pytest.raises(NotFoundError):  # another person is not found, rather than shown to exist
            store.find_staff("Kim Lee")
        with pytest.raises(NotFoundError):
            store.find_staff(service["kim"].ref)
        for attempt in (
            lambda: store.staff(service["kim"].id),
            lambda: load_person(store, store.framework("apir"), service["kim"].id, AS_OF),
            lambda: needs_report(store, service["kim"].id, as_of=AS_OF),
            lambda: store.history(service["kim"].id),
            lambda: store.sessions(service["kim"].id),
            lambda: store.session(service["kim_session"].id),
            lambda: training_report(store, as_of=AS_OF),
        ):
            with pytest.raises(AccessDenied):
                attempt()
        assert set(count_people(store, store.framework("apir"), AS_OF)) == {service["sam"].id}
        assert [m.name for m in list_first_people(store, 40).people] == ["Sam Taylor"]
        assert {item["staff_id"] for item in today_report(store, "apir", as_of=AS_OF)["items"]} <= {service["sam"].id}
        assert [a.staff_id for a in store.list_actions()] == [service["sam"].id]


def test_a_worker_records_only_their_own_self_assessments_as_their_account(service, db_path, library):
    with scoped(db_path, library, as_worker(service)) as store:
        own = store.record_observation(service["sam"].id, "A3", "secure", observed_on="2025-06-03", source="self-assessment")
        assert (own.observer, own.recorded_by) == ("Sam Taylor", "sam")
        for attempt in (
            lambda: store.record_observation(service["sam"].id, "A3", "secure", observed_on="2025-06-03", source="observation"),
            lambda: store.record_observation(service["kim"].id, "A3", "secure", observed_on="2025-06-03", source="self-assessment"),
            lambda: store.correct_observation(store.history(service["sam"].id, standard_id="A2")[0].observation_id, reason="x", rating="secure"),
            lambda: store.add_action(service["sam"].id, "Give myself an action"),
            lambda: store.update_action(service["action"].id, "done"),
            lambda: store.add_session(service["sam"].id, held_on="2025-06-03"),
            lambda: store.staff_leave(service["sam"].id, on="2025-06-03"),
            lambda: store.add_staff("Someone New", team="North"),
        ):
            with pytest.raises(AccessDenied):
                attempt()
    with Store.open(db_path, library) as store:  # nothing of the refused writes reached the file
        assert len(store.history(service["sam"].id)) == 2
        assert store.action(service["action"].id).status == "open"
        assert store.sessions(service["sam"].id) == []


def test_a_manager_sees_and_records_for_their_teams_and_the_people_who_name_them(service, db_path, library):
    manager = as_manager(service)
    with scoped(db_path, library, manager) as store:
        assert {m.name for m in store.list_staff()} == {"Jo Bloggs", "Sam Taylor", "Ann Other"}
        observation = store.record_observation(service["ann"].id, "P1", "secure", observed_on="2025-06-03", observer="Jo Bloggs")
        assert observation.recorded_by == "jo"
        assert store.add_action(service["ann"].id, "Read the guide", created_by="typed").created_by == "jo"
        store.update_action(service["action"].id, "done", on="2025-06-21")
        assert store.session_on(service["sam"].id, "2025-06-30", manager="Jo Bloggs")[1] is False
        assert store.add_staff("New Starter", team="North", started_on="2025-06-30").team == "North"
        report = json.dumps(training_report(store, as_of=AS_OF))
        assert service["sam"].ref in report and service["kim"].ref not in report and "Kim Lee" not in report
        for attempt in (
            lambda: store.staff(service["kim"].id),
            lambda: store.record_observation(service["kim"].id, "P1", "secure", observed_on="2025-06-03"),
            lambda: store.add_staff("Somebody", team="South"),
            lambda: training_report(store, team="South", as_of=AS_OF),
        ):
            with pytest.raises(InputError):  # AccessDenied, or "unknown team" for a team they cannot see
                attempt()


def test_a_managers_counts_are_the_organisations_for_their_people_and_read_only_those(service, db_path, library):
    """The home screen's counts under a scope equal the admin's for the same people, and the queries behind them ask
    for those people only (counting everyone and keeping a few cost every manager's session 0.5 s at 2,000 staff)."""
    with Store.open(db_path, library) as store:
        everyone = count_people(store, store.framework("apir"), AS_OF)
    with scoped(db_path, library, as_manager(service)) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        theirs = count_people(store, store.framework("apir"), AS_OF)
        store.conn.set_trace_callback(None)
    assert set(theirs) == {service["jo"].id, service["sam"].id, service["ann"].id}  # Jo sees their own record too
    assert theirs == {staff_id: everyone[staff_id] for staff_id in theirs}
    ratings = [sql for sql in statements if "FROM current_observations" in sql]
    assert ratings and all(service["sam"].id in sql and service["kim"].id not in sql for sql in ratings)


def test_a_trainer_sees_everyone_read_only_and_never_the_evidence(service, db_path, library):
    with scoped(db_path, library, Scope(TRAINER, account="tess")) as store:
        assert len(store.list_staff()) == 4
        report = training_report(store, as_of=AS_OF)
        assert report["scope"]["staff"] == 4
        needs = needs_report(store, service["sam"].id, as_of=AS_OF)
        assert "Saw the plan" not in str(needs)
        for attempt in (
            lambda: store.history(service["sam"].id),
            lambda: load_person(store, store.framework("apir"), service["sam"].id, AS_OF),
            lambda: store.record_observation(service["sam"].id, "P1", "secure", observed_on="2025-06-03"),
            lambda: store.add_action(service["sam"].id, "x"),
        ):
            with pytest.raises(AccessDenied):
                attempt()


def test_only_an_admin_moves_whole_records(service, db_path, library, tmp_path):
    from observations.exchange.backup import backup_database
    from observations.exchange.merge import export_document, merge_database
    from observations.privacy.erasure import erase_staff, subject_access

    for scope in (as_manager(service), Scope(TRAINER, account="tess"), as_worker(service)):
        with scoped(db_path, library, scope) as store:
            for attempt in (
                lambda: export_document(store),
                lambda: merge_database(store, db_path),
                lambda: backup_database(store, tmp_path / "copy.db"),
                lambda: subject_access(store, service["sam"].id),
                lambda: erase_staff(store, service["sam"].id),
            ):
                with pytest.raises(AccessDenied, match="only an admin"):
                    attempt()
    assert not (tmp_path / "copy.db").exists()
    with Store.open(db_path, library) as store:
        assert store.staff(service["sam"].id).name == "Sam Taylor"


async def test_the_app_built_for_a_worker_lists_only_them_and_refuses_anyone_else(service, db_path, library):
    """The scope reaches the app's database threads: the staff list, and a person opened by id all the same."""
    from supervision_tui.app import create_app
    from supervision_tui.app.screens.person import PersonScreen
    from tui_support import SIZE, TODAY, settle

    app = create_app(db_path=db_path, library=library, today=TODAY, scope=as_worker(service))
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#staff")
        assert [str(table.get_row_at(row)[0]) for row in range(table.row_count)] == ["Sam Taylor"]
        kims = PersonScreen(service["kim"].id)
        app.push_screen(kims)  # as a palette command or a stale screen might
        await settle(pilot)
        refused = [m.message for m in messages if type(m).__name__ == "StoreFailed"]
        assert refused and all("cannot see that person's record" in text for text in refused)
        assert kims.data is None and app.screen is app.screen_stack[0]  # nothing of Kim's reached it, and it went back
    app.gateway.close()


def test_only_whoever_manages_the_person_runs_their_supervision_record(service, db_path, library):
    from observations.supervision.record import agree_session, tick_item

    with Store.open(db_path, library) as store:
        session, _ = store.session_on(service["sam"].id, "2025-06-30", manager="Jo Bloggs")
    for scope in (as_worker(service), Scope(TRAINER, account="tess")):
        with scoped(db_path, library, scope) as store:
            with pytest.raises(AccessDenied):
                tick_item(store, session.id, "decision", "", note="we agreed")
            with pytest.raises(AccessDenied):
                agree_session(store, session.id, manager="Jo Bloggs", staff="Sam Taylor", on="2025-06-30")
    with scoped(db_path, library, as_manager(service)) as store:
        assert tick_item(store, session.id, "decision", "", note="we agreed")["note"] == "we agreed"


def test_cases_follow_the_scope_of_whoever_holds_them(service, db_path, library):
    from observations.caseload import add_case, caseload_report, log_event
    from observations.caseload.handover import transfer_case

    with Store.open(db_path, library) as store:
        add_case(store, service["kim"].id, "50001", level="intensive", referred_on="2025-06-02")
        add_case(store, service["sam"].id, "50002", level="intensive", referred_on="2025-06-02")
    with scoped(db_path, library, as_manager(service)) as store:
        log_event(store, "50002", "contact", "2025-06-03")
        assert caseload_report(store, service["sam"].id, as_of=AS_OF)["counts"]["cases"] == 1
        for attempt in (
            lambda: log_event(store, "50001", "contact", "2025-06-03"),
            lambda: add_case(store, service["kim"].id, "50003", level="intensive", referred_on="2025-06-02"),
            lambda: transfer_case(store, "50002", service["kim"].id, "2025-06-10"),
            lambda: caseload_report(store, service["kim"].id, as_of=AS_OF),
        ):
            with pytest.raises(AccessDenied):
                attempt()
    with scoped(db_path, library, as_worker(service)) as store:
        with pytest.raises(AccessDenied):
            log_event(store, "50002", "contact", "2025-06-04")
