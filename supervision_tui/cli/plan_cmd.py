"""Provides ``supervision-tui session add|list`` (the agenda and record commands: ``session_record_cmd``) and ``action add|done|drop|list``: supervision and the development plan."""

from __future__ import annotations

import argparse

from .context import Context
from .output import emit, to_csv, to_json
from .session_record_cmd import register_session_commands
from .store_commands import columns, date_argument, open_store, plain, text_or_stdin, words_list

ACTION_FIELDS = ("id", "staff_ref", "staff_name", "text", "framework", "standards", "owner", "due_on", "status", "closed_on", "closing_note", "session_id", "created_at")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    session = subparsers.add_parser("session", parents=[common], help="record and list supervision sessions")
    sessions = session.add_subparsers(dest="session_command", metavar="SUBCOMMAND")
    add = sessions.add_parser("add", parents=[common], help="record a supervision session; prints its id")
    add.add_argument("staff", metavar="STAFF", help="ref or unambiguous name")
    add.add_argument("--date", metavar="DATE", type=date_argument, help="date held, YYYY-MM-DD (default today)")
    add.add_argument("--notes", metavar="TEXT", help="notes of the session; '-' reads standard input")
    add.add_argument("--manager", metavar="NAME", help="who held it (default the person's manager)")
    add.set_defaults(handler=add_session)
    listing = sessions.add_parser("list", parents=[common], help="someone's sessions, newest first")
    listing.add_argument("staff", metavar="STAFF")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=list_sessions)
    register_session_commands(sessions, common)

    action = subparsers.add_parser("action", parents=[common], help="development actions: add, done, drop, list")
    actions = action.add_subparsers(dest="action_command", metavar="SUBCOMMAND")
    add = actions.add_parser("add", parents=[common], help="agree a development action; prints its id")
    add.add_argument("staff", metavar="STAFF")
    add.add_argument("text", metavar="TEXT", help="what will be done")
    add.add_argument("--standard", metavar="ID", action="append", help="standard(s) it develops: repeat or use A2,P1")
    add.add_argument("--framework", metavar="ID", default="apir", help="framework of those standards (default apir)")
    add.add_argument("--due", metavar="DATE", type=date_argument, help="due date, YYYY-MM-DD")
    add.add_argument("--owner", metavar="NAME", help="who will do it")
    add.add_argument("--session", metavar="ID", help="the supervision session where it was agreed")
    add.add_argument("--by", metavar="NAME", help="who recorded it")
    add.set_defaults(handler=add_action)
    for name, status, help_text in (("done", "done", "mark an action done"), ("drop", "dropped", "drop an action that no longer applies")):
        close = actions.add_parser(name, parents=[common], help=help_text)
        close.add_argument("action", metavar="ID", help="action id, or at least its first 4 characters")
        close.add_argument("--note", metavar="TEXT", help="closing note")
        close.add_argument("--date", metavar="DATE", type=date_argument, help="date, YYYY-MM-DD (default today)")
        close.set_defaults(handler=close_action, status=status)
    listing = actions.add_parser("list", parents=[common], help="actions, soonest due first")
    listing.add_argument("staff", metavar="STAFF", nargs="?")
    listing.add_argument("--overdue", action="store_true", help="only open actions past their due date")
    listing.add_argument("--status", choices=("open", "done", "dropped", "all"), default="all")
    listing.add_argument("--format", choices=("text", "json", "csv"), default="text")
    listing.set_defaults(handler=list_actions)


def add_session(args, context: Context) -> int:
    notes = text_or_stdin(args.notes, "--notes")
    with open_store(context) as store:
        member = store.find_staff(args.staff)
        session = store.add_session(member.id, held_on=args.date, manager=args.manager or member.manager, notes=notes)
    emit(f"{session.id}  supervision session with {plain(member.name)} on {session.held_on}\n")
    return 0


def list_sessions(args, context: Context) -> int:
    from observations.read_models import observations_per_session

    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        found = store.sessions(member.id)
        counts = observations_per_session(store, member.id)
    if args.format == "json":
        emit(to_json([{**s.to_dict(), "observations": counts.get(s.id, 0)} for s in found]))
        return 0
    if not found:
        emit(f"no supervision sessions recorded for {plain(member.name)}\n")
        return 0
    rows = [[s.id[:8], s.held_on, plain(s.manager), str(counts.get(s.id, 0)), plain(s.notes.splitlines()[0] if s.notes else "")[:70]] for s in found]
    emit(columns(rows, ["ID", "DATE", "MANAGER", "OBSERVATIONS", "NOTES"]))
    return 0


def add_action(args, context: Context) -> int:
    with open_store(context) as store:
        member = store.find_staff(args.staff)
        action = store.add_action(
            member.id,
            args.text,
            standards=words_list(args.standard),
            framework_id=args.framework,
            owner=args.owner,
            due_on=args.due,
            session_id=args.session,
            created_by=args.by,
        )
    due = f", due {action.due_on}" if action.due_on else ""
    emit(f"{action.id}  action for {plain(member.name)}{due}\n")
    return 0


def close_action(args, context: Context) -> int:
    with open_store(context) as store:
        action = store.update_action(args.action, args.status, note=args.note, on=args.date)
    emit(f"{action.id}  {action.status} on {action.closed_on}\n")
    return 0


def list_actions(args, context: Context) -> int:
    from observations.dates import today

    as_of = today().isoformat()
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff) if args.staff else None
        status = None if args.status == "all" else args.status
        found = store.list_actions(staff_id=member.id if member else None, status=status, overdue_as_of=as_of if args.overdue else None)
        people = {p.id: p for p in store.list_staff()}
    records = []
    for action in found:
        person = people.get(action.staff_id)
        records.append({**action.to_dict(), "staff_ref": person.ref if person else "", "staff_name": person.name if person else "", "overdue": action.is_overdue(as_of)})
    if args.format == "json":
        emit(to_json(records))
    elif args.format == "csv":
        emit(to_csv(ACTION_FIELDS, ([",".join(r[f]) if f == "standards" else r[f] for f in ACTION_FIELDS] for r in records)))
    elif not records:
        emit("no actions match\n")
    else:
        rows = []
        for r in records:
            state = "OVERDUE" if r["overdue"] else r["status"]
            rows.append([r["id"][:8], r["due_on"] or "-", state, plain(r["staff_name"]), ",".join(r["standards"]) or "-", plain(r["text"].splitlines()[0])[:70]])
        emit(columns(rows, ["ID", "DUE", "STATUS", "STAFF", "STANDARDS", "ACTION"]))
    return 0
