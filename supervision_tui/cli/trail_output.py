"""Provides ``supervision-tui history STAFF --trail``: every row written about a person, with who wrote each.

Under ``serve`` each row names the signed-in account that wrote it; at the
terminal it names nobody (''), shown as "the terminal". The trail shows kinds,
dates and ids, never free text, so it can be shared with whoever checks who did
what (see ``observations.store.record_trail``).
"""

from __future__ import annotations

from .context import Context
from .output import emit, to_json
from .store_commands import open_store, plain


def trail_command(args, context: Context) -> int:
    from observations.store.record_trail import record_trail

    if args.standard or args.framework or args.all:
        from .errors import UsageError

        raise UsageError("history --trail lists every kind of row about the person: leave out STANDARD, --framework and --all")
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        trail = record_trail(store, member.id)
    if args.format == "json":
        emit(to_json([line.to_dict() for line in trail]))
        return 0
    title = f"{plain(member.name)} ({member.ref}){', ' + plain(member.team) if member.team else ''}"
    lines = [f"{title}: {len(trail)} row{'s' if len(trail) != 1 else ''} written about them, oldest first"]
    for line in trail:
        when = line.at[:19].replace("T", " ")
        lines.append(f"{when}  {line.kind:<16} {plain(line.what):<44} {line.id[:8]}  by {plain(line.writer)}")
    emit("\n".join(lines) + "\n")
    return 0
