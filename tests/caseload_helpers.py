"""Shared by the caseload rule tests: a case from plain tuples, and one rule's flags as (status, due)."""

from __future__ import annotations

from datetime import date

from observations.caseload import CaseEvent, CaseFacts, case_flags

D = date.fromisoformat


def case(level: str, referred: str, *events: tuple) -> CaseFacts:
    """A case from ('event', 'YYYY-MM-DD'[, new level]) tuples."""
    return CaseFacts(
        ref="40213", referred_on=D(referred), level=level,
        events=tuple(CaseEvent(e[0], D(e[1]), e[2] if len(e) > 2 else None) for e in events),
    )


def flags(facts: CaseFacts, as_of: str, rule: str) -> list[tuple[str, str | None]]:
    """(status, due) of one rule's flags."""
    return [(f.status, f.due.isoformat() if f.due else None) for f in case_flags(facts, D(as_of)) if f.rule == rule]


def details(facts: CaseFacts, as_of: str, rule: str) -> list[str]:
    return [f.detail for f in case_flags(facts, D(as_of)) if f.rule == rule]
