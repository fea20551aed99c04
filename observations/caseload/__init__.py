"""Provides the caseload review: cases as refs, levels and dated events, checked against their framework's timescales.

Public API (import from here): ``caseload_report``, ``overdue_cases_by_staff``,
``reviewed_cases``, the case store functions and the pure ``case_flags`` rule.
"""

from __future__ import annotations

from .cases import CaseEventRecord, CaseRecord, add_case, change_level, find_case, load_cases, log_event
from .guide import GUIDE_RULES, LEVELS, RULE_IDS, GuideRule
from .report import caseload_report, overdue_cases_by_staff, reviewed_cases
from .flags import BEHIND, STATUSES, Flag
from .rule_sets import RULE_SETS, RULES_BY_ID, case_flags
from .timeline import LOGGED_EVENTS, CaseEvent, CaseFacts

__all__ = [
    "BEHIND", "GUIDE_RULES", "LEVELS", "LOGGED_EVENTS", "RULE_IDS", "RULE_SETS", "RULES_BY_ID", "STATUSES",
    "CaseEvent", "CaseEventRecord", "CaseFacts", "CaseRecord", "Flag", "GuideRule",
    "add_case", "case_flags", "caseload_report", "change_level", "find_case", "load_cases", "log_event",
    "overdue_cases_by_staff", "reviewed_cases",
]
