"""Provides a rule's verdict on one case (``Flag``) and the statuses it can have, shared by every rule module.

Statuses: ``met``; ``due`` (open, not late yet); ``overdue`` (open and late);
``missed`` (a window that passed without what it needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MET, DUE, OVERDUE, MISSED = "met", "due", "overdue", "missed"
STATUSES: tuple[str, ...] = (OVERDUE, MISSED, DUE, MET)
"""Every status, most pressing first."""
BEHIND: frozenset[str] = frozenset({OVERDUE, MISSED})


@dataclass(frozen=True)
class Flag:
    """One rule's verdict on one case: ``due`` is the date the rule's window closes (None when not dated)."""

    rule: str
    status: str
    due: date | None
    detail: str

    def to_dict(self) -> dict[str, str | None]:
        return {"rule": self.rule, "status": self.status, "due": self.due.isoformat() if self.due else None, "detail": self.detail}


def plural(count: int, word: str) -> str:
    """'1 contact', '2 contacts'."""
    return f"{count} {word}{'s' if count != 1 else ''}"
