"""Provides ``supervision-tui case add|log|level|transfer|list|show``: a PA's caseload as refs, levels and dated events.

A case is the case-management system's reference, never a young person's name,
and notes must not name them either: supervision reviews timescales, it does
not hold young people's records.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .context import Context
from .output import emit, to_json
from .store_commands import columns, date_argument, open_store, plain, plain_block

if TYPE_CHECKING:
    from observations.caseload import CaseRecord

LEVELS_HELP = (
    "intensive, enhanced or watching-brief (a case whose framework follows the apir-guide rules, as apir does); "
    "floating-support (floating-support rules, as methods-of-work)"
)
EVENTS_HELP = (
    "on an apir-guide case (apir): contact (with the young person), carer-contact (with a parent or carer), agency-contact (a partner agency, on "
    "their behalf), plan-of-work, "
    "apir-profile, selected-for-apir (an enhanced case selected for an APIR profile), action-plan, review, moved-on-e2e, moved-on-positive (work, training, college), "
    "manager-discussion (with your line manager), closed; on a floating-support case (methods-of-work): contact, agency-contact, "
    "support-plan, review (of the support plan), closed"
)
FRAMEWORK_HELP = (
    "the framework the case follows, whose file names its caseload rules ('rules:' under 'caseload:'): apir (the "
    "Connexions guide's timescales, the default), methods-of-work (a floating-support client: the six-month support "
    "plan and review), or your own framework that names either"
)
REF_HELP = "the case-management system's id for the case, e.g. 40213 (never the young person's name)"
NOTE_HELP = "a short note; it must not contain the young person's name or other details that identify them"


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "case",
        parents=[common],
        help="a PA's caseload: cases as refs, support levels and dated events",
        description="Cases are checked against the timescales of the framework they follow ('report caseload STAFF'). A case is the "
        "case-management system's reference, a support level and dated events: never put a young person's name in "
        "a ref or a note.",
    )
    commands = group.add_subparsers(dest="case_command", metavar="SUBCOMMAND")

    add = commands.add_parser("add", parents=[common], help="add a case to a PA's caseload")
    add.add_argument("staff", metavar="STAFF", help="the PA: staff ref or unambiguous name")
    add.add_argument("ref", metavar="REF", help=REF_HELP)
    add.add_argument("--level", metavar="LEVEL", help=f"support level at referral: {LEVELS_HELP}; needed where the rules have more than one")
    add.add_argument("--framework", metavar="ID", default="apir", help=FRAMEWORK_HELP)
    add.add_argument("--referred", metavar="DATE", type=date_argument, required=True, help="date the referral was received, YYYY-MM-DD")
    add.add_argument("--in-school", action="store_true", help="the young person is in school (watching brief: termly)")
    add.set_defaults(handler=add_case)

    log = commands.add_parser("log", parents=[common], help="record a dated event on a case")
    log.add_argument("ref", metavar="REF", help=REF_HELP)
    log.add_argument("event", metavar="EVENT", help=EVENTS_HELP)
    log.add_argument("date", metavar="DATE", help="when it happened, YYYY-MM-DD (not in the future)")
    log.add_argument("--note", metavar="TEXT", help=NOTE_HELP)
    log.add_argument(
        "--session", metavar="ID",
        help="for a manager-discussion: the supervision session it was held in (the PA's, that day; 'session list STAFF')",
    )
    log.add_argument(
        "--contact-every", metavar="DAYS", type=int,
        help="for a plan-of-work: how often it says to contact the young person, in days (checked for enhanced cases)",
    )
    log.set_defaults(handler=log_event)

    level = commands.add_parser("level", parents=[common], help="move a case to another support level from a date")
    level.add_argument("ref", metavar="REF", help=REF_HELP)
    level.add_argument("level", metavar="LEVEL", help=LEVELS_HELP)
    level.add_argument("date", metavar="DATE", help="the date the new level applies from, YYYY-MM-DD")
    level.add_argument("--note", metavar="TEXT", help=NOTE_HELP)
    level.set_defaults(handler=change_level)

    transfer = commands.add_parser(
        "transfer", parents=[common], help="move a case to another PA from a date (its history stays with it)",
        description="The case, its events and levels stay as they are; the new PA's timescales (first contact, and "
        "anything of week one or six weeks not yet done) start from the transfer date. A leaver's open cases must be "
        "transferred before anything dated after their leaving can be recorded on them.",
    )
    transfer.add_argument("ref", metavar="REF", help=REF_HELP)
    transfer.add_argument("--to", metavar="STAFF", required=True, help="the PA taking the case: staff ref or unambiguous name")
    transfer.add_argument("--on", metavar="DATE", type=date_argument, help="the date the new PA takes it over (default today)")
    transfer.add_argument("--note", metavar="TEXT", help=NOTE_HELP)
    transfer.set_defaults(handler=transfer_case)

    listing = commands.add_parser("list", parents=[common], help="cases: everyone's, or one PA's")
    listing.add_argument("staff", metavar="STAFF", nargs="?", help="only this PA's cases")
    listing.add_argument("--open", action="store_true", help="leave out closed cases")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=list_cases)

    show = commands.add_parser("show", parents=[common], help="one case: its levels, events and flags")
    show.add_argument("ref", metavar="REF")
    show.add_argument("--as-of", metavar="DATE", type=date_argument, help="flags as they were on DATE (default today)")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=show_case)


def add_case(args, context: Context) -> int:
    from observations.caseload import add_case as add

    with open_store(context) as store:
        member = store.find_staff(args.staff)
        case = add(
            store, member.id, args.ref, level=args.level, referred_on=args.referred, in_school=args.in_school,
            framework=args.framework,
        )
    emit(f"{plain(case.ref)}  {case.level} ({case.framework}), referred {case.referred_on}, on {member.ref}'s caseload\n")
    return 0


def log_event(args, context: Context) -> int:
    from observations.caseload import log_event as log

    with open_store(context) as store:
        event = log(
            store, args.ref, args.event, args.date, note=args.note, session_id=args.session, contact_every_days=args.contact_every,
        )
    held = f" (session {event.session_id})" if event.session_id else ""
    held += f" (contact every {event.contact_every_days} days)" if event.contact_every_days else ""
    emit(f"{plain(args.ref.strip())}  {event.event} on {event.on_date}{held}\n")
    return 0


def transfer_case(args, context: Context) -> int:
    from observations.caseload.handover import transfer_case as transfer
    from observations.dates import parse_date, today

    on = parse_date(args.on, "--on", default=today())
    with open_store(context) as store:
        member = store.find_staff(args.to)
        moved = transfer(store, args.ref, member.id, on, note=args.note)
        previous = store.staff(moved.from_staff_id)
    emit(f"{plain(args.ref.strip())}  from {previous.ref} to {member.ref} on {moved.on_date}\n")
    return 0


def change_level(args, context: Context) -> int:
    from observations.caseload import change_level as change

    with open_store(context) as store:
        event = change(store, args.ref, args.level, args.date, note=args.note)
    emit(f"{plain(args.ref.strip())}  {event.level} from {event.on_date}\n")
    return 0


def _summary(case: CaseRecord, staff_refs: dict[str, str], as_of, settings) -> dict:
    """One line's worth of a case: its level now, whether it is open and how many flags are behind."""
    from observations.caseload import BEHIND
    from observations.caseload.report import case_dict
    from observations.caseload.rule_sets import view_flags

    flags = view_flags(case.view(as_of, settings))
    data = case_dict(case, flags, as_of, settings)
    return {
        **{key: data[key] for key in ("ref", "framework", "level", "referred_on", "in_school", "status", "closed_on")},
        "staff_ref": staff_refs.get(case.staff_id, ""),
        "level_at_referral": case.level,
        "last_event_on": case.events[-1].on_date if case.events else None,
        "events": len(case.events),
        "behind": sum(1 for f in flags if f.status in BEHIND),
    }


def list_cases(args, context: Context) -> int:
    from observations.caseload import load_cases
    from observations.caseload.report import caseload_settings
    from observations.dates import today
    from observations.read_models import staff_refs

    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff) if args.staff else None
        cases = load_cases(store, [member.id] if member else None)
        refs = staff_refs(store)
        settings = caseload_settings(store)
    rows = [_summary(case, refs, today(), settings) for case in cases]
    if args.open:
        rows = [r for r in rows if r["status"] == "open"]
    if args.format == "json":
        emit(to_json(rows))
    elif not rows:
        emit("no cases yet; add one with 'supervision-tui case add STAFF REF --level LEVEL --referred DATE'\n")
    else:
        table = [
            [plain(r["ref"]), r["staff_ref"], r["level"], r["referred_on"], "open" if r["status"] == "open" else f"closed {r['closed_on']}",
             r["last_event_on"] or "-", str(r["behind"])]
            for r in rows
        ]
        emit(columns(table, ["REF", "STAFF", "LEVEL", "REFERRED", "STATUS", "LAST EVENT", "FLAGS BEHIND"]))
    return 0


def show_case(args, context: Context) -> int:
    from observations.caseload import find_case
    from observations.caseload.report import case_dict, caseload_settings
    from observations.caseload.rule_sets import view_flags
    from observations.dates import parse_date, today
    from observations.read_models import staff_refs

    as_of = parse_date(args.as_of, "--as-of", default=today())
    with open_store(context, reads_only=True) as store:
        case = find_case(store, args.ref)
        member = store.staff(case.staff_id)
        settings = caseload_settings(store)
        refs = staff_refs(store)
    data = {**case_dict(case, view_flags(case.view(as_of, settings)), as_of, settings), "as_of": as_of.isoformat(), "staff_ref": member.ref}
    data["events"] = [
        {k: getattr(e, k) for k in ("event", "on_date", "level", "note", "recorded_at", "session_id", "contact_every_days")}
        for e in case.events
    ]
    data["transfers"] = [
        {"on_date": t.on_date, "from_staff_ref": refs.get(t.from_staff_id, "(erased)"), "to_staff_ref": refs.get(t.to_staff_id, "(erased)"),
         "note": t.note, "recorded_at": t.recorded_at}
        for t in case.transfers
    ]
    if args.format == "json":
        emit(to_json(data))
        return 0
    lines = [
        f"Case {plain(case.ref)}  on {member.ref}'s caseload ({plain(member.name)})",
        f"Follows: {case.framework}   Level: {data['level']} (at referral {case.level})   Referred: {case.referred_on}   "
        f"In school: {'yes' if case.in_school else 'no'}   Status: {data['status']}"
        + (f" on {data['closed_on']}" if data["closed_on"] else ""),
        "",
        "Events:" if case.events or case.transfers else "No events yet.",
    ]
    shown = [(e.on_date, e.recorded_at, f"{e.event} -> {e.level}" if e.level else e.event, e.note) for e in case.events]
    shown += [(t["on_date"], t["recorded_at"], f"transferred {t['from_staff_ref']} -> {t['to_staff_ref']}", t["note"]) for t in data["transfers"]]
    for on_date, _, what, note in sorted(shown, key=lambda row: (row[0], row[1])):
        lines.append(f"  {on_date}  {what}")
        if note:
            lines += ["      " + line for line in plain_block(note).split("\n")]
    lines += ["", f"Flags as of {as_of.isoformat()}:" if data["flags"] else f"No flags as of {as_of.isoformat()}."]
    lines += [f"  {f['status']:<8} {f['rule']:<27} {('due ' + f['due']) if f['due'] else '':<14} {f['detail']}" for f in data["flags"]]
    emit("\n".join(lines) + "\n")
    return 0
