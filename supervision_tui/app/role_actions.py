"""Provides which of the app's actions each role is offered: one plain table, so the footer, F1 help and the palette agree.

The store refuses what a role may not do whatever the screen shows (``observations.store.scope``);
this table only keeps a key a role cannot use out of sight, so a worker is not offered "New staff"
only to be told no. Actions are named as the app's bindings name them (``rate``, ``mark_left``...),
and each name means the same thing on every screen it appears on. No Textual here: plain tests.
"""

from __future__ import annotations

from observations.store.scope import ADMIN, MANAGER, TRAINER, WORKER

RECORDING = frozenset({
    "rate", "save", "cycle_source", "discard_draft", "focus_evidence", "focus_examples", "focus_date", "focus_observer",
    "toggle_example", "toggle_highlighted",
})
"""Rating a standard and the evidence that goes with it: the person screen's recording panel."""
SELF_ASSESSING = frozenset({"self_assess"})
"""A self-assessment on the induction checklist: a worker's own, or one a manager records."""
MANAGING = frozenset({
    "session", "end_session", "tick", "decide", "agree", "add_action", "complete_action", "drop_action", "mark_left", "discussed",
})
"""What a line manager writes about someone: sessions, agendas, development actions, leaving, cases discussed."""
OPENING_PEOPLE = frozenset({"open_person"})
"""Enter on the staff list and the heatmap: a person's standards screen, which is their evidence."""
ADDING_STAFF = frozenset({"new_staff"})
TEAM_REPORTS = frozenset({"team_view"})
"""A team's heatmap and training needs: not a worker's (they see only their own record)."""
ADMINISTERING = frozenset({"load_demo"})
"""Filling a database with an invented organisation: many teams at once, so an admin's only."""

WITHHELD_FROM: dict[str, frozenset[str]] = {
    ADMIN: frozenset(),
    MANAGER: ADMINISTERING,
    TRAINER: RECORDING | SELF_ASSESSING | MANAGING | OPENING_PEOPLE | ADDING_STAFF | ADMINISTERING,
    WORKER: RECORDING | MANAGING | ADDING_STAFF | TEAM_REPORTS | ADMINISTERING,
}
"""For each role, the actions it is not offered (everything else is: reading, moving about, exporting what it sees)."""


def role_offers(role: str, action: str) -> bool:
    """True when ``role`` is offered ``action`` (an action name without its namespace or arguments)."""
    return action not in WITHHELD_FROM[role]


def app_offers(app: object, action: str) -> bool:
    """Whether ``app`` offers ``action`` to its signed-in role; True in an app that has no roles (a widget's test app)."""
    offers = getattr(app, "offers", None)
    return offers is None or offers(action)


def signed_in_line(role: str, account: str, *, short: bool = False) -> str:
    """'Signed in as jo (manager)' ('jo (manager)' short, for a narrow footer), or '' for the terminal, which has no account."""
    if not account:
        return ""
    return f"{account} ({role})" if short else f"Signed in as {account} ({role})"
