"""Provides ``supervision-tui report needs|training|induction``: the people reports, built in observations.reports.

Each report checks its options before it opens the database, then builds the
report's data and renders it in the format asked for, to stdout or to a file
written owner-only.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .context import Context
from .errors import UsageError
from .output import emit, no_clobber_option
from .store_commands import date_argument, open_store

DEFAULT_STALE_MONTHS = 6
MAX_STALE_MONTHS = 120
FORMATS = {
    "needs": ("md", "html", "json"),
    "training": ("md", "html", "csv", "json"),
    "induction": ("md", "html", "json"),
}
"""Kept equal to observations.reports.FORMATS (a test checks); repeated here so --help needs no jinja2."""


def register(reports, common: argparse.ArgumentParser) -> None:
    needs = _add(
        reports, common, "needs", needs_command,
        help="development-needs summary to take into supervision",
        description="One person's development needs on a framework: counts, needs by stage with trend, evidence, "
        "self-assessment and suggested development, open and overdue actions, what changed since the last "
        "supervision session, strengths and standards not yet observed.",
    )
    needs.add_argument("staff", metavar="STAFF", help="ref or unambiguous name (people who have left too)")
    needs.add_argument("--since", metavar="DATE", type=date_argument, help="list changes from DATE (default: after the last supervision session)")

    training = _add(
        reports, common, "training", training_command,
        help="training needs across active staff, for trainers",
        description="For each standard, how many active staff have it as a development need and who; the demand for "
        "each development activity; a staff x standard heatmap (html). People who have left are not included.",
    )
    training.add_argument("--team", metavar="TEAM", help="one team only (default: everyone)")

    induction = _add(
        reports, common, "induction", induction_command,
        help="induction checklist: every standard, what is met, what next",
        description="Every standard as a checklist with its status, the date it was met and the self-assessment; "
        "the share met; what to work on next.",
    )
    induction.add_argument("staff", metavar="STAFF", help="ref or unambiguous name")


def _add(reports, common: argparse.ArgumentParser, kind: str, handler: Callable, **text: str) -> argparse.ArgumentParser:
    parser = reports.add_parser(kind, parents=[common], **text)
    formats = FORMATS[kind]
    parser.add_argument("--format", choices=formats, default=formats[0], help=f"{', '.join(formats)} (default {formats[0]})")
    parser.add_argument("--out", metavar="FILE", help="write to FILE (owner-only) instead of printing")
    no_clobber_option(parser)
    parser.add_argument("--as-of", metavar="DATE", type=date_argument, help="the report as it would have been on DATE (default today)")
    parser.add_argument("--framework", metavar="ID", help="framework id (default: default_framework in settings, else apir)")
    parser.add_argument(
        "--stale-months", metavar="N", type=int,
        help=f"a rating older than N months is due for re-observation (default: stale_months in settings, else {DEFAULT_STALE_MONTHS})",
    )
    parser.set_defaults(handler=handler, report_kind=kind)
    return parser


def _common_options(args) -> dict:
    """The checked --as-of and --stale-months, before anything is opened."""
    from observations.dates import parse_date, today

    if args.stale_months is None or args.framework is None:  # what the options leave out, the settings file says
        from observations.settings import load_settings

        settings = load_settings()
        args.stale_months = settings.stale_months if args.stale_months is None else args.stale_months
        args.framework = settings.default_framework if args.framework is None else args.framework
    if not 1 <= args.stale_months <= MAX_STALE_MONTHS:
        raise UsageError(f"--stale-months: {args.stale_months} is out of range (1 to {MAX_STALE_MONTHS})")
    return {"as_of": parse_date(args.as_of, "--as-of", default=today()), "stale_months": args.stale_months}


def _render(args, data: dict) -> int:
    from observations.reports import render_report

    emit(render_report(kind=args.report_kind, fmt=args.format, data=data), args.out, no_clobber=args.no_clobber)
    return 0


def needs_command(args, context: Context) -> int:
    from observations.dates import parse_date
    from observations.reports.needs import needs_report

    options = _common_options(args)
    since = parse_date(args.since, "--since") if args.since else None
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        data = needs_report(store, member.id, framework_id=args.framework, since=since, **options)
    return _render(args, data)


def training_command(args, context: Context) -> int:
    from observations.reports.training import training_report

    options = _common_options(args)
    with open_store(context, reads_only=True) as store:
        data = training_report(store, framework_id=args.framework, team=args.team, **options)
    return _render(args, data)


def induction_command(args, context: Context) -> int:
    from observations.reports.induction import induction_report

    options = _common_options(args)
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        data = induction_report(store, member.id, framework_id=args.framework, **options)
    return _render(args, data)
