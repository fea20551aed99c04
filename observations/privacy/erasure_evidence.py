"""Provides the rule for when an erasure arriving from another file may delete someone here.

Erasure cannot be undone, and an export file is easy to write by hand: a file
holding nothing but ``{"staff_id": ..., "erased_at": ...}`` lines would
otherwise delete whoever those ids name. A person's id (and the staff ref
derived from it) is no secret: it is printed, exported and typed. So an
incoming erasure deletes a person held here only when it carries *evidence*: a
digest of the person's id and of the exact moment their staff row was created
(``created_at``, to the microsecond). That moment is not derived from the id
and is shown by no command; only a copy that held the person's staff row knows
it, which is what "the file knew them" means. The copy that erases someone
writes the evidence into its erasure line before the row is gone, and merges
carry it on from copy to copy.

An incoming erasure without matching evidence about a person held here is
ignored (listed in the report, nothing deleted, the person's incoming rows still
arrive): a genuine erasure from before evidence existed is repeated by hand with
``staff erase``. An erasure of someone not held here deletes nothing, so its
line is kept, which stops their rows arriving later from another copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def erasure_evidence(staff_id: str, created_at: str) -> str:
    """What a copy that held the person's staff row can show: a digest of their id and its creation moment."""
    return hashlib.sha256(f"supervision-tui erasure\n{staff_id}\n{created_at}".encode()).hexdigest()[:32]


@dataclass
class IncomingErasures:
    """Incoming erasure lines sorted by what they may do here."""

    deleting: list[dict[str, Any]] = field(default_factory=list)
    """Erasures of people held here, with matching evidence: they delete those people (after confirmation)."""
    recording: list[dict[str, Any]] = field(default_factory=list)
    """Erasures of people not held here: only the line is kept."""
    ignored: list[dict[str, Any]] = field(default_factory=list)
    """Erasures of people held here that the file cannot show it knew: not applied."""

    @property
    def applied(self) -> list[dict[str, Any]]:
        return self.deleting + self.recording


def sort_incoming_erasures(
    erasures: list[dict[str, Any]], local_staff: dict[str, dict[str, Any]], already_erased: set[str]
) -> IncomingErasures:
    """Sort erasure lines by the rule above; ``local_staff`` maps id to this database's staff row."""
    sorted_ = IncomingErasures()
    for erasure in erasures:
        if erasure["staff_id"] in already_erased:
            continue
        member = local_staff.get(erasure["staff_id"])
        if member is None:
            sorted_.recording.append(erasure)
        elif erasure.get("evidence") == erasure_evidence(member["id"], member["created_at"]):
            sorted_.deleting.append({**erasure, "ref": member["ref"], "name": member["name"]})
        else:
            sorted_.ignored.append({**erasure, "ref": member["ref"], "name": member["name"]})
    return sorted_
