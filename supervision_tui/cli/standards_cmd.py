"""Provides ``supervision-tui standards list|show|check``: the frameworks as people read them."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from .context import Context
from .output import emit, to_json


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "standards",
        parents=[common],
        help="list, show and check practice-standards frameworks",
        description="Practice-standards frameworks: the shipped APIR and Methods of Work, plus your organisation's own files.",
    )
    commands = group.add_subparsers(dest="standards_command", metavar="SUBCOMMAND")

    listing = commands.add_parser("list", parents=[common], help="the loaded frameworks")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=list_frameworks)

    show = commands.add_parser("show", parents=[common], help="one framework in full")
    show.add_argument("framework_id", metavar="ID")
    show.add_argument("--format", choices=("text", "md", "json"), default="text", help="md writes the framework file format")
    show.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    show.set_defaults(handler=show_framework)

    check = commands.add_parser("check", parents=[common], help="check framework files; every problem as FILE:LINE: message")
    check.add_argument("files", metavar="FILE", nargs="+")
    check.set_defaults(handler=check_files)


def list_frameworks(args, context: Context) -> int:
    library = context.library()
    rows = [
        {
            "id": f.id,
            "title": f.title,
            "version": f.version,
            "stages": len(f.stages),
            "standards": len(f.standard_ids()),
            "path": str(f.path) if f.path else None,
        }
        for f in library
    ]
    if args.format == "json":
        emit(to_json(rows))
        return 0
    width = max(len(r["id"]) for r in rows)
    lines = [f"{'ID'.ljust(width)}  VERSION     STAGES  STANDARDS  TITLE"]
    for r in rows:
        lines.append(f"{r['id'].ljust(width)}  {r['version'][:10].ljust(10)}  {r['stages']:>6}  {r['standards']:>9}  {r['title']}")
    emit("\n".join(lines) + "\n")
    return 0


def show_framework(args, context: Context) -> int:
    framework = context.library().get(args.framework_id)
    if args.format == "json":
        text = to_json(framework.to_dict())
    elif args.format == "md":
        from standards import framework_to_markdown

        text = framework_to_markdown(framework)
    else:
        text = framework_as_text(framework)
    emit(text, args.out)
    return 0


def framework_as_text(framework) -> str:
    """A plain reading of the framework for the terminal."""
    wrap = textwrap.TextWrapper(width=100, subsequent_indent="      ")
    out = [framework.title, "=" * min(len(framework.title), 100), f"id {framework.id}, version {framework.version}"]
    if framework.source:
        out.append(f"Source: {framework.source}")
    out += ["", "Rating scale (lowest first):"]
    for level in framework.rating_scale.levels:
        met = "  (meets the standard)" if level.meets_standard else ""
        out.append(f"  {level.key}: {level.label}{met}")
    for stage in framework.stages:
        out += ["", stage.title.upper()]
        if stage.outcomes:
            out.append(f"  {stage.outcomes_title}:")
            out += [wrap.fill(f"    - {outcome}") for outcome in stage.outcomes]
        for standard in stage.standards:
            out.append(wrap.fill(f"  {standard.id}  {standard.statement}"))
            for example in standard.examples:
                mark = " [development activity]" if example.development_activity else ""
                out.append(wrap.fill(f"      - {example.text}{mark}"))
    for section in framework.reference:
        out += ["", section.title.upper(), textwrap.indent(section.text, "  ")]
    return "\n".join(out) + "\n"


def check_files(args, context: Context) -> int:
    from standards import parse_framework, read_framework_text

    failed = False
    for name in args.files:
        path = Path(name)
        text, problems = read_framework_text(path)
        framework = None
        if text is not None:
            framework, problems = parse_framework(text, path)
        if problems:
            failed = True
            for problem in sorted(problems):
                print(problem.format(name))
        else:
            print(
                f"{name}: ok: {framework.id} {framework.title!r} version {framework.version}, "
                f"{len(framework.stages)} stages, {len(framework.standard_ids())} standards"
            )
    sys.stdout.flush()
    return 1 if failed else 0
