"""Accounts: scrypt hashes checked in constant time, the lockout rule, the account commands, and erasure's unlinking."""

from __future__ import annotations

import json
import sqlite3

import pytest

from observations.accounts.lockout import Lockout
from observations.accounts.passwords import hash_password, verify_password
from observations.accounts.records import add_account, signed_in_account
from observations.accounts.scope import AccountUnavailableError, scope_for_account
from observations.errors import InputError
from observations.privacy.erasure import erase_staff, subject_access
from observations.store.observation_store import Store

PASSWORD = "correct horse battery"


def test_a_hash_is_salted_carries_its_parameters_and_verifies_only_its_password():
    first, second = hash_password(PASSWORD, n=2**10), hash_password(PASSWORD, n=2**10)
    assert first != second and first.startswith("scrypt$n=1024,r=8,p=1$")
    assert PASSWORD not in first
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)
    assert not verify_password(PASSWORD + "x", first)
    assert not verify_password(PASSWORD, "scrypt$n=1024$broken") and not verify_password(PASSWORD, "")


def test_five_wrong_passwords_within_a_minute_lock_the_username_for_a_while():
    rule = Lockout(locked_seconds=600)
    assert not any(rule.record_failure("Sam", now) for now in (0, 10, 20, 30))
    assert rule.locked_for("sam", 31) == 0
    assert rule.record_failure("SAM ", 40)  # the fifth within the minute, however the name was typed
    assert rule.locked_for("sam", 41) == pytest.approx(599)
    assert rule.locked_for("sam", 641) == 0  # the lock runs out


def test_wrong_passwords_spread_over_more_than_a_minute_do_not_lock():
    rule = Lockout()
    assert not any(rule.record_failure("sam", now) for now in (0, 20, 40, 61, 80))
    assert rule.locked_for("sam", 81) == 0


def test_a_right_password_clears_the_count():
    rule = Lockout()
    for now in (0, 1, 2, 3):
        rule.record_failure("sam", now)
    rule.record_success("sam")
    assert not rule.record_failure("sam", 4)


def test_the_servers_memory_of_names_is_bounded_and_a_flood_cannot_push_a_lock_out():
    rule = Lockout(names_remembered=100)
    for now in range(5):
        rule.record_failure("sam", now)  # locked at 4, for 15 minutes
    for number in range(1_000):  # one wrong password each for a thousand made-up names, within the lock
        rule.record_failure(f"made-up {number}", 10 + number / 100)
        assert rule.remembered() <= 101
    assert rule.locked_for("sam", 30) > 0
    assert rule.locked_for("made-up 999", 30) == 0 and rule.record_failure("made-up 999", 30) is False


def test_the_names_kept_are_the_ones_that_still_count():
    rule = Lockout(names_remembered=10)
    for number in range(6):
        rule.record_failure(f"long ago {number}", 0)  # out of the window by the time the memory fills
    for now in (100, 101, 102, 103):
        rule.record_failure("recent", now)  # four of five within the minute
    for number in range(4):
        rule.record_failure(f"new {number}", 104)  # the eleventh name: the sweep runs
    assert rule.remembered() == 5
    assert rule.record_failure("recent", 105)  # its four wrong passwords were kept: the fifth locks it


def test_sign_in_needs_the_right_password_and_an_active_account(store):
    member = store.add_staff("Ada Lovelace", team="North team")
    add_account(store, "Ada", role="worker", password=PASSWORD, staff=member.ref)
    assert signed_in_account(store, "ADA", PASSWORD).staff_id == member.id
    assert signed_in_account(store, "ada", "wrong password") is None
    assert signed_in_account(store, "nobody", PASSWORD) is None
    assert scope_for_account(store, "ada").role == "worker"


@pytest.mark.parametrize(
    "username, role, staff, teams, wording",
    [
        ("x", "admin", None, [], "username"),
        ("bad name", "admin", None, [], "username"),
        ("w", "worker", None, [], "username"),
        ("worker1", "worker", None, [], "needs --staff"),
        ("trainer1", "trainer", None, ["North team"], "only a manager"),
        ("admin1", "admin", "Ada Lovelace", [], "not linked"),
        ("boss", "boss", None, [], "role"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_written(store, username, role, staff, teams, wording):
    store.add_staff("Ada Lovelace")
    with pytest.raises(InputError, match=wording):
        add_account(store, username, role=role, password=PASSWORD, staff=staff, teams=teams)
    assert store.rows("SELECT * FROM accounts") == []


def test_the_account_commands_read_the_password_from_standard_input(db_path, console):
    assert console("--db", db_path, "staff", "add", "Ada Lovelace", "--team", "North team").code == 0
    added = console("--db", db_path, "account", "add", "ada", "--role", "worker", "--staff", "Ada Lovelace", input=PASSWORD + "\n")
    assert (added.code, added.out, added.err) == (0, "added account ada (worker)\n", "")
    manager = console("--db", db_path, "account", "add", "sam", "--role", "manager", "--team", "North team,South team", input=PASSWORD + "\n")
    assert manager.code == 0, manager.err
    listed = json.loads(console("--db", db_path, "account", "list", "--format", "json").out)
    assert [(a["username"], a["role"], a["teams"], a["status"]) for a in listed] == [
        ("ada", "worker", [], "active"), ("sam", "manager", ["North team", "South team"], "active")
    ]
    assert all("password_hash" not in a for a in listed)
    changed = console("--db", db_path, "account", "password", "ada", input="another long password\n")
    assert changed.code == 0, changed.err
    disabled = console("--db", db_path, "account", "disable", "ada")
    assert disabled.code == 0 and "disabled" in disabled.out
    conn = sqlite3.connect(db_path)
    (stored,) = conn.execute("SELECT password_hash FROM accounts WHERE username = 'ada'").fetchone()
    conn.close()
    assert verify_password("another long password", stored) and PASSWORD not in stored


@pytest.mark.parametrize("stdin", ["", "short\n", "x" * 5000 + "\n"])
def test_a_missing_short_or_huge_password_is_one_line_exit_2_and_no_database(tmp_path, console, stdin):
    db_path = tmp_path / "new.db"
    refused = console("--db", db_path, "account", "add", "boss", "--role", "admin", input=stdin)
    assert refused.code == 2 and refused.err.count("\n") == 1 and refused.err.startswith("supervision-tui: error: ")
    assert not db_path.exists()


def test_changing_the_password_of_an_unknown_account_is_refused_before_asking(db_path, console):
    console("--db", db_path, "account", "add", "boss", "--role", "admin", input=PASSWORD + "\n")
    refused = console("--db", db_path, "account", "password", "nobody", input=PASSWORD + "\n")
    assert refused.code == 2 and "no account is called 'nobody'" in refused.err


def test_erasing_a_person_unlinks_and_disables_their_account_and_their_export_shows_it(db_path, library):
    with Store.open(db_path, library) as opened:
        member = opened.add_staff("Ada Lovelace", team="North team")
        add_account(opened, "ada", role="worker", password=PASSWORD, staff=member.ref)
        exported = subject_access(opened, member.id)
        assert [(a["username"], a["role"]) for a in exported["accounts"]] == [("ada", "worker")]
        assert "password_hash" not in exported["accounts"][0]
        result = erase_staff(opened, member.id)
        assert result["deleted"]["accounts_disabled"] == 1
        row = opened.rows("SELECT * FROM accounts")[0]
        assert (row["staff_id"], row["status"]) == (None, "disabled") and row["disabled_at"]
        assert signed_in_account(opened, "ada", PASSWORD) is None
        with pytest.raises(AccountUnavailableError):
            scope_for_account(opened, "ada")


def test_accounts_are_not_carried_by_export(db_path, console, tmp_path):
    console("--db", db_path, "account", "add", "boss", "--role", "admin", input=PASSWORD + "\n")
    console("--db", db_path, "staff", "add", "Ada Lovelace")
    out = tmp_path / "export.json"
    exported = console("--db", db_path, "export", out)
    assert exported.code == 0, exported.err
    text = out.read_text()
    assert "accounts" not in json.loads(text).get("tables", {}) and "scrypt$" not in text
