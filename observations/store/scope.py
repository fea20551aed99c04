"""Provides who is asking: a scope that travels with the store into every query and write it makes.

Under ``supervision-tui serve`` many people share one database, and a screen
that hides a button is not a permission: a command palette, a stale screen or
a hand-made request can still ask. So the limits of each role live here, and
the store checks them on the way in and filters what it hands out:

- a **worker** (linked to their own staff record) sees only that record and
  records only their own self-assessments;
- a **manager** sees, and records for, the staff of their teams and the people
  whose manager they are named as (and their own record);
- a **trainer** sees every team's training and induction picture, read-only,
  and never the evidence text;
- an **admin** does everything, including accounts, imports, merges, backups,
  exports and erasure.

The terminal app and the command line on a file the operating-system user owns
run as ``TERMINAL``, an admin. Plain Python, no SQL: the rules have plain tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from observations.errors import InputError
from observations.store.text_checks import folded_name
from observations.vocabulary import SELF_ASSESSMENT

if TYPE_CHECKING:
    from observations.store.records import StaffMember

ADMIN = "admin"
MANAGER = "manager"
TRAINER = "trainer"
WORKER = "worker"
ROLES = (ADMIN, MANAGER, TRAINER, WORKER)


class AccessDenied(InputError):
    """What the scope may not see or do: a one-line reason, and nothing written."""


class NotShownToScope(AccessDenied):
    """A record (or its evidence) the scope may not see at all: whatever asked for it has nothing to show."""


@dataclass(frozen=True)
class Scope:
    """One signed-in person: their role, account name, own staff record and the teams they manage."""

    role: str = ADMIN
    account: str = ""
    """The account name, stored as who recorded each row written under this scope ('' for the terminal)."""
    staff_id: str | None = None
    """Their own staff record (a worker's is required)."""
    name: str = ""
    """Their own name, as staff records give it in the manager field."""
    teams: tuple[str, ...] = ()
    """For a manager: the teams they manage."""

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InputError(f"unknown role {self.role!r} (roles: {', '.join(ROLES)})")
        if self.role == WORKER and not self.staff_id:
            raise InputError("a worker's account must be linked to their own staff record")

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def sees_everyone(self) -> bool:
        """Admins and trainers see every member of staff (trainers without evidence)."""
        return self.role in (ADMIN, TRAINER)

    @property
    def sees_evidence(self) -> bool:
        return self.role != TRAINER

    def sees(self, member: StaffMember) -> bool:
        """True when this scope may see ``member``'s record at all."""
        if self.sees_everyone or member.id == self.staff_id:
            return True
        return self.role == MANAGER and self.manages(member)

    def manages(self, member: StaffMember) -> bool:
        """A manager manages the staff of their teams and those who name them as manager."""
        if self.role != MANAGER:
            return self.role == ADMIN
        in_team = any(member.team.casefold() == team.casefold() for team in self.teams)
        return in_team or bool(self.name and folded_name(member.manager) == folded_name(self.name))

    # -- the checks the store makes ----------------------------------------------

    def check_sees(self, member: StaffMember) -> None:
        if not self.sees(member):
            raise NotShownToScope(f"{self._who()} cannot see that person's record (it is not one of yours)")

    def check_records(self, member: StaffMember, source: str) -> None:
        """Recording (or correcting) an observation of ``member`` from ``source``."""
        if self.role == WORKER:
            if member.id != self.staff_id or source != SELF_ASSESSMENT:
                raise AccessDenied("a worker records only their own self-assessments")
            return
        self.check_manages(member, "record observations of")

    def check_manages(self, member: StaffMember, what: str = "change the record of") -> None:
        """Writing anything a manager writes (actions, sessions, leaving) about ``member``."""
        if self.role in (TRAINER, WORKER):
            raise AccessDenied(f"{self._who()} cannot {what} anyone")
        if not self.manages(member) and member.id != self.staff_id:
            raise AccessDenied(f"{self._who()} cannot {what} {member.name}: they are not in the teams you manage")

    def check_evidence(self) -> None:
        if not self.sees_evidence:
            raise NotShownToScope("a trainer sees training and induction reports, not evidence")

    def check_admin(self, what: str) -> None:
        if not self.is_admin:
            raise AccessDenied(f"only an admin can {what}")

    def check_team(self, team: str, what: str) -> None:
        """Adding someone to ``team``: an admin anywhere, a manager in one of their own teams."""
        if self.is_admin:
            return
        if self.role != MANAGER or not any(team.casefold() == mine.casefold() for mine in self.teams):
            raise AccessDenied(f"{self._who()} cannot {what} outside the teams you manage")

    def recorder(self, typed: str) -> str:
        """Who recorded a row: the signed-in account when there is one, else what was typed (the terminal's user)."""
        return self.account or typed

    def _who(self) -> str:
        return {ADMIN: "an admin", MANAGER: "a manager", TRAINER: "a trainer", WORKER: "a worker"}[self.role]


TERMINAL = Scope(ADMIN)
"""The terminal and the command line on a file the user owns: everything, offline, as today."""
