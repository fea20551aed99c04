"""Provides the observations part of the store: recording, finding, correcting and retracting observations, and a
person's history. Rows are never updated: a correction or a retraction is a new revision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from observations.dates import parse_date, today
from observations.errors import AmbiguousError, InputError, NotFoundError
from observations.store.ids import new_id, now_utc
from observations.store.records import Observation
from observations.store.revisions import (
    check_observation,
    corrected_fields,
    new_revision,
    revision_to_change,
)
from observations.store.session_store import SessionStore
from observations.store.text_checks import (
    MIN_ID_PREFIX,
    check_in_post,
    checked_text,
    like_prefix,
    self_assessor,
)
from observations.vocabulary import SELF_ASSESSMENT


class ObservationStore(SessionStore):
    """Observations of practice and their revisions."""

    def record_observation(
        self,
        staff_id: str,
        standard_id: str,
        rating: str,
        *,
        framework_id: str = "apir",
        observed_on: str | date | None = None,
        source: str = "observation",
        evidence: str = "",
        examples: Iterable[int] = (),
        observer: str | None = None,
        session_id: str | None = None,
    ) -> Observation:
        framework = self.framework(framework_id)
        standard, numbers = check_observation(framework, standard_id, rating, source, examples, evidence or "")
        when = parse_date(observed_on, "date observed", default=today()).isoformat()
        row_id = new_id()
        row = {
            "id": row_id,
            "observation_id": row_id,
            "revision": 1,
            "supersedes": None,
            "framework": framework.id,
            "framework_version": framework.version,
            "standard": standard,
            "rating": rating,
            "observed_on": when,
            "source": source,
            "evidence": evidence or "",
            "examples": json.dumps(numbers),
            "observer": checked_text(observer, "observer", limit=200),
            "recorded_at": now_utc(),
            "recorded_by": self.scope.recorder(checked_text(observer, "observer", limit=200)),
            "reason": "",
            "retracted": 0,
        }
        with self.write():
            member = self.staff(staff_id)
            self.scope.check_records(member, source)
            check_in_post(member, when, "date observed")
            if source == SELF_ASSESSMENT:
                row["observer"] = self_assessor(member, row["observer"])
                row["recorded_by"] = self.scope.recorder(row["observer"])
            row.update(staff_id=member.id, session_id=self._session_of(member, session_id))
            self.db["observations"].insert(row)
        return Observation.from_row(row)

    def find_observation(self, text: str) -> Observation:
        """The current revision of the observation whose id (or any revision's id) starts with ``text``."""
        prefix = (text or "").strip().lower()
        if len(prefix) < MIN_ID_PREFIX:
            raise InputError(f"observation id {text!r} is too short; give at least {MIN_ID_PREFIX} characters")
        logical = self.rows(
            "SELECT DISTINCT observation_id FROM observations WHERE id LIKE ? ESCAPE '\\' OR observation_id LIKE ? ESCAPE '\\'",
            [like_prefix(prefix), like_prefix(prefix)],
        )
        if not logical:
            raise NotFoundError(f"no observation with id {text!r}; 'supervision-tui history STAFF' lists ids")
        if len(logical) > 1:
            raise AmbiguousError(f"observation id {text!r} matches {len(logical)} observations; give more characters")
        found = self.latest_revision(logical[0]["observation_id"])
        self.staff(found.staff_id)  # the scope may see whose it is
        return found

    def latest_revision(self, observation_id: str) -> Observation:
        rows = self.rows(
            "SELECT * FROM observations WHERE observation_id = ? ORDER BY revision DESC, recorded_at DESC, id DESC LIMIT 1",
            [observation_id],
        )
        if not rows:
            raise NotFoundError(f"no observation with id {observation_id!r}")
        return Observation.from_row(rows[0])

    def revisions(self, observation_id: str) -> list[Observation]:
        rows = self.rows("SELECT * FROM observations WHERE observation_id = ? ORDER BY revision, recorded_at, id", [observation_id])
        return [Observation.from_row(r) for r in rows]

    def is_retracted(self, observation_id: str) -> bool:
        """True once any revision retracts the observation: a retraction is final, even
        over a correction made elsewhere and merged in later."""
        return bool(self.rows("SELECT 1 FROM observations WHERE observation_id = ? AND retracted = 1 LIMIT 1", [observation_id]))

    def correct_observation(
        self,
        observation_id: str,
        *,
        reason: str,
        by: str | None = None,
        rating: str | None = None,
        evidence: str | None = None,
        examples: Iterable[int] | None = None,
        source: str | None = None,
        observed_on: str | date | None = None,
        standard_id: str | None = None,
        expected_revision: int | None = None,
    ) -> Observation:
        """A new revision superseding the current one; the old revision stays in history.

        ``expected_revision`` is the revision the caller showed the user: when
        someone else has corrected the observation since, nothing is written.
        """
        when = parse_date(observed_on, "date observed").isoformat() if observed_on is not None else None
        with self.write():
            current = revision_to_change(self, observation_id, expected_revision, retracting=False)
            member = self.staff(current.staff_id)
            self.scope.check_records(member, current.source)
            changes = corrected_fields(self, current, rating, evidence, examples, source, standard_id, when)
            self.scope.check_records(member, changes.get("source", current.source))
            return new_revision(self, current, changes, reason=reason, by=self.scope.recorder(by or ""), retract=False)

    def retract_observation(
        self, observation_id: str, *, reason: str, by: str | None = None, expected_revision: int | None = None
    ) -> Observation:
        """A tombstone revision: the observation stays in history but no report counts it, ever again."""
        with self.write():
            current = revision_to_change(self, observation_id, expected_revision, retracting=True)
            self.scope.check_records(self.staff(current.staff_id), current.source)
            return new_revision(self, current, {}, reason=reason, by=self.scope.recorder(by or ""), retract=True)

    def history(
        self,
        staff_id: str,
        *,
        framework_id: str | None = None,
        standard_id: str | None = None,
        include_superseded: bool = False,
    ) -> list[Observation]:
        """Observations of one person, newest first; current revisions only unless asked."""
        self.staff(staff_id)  # the scope may see them
        self.scope.check_evidence()
        table = "observations" if include_superseded else "current_observations"
        sql = f"SELECT * FROM {table} WHERE staff_id = ?"
        params: list[Any] = [staff_id]
        if framework_id:
            sql += " AND framework = ?"
            params.append(framework_id)
        if standard_id:
            sql += " AND standard = ? COLLATE NOCASE"
            params.append(standard_id)
        sql += " ORDER BY observed_on DESC, recorded_at DESC"
        return [Observation.from_row(r) for r in self.rows(sql, params)]
