"""Provides ``supervision-tui staff add|list|show|set-interval|leave|export|erase``: the people whose practice is recorded."""

from __future__ import annotations

import argparse

from .context import Context, file_argument, warn
from .errors import UsageError
from .output import emit, no_clobber_option, to_csv, to_json
from .store_commands import columns, date_argument, open_store, plain, warn_erasure_unscrubbed

LIST_FIELDS = ("ref", "name", "team", "role", "started_on", "manager", "status", "left_on")
SCHEDULE_FIELDS = ("supervision_due_on", "supervision_status", "supervision_interval_weeks")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "staff",
        parents=[common],
        help="add, list and show staff; leave; subject access export and erasure",
        description="The staff whose practice is observed. Each person has a short ref (8 letters and digits) that "
        "stays the same when databases are merged.",
    )
    commands = group.add_subparsers(dest="staff_command", metavar="SUBCOMMAND")

    add = commands.add_parser("add", parents=[common], help="add a member of staff; prints their ref")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--team", metavar="TEAM")
    add.add_argument("--role", metavar="ROLE")
    add.add_argument("--started", metavar="DATE", type=date_argument, help="start date, YYYY-MM-DD (for induction)")
    add.add_argument("--manager", metavar="NAME")
    add.set_defaults(handler=add_staff)

    listing = commands.add_parser("list", parents=[common], help="everyone, or one team")
    listing.add_argument("--team", metavar="TEAM")
    listing.add_argument("--active", action="store_true", help="leave out people who have left")
    listing.add_argument("--format", choices=("text", "json", "csv"), default="text")
    listing.add_argument("--by-supervision", action="store_true", help="most overdue supervision first, then the soonest due")
    listing.set_defaults(handler=list_staff)

    show = commands.add_parser("show", parents=[common], help="one person: details and a summary of their records")
    show.add_argument("staff", metavar="STAFF", help="ref or unambiguous name")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=show_staff)

    interval = commands.add_parser(
        "set-interval", parents=[common], help="how often one person is supervised, in weeks (or 'default')",
        description="Gives one person their own supervision interval, 1 to 52 weeks. 'default' goes back to the "
        "service's interval from settings (or the induction interval while they are in induction).",
    )
    interval.add_argument("staff", metavar="STAFF")
    interval.add_argument("weeks", metavar="WEEKS", help="1 to 52, or 'default'")
    interval.set_defaults(handler=set_interval)

    leave = commands.add_parser("leave", parents=[common], help="record that someone has left (their records stay)")
    leave.add_argument("staff", metavar="STAFF")
    leave.add_argument("--date", metavar="DATE", type=date_argument, help="leaving date (default today)")
    leave.set_defaults(handler=leave_staff)

    export = commands.add_parser("export", parents=[common], help="everything held about one person, as JSON (subject access)")
    export.add_argument("staff", metavar="STAFF")
    export.add_argument("--out", metavar="FILE", type=file_argument, help="write to FILE (0600) instead of printing")
    no_clobber_option(export)
    export.set_defaults(handler=export_staff)

    erase = commands.add_parser(
        "erase", parents=[common], help="delete everything about one person for good (needs --yes)",
        description="Deletes the person's details, observations (every revision), sessions, actions and cases, keeps "
        "one audit line with no personal data, and vacuums the file so nothing remains in free space. "
        "Backups and export files you made earlier are not touched.",
    )
    erase.add_argument("staff", metavar="STAFF")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    erase.set_defaults(handler=erase_staff)


def _label(member) -> str:
    team = f" ({plain(member.team)})" if member.team else ""
    return f"{plain(member.name)}{team}"


def add_staff(args, context: Context) -> int:
    with open_store(context, missing="create") as store:
        member = store.add_staff(args.name, team=args.team, role=args.role, started_on=args.started, manager=args.manager)
    emit(f"{member.ref}  {_label(member)}\n")
    return 0


def list_staff(args, context: Context) -> int:
    from observations.dates import today
    from observations.schedule import ScheduleRules, urgency
    from observations.schedule_queries import supervision_schedule
    from observations.settings import load_settings

    rules = ScheduleRules.from_settings(load_settings())
    with open_store(context, reads_only=True) as store:
        people = store.list_staff(team=args.team, include_left=not args.active)
        due = supervision_schedule(store, as_of=today(), rules=rules)
    if args.by_supervision:
        people = sorted(people, key=lambda p: urgency(due.get(p.id)))
    if args.format == "json":
        emit(to_json([{**p.to_dict(), "next_supervision": due[p.id].to_dict() if p.id in due else None} for p in people]))
    elif args.format == "csv":
        emit(to_csv(LIST_FIELDS + SCHEDULE_FIELDS, ([getattr(p, f) for f in LIST_FIELDS] + _schedule_cells(due.get(p.id)) for p in people)))
    elif not people:
        emit("no staff yet; add someone with 'supervision-tui staff add NAME --team TEAM'\n" if not args.team else f"no staff in team {plain(args.team)!r}\n")
    else:
        rows = [
            [p.ref, plain(p.name), plain(p.team), plain(p.role), p.started_on or "", _supervision_text(due.get(p.id)),
             p.status if p.status == "active" else f"left {p.left_on}"]
            for p in people
        ]
        emit(columns(rows, ["REF", "NAME", "TEAM", "ROLE", "STARTED", "NEXT SUPERVISION", "STATUS"]))
    return 0


def _supervision_text(due) -> str:
    return "-" if due is None else f"{due.due_on.isoformat()} ({due.describe()})"


def _schedule_cells(due) -> list:
    return [None, None, None] if due is None else [due.due_on.isoformat(), due.status, due.interval_weeks]


def set_interval(args, context: Context) -> int:
    from observations.store.supervision_interval import set_supervision_interval

    weeks = None if args.weeks.strip().lower() == "default" else args.weeks
    with open_store(context) as store:
        member = store.find_staff(args.staff)
        member = set_supervision_interval(store, member.id, weeks)
    every = f"every {member.supervision_interval_weeks} weeks" if member.supervision_interval_weeks else "on the service's interval (settings)"
    emit(f"{member.ref}  {_label(member)} is supervised {every}\n")
    return 0


def show_staff(args, context: Context) -> int:
    from observations.dates import today
    from observations.read_models import staff_summary

    from observations.schedule import ScheduleRules
    from observations.schedule_queries import supervision_schedule
    from observations.settings import load_settings

    rules = ScheduleRules.from_settings(load_settings())
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        summary = staff_summary(store, member.id, as_of=today())
        due = supervision_schedule(store, as_of=today(), rules=rules, staff_ids=[member.id]).get(member.id)
    if args.format == "json":
        emit(to_json({**member.to_dict(), "summary": summary, "next_supervision": due.to_dict() if due else None}))
        return 0
    s = summary
    lines = [
        f"{plain(member.name)}  (ref {member.ref})",
        f"Team: {plain(member.team) or '-'}   Role: {plain(member.role) or '-'}   Manager: {plain(member.manager) or '-'}",
        f"Started: {member.started_on or '-'}   Status: {member.status}" + (f" (left {member.left_on})" if member.left_on else ""),
        f"Observations: {s['observations']} current ({s['self_assessed']} self-assessment), "
        f"{s['corrections']} corrected, {s['retractions']} retracted; last observed {s['last_observed'] or 'never'}",
        f"Supervision sessions: {s['sessions']}, last {s['last_session'] or 'never'}"
        + (f"; next {_supervision_text(due)}, every {due.interval_weeks} weeks ({due.interval_source})" if due else ""),
        f"Actions: {s['open_actions']} open ({s['overdue_actions']} overdue), {s['done_actions']} done",
    ]
    if s["cases"]:
        lines.append(f"Cases: {s['cases']}")
    emit("\n".join(lines) + "\n")
    return 0


def leave_staff(args, context: Context) -> int:
    with open_store(context) as store:
        member = store.find_staff(args.staff)
        member = store.staff_leave(member.id, on=args.date)
        from observations.caseload.transfers import open_cases_of, open_cases_warning

        still_open = open_cases_of(store, member.id)
    emit(f"{member.ref}  {_label(member)} left on {member.left_on}; their records are kept\n")
    if still_open:
        warn(open_cases_warning(member.ref, still_open))
    return 0


def export_staff(args, context: Context) -> int:
    from observations.privacy.erasure import subject_access

    with open_store(context, skip_broken_frameworks=True, reads_only=True) as store:
        member = store.find_staff(args.staff)
        document = subject_access(store, member.id)
    emit(to_json(document), args.out, no_clobber=args.no_clobber)
    return 0


def erase_staff(args, context: Context) -> int:
    from observations.privacy.erasure import erase_staff as erase

    with open_store(context, skip_broken_frameworks=True) as store:
        member = store.find_staff(args.staff, exact=True)
        if not args.yes:
            raise UsageError(
                f"staff erase deletes everything about {member.ref} ({member.name}) for good; "
                "run 'staff export' first if you need a copy, then add --yes to confirm"
            )
        result = erase(store, member.id)
    deleted = result["deleted"]
    emit(
        f"erased {result['ref']}: {deleted['observations']} observation revisions, {deleted['sessions']} sessions, "
        f"{deleted['actions']} actions, {deleted['cases']} cases deleted; one audit line kept (no personal data)\n"
    )
    warn_erasure_unscrubbed("the erasure is", result["scrub_warning"])
    return 0
