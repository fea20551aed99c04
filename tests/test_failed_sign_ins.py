"""Wrong passwords for a real account are counted in the database: a restarted server (a new desk over the same file)
still sees the lock, two desks count every try once, and nothing a stranger typed as a username is written."""

from __future__ import annotations

import pytest
from sign_in_support import PASSWORD, Clock, desks_over_ada, wrong

from observations.exchange.merge import export_document, merge_database
from observations.store.observation_store import Store


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def desk_over(db_path, library, store, clock):
    """A new desk (as a restarted ``serve`` makes) over the file that holds the account ``ada``."""
    return desks_over_ada(db_path, library, store, clock)


def test_a_new_desk_over_the_same_file_still_sees_the_lock(desk_over, clock):
    first = desk_over()
    outcomes = wrong(first, times=5)
    assert outcomes[-1].locked_now and not any(o.locked_now for o in outcomes[:-1])
    restarted = desk_over()
    refused = restarted.sign_in("ada", PASSWORD)
    assert refused.account is None and refused.locked_seconds == pytest.approx(15 * 60)
    clock.now += 15 * 60 + 1  # the lock runs out
    assert restarted.sign_in("ada", PASSWORD).account is not None


def test_wrong_passwords_before_and_after_a_restart_count_together(desk_over, clock):
    wrong(desk_over(), times=3)
    clock.now += 10
    outcomes = wrong(desk_over(), times=2)
    assert outcomes[-1].locked_now and outcomes[-1].locked_seconds > 0


def test_two_desks_on_one_file_count_every_try_once(desk_over):
    one, other = desk_over(), desk_over()
    assert not any(o.locked_now for o in wrong(one, times=2) + wrong(other, times=2))
    assert wrong(one)[0].locked_now
    assert other.sign_in("ada", PASSWORD).locked_seconds > 0


def test_a_right_password_clears_the_count_in_the_file(desk_over, store):
    wrong(desk_over(), times=4)
    assert desk_over().sign_in("ada", PASSWORD).account is not None
    assert store.rows("SELECT * FROM sign_in_failures") == []
    assert not wrong(desk_over())[0].locked_now


def test_tries_spread_over_more_than_a_minute_do_not_lock(desk_over, clock):
    for _ in range(5):
        assert not wrong(desk_over())[0].locked_now
        clock.now += 20


def test_a_clock_set_back_never_makes_a_lock_longer(desk_over, clock):
    wrong(desk_over(), times=5)
    clock.now -= 24 * 3600
    assert desk_over().sign_in("ada", PASSWORD).locked_seconds == pytest.approx(15 * 60)


def test_a_username_that_is_no_account_is_locked_in_memory_only(desk_over, store):
    desk = desk_over()
    typed = "my-secret-password-typed-here"
    assert wrong(desk, typed, times=5)[-1].locked_now  # the same answers as for a real account
    assert desk.sign_in(typed, PASSWORD).locked_seconds > 0
    assert store.rows("SELECT * FROM sign_in_failures") == []


def test_failed_sign_ins_are_not_exported_or_merged(desk_over, store, library, tmp_path):
    wrong(desk_over(), times=2)
    assert "sign_in_failures" not in export_document(store)["tables"]
    with Store.open(tmp_path / "other.db", library) as other:
        merge_database(other, store.path)
        assert other.rows("SELECT * FROM sign_in_failures") == []
