"""Provides the ``supervision-tui report ...`` group; each kind of report registers itself from its own module.

People reports (needs, training, induction) and the caseload review live in
separate modules so each stays small; this module only builds the group.
"""

from __future__ import annotations

import argparse
import importlib

REPORT_MODULES: tuple[str, ...] = (
    "report_people_cmd",
    "report_caseload_cmd",
)
"""Modules under supervision_tui.cli that add ``report`` subcommands, in help order."""


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "report",
        parents=[common],
        help="development needs, training needs, induction progress and caseload reviews",
        description="Reports built from the observations and the framework's own text. Each takes --format, "
        "--out FILE (written owner-only; --out - prints) and --as-of DATE (the report as it would have been on that day).",
    )
    reports = group.add_subparsers(dest="report_command", metavar="REPORT")
    for name in REPORT_MODULES:
        importlib.import_module(f"supervision_tui.cli.{name}").register(reports, common)
