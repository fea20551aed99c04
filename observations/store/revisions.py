"""Provides the revision rules of an observation: what a rating must fit, and how a correction or retraction supersedes.

An observation is never edited: a correction or a retraction is a new row that
supersedes the current revision, read and written inside the caller's write
transaction so two changes cannot both build on the same revision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from observations.errors import InputError
from observations.store.ids import new_id, now_utc
from observations.store.records import Observation
from observations.store.text_checks import MAX_EVIDENCE, check_in_post, checked_text
from observations.vocabulary import SELF_ASSESSMENT, SOURCES
from standards import Framework

if TYPE_CHECKING:
    from sqlite_utils import Database

    from observations.store.records import StaffMember


class Store(Protocol):
    """What the revision rules read from the store: named here, so that this module need not import the Store
    class that calls it (which would be an import circle)."""

    db: Database

    def find_observation(self, text: str) -> Observation: ...

    def is_retracted(self, observation_id: str) -> bool: ...

    def framework(self, framework_id: str) -> Framework: ...

    def staff(self, staff_id: str) -> StaffMember: ...


def check_observation(
    framework: Framework, standard_id: str, rating: str, source: str, examples: Iterable[int], evidence: str
) -> tuple[str, list[int]]:
    try:
        standard = framework.standard(standard_id)
    except KeyError:
        raise InputError(
            f"unknown standard {standard_id!r} in {framework.id} (standards: {', '.join(framework.standard_ids())})"
        ) from None
    if rating not in framework.rating_scale:
        raise InputError(f"unknown rating {rating!r} for {framework.id} (ratings: {', '.join(framework.rating_scale.keys())})")
    if source not in SOURCES:
        raise InputError(f"unknown source {source!r} (sources: {', '.join(SOURCES)})")
    numbers = sorted(set(int(n) for n in examples))
    for number in numbers:
        if not 1 <= number <= len(standard.examples):
            raise InputError(
                f"{standard.id} has examples 1 to {len(standard.examples)}; there is no example {number}"
                if standard.examples
                else f"{standard.id} has no examples; there is no example {number}"
            )
    if len(evidence) > MAX_EVIDENCE:
        raise InputError(f"evidence is {len(evidence):,} characters; the limit is {MAX_EVIDENCE:,}")
    if "\x00" in evidence:
        raise InputError("evidence contains a NUL character")
    return standard.id, numbers


def revision_to_change(store: Store, text: str, expected_revision: int | None, *, retracting: bool) -> Observation:
    """The current revision, checked inside the write transaction so two changes cannot both build on it."""
    current = store.find_observation(text)
    short = current.observation_id[:8]
    if store.is_retracted(current.observation_id):
        raise InputError(
            f"observation {short} is already retracted" if retracting
            else f"observation {short} was retracted; record a new observation instead"
        )
    if expected_revision is not None and current.revision != expected_revision:
        raise InputError(
            f"observation {short} was changed by someone else since you opened it (now revision {current.revision}); reopen it"
        )
    return current


def new_revision(store: Store, current: Observation, changes: dict[str, Any], *, reason: str, by: str | None, retract: bool) -> Observation:
    """The row superseding ``current``; the caller holds the write transaction in which ``current`` was read."""
    row = current.to_dict()
    row.update(changes)
    row_id = new_id()
    row.update(
        id=row_id,
        revision=current.revision + 1,
        supersedes=current.id,
        examples=json.dumps(list(row["examples"])),
        recorded_at=now_utc(),
        recorded_by=checked_text(by, "by", limit=200),
        reason=checked_text(reason, "reason", required=True, limit=2000, multiline=True),
        retracted=1 if retract else 0,
    )
    store.db["observations"].insert(row)
    return Observation.from_row(row)


def corrected_fields(
    store: Store,
    current: Observation,
    rating: str | None,
    evidence: str | None,
    examples: Iterable[int] | None,
    source: str | None,
    standard_id: str | None,
    observed_on: str | None,
) -> dict[str, Any]:
    """What a correction sets, checked against the framework; refuses one that would change nothing."""
    framework = store.framework(current.framework)
    changes: dict[str, Any] = {
        "rating": rating if rating is not None else current.rating,
        "evidence": evidence if evidence is not None else current.evidence,
        "examples": list(examples) if examples is not None else list(current.examples),
        "source": source if source is not None else current.source,
        "standard": standard_id if standard_id is not None else current.standard,
    }
    changes["standard"], changes["examples"] = check_observation(
        framework, changes["standard"], changes["rating"], changes["source"], changes["examples"], changes["evidence"]
    )
    member = store.staff(current.staff_id)
    if observed_on is not None:
        check_in_post(member, observed_on, "date observed")
        changes["observed_on"] = observed_on
    if changes["source"] == SELF_ASSESSMENT and current.source != SELF_ASSESSMENT:
        changes["observer"] = member.name  # now the person's own rating: they are its observer
    if all(changes[k] == getattr(current, k) for k in ("rating", "evidence", "source", "standard")) and tuple(
        changes["examples"]
    ) == current.examples and changes.get("observed_on", current.observed_on) == current.observed_on:
        raise InputError("nothing to correct: give a new --rating, --evidence, --examples, --source, --standard or --date")
    changes["framework_version"] = framework.version
    return changes
