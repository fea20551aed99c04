"""Provides the caseload rules' settings as each framework file sets them, so no timescale number hides in code.

A framework's front matter may give ``caseload:`` settings (checked by the
standards loader); the library decides which file that is (a user folder's copy
of a framework replaces the shipped one), and each case reads the settings of
the framework it follows. A setting a framework does not give has the value here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TERM_MONTHS = 4
"""'Termly' read as at least every four months: three school terms a year, whatever a school's term dates.
The project's choice (the APIR guide is silent), so a framework file sets it (``caseload: term-months``); this is
the value when it does not."""
SUPPORT_PLAN_MONTHS = 6
"""Methods of Work's "regular 6 month support plan and review"; the framework file says it again
(``caseload: support-plan-months``) so that a service whose own copy says otherwise is checked against its copy."""


@dataclass(frozen=True)
class CaseloadSettings:
    """One framework's caseload settings (each rule reads only its own)."""

    term_months: int = TERM_MONTHS
    support_plan_months: int = SUPPORT_PLAN_MONTHS

    @classmethod
    def of(cls, framework) -> CaseloadSettings:
        """The settings a loaded framework gives (defaults for any it does not)."""
        return cls(
            term_months=framework.caseload_setting("term-months", TERM_MONTHS),
            support_plan_months=framework.caseload_setting("support-plan-months", SUPPORT_PLAN_MONTHS),
        )


DEFAULT_SETTINGS = CaseloadSettings()


@dataclass(frozen=True)
class SettingsByFramework:
    """Every loaded framework's caseload settings, by framework id; defaults for a framework not loaded."""

    by_id: dict[str, CaseloadSettings] = field(default_factory=dict)

    def of(self, framework_id: str) -> CaseloadSettings:
        return self.by_id.get(framework_id, DEFAULT_SETTINGS)

    @classmethod
    def of_library(cls, library) -> SettingsByFramework:
        return cls({framework.id: CaseloadSettings.of(framework) for framework in library})
