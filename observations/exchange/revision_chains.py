"""Provides the check that incoming observation revisions form chains, never circles.

A correction or retraction made here always supersedes the current revision
with the next revision number. The one rule that keeps that true for rows from a
file is: a revision supersedes a revision of a *lower* number. Numbers strictly
fall along every ``supersedes`` link, so no chain can come back to where it
started, however the file was edited.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from observations.errors import InputError

if TYPE_CHECKING:
    from observations.store.observation_store import Store


def check_revision_chains(store: Store, incoming: list[dict[str, Any]], where: str) -> None:
    """Refuse an incoming revision that supersedes one of the same or a higher revision number."""
    named = json.dumps(sorted({r["supersedes"] for r in incoming if r["supersedes"] is not None}))
    revision_of = {
        r["id"]: r["revision"]
        for r in store.rows("SELECT id, revision FROM observations WHERE id IN (SELECT value FROM json_each(?))", [named])
    }
    revision_of.update({r["id"]: r["revision"] for r in incoming})
    for index, row in enumerate(incoming):
        previous = revision_of.get(row["supersedes"]) if row["supersedes"] is not None else None
        if previous is not None and previous >= row["revision"]:
            raise InputError(
                f"{where}: observations[{index}] (id {row['id'][:36]}): revision {row['revision']} supersedes revision "
                f"{previous}; a revision can only supersede an earlier one (a lower number)"
            )
