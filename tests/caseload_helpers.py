"""Shared by the caseload tests: a case from plain tuples, one rule's flags as (status, due), a user's standards
folder of framework files, and a merge refused with one line and nothing written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from store_helpers import table_rows

from observations.caseload import CaseEvent, CaseFacts, case_flags
from observations.errors import InputError

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


def own_folder(tmp_path: Path, **files: str) -> Path:
    """A standards folder holding ``NAME.md`` for each keyword."""
    folder = tmp_path / "standards"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def refused_merge(store, tables, message: str) -> None:
    """Applying ``tables`` is refused with one line matching ``message``, and the database is unchanged."""
    from observations.exchange.merge import apply_rows

    before = table_rows(store.path)
    with pytest.raises(InputError, match=message) as raised:
        apply_rows(store, tables, where="file.json")
    assert "\n" not in str(raised.value)
    assert table_rows(store.path) == before
