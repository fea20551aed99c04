"""Provides ``supervision-tui observe|history|correct|retract``: recording practice against the standards.

History is append-only: a correction is a new revision that supersedes the old
one, a retraction is a tombstone with a reason, and both stay visible with
``history --all``.
"""

from __future__ import annotations

import argparse
import textwrap

from .context import Context
from .output import emit, to_json
from .store_commands import date_argument, numbers, open_store, plain, plain_block, text_or_stdin

SOURCES_HELP = "observation (of practice), case-review (of case files), supervision (discussion) or self-assessment"


def register(subparsers, common: argparse.ArgumentParser) -> None:
    observe = subparsers.add_parser(
        "observe",
        parents=[common],
        help="record an observation of someone's practice against a standard",
        description="Record what you saw of someone's practice against one standard. The evidence is stored exactly "
        "as typed. Prints the new observation's id.",
    )
    observe.add_argument("staff", metavar="STAFF", help="ref or unambiguous name")
    observe.add_argument("standard", metavar="STANDARD", help="standard id, e.g. A2")
    observe.add_argument("rating", metavar="RATING", help="a key of the framework's rating scale, e.g. secure")
    observe.add_argument("--framework", metavar="ID", default="apir", help="framework id (default apir)")
    observe.add_argument("--evidence", metavar="TEXT", help="what you saw; '-' reads it from standard input")
    observe.add_argument("--examples", metavar="1,3", help="numbers of the standard's examples that were seen")
    observe.add_argument("--source", metavar="SOURCE", default="observation", help=f"{SOURCES_HELP} (default observation)")
    observe.add_argument("--date", metavar="DATE", type=date_argument, help="date observed, YYYY-MM-DD (default today)")
    observe.add_argument("--by", metavar="NAME", help="the observer")
    observe.add_argument("--session", metavar="ID", help="the supervision session this belongs to")
    observe.set_defaults(handler=observe_command)

    history = subparsers.add_parser("history", parents=[common], help="someone's observations, newest first")
    history.add_argument("staff", metavar="STAFF")
    history.add_argument("standard", metavar="STANDARD", nargs="?")
    history.add_argument("--framework", metavar="ID", help="only this framework")
    history.add_argument("--all", action="store_true", help="include superseded revisions and retracted observations")
    history.add_argument(
        "--trail",
        action="store_true",
        help="instead, every row written about them (details, sessions, observations, actions and their updates, "
        "cases and their events, agenda ticks, records), oldest first, with the account that wrote each",
    )
    history.add_argument("--format", choices=("text", "json"), default="text")
    history.set_defaults(handler=history_command)

    correct = subparsers.add_parser(
        "correct", parents=[common], help="correct an observation (a new revision; the old one is kept)"
    )
    correct.add_argument("observation", metavar="OBSERVATION_ID", help="the id, or at least its first 4 characters")
    correct.add_argument("--rating", metavar="RATING")
    correct.add_argument("--evidence", metavar="TEXT", help="replacement evidence; '-' reads standard input")
    correct.add_argument("--examples", metavar="1,3", help="replacement example numbers ('' for none)")
    correct.add_argument("--source", metavar="SOURCE")
    correct.add_argument("--standard", metavar="STANDARD")
    correct.add_argument("--date", metavar="DATE", type=date_argument, help="replacement date observed, YYYY-MM-DD")
    correct.add_argument("--by", metavar="NAME", help="who is correcting it")
    correct.add_argument("--reason", metavar="TEXT", required=True, help="why (kept in the history)")
    correct.set_defaults(handler=correct_command)

    retract = subparsers.add_parser("retract", parents=[common], help="retract an observation (kept in history, never counted)")
    retract.add_argument("observation", metavar="OBSERVATION_ID")
    retract.add_argument("--by", metavar="NAME")
    retract.add_argument("--reason", metavar="TEXT", required=True)
    retract.set_defaults(handler=retract_command)


def observation_json(observation, current: bool = True) -> dict:
    """The documented JSON shape of one observation (``id`` is the id shared by all its revisions)."""
    return {
        "id": observation.observation_id,
        "revision_id": observation.id,
        "revision": observation.revision,
        "current": current,
        "staff_id": observation.staff_id,
        "framework": observation.framework,
        "framework_version": observation.framework_version,
        "standard": observation.standard,
        "rating": observation.rating,
        "date": observation.observed_on,
        "source": observation.source,
        "evidence": observation.evidence,
        "examples": list(observation.examples),
        "observer": observation.observer,
        "session": observation.session_id,
        "recorded_at": observation.recorded_at,
        "recorded_by": observation.recorded_by,
        "reason": observation.reason,
        "retracted": observation.retracted,
        "supersedes": observation.supersedes,
    }


def _describe(observation, member) -> str:
    return (
        f"{observation.observation_id}  {plain(member.name)}  {observation.framework} {observation.standard} "
        f"{observation.rating}  {observation.observed_on} ({observation.source})"
    )


def observe_command(args, context: Context) -> int:
    evidence = text_or_stdin(args.evidence, "--evidence")
    examples = numbers(args.examples, "--examples") or []
    with open_store(context) as store:
        member = store.find_staff(args.staff)
        observation = store.record_observation(
            member.id,
            args.standard,
            args.rating,
            framework_id=args.framework,
            observed_on=args.date,
            source=args.source,
            evidence=evidence or "",
            examples=examples,
            observer=args.by,
            session_id=args.session,
        )
    emit(_describe(observation, member) + "\n")
    return 0


def history_command(args, context: Context) -> int:
    if args.trail:
        from .trail_output import trail_command

        return trail_command(args, context)
    with open_store(context, reads_only=True) as store:
        member = store.find_staff(args.staff)
        _check_standard(store, args.framework, args.standard)
        current = store.history(member.id, framework_id=args.framework, standard_id=args.standard)
        listed = store.history(member.id, framework_id=args.framework, standard_id=args.standard, include_superseded=True) if args.all else current
    current_ids = {o.id for o in current}
    if args.format == "json":
        emit(to_json([observation_json(o, o.id in current_ids) for o in listed]))
        return 0
    title = f"{plain(member.name)} ({member.ref}){', ' + plain(member.team) if member.team else ''}"
    what = f" for {args.standard.upper()}" if args.standard else ""
    lines = [f"{title}: {len(current)} observation{'s' if len(current) != 1 else ''}{what}"]
    wrap = textwrap.TextWrapper(width=100, initial_indent="    ", subsequent_indent="    ")
    for index, o in enumerate(listed):
        if index:
            lines.append("")
        state = "" if o.id in current_ids else ("  [retracted]" if o.retracted else "  [superseded]")
        by = f"  by {plain(o.observer)}" if o.observer else ""
        if o.recorded_by and o.recorded_by != o.observer:
            by += f"  recorded by {plain(o.recorded_by)}"
        examples = f"  examples {','.join(map(str, o.examples))}" if o.examples else ""
        revision = f" rev {o.revision}" if o.revision > 1 else ""
        lines.append(
            f"{o.observed_on}  {o.framework} {o.standard:<3} {o.rating:<12} {o.source:<15} {o.observation_id[:8]}{revision}{by}{examples}{state}"
        )
        if o.reason:
            lines.append(f"    {'retracted' if o.retracted else 'corrected'}: {plain(o.reason)}")
        if o.evidence.strip():
            for paragraph in plain_block(o.evidence.strip("\n")).split("\n"):
                lines.extend(wrap.wrap(paragraph) or [""])
    emit("\n".join(lines).rstrip() + "\n")
    return 0


def _check_standard(store, framework_id: str | None, standard_id: str | None) -> None:
    """An unknown framework or standard is an error, not an empty history."""
    from observations.errors import InputError

    frameworks = [store.framework(framework_id)] if framework_id else list(store.library)
    if standard_id is None:
        return
    for framework in frameworks:
        try:
            framework.standard(standard_id)
            return
        except KeyError:
            continue
    known = ", ".join(frameworks[0].standard_ids()) if len(frameworks) == 1 else "see 'supervision-tui standards show apir'"
    raise InputError(f"unknown standard {standard_id!r} ({known})")


def correct_command(args, context: Context) -> int:
    evidence = text_or_stdin(args.evidence, "--evidence")
    with open_store(context) as store:
        before = store.find_observation(args.observation)
        after = store.correct_observation(
            args.observation,
            reason=args.reason,
            by=args.by,
            rating=args.rating,
            evidence=evidence,
            examples=numbers(args.examples, "--examples"),
            source=args.source,
            observed_on=args.date,
            standard_id=args.standard,
        )
    changes = [
        f"{name} {plain(str(getattr(before, field)))} -> {plain(str(getattr(after, field)))}"
        for name, field in (("standard", "standard"), ("rating", "rating"), ("source", "source"), ("date", "observed_on"))
        if getattr(before, field) != getattr(after, field)
    ]
    if before.evidence != after.evidence:
        changes.append("evidence replaced")
    if before.examples != after.examples:
        changes.append(f"examples {list(before.examples)} -> {list(after.examples)}")
    emit(f"{after.observation_id}  corrected (revision {after.revision}): {'; '.join(changes)}\n")
    return 0


def retract_command(args, context: Context) -> int:
    with open_store(context) as store:
        after = store.retract_observation(args.observation, reason=args.reason, by=args.by)
    emit(f"{after.observation_id}  retracted (revision {after.revision}); it stays in the history but is no longer counted\n")
    return 0
