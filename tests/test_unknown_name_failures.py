"""Wrong passwords for names that are no account are kept in the database too, under a keyed hash: after a restart
a locked real account and a locked made-up name answer alike, the table stays small, and nothing typed is written."""

from __future__ import annotations

import socket

import pytest
from sign_in_support import PASSWORD, Clock, desks_over_ada, wrong

from observations.accounts import unknown_name_failures
from observations.accounts.sign_in_desk import SignInDesk
from observations.accounts.unknown_name_failures import name_hash
from observations.exchange.merge import export_document

KEY = b"k" * 32
TYPED = "My-Secret-Password-Typed-Here"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def desk_over(db_path, library, store, clock):
    """A new desk with the server's key (as a restarted ``serve`` makes) over the file that holds the account ``ada``."""
    return desks_over_ada(db_path, library, store, clock, key=KEY)


def unknown_rows(store):
    return store.rows("SELECT * FROM unknown_sign_in_failures ORDER BY last_failed_at")


@pytest.mark.parametrize("username", ["ada", "nobody.here", TYPED])
def test_a_lock_outlasts_a_restart_for_real_and_made_up_names_alike(desk_over, clock, username):
    outcomes = wrong(desk_over(), username, times=5)
    assert [o.locked_now for o in outcomes] == [False] * 4 + [True]
    restarted = desk_over()
    refused = restarted.sign_in(username, PASSWORD)
    assert refused.account is None and refused.locked_seconds == pytest.approx(15 * 60)
    clock.now += 15 * 60 + 1
    assert restarted.sign_in(username, PASSWORD).locked_seconds == 0


def test_a_real_and_a_made_up_name_give_the_same_answers_try_by_try_across_a_restart(desk_over, clock):
    def answers(username):
        before = wrong(desk_over(), username, times=3)
        clock.now += 5
        after = wrong(desk_over(), username, times=3)
        clock.now -= 5
        return before + after

    assert answers("ada") == answers("nobody.here")


def test_a_made_up_name_is_matched_as_the_lockout_matches_names(desk_over):
    wrong(desk_over(), "Nobody.Here ", times=5)
    assert desk_over().sign_in("nobody.here", PASSWORD).locked_seconds > 0


def test_without_the_same_key_a_row_cannot_be_found(desk_over):
    """A new secret file (the way to end every session) also forgets made-up names' failures."""
    wrong(desk_over(), "nobody.here", times=5)
    assert desk_over(b"another key, another secret file").sign_in("nobody.here", PASSWORD).locked_seconds == 0


def test_nothing_typed_as_a_username_is_written_to_the_files(desk_over, store, db_path):
    wrong(desk_over(), TYPED, times=5)
    wrong(desk_over(), "Zoë Sécret", times=2)
    assert len(unknown_rows(store)) == 2
    store.conn.commit()
    written = b"".join(path.read_bytes() for path in db_path.parent.glob(db_path.name + "*"))
    for typed in (TYPED, TYPED.lower(), "Zoë Sécret", "zoë sécret", "Secret-Password"):
        assert typed.encode("utf-8") not in written and typed.lower().encode("utf-8") not in written
    assert {row["name_hash"] for row in unknown_rows(store)} == {name_hash(KEY, TYPED), name_hash(KEY, "Zoë Sécret")}


def test_a_real_accounts_failures_stay_in_its_own_table(desk_over, store):
    wrong(desk_over(), "ada", times=2)
    assert unknown_rows(store) == []
    assert len(store.rows("SELECT * FROM sign_in_failures")) == 1


def test_rows_that_say_nothing_any_more_are_pruned_by_the_next_failure(desk_over, store, clock):
    desk = desk_over()
    wrong(desk, "first.name")
    wrong(desk, "locked.name", times=5)
    clock.now += 61  # first.name's failure is out of the window; locked.name is still locked
    wrong(desk, "second.name")
    assert {row["name_hash"] for row in unknown_rows(store)} == {name_hash(KEY, "locked.name"), name_hash(KEY, "second.name")}
    clock.now += 15 * 60
    wrong(desk, "third.name")
    assert [row["name_hash"] for row in unknown_rows(store)] == [name_hash(KEY, "third.name")]


def test_the_table_is_capped_and_a_flood_of_names_does_not_push_a_lock_out(desk_over, store, clock, monkeypatch):
    monkeypatch.setattr(unknown_name_failures, "MAX_ROWS", 3)
    desk = desk_over()
    wrong(desk, "locked.name", times=5)
    for n in range(10):
        clock.now += 1
        wrong(desk, f"flood.{n}")
    kept = unknown_rows(store)
    assert len(kept) == 3
    assert {row["name_hash"] for row in kept} == {name_hash(KEY, name) for name in ("locked.name", "flood.8", "flood.9")}
    assert desk_over().sign_in("locked.name", PASSWORD).locked_seconds > 0


def test_the_failures_of_made_up_names_are_not_exported(desk_over, store):
    wrong(desk_over(), "nobody.here", times=2)
    assert "unknown_sign_in_failures" not in export_document(store)["tables"]


def test_the_server_gives_its_desk_a_key_derived_from_its_secret_not_the_secret(db_path, library, desk_over):
    from supervision_tui.web.server import SignedInServer
    from supervision_tui.web.server_secret import unknown_names_key
    from supervision_tui.web.settings import ServeSettings

    secret = bytes(range(32))
    with socket.socket() as unbound:
        settings = ServeSettings(db_path=db_path, standards_dir=None, desk=SignInDesk(db_path, library), host="127.0.0.1",
                                 port=8000, tls=None, behind_proxy=False, sock=unbound)
        key = SignedInServer(settings, secret=secret).guard.desk.unknown_name_key
    assert key == unknown_names_key(secret) and len(key) == 32 and key != secret
