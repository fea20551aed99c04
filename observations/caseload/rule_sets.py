"""Provides the caseload rule sets: which rules, levels and events belong to which framework, and a case's flags.

A case follows one framework (``cases.framework``): the APIR guide's for a
Connexions caseload, Methods of Work's for a floating-support service. Its
rules, the levels it may be at and the events that can be logged on it are
that framework's; every flag cites that framework's own document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from . import floating_support
from .flags import Flag
from .guide import APIR, GUIDE_RULES, LEVELS, GuideRule
from .rule_settings import DEFAULT_SETTINGS, CaseloadSettings
from .rules import RULES as APIR_CHECKS
from .timeline import LEVEL_CHANGE, LOGGED_EVENTS, CaseFacts, CaseView


@dataclass(frozen=True)
class RuleSet:
    """One framework's caseload rules: their wording, their checks (in the same order), levels and events."""

    framework: str
    document: str
    """The document the rules quote, as a flag's citation names it."""
    levels: tuple[str, ...]
    events: tuple[str, ...]
    """Events ``case log`` records on a case following the framework (level changes are ``case level``)."""
    rules: tuple[GuideRule, ...]
    checks: tuple[Callable[[CaseView], list[Flag]], ...]
    in_school: bool = False
    """Whether a case may be marked as in school (the APIR watching brief's termly review)."""


RULE_SETS: dict[str, RuleSet] = {
    APIR: RuleSet(
        APIR, 'Connexions Northamptonshire, "Working with clients on your caseload" (August 2005)',
        LEVELS, LOGGED_EVENTS, GUIDE_RULES, APIR_CHECKS, in_school=True,
    ),
    floating_support.METHODS_OF_WORK: RuleSet(
        floating_support.METHODS_OF_WORK, '"Our Methods of Work" (floating support, Oxfordshire and Buckinghamshire)',
        floating_support.LEVELS, floating_support.EVENTS, floating_support.RULES, floating_support.CHECKS,
    ),
}
DEFAULT_FRAMEWORK = APIR
RULES_BY_ID: dict[str, GuideRule] = {rule.id: rule for rules in RULE_SETS.values() for rule in rules.rules}
"""Every framework's rules by id (ids are unique across frameworks)."""
ALL_EVENTS: tuple[str, ...] = tuple(dict.fromkeys(e for rules in RULE_SETS.values() for e in rules.events))
ALL_LEVELS: tuple[str, ...] = tuple(dict.fromkeys(level for rules in RULE_SETS.values() for level in rules.levels))


def rule_set(framework_id: str | None) -> RuleSet:
    """The rules a case following ``framework_id`` is checked against; a one-line error for a framework with none."""
    found = RULE_SETS.get(framework_id or "")
    if found is None:
        known = ", ".join(RULE_SETS)
        raise InputError(f"framework {str(framework_id)[:64]!r} has no caseload rules (frameworks with caseload rules: {known})")
    return found


def check_level_for(framework_id: str, level: str | None) -> str:
    """A level the framework's cases can be at."""
    levels = rule_set(framework_id).levels
    if level is None and len(levels) > 1:
        raise InputError(f"a level is needed ({_whose('levels', framework_id)}: {', '.join(levels)})")
    if level not in levels:
        raise InputError(f"unknown level {level!r} ({_whose('levels', framework_id)}: {', '.join(levels)})")
    return level


def _whose(what: str, framework_id: str) -> str:
    """'levels' for the APIR guide's cases (the first framework with caseload rules), else 'levels of a X case'."""
    return what if framework_id == DEFAULT_FRAMEWORK else f"{what} of a {framework_id} case"


def check_event_for(framework_id: str, event: str) -> None:
    """An event ``case log`` records on a case following the framework."""
    if event == LEVEL_CHANGE:
        raise InputError("to change a case's level use 'supervision-tui case level REF LEVEL DATE'")
    events = rule_set(framework_id).events
    if event not in events:
        raise InputError(f"unknown event {event!r} ({_whose('events', framework_id)}: {', '.join(events)})")


def view_flags(case: CaseView) -> list[Flag]:
    """Every flag of the case's own framework's rules, in that framework's order."""
    flags: list[Flag] = []
    for check in rule_set(case.facts.framework).checks:
        flags += check(case)
    return flags


def case_flags(facts: CaseFacts, as_of: date, settings: CaseloadSettings = DEFAULT_SETTINGS) -> list[Flag]:
    """Every flag for one case as of ``as_of``; none for a case referred after ``as_of``."""
    if facts.referred_on > as_of:
        return []
    return view_flags(CaseView(facts, as_of, settings))


__all__ = [
    "ALL_EVENTS", "ALL_LEVELS", "DEFAULT_FRAMEWORK", "RULES_BY_ID", "RULE_SETS", "RuleSet",
    "case_flags", "check_event_for", "check_level_for", "rule_set", "view_flags",
]
