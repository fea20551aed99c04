"""Provides the new-member-of-staff form: adding someone without the command line.

The form writes through ``Store.add_staff``, which does all the checking, and
stays open on a mistake (an empty name, a bad start date) with the store's
one-line message, so nothing typed is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input


from ..messages import StaffChanged
from .forms import Field, FormDialog

if TYPE_CHECKING:
    from observations.store.records import StaffMember


class AddStaffDialog(FormDialog["StaffMember | None"]):
    """Name, team, role, start date and manager of a new member of staff; ctrl+s or enter on the last field saves."""

    prefix = "staff"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="new-staff-save", tooltip="Add this member of staff"),
        Binding("escape", "dismiss(None)", "Cancel", id="new-staff-cancel", tooltip="Close without adding anyone"),
    ]

    def __init__(self, *, teams: list[str], names: list[str]):
        super().__init__()
        self.teams = teams
        self.names = names

    def form_title(self) -> str:
        return "New member of staff"

    def fields(self) -> list[Field]:
        return [
            Field("name", "Name", placeholder="required, e.g. Sam Okafor"),
            Field("team", "Team", placeholder="optional, e.g. North team", suggester=_suggest(self.teams)),
            Field("role", "Role", placeholder="optional, e.g. Personal Adviser"),
            Field("started", "Started on", placeholder="optional, YYYY-MM-DD"),
            Field("manager", "Manager", placeholder="optional: who supervises them", suggester=_suggest(self.names)),
        ]

    def form_hint(self) -> str:
        return "tab: next field · →: take the suggestion · ctrl+s: add · esc: cancel"

    def save(self) -> None:
        name, role = self.value("name"), self.value("role")
        team, manager = self.as_shown("team", self.teams), self.as_shown("manager", self.names)
        started = self.value("started").strip() or None

        def write(store) -> StaffMember:
            return store.add_staff(name, team=team, role=role, started_on=started, manager=manager)

        self.run_db(write, lambda member: StaffChanged(member, "added"), group="staff-add")

    def as_shown(self, key: str, words: list[str]) -> str:
        """A field's text as the form shows it: in the field with the focus, the suggestion completing what was typed.

        Saving "Ra" while the field shows "Ravi Begum" would file the person under a
        manager nobody is called (and sign their observations "Ra"). To enter a name
        that an existing one begins with, end it with a space: no suggestion then shows.
        """
        typed = self.value(key)
        field = self.query_one(f"#{self.field_id(key)}", Input)
        if not typed or self.focused is not field:
            return typed
        folded = typed.casefold()
        return next((word for word in words if word.casefold().startswith(folded)), typed)

    @on(StaffChanged)
    def added(self, message: StaffChanged) -> None:
        self.dismiss(message.member)


def _suggest(words: list[str]) -> SuggestFromList | None:
    """Completes a team or a name already in the database, so spellings stay the same."""
    return SuggestFromList(words, case_sensitive=False) if words else None
