"""Provides the caseload review's data: one PA's cases with their flags, and per-PA counts of cases behind.

Each case is checked against the rules its framework's file names; the report lists the rules of every
framework its cases follow (the default framework's for an empty caseload), each citing that framework's own
document by its title.

The report builder returns plain JSON-ready data (the CLI prints it, the
templates render it, the TUI shows it). Closed cases stay in the review for
``REVIEW_WINDOW_DAYS`` after closure, so a supervisor sees how recent closures
went; older closed cases drop out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..dates import today
from .cases import CaseRecord, load_cases
from .flags import BEHIND, STATUSES, Flag
from .rule_sets import DEFAULT_FRAMEWORK, RULES_BY_ID, rules_named, view_flags
from .rule_settings import APIR_GUIDE, SettingsByFramework

if TYPE_CHECKING:
    from ..store.observation_store import Store

REPORT_FORMAT = "supervision-tui-caseload"
REPORT_VERSION = 1
REVIEW_WINDOW_DAYS = 91
"""A closed case stays in the review for about three months after it was closed."""
_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def review_window_start(as_of: date) -> date:
    """Cases closed before this date are no longer reviewed."""
    return as_of - timedelta(days=REVIEW_WINDOW_DAYS)


def caseload_settings(store: Store) -> SettingsByFramework:
    """The settings each loaded framework file gives (whichever file the library loaded for it; defaults for a
    framework that is not loaded)."""
    return SettingsByFramework.of_library(store.library)


def reviewed_cases(store: Store, staff_ids: Sequence[str] | None, *, as_of: date) -> list[tuple[CaseRecord, list[Flag]]]:
    """Every case in the review for these staff (None: everyone), with its flags as of ``as_of``."""
    records = load_cases(store, staff_ids, as_of=as_of, closed_since=review_window_start(as_of))
    settings = caseload_settings(store)
    return [(record, view_flags(record.view(as_of, settings))) for record in records]


def overdue_cases_by_staff(store: Store, staff_ids: Sequence[str] | None, *, as_of: date) -> dict[str, int]:
    """Staff id -> how many of their cases have at least one overdue or missed flag.

    Every staff id asked for is in the answer (0 when none is behind); with
    ``staff_ids`` None, everyone who has a case in the review. Three queries
    whatever the number of staff.
    """
    counts: dict[str, int] = {staff_id: 0 for staff_id in staff_ids} if staff_ids is not None else {}
    for record, flags in reviewed_cases(store, staff_ids, as_of=as_of):
        behind = any(flag.status in BEHIND for flag in flags)
        counts[record.staff_id] = counts.get(record.staff_id, 0) + behind
    return counts


def flag_dict(flag: Flag, document: str) -> dict[str, Any]:
    """A flag with the wording it rests on, and the title of the framework document that wording is cited from."""
    rule = RULES_BY_ID[flag.rule]
    return {**flag.to_dict(), "title": rule.title, "citation": rule.wording, "source": rule.source, "document": document}


def case_dict(record: CaseRecord, flags: list[Flag], as_of: date, settings: SettingsByFramework) -> dict[str, Any]:
    view = record.view(as_of, settings)
    ordered = sorted(flags, key=lambda f: (_RANK[f.status], f.due or as_of))
    return {
        "ref": record.ref,
        "framework": record.framework,
        "rules": view.settings.rules,
        "level": view.current_level,
        "referred_on": record.referred_on,
        "in_school": record.in_school,
        "status": "closed" if view.closed_on else "open",
        "closed_on": view.closed_on.isoformat() if view.closed_on else None,
        "levels": [
            {"level": s.level, "from": s.start.isoformat(), "to": s.end.isoformat() if s.end else None} for s in view.spans
        ],
        "worst": ordered[0].status if ordered else None,
        "flags": [flag_dict(f, view.settings.document or record.framework) for f in ordered],
    }


def _frameworks_followed(store: Store, followed: set[str]) -> list[str]:
    """The frameworks the reviewed cases follow, in the library's order (the default framework for an empty
    caseload, when its file names caseload rules)."""
    if not followed:
        shown = DEFAULT_FRAMEWORK in store.library and store.library.get(DEFAULT_FRAMEWORK).caseload_rules is not None
        followed = {DEFAULT_FRAMEWORK} if shown else set()
    order = store.library.ids()
    return sorted(followed, key=lambda f: (order.index(f) if f in order else len(order), f))


def timescales_phrase(documents: Sequence[dict[str, Any]]) -> str:
    """What cases are behind, as a manager reads it: "the APIR guide's timescales" when every framework involved
    follows the APIR guide's rules, else "the timescales of" the frameworks' documents by title."""
    if all(document["rules"] == APIR_GUIDE for document in documents):
        return "the APIR guide's timescales"
    titles = list(dict.fromkeys(document["document"] for document in documents))
    return "the timescales of " + (", ".join(titles[:-1]) + " and " + titles[-1] if len(titles) > 1 else titles[0])


def caseload_report(store: Store, staff_id: str, *, as_of: date | None = None) -> dict[str, Any]:
    """One PA's caseload review: every open case (and those closed in the last three months) with its flags."""
    as_of = as_of or today()
    member = store.staff(staff_id)
    reviewed = reviewed_cases(store, [member.id], as_of=as_of)
    settings = caseload_settings(store)
    cases = [case_dict(record, flags, as_of, settings) for record, flags in reviewed]
    frameworks = _frameworks_followed(store, {record.framework for record, _ in reviewed})
    cases.sort(key=lambda c: (_RANK.get(c["worst"], len(_RANK)), c["status"] == "closed", c["referred_on"], c["ref"]))
    by_status = {status: sum(1 for c in cases for f in c["flags"] if f["status"] == status) for status in STATUSES}
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "as_of": as_of.isoformat(),
        "staff": {k: getattr(member, k) for k in ("id", "ref", "name", "team", "role", "manager", "status")},
        "closed_since": review_window_start(as_of).isoformat(),
        "counts": {
            "cases": len(cases),
            "open": sum(1 for c in cases if c["status"] == "open"),
            "behind": sum(1 for c in cases if any(f["status"] in BEHIND for f in c["flags"])),
            "flags": by_status,
        },
        "documents": [{"framework": f, "document": settings.of(f).document or f, "rules": settings.of(f).rules} for f in frameworks],
        "rules": [
            {"rule": r.id, "framework": framework, "rule_set": r.rule_set, "title": r.title, "source": r.source,
             "citation": r.wording, "check": r.check, "levels": list(r.levels)}
            for framework in frameworks for r in rules_named(settings.of(framework), framework).rules
        ],
        "cases": cases,
    }
