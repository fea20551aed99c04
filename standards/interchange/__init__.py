"""Provides framework interchange: 1EdTech CASE 1.1 JSON and Moodle competency-framework CSV, in and out.

Pure functions over the framework model; the command line reads and writes the
files. Anything foreign that does not fit raises InterchangeError, one line.
"""

from .case import framework_from_case, framework_to_case
from .framework_assembly import InterchangeError
from .moodle import framework_from_moodle_csv, framework_to_moodle_csv

__all__ = [
    "InterchangeError",
    "framework_from_case",
    "framework_from_moodle_csv",
    "framework_to_case",
    "framework_to_moodle_csv",
]
