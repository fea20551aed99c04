"""Provides ``supervision-tui session agenda|tick|decide|agree|correct|record``: running a session from its agenda
to an agreed supervision record (the rules live in observations.supervision)."""

from __future__ import annotations

import argparse

from .context import Context
from .errors import UsageError
from .output import emit, no_clobber_option
from .store_commands import date_argument, open_store, plain, text_or_stdin

FORMATS = {"session_record": ("md", "html", "json"), "agenda": ("md", "json")}
"""Kept equal to observations.reports.FORMATS (a test checks); repeated here so --help needs no jinja2."""
SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


def register_session_commands(sessions, common: argparse.ArgumentParser) -> None:
    agenda = sessions.add_parser(
        "agenda", parents=[common], help="the agenda of someone's session: last time's actions, cases, needs, disagreements",
        description="Built from the record as of the session's day; with a session already started that day, "
        "what has been ticked through and decided too. Reads only.",
    )
    agenda.add_argument("staff", metavar="STAFF", help="ref or unambiguous name")
    agenda.add_argument("--on", metavar="DATE", type=date_argument, help="the session's day (default today)")
    agenda.add_argument("--framework", metavar="ID", default="apir", help="framework of the needs (default apir)")
    agenda.add_argument("--format", choices=FORMATS["agenda"], default="md")
    agenda.add_argument("--out", metavar="FILE", help="write to FILE (owner-only) instead of printing")
    no_clobber_option(agenda)
    agenda.set_defaults(handler=agenda_command)

    tick = sessions.add_parser("tick", parents=[common], help="tick an agenda item through, with what was said")
    tick.add_argument("session", metavar="SESSION", help="session id, or at least its first 4 characters")
    tick.add_argument("item", metavar="ITEM", help="KIND:SUBJECT as the agenda lists it, e.g. need:A2, case:12345, action:1a2b3c4d")
    tick.add_argument("--note", metavar="TEXT", help="what was said or decided about it; '-' reads standard input")
    tick.add_argument("--framework", metavar="ID", default="apir", help="framework of the agenda's needs (default apir)")
    tick.set_defaults(handler=tick_command)

    decide = sessions.add_parser("decide", parents=[common], help="record a decision taken in the session")
    decide.add_argument("session", metavar="SESSION")
    decide.add_argument("text", metavar="TEXT", help="the decision; '-' reads standard input")
    decide.set_defaults(handler=decide_command)

    agree = sessions.add_parser(
        "agree", parents=[common], help="both people agree the session: its record is written once and never changed",
    )
    agree.add_argument("session", metavar="SESSION")
    agree.add_argument("--manager", metavar="NAME", required=True, help="the manager agreeing the record")
    agree.add_argument("--staff", metavar="NAME", required=True, help="the member of staff agreeing the record")
    agree.add_argument("--next", metavar="DATE", type=date_argument, help="the next session's date")
    agree.add_argument("--date", metavar="DATE", type=date_argument, help="date agreed (default today)")
    agree.add_argument("--framework", metavar="ID", default="apir", help="framework of the agenda's needs (default apir)")
    agree.set_defaults(handler=agree_command)

    correct = sessions.add_parser("correct", parents=[common], help="add a correction to an agreed record (the record stays)")
    correct.add_argument("session", metavar="SESSION")
    correct.add_argument("text", metavar="TEXT", help="the correction; '-' reads standard input")
    correct.add_argument("--by", metavar="NAME", required=True, help="who makes the correction")
    correct.add_argument("--date", metavar="DATE", type=date_argument, help="date of the correction (default today)")
    correct.set_defaults(handler=correct_command)

    record = sessions.add_parser("record", parents=[common], help="the agreed supervision record, to print or file")
    record.add_argument("session", metavar="SESSION")
    record.add_argument("--format", choices=FORMATS["session_record"], help="md, html (A4, print-ready) or json; default from --out's suffix, else md")
    record.add_argument("--out", metavar="FILE", help="write to FILE (owner-only) instead of printing")
    no_clobber_option(record)
    record.set_defaults(handler=record_command)


def record_format(fmt: str | None, out: str | None) -> str:
    """--format, else the format --out's suffix names, else Markdown; a suffix naming no format is a mistake."""
    if fmt:
        return fmt
    if not out or out == "-":
        return "md"
    suffix = "." + out.rsplit(".", 1)[-1].lower() if "." in out.rsplit("/", 1)[-1] else ""
    if suffix not in SUFFIX_FORMATS:
        raise UsageError(f"--out: cannot tell the format from {out!r}; end it in .md or .html, or give --format")
    return SUFFIX_FORMATS[suffix]


def agenda_command(args, context: Context) -> int:
    from observations.dates import parse_date, today
    from observations.reports import render_report
    from observations.supervision.agenda import build_agenda, session_held_on

    day = parse_date(args.on, "--on", default=today())
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        data = build_agenda(store, member.id, day, framework_id=args.framework, session_id=session_held_on(store, member.id, day))
    emit(render_report(kind="agenda", fmt=args.format, data=data), args.out, no_clobber=args.no_clobber)
    return 0


def tick_command(args, context: Context) -> int:
    from observations.supervision.record import tick_item

    kind, colon, subject = args.item.partition(":")
    if not colon or not subject.strip():
        raise UsageError(f"item {args.item!r} is not KIND:SUBJECT as the agenda lists it (e.g. need:A2)")
    note = text_or_stdin(args.note, "--note")
    with open_store(context) as store:
        row = tick_item(store, args.session, kind.strip().lower(), subject.strip(), note=note, framework_id=args.framework)
    shown = row["subject"][:8] if row["kind"] == "action" else row["subject"]
    emit(f"ticked {row['kind']}:{plain(shown)} in session {row['session_id'][:8]}\n")
    return 0


def decide_command(args, context: Context) -> int:
    from observations.supervision.record import tick_item

    text = text_or_stdin(args.text, "TEXT")
    with open_store(context) as store:
        row = tick_item(store, args.session, "decision", "", note=text)
    emit(f"decision recorded in session {row['session_id'][:8]}\n")
    return 0


def agree_command(args, context: Context) -> int:
    from observations.supervision.record import agree_session

    with open_store(context) as store:
        record = agree_session(
            store, args.session, manager=args.manager, staff=args.staff, next_session_on=args.next, on=args.date,
            framework_id=args.framework,
        )
    session = record["session"]
    emit(
        f"{session['id']}  supervision record agreed by {plain(record['agreed']['manager'])} and {plain(record['agreed']['staff'])} "
        f"on {record['agreed']['on']}; 'supervision-tui session record {session['id'][:8]} --out FILE.html' files it\n"
    )
    return 0


def correct_command(args, context: Context) -> int:
    from observations.supervision.record import correct_record

    text = text_or_stdin(args.text, "TEXT")
    with open_store(context) as store:
        record = correct_record(store, args.session, text, by=args.by, on=args.date)
    emit(f"correction {len(record['corrections'])} added to the record of session {record['session']['id'][:8]}\n")
    return 0


def record_command(args, context: Context) -> int:
    from observations.reports import render_report
    from observations.supervision.record import session_record

    fmt = record_format(args.format, args.out)
    with open_store(context, reads_only=True) as store:
        data = session_record(store, args.session)
    emit(render_report(kind="session_record", fmt=fmt, data=data), args.out, no_clobber=args.no_clobber)
    return 0
