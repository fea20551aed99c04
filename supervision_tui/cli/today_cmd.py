"""Provides ``supervision-tui today``: what needs a manager's attention on one day, the most pressing first.

The same list as the app's Today screen: supervisions due, overdue actions,
cases behind their framework's timescales, self-assessments far from the manager's
rating, standards not observed lately, new staff behind on induction.
"""

from __future__ import annotations

import argparse

from .context import Context
from .output import emit, no_clobber_option
from .store_commands import date_argument, open_store

FORMATS = ("text", "md", "json")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    today = subparsers.add_parser(
        "today",
        parents=[common],
        help="what needs attention today: supervisions due, overdue actions, cases behind, disagreements",
        description="One line per thing that needs a manager's attention, overdue first: supervisions due or overdue, "
        "development actions past their due date, cases behind their framework's timescales, self-assessments two or more "
        "levels from the manager's rating, standards not observed within the staleness period, and new staff behind "
        "on induction.",
    )
    today.add_argument("--as-of", metavar="DATE", type=date_argument, help="the list as it would have been on DATE (default today)")
    today.add_argument("--team", metavar="TEAM", help="only this team")
    today.add_argument("--manager", metavar="NAME", help="only the people this manager supervises")
    today.add_argument("--framework", metavar="ID", help="the framework whose standards are checked (default: default_framework in settings, else apir)")
    today.add_argument("--format", choices=FORMATS, default="text", help="text (default), md or json")
    today.add_argument("--out", metavar="FILE", help="write to FILE (owner-only) instead of printing")
    no_clobber_option(today)
    today.set_defaults(handler=today_command)


def today_command(args, context: Context) -> int:
    from observations.dates import parse_date, today
    from observations.schedule import ScheduleRules
    from observations.settings import load_settings
    from observations.today import today_report

    as_of = parse_date(args.as_of, "--as-of", default=today(), allow_future=True)
    settings = load_settings()
    framework = args.framework or settings.default_framework
    with open_store(context, reads_only=True) as store:
        data = today_report(
            store, framework, as_of=as_of, team=args.team, manager=args.manager,
            stale_months=settings.stale_months, rules=ScheduleRules.from_settings(settings),
        )
    from observations.reports import render_report

    emit(render_report(kind="today", fmt=args.format, data=data), args.out, no_clobber=args.no_clobber)
    return 0
