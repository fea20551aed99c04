"""Provides the caseload rules' settings as each framework file sets them, so no timescale number hides in code.

A framework's front matter may give ``caseload:`` settings (checked by the
standards loader): which rule set its cases follow (``rules``) and the numbers
those rules read. The library decides which file that is (a user folder's copy
of a framework replaces the shipped one), and each case reads the settings of
the framework it follows. A number a framework does not give has the value here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

APIR_GUIDE = "apir-guide"
"""The rule set of the APIR guide's timescales, as a framework file names it (``caseload: rules: apir-guide``)."""
TERM_MONTHS = 4
"""'Termly' read as at least every four months: three school terms a year, whatever a school's term dates.
The project's choice (the APIR guide is silent), so a framework file sets it (``caseload: term-months``); this is
the value when it does not."""
SUPPORT_PLAN_MONTHS = 6
"""Methods of Work's "regular 6 month support plan and review"; the framework file says it again
(``caseload: support-plan-months``) so that a service whose own copy says otherwise is checked against its copy."""


@dataclass(frozen=True)
class CaseloadSettings:
    """One framework's caseload settings: the rule set its cases follow, and the numbers those rules read."""

    rules: str | None = APIR_GUIDE
    """The rule set the framework's file names (``caseload: rules``); None when it names none, so its cases have
    no rules. Without a framework (the pure rules' tests), the APIR guide's, as for every case before cases
    followed a framework."""
    term_months: int = TERM_MONTHS
    support_plan_months: int = SUPPORT_PLAN_MONTHS
    document: str = ""
    """The title of the framework file the settings come from, which a flag's citation names."""
    file: str = ""
    """Where that file is ('' when it is not known), for the one line saying it names no rules."""
    loaded: bool = True
    """False for a framework that is not loaded here, so nothing says which rules its cases follow."""

    @classmethod
    def of(cls, framework) -> CaseloadSettings:
        """The rules and settings a loaded framework's file gives (defaults for any number it does not)."""
        return cls(
            rules=framework.caseload_rules,
            term_months=framework.caseload_setting("term-months", TERM_MONTHS),
            support_plan_months=framework.caseload_setting("support-plan-months", SUPPORT_PLAN_MONTHS),
            document=framework.title,
            file=str(framework.path or ""),
        )


DEFAULT_SETTINGS = CaseloadSettings()
NO_RULES = CaseloadSettings(rules=None, loaded=False)
"""A framework that is not loaded: nothing says which rules its cases follow."""


@dataclass(frozen=True)
class SettingsByFramework:
    """Every loaded framework's caseload settings, by framework id; no rules for a framework not loaded."""

    by_id: dict[str, CaseloadSettings] = field(default_factory=dict)

    def of(self, framework_id: str) -> CaseloadSettings:
        return self.by_id.get(framework_id, NO_RULES)

    @classmethod
    def of_library(cls, library) -> SettingsByFramework:
        return cls({framework.id: CaseloadSettings.of(framework) for framework in library})
