"""Provides ``supervision-tui calendar``: next supervisions and action due dates as an .ics file for a real calendar.

One file a manager imports into Outlook, Google Calendar or Thunderbird; the
UIDs are stable, so importing a newer file moves the events instead of adding
copies. Who is in it: one person, a team, or everyone a manager manages.
"""

from __future__ import annotations

import argparse
import sys

from .context import Context, file_argument
from .errors import UsageError
from .output import no_clobber_option
from .store_commands import date_argument, open_store, plain


def register(subparsers, common: argparse.ArgumentParser) -> None:
    calendar = subparsers.add_parser(
        "calendar",
        parents=[common],
        help="write next supervisions and action due dates as an iCalendar (.ics) file",
        description="All-day events for each person's next supervision (an overdue one is shown today) and each open "
        "action's due date, for Outlook, Google Calendar or Thunderbird. Importing a newer file updates the same events. "
        "Without --staff, --team or --manager it covers everyone in post.",
    )
    who = calendar.add_mutually_exclusive_group()
    who.add_argument("--staff", metavar="STAFF", help="one person (ref or unambiguous name)")
    who.add_argument("--team", metavar="TEAM", help="everyone in post in one team")
    who.add_argument("--manager", metavar="NAME", help="everyone in post whose manager is NAME")
    calendar.add_argument("--out", metavar="FILE.ics", type=file_argument, required=True, help="the file to write (owner-only)")
    calendar.add_argument("--as-of", metavar="DATE", type=date_argument, help="the schedule as it stood on DATE (default today)")
    no_clobber_option(calendar)
    calendar.set_defaults(handler=write_calendar)


def write_calendar(args, context: Context) -> int:
    from observations.calendar_export import calendar_bytes, calendar_entries
    from observations.dates import parse_date, today
    from observations.files.writer import check_target, write_file
    from observations.schedule import ScheduleRules
    from observations.settings import load_settings

    rules = ScheduleRules.from_settings(load_settings())
    as_of = parse_date(args.as_of, "--as-of", default=today())
    check_target(args.out, clobber=not args.no_clobber)  # a bad target is refused before any reading
    with open_store(context, reads_only=True, skip_broken_frameworks=True) as store:
        people = selected_people(store, args)
        entries = calendar_entries(store, people, as_of=as_of, rules=rules)
        data = calendar_bytes(entries)
    path = write_file(args.out, data, clobber=not args.no_clobber)
    supervisions = sum(1 for e in entries if e.uid.startswith("supervision-"))
    print(f"wrote {path}: {supervisions} supervision{'s' if supervisions != 1 else ''}, "
          f"{len(entries) - supervisions} action due date{'s' if len(entries) - supervisions != 1 else ''}", file=sys.stderr)
    return 0


def selected_people(store, args) -> list:
    """The people in post the options select; no one selected is a usage error (nothing is written)."""
    from observations.store.text_checks import folded_name

    if args.staff:
        member = store.find_staff(args.staff)
        if member.status != "active":
            raise UsageError(f"{member.ref} ({plain(member.name)}) has left (on {member.left_on}); they have no supervision to schedule")
        return [member]
    people = store.list_staff(team=args.team, include_left=False)
    if args.manager:
        wanted = folded_name(args.manager)
        people = [m for m in people if m.manager and folded_name(m.manager) == wanted]
        if not people:
            raise UsageError(f"no one in post has {plain(args.manager)!r} as their manager; check the name with 'staff list'")
    if not people:
        raise UsageError(f"no one in post in team {plain(args.team)!r}" if args.team else "no staff in post yet; nothing to put in a calendar")
    return people
