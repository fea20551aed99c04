"""Provides the caseload rule sets: which rules, levels and events each set has, which set a framework's cases follow,
and a case's flags.

A case follows one framework (``cases.framework``). Which rules that means is
the framework file's to say, under ``caseload:`` (``rules: apir-guide`` in the
shipped apir.md, ``rules: floating-support`` in methods-of-work.md), so an
organisation's own framework, whatever its id, can take on either set. Its
rules, the levels it may be at and the events that can be logged on it are that
set's; every flag cites the framework's own document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from . import floating_support
from .flags import Flag
from .guide import GUIDE_RULES, LEVELS, GuideRule
from .rule_settings import APIR_GUIDE, DEFAULT_SETTINGS, CaseloadSettings
from .rules import RULES as APIR_CHECKS
from .timeline import LEVEL_CHANGE, LOGGED_EVENTS, CaseFacts, CaseView

DEFAULT_FRAMEWORK = "apir"
"""The framework a case follows when none is given: ``case add`` without ``--framework``, and every case written
before cases followed a framework (schema step m011), which were all checked against the APIR guide."""


@dataclass(frozen=True)
class RuleSet:
    """One set of caseload rules: their wording, their checks (in the same order), levels and events."""

    name: str
    """What a framework file names under ``caseload: rules``."""
    levels: tuple[str, ...]
    events: tuple[str, ...]
    """Events ``case log`` records on a case following the rules (level changes are ``case level``)."""
    rules: tuple[GuideRule, ...]
    checks: tuple[Callable[[CaseView], list[Flag]], ...]
    in_school: bool = False
    """Whether a case may be marked as in school (the APIR watching brief's termly review)."""


RULE_SETS: dict[str, RuleSet] = {
    APIR_GUIDE: RuleSet(APIR_GUIDE, LEVELS, LOGGED_EVENTS, GUIDE_RULES, APIR_CHECKS, in_school=True),
    floating_support.FLOATING_SUPPORT: RuleSet(
        floating_support.FLOATING_SUPPORT, floating_support.LEVELS, floating_support.EVENTS, floating_support.RULES,
        floating_support.CHECKS,
    ),
}
"""Every rule set by the name a framework file gives it (``standards.frontmatter.CASELOAD_RULES`` lists the same)."""
RULES_BY_ID: dict[str, GuideRule] = {rule.id: rule for rules in RULE_SETS.values() for rule in rules.rules}
"""Every rule set's rules by id (ids are unique across sets)."""


@dataclass(frozen=True)
class FollowedRules:
    """The rules a framework's cases follow, with the framework's id for the one-line refusals."""

    framework: str
    rules: RuleSet

    def check_level(self, level: str | None) -> str:
        """A level the framework's cases can be at."""
        levels = self.rules.levels
        if level is None and len(levels) > 1:
            raise InputError(f"a level is needed ({self._whose('levels')}: {', '.join(levels)})")
        if level not in levels:
            raise InputError(f"unknown level {level!r} ({self._whose('levels')}: {', '.join(levels)})")
        return level

    def check_event(self, event: str) -> None:
        """An event ``case log`` records on a case following the framework."""
        if event == LEVEL_CHANGE:
            raise InputError("to change a case's level use 'supervision-tui case level REF LEVEL DATE'")
        if event not in self.rules.events:
            raise InputError(f"unknown event {event!r} ({self._whose('events')}: {', '.join(self.rules.events)})")

    def check_in_school(self, in_school: bool) -> None:
        if in_school and not self.rules.in_school:
            raise InputError(f"a {self.framework} case is not marked as in school: only the APIR guide's watching brief asks")

    def _whose(self, what: str) -> str:
        """'levels' for the default framework's cases (the APIR guide's), else 'levels of a X case'."""
        return what if self.framework == DEFAULT_FRAMEWORK else f"{what} of a {self.framework} case"


def followed_rules(library, framework_id: str | None) -> FollowedRules:
    """The rules a case following ``framework_id`` is checked against, as the framework's file declares them; one
    line for a framework that is not loaded or whose file names no rules."""
    wanted = str(framework_id or "")
    if wanted not in library:
        raise InputError(f"framework {wanted[:64]!r} has no caseload rules: no framework with that id is loaded ({_with_rules(library)})")
    framework = library.get(wanted)
    name = framework.caseload_rules
    if name is None:
        where = f" ({framework.path})" if framework.path else ""
        raise InputError(f"framework {wanted!r} has no caseload rules: its file{where} names none (add {_rules_lines()} under 'caseload:' there)")
    return FollowedRules(wanted, RULE_SETS[name])


def _with_rules(library) -> str:
    """'frameworks with caseload rules: apir, methods-of-work' (or 'no loaded framework has caseload rules')."""
    ids = [framework.id for framework in library if framework.caseload_rules is not None]
    return f"frameworks with caseload rules: {', '.join(ids)}" if ids else "no loaded framework has caseload rules"


def rules_named(settings: CaseloadSettings, framework_id: str) -> RuleSet:
    """The rule set a framework's file names (its settings' ``rules``); one line, saying what to do, for a
    framework that is not loaded here or whose file names none (a copy made before files named their rules)."""
    found = RULE_SETS.get(settings.rules or "")
    if found is not None:
        return found
    if not settings.loaded:
        raise InputError(
            f"cases following {framework_id} cannot be reviewed: no framework {framework_id!r} is loaded here "
            "(put its file back in your standards folder)"
        )
    where = settings.file or f"the {framework_id} framework file"
    raise InputError(f"cases following {framework_id} cannot be reviewed: {where} names no caseload rules (add {_rules_lines()} under 'caseload:' there)")


def _rules_lines() -> str:
    """"'rules: apir-guide' or 'rules: floating-support'": the lines a framework file may give."""
    return " or ".join(f"'rules: {name}'" for name in RULE_SETS)


def rules_of(case: CaseView) -> RuleSet:
    """The rule set the case's framework file names."""
    return rules_named(case.settings, case.facts.framework)


def view_flags(case: CaseView) -> list[Flag]:
    """Every flag of the rules the case's framework follows, in their order."""
    flags: list[Flag] = []
    for check in rules_of(case).checks:
        flags += check(case)
    return flags


def case_flags(facts: CaseFacts, as_of: date, settings: CaseloadSettings = DEFAULT_SETTINGS) -> list[Flag]:
    """Every flag for one case as of ``as_of``; none for a case referred after ``as_of``."""
    if facts.referred_on > as_of:
        return []
    return view_flags(CaseView(facts, as_of, settings))


__all__ = [
    "DEFAULT_FRAMEWORK", "RULES_BY_ID", "RULE_SETS", "FollowedRules", "RuleSet",
    "case_flags", "followed_rules", "rules_named", "rules_of", "view_flags",
]
