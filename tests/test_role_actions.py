"""Which keys each role is offered: one plain table, checked here without Textual; and that it names real actions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from observations.store.scope import ADMIN, MANAGER, ROLES, TRAINER, WORKER
from supervision_tui.app.role_actions import WITHHELD_FROM, role_offers, signed_in_line

APP = Path(__file__).resolve().parents[1] / "supervision_tui" / "app"


def test_an_admin_is_offered_everything():
    assert WITHHELD_FROM[ADMIN] == frozenset()
    assert all(role_offers(ADMIN, action) for action in ("rate", "new_staff", "load_demo", "mark_left", "team_view"))


@pytest.mark.parametrize("action", ["rate", "save", "focus_evidence", "cycle_source", "new_staff", "mark_left", "session",
                                    "add_action", "complete_action", "drop_action", "decide", "agree", "team_view", "load_demo"])
def test_a_worker_is_not_offered_what_a_manager_does_for_others(action):
    assert not role_offers(WORKER, action)
    assert role_offers(MANAGER, action) or action == "load_demo"


@pytest.mark.parametrize("action", ["self_assess", "summary", "induction", "actions", "export", "today", "help", "sign_out"])
def test_a_worker_keeps_their_own_record_and_self_assessment(action):
    assert role_offers(WORKER, action)


@pytest.mark.parametrize("action", ["rate", "save", "focus_evidence", "focus_examples", "toggle_example", "self_assess", "session",
                                    "add_action", "mark_left", "new_staff", "discussed", "tick"])
def test_a_trainer_is_offered_no_evidence_rating_or_recording(action):
    assert not role_offers(TRAINER, action)


@pytest.mark.parametrize("action", ["team_view", "induction", "export", "today", "choose_framework"])
def test_a_trainer_reads_the_reports(action):
    assert role_offers(TRAINER, action)


def test_only_an_admin_loads_the_demo():
    assert [role for role in ROLES if role_offers(role, "load_demo")] == [ADMIN]


def test_every_withheld_action_is_an_action_of_the_app():
    """A name with a typo would withhold nothing; each must name an action method of the app."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in APP.rglob("*.py"))
    defined = set(re.findall(r"def action_(\w+)\(", source))
    withheld = set().union(*WITHHELD_FROM.values())
    assert withheld - defined == set()


def test_who_is_signed_in_reads_as_a_sentence_and_the_terminal_says_nothing():
    assert signed_in_line(MANAGER, "jo") == "Signed in as jo (manager)"
    assert signed_in_line(MANAGER, "jo", short=True) == "jo (manager)"
    assert signed_in_line(ADMIN, "") == ""


def test_an_app_is_asked_what_it_offers_and_one_without_roles_offers_everything():
    from types import SimpleNamespace

    from supervision_tui.app.role_actions import app_offers

    worker_app = SimpleNamespace(offers=lambda action: role_offers(WORKER, action))
    assert not app_offers(worker_app, "rate") and app_offers(worker_app, "summary")
    assert app_offers(SimpleNamespace(), "rate")
