"""Provides ``supervision-tui report caseload STAFF``: a PA's cases checked against their framework's timescales.

Markdown for supervision notes, a standalone A4 HTML page to print, or JSON;
every flag cites the wording of its case's framework document.
"""

from __future__ import annotations

import argparse

from .context import Context
from .output import emit, no_clobber_option
from .store_commands import date_argument, open_store

FORMATS = ("md", "html", "json")


def register(reports, common: argparse.ArgumentParser) -> None:
    caseload = reports.add_parser(
        "caseload",
        parents=[common],
        help="a PA's cases against their framework's timescales: met, due, overdue and missed",
        description="Each open case (and each closed in the last three months) with a flag per timescale its "
        "framework's rules set for its support level: for the APIR guide, first contact, plan of work, APIR profile, "
        "weekly contact, watching brief reviews and the rules for leaving the caseload; for floating support (Methods "
        "of Work), the six-month support plan and review. Each flag quotes its framework's document.",
    )
    caseload.add_argument("staff", metavar="STAFF", help="the PA: staff ref or unambiguous name")
    caseload.add_argument("--as-of", metavar="DATE", type=date_argument, help="the review as it would have been on DATE (default today)")
    caseload.add_argument("--format", choices=FORMATS, default="md", help="md (default), html (A4, print-ready) or json")
    caseload.add_argument("--out", metavar="FILE", help="write to FILE (owner-only) instead of printing")
    no_clobber_option(caseload)
    caseload.set_defaults(handler=caseload_command)


def caseload_command(args, context: Context) -> int:
    from observations.caseload import caseload_report
    from observations.dates import parse_date, today

    as_of = parse_date(args.as_of, "--as-of", default=today())
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        data = caseload_report(store, member.id, as_of=as_of)
    from observations.reports import render_report

    emit(render_report(kind="caseload", fmt=args.format, data=data), args.out, no_clobber=args.no_clobber)
    return 0
