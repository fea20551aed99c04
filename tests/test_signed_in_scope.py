"""The account ``serve`` signed in reaches the app process through the server's environment, and only as a username
whose role, staff record and teams the app reads from the database itself."""

from __future__ import annotations

import pytest

from observations.accounts.records import add_account, disable_account
from observations.accounts.scope import AccountUnavailableError
from observations.store.scope import TERMINAL
from supervision_tui.signed_in import SERVE_ACCOUNT_ENV, scope_from_environment
from supervision_tui.web.app_process import SignedInAppService, app_command

PASSWORD = "a long enough password"


@pytest.fixture
def accounts(store):
    member = store.add_staff("Ada Lovelace", team="North team")
    add_account(store, "ada", role="worker", password=PASSWORD, staff=member.ref)
    add_account(store, "sam", role="manager", password=PASSWORD, teams=["North team"])
    return member


def test_without_the_variable_the_app_is_the_local_admin(db_path, library, accounts, monkeypatch):
    monkeypatch.delenv(SERVE_ACCOUNT_ENV, raising=False)
    assert scope_from_environment(db_path, library) == TERMINAL


def test_the_variable_names_an_account_whose_scope_comes_from_the_database(db_path, library, accounts, monkeypatch):
    monkeypatch.setenv(SERVE_ACCOUNT_ENV, "ada")
    scope = scope_from_environment(db_path, library)
    assert (scope.account, scope.role, scope.staff_id, scope.name, scope.teams) == ("ada", "worker", accounts.id, "Ada Lovelace", ())
    monkeypatch.setenv(SERVE_ACCOUNT_ENV, "sam")
    assert scope_from_environment(db_path, library).teams == ("North team",)


def test_a_disabled_or_unknown_account_opens_no_app(db_path, library, store, accounts, monkeypatch, console):
    disable_account(store, "ada")
    monkeypatch.setenv(SERVE_ACCOUNT_ENV, "ada")
    with pytest.raises(AccountUnavailableError):
        scope_from_environment(db_path, library)
    for username in ("ada", "nobody"):
        result = console("--db", db_path, env={SERVE_ACCOUNT_ENV: username}, timeout=60)
        assert result.code == 2 and result.err.count("\n") == 1 and "disabled or no longer exists" in result.err


def test_the_server_sets_the_variable_for_each_app_process_from_its_own_session(db_path, monkeypatch):
    monkeypatch.setenv(SERVE_ACCOUNT_ENV, "someone-else")  # whatever the server itself inherited
    service = SignedInAppService(
        app_command(db_path, None), username="ada", write_bytes=None, write_str=None, close=None, download_manager=None
    )
    environment = service._build_environment(100, 30)
    assert environment[SERVE_ACCOUNT_ENV] == "ada" and environment["COLUMNS"] == "100"
    assert app_command(db_path, None).endswith(f"-m supervision_tui --db {db_path}")
