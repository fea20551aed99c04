"""Provides ``supervision-tui export|import|merge|backup|demo``: moving, combining and safeguarding whole databases."""

from __future__ import annotations

import argparse
from datetime import date

from .context import Context, file_argument
from .output import emit, no_clobber_option, to_json
from .store_commands import date_argument, open_store, warn_erasure_unscrubbed


def register(subparsers, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export", parents=[common], help="the whole database as one JSON file",
        description="Write every table (all revisions and history included) to FILE as JSON, readable by "
        "'supervision-tui import'. The file holds personal data: it is created owner-only (0600).",
    )
    export.add_argument("file", metavar="FILE.json", type=file_argument, help="where to write ('-' prints it)")
    no_clobber_option(export)
    export.set_defaults(handler=export_command)

    imp = subparsers.add_parser(
        "import", parents=[common], help="add what an export file holds and this database lacks (all or nothing)",
        description="Checks every row first: a bad row is reported and nothing is written. Rows already here are "
        "left alone, so importing the same file twice changes nothing. People erased on either side stay erased.",
    )
    imp.add_argument("file", metavar="FILE.json", type=file_argument)
    _erasure_options(imp)
    imp.set_defaults(handler=import_command)

    merge = subparsers.add_parser(
        "merge", parents=[common], help="add what another manager's database has and this one lacks",
        description="OTHER.db is opened read-only and never changed. For a person both databases know, the more "
        "recently updated details win. Running a merge twice changes nothing; erased people are never brought back.",
    )
    merge.add_argument("other", metavar="OTHER.db", type=file_argument)
    _erasure_options(merge)
    merge.set_defaults(handler=merge_command)

    backup = subparsers.add_parser(
        "backup", parents=[common], help="a consistent copy of the database, safe while the app is open",
    )
    backup.add_argument("file", metavar="FILE.db", type=file_argument)
    no_clobber_option(backup)
    backup.set_defaults(handler=backup_command)

    demo = subparsers.add_parser(
        "demo", parents=[common], help="fill an empty database with an invented organisation to try things out",
        description="Invented teams, staff, observations, sessions, actions and cases. The same --seed gives the same "
        "organisation. Refuses a database that already has staff, so invented people never mix with real records.",
    )
    demo.add_argument("--staff", type=int, default=12, metavar="N", help="number of staff (default 12)")
    demo.add_argument("--months", type=int, default=12, metavar="M", help="months of history (default 12)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    demo.add_argument("--as-of", metavar="DATE", type=date_argument, help="pretend today is DATE (default today)")
    demo.add_argument("--add", action="store_true", help="add demo people even though the database has staff")
    demo.set_defaults(handler=demo_command)


def _erasure_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--yes", action="store_true",
        help="confirm the erasures the file brings of people held here (they cannot be undone; without --yes "
        "a file that brings any is refused, naming them)",
    )
    parser.add_argument("--dry-run", action="store_true", help="say who would be erased and what would be added; write nothing")


def export_command(args, context: Context) -> int:
    from observations.exchange.merge import export_document

    with open_store(context, missing="refuse", skip_broken_frameworks=True, reads_only=True) as store:
        document = export_document(store)
    text = to_json(document)
    if args.file == "-":
        emit(text)
    else:
        emit(text, args.file, no_clobber=args.no_clobber)
    return 0


def _counted(number: int, table: str) -> str:
    """'1 observation', '2 action updates', '3 staff': a table's rows as people read them."""
    plural = table.replace("_", " ")
    noun = plural[:-1] if number == 1 and plural.endswith("s") else plural
    return f"{number:,} {noun}"


def _report(report, source: str, *, dry_run: bool = False) -> None:
    """Erasures first (they cannot be undone), then what was added and updated."""
    would = "would " if dry_run else ""
    for ref, name in report.erasing:
        emit(f"{would}erase {ref} ({name}): erased in {source}\n")
    for ref, name in report.ignored_erasures:
        emit(
            f"ignored the erasure of {ref} ({name}): {source} cannot show it held them; "
            f"'staff erase {ref} --yes' erases them here if that is meant\n"
        )
    if not report.changed:
        emit(f"nothing new: this database already has everything in {source}\n")
    else:
        added = ", ".join(_counted(n, table) for table, n in report.added.items() if n)
        updated = ", ".join(_counted(n, table) for table, n in report.updated.items() if n)
        parts = [f"{would}add {added}" if dry_run and added else f"added {added}" if added else ""]
        parts.append(f"{would}update {updated}" if dry_run and updated else f"updated {updated}" if updated else "")
        if report.erased_here:
            parts.append(f"{'would erase' if dry_run else 'erased'} {report.erased_here} people here who were erased there")
        emit(f"from {source}: " + "; ".join(p for p in parts if p) + "\n")
    if report.skipped_erased:
        emit(f"{'would skip' if dry_run else 'skipped'} {report.skipped_erased} rows about people who have been erased\n")
    if dry_run:
        emit("dry run: nothing was written\n")
    warn_erasure_unscrubbed("the erasures it brought are", report.scrub_warning)


def import_command(args, context: Context) -> int:
    from observations.exchange.merge import import_file

    with open_store(context, missing="create") as store:
        report = import_file(store, args.file, erase=args.yes, dry_run=args.dry_run)
    _report(report, args.file, dry_run=args.dry_run)
    return 0


def merge_command(args, context: Context) -> int:
    from observations.exchange.merge import merge_database

    with open_store(context, missing="create") as store:
        report = merge_database(store, args.other, erase=args.yes, dry_run=args.dry_run)
    _report(report, args.other, dry_run=args.dry_run)
    return 0


def backup_command(args, context: Context) -> int:
    from observations.exchange.backup import backup_database

    with open_store(context, missing="refuse", skip_broken_frameworks=True, reads_only=True) as store:
        result = backup_database(store, args.file, clobber=not args.no_clobber)
    emit(f"backed up {result['staff']} staff and {result['observations']} observation revisions to {result['path']} "
         f"({result['bytes']:,} bytes)\n")
    return 0


def demo_command(args, context: Context) -> int:
    from observations.demo.organisation import populate_demo
    from observations.dates import parse_date

    as_of: date | None = parse_date(args.as_of, "--as-of") if args.as_of else None
    with open_store(context, missing="create") as store:
        summary = populate_demo(store, staff=args.staff, months=args.months, seed=args.seed, as_of=as_of, add=args.add)
    emit(
        f"demo: {summary['staff']} staff in {summary['teams']} teams ({summary['new_starters']} new starters, "
        f"{summary['leavers']} left), {summary['observations']} observations, {summary['sessions']} sessions, "
        f"{summary['actions']} actions, {summary['cases']} cases; seed {args.seed}, {summary['months']} months to {summary['as_of']}\n"
    )
    return 0

