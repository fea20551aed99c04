"""Provides ``supervision-tui standards list|show|check|export|import``: the frameworks as people read and exchange them."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from .context import Context, file_argument
from .errors import UsageError
from .output import emit, no_clobber_option, to_json

INTERCHANGE_FORMATS = ("case", "moodle-csv")
MAX_IMPORT_BYTES = 20_000_000


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "standards",
        parents=[common],
        help="list, show, check, export and import practice-standards frameworks",
        description="Practice-standards frameworks: the shipped APIR and Methods of Work, plus your organisation's own files.",
    )
    commands = group.add_subparsers(dest="standards_command", metavar="SUBCOMMAND")

    listing = commands.add_parser("list", parents=[common], help="the loaded frameworks")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=list_frameworks)

    show = commands.add_parser("show", parents=[common], help="one framework in full")
    show.add_argument("framework_id", metavar="ID")
    show.add_argument("--format", choices=("text", "md", "json"), default="text", help="md writes the framework file format")
    show.add_argument("--out", metavar="FILE", type=file_argument, help="write to FILE instead of printing")
    no_clobber_option(show)
    show.set_defaults(handler=show_framework)

    check = commands.add_parser("check", parents=[common], help="check framework files; every problem as FILE:LINE: message")
    check.add_argument("files", metavar="FILE", nargs="+", type=file_argument, help="framework files; '-' reads one from standard input")
    check.set_defaults(handler=check_files)

    export = commands.add_parser("export", parents=[common], help="write a framework as CASE 1.1 JSON or a Moodle competency framework CSV")
    export.add_argument("framework_id", metavar="ID")
    export.add_argument("--format", choices=INTERCHANGE_FORMATS, help="default: moodle-csv when --out ends in .csv, else case")
    export.add_argument("--out", metavar="FILE", type=file_argument, help="write to FILE instead of printing")
    no_clobber_option(export)
    export.set_defaults(handler=export_framework)

    importing = commands.add_parser(
        "import", parents=[common], help="make a framework file in your standards folder from a CASE JSON package or a Moodle CSV"
    )
    importing.add_argument("file", metavar="FILE", type=file_argument)
    importing.add_argument("--id", dest="new_id", metavar="NEW_ID", help="the id for the imported framework (needed when its own id is taken)")
    importing.add_argument("--format", choices=INTERCHANGE_FORMATS, help="default: guessed from the content, then the file extension")
    importing.set_defaults(handler=import_framework)


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
    emit(text, args.out, no_clobber=args.no_clobber)
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
            if standard.notes:
                out += [wrap.fill(f"      ({' '.join(paragraph.split())})") for paragraph in standard.notes.split("\n\n")]
            for example in standard.examples:
                mark = " [development activity]" if example.development_activity else ""
                out.append(wrap.fill(f"      - {example.text}{mark}"))
    for section in framework.reference:
        out += ["", section.title.upper(), textwrap.indent(section.text, "  ")]
    return "\n".join(out) + "\n"


def check_files(args, context: Context) -> int:
    from standards import parse_framework

    failed = False
    unreadable: list[str] = []
    for name in args.files:
        reason = _cannot_open(name)
        if reason is not None:  # a wrong name is bad input (exit 2, on stderr), not a problem in a framework
            unreadable.append(f"{name}: {reason}")
            continue
        text, problems = _framework_source(name)
        framework = None
        if text is not None:
            framework, problems = parse_framework(text, None if name == "-" else Path(name))
        if problems:
            failed = True
            for problem in sorted(problems):
                print(problem.format(name))
        else:
            print(f"{name}: ok: {framework.id} {framework.title!r} version {framework.version}, {_size(framework)}")
    sys.stdout.flush()
    if unreadable:
        more = f" (and {len(unreadable) - 1} more file{'s' if len(unreadable) > 2 else ''} that cannot be read)" if len(unreadable) > 1 else ""
        raise UsageError(f"standards check: {unreadable[0]}{more}")
    return 1 if failed else 0


def _cannot_open(name: str) -> str | None:
    """Why the file ``name`` cannot be opened for reading, or None when it can ('-' always can)."""
    if name == "-":
        return None
    try:
        Path(name).open("rb").close()
    except IsADirectoryError:
        return "is a directory, not a framework file"
    except OSError as error:
        return f"cannot read file: {error.strerror or error}"
    return None


def _framework_source(name: str):
    """A framework file's text and problems; '-' is standard input, so an editor can pipe a buffer in."""
    from standards.loader import MAX_BYTES, decode_framework_bytes, read_framework_text

    if name != "-":
        return read_framework_text(Path(name))
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None or sys.stdin.isatty():
        raise UsageError("standards check '-' reads a framework from standard input, but nothing was piped in")
    return decode_framework_bytes(stream.read(MAX_BYTES + 1))


def _size(framework) -> str:
    """'1 stage, 2 standards': the counts people read after a check or an import."""
    stages, standards = len(framework.stages), len(framework.standard_ids())
    return f"{stages} stage{'s' if stages != 1 else ''}, {standards} standard{'s' if standards != 1 else ''}"


def export_framework(args, context: Context) -> int:
    from standards.interchange import framework_to_case, framework_to_moodle_csv

    framework = context.library().get(args.framework_id)
    chosen = args.format or ("moodle-csv" if args.out and args.out.casefold().endswith(".csv") else "case")
    text = framework_to_moodle_csv(framework) if chosen == "moodle-csv" else to_json(framework_to_case(framework))
    emit(text, args.out, no_clobber=args.no_clobber)
    return 0


def import_framework(args, context: Context) -> int:
    """Everything is checked before the one write: the id is free and the file reads back as the same framework."""
    from standards import framework_to_markdown
    from standards.frontmatter import ID_PATTERN
    from standards.interchange import InterchangeError
    from standards.loader import framework_from_bytes
    from standards.registry import is_framework_file_name

    if args.new_id is not None and not ID_PATTERN.match(args.new_id):
        raise UsageError(f"--id {args.new_id!r} must be lowercase letters, digits and hyphens (e.g. 'our-standards')")
    path = Path(args.file)
    try:
        text = _read_import(path)
        chosen = args.format or _guess_format(path, text)
        framework = _parse_import(text, chosen, args.new_id)
    except InterchangeError as error:
        raise InterchangeError(f"{path}: {error}") from None
    library = context.library()
    folder = context.standards_dir
    target = folder / f"{framework.id}.md"
    if framework.id in library:
        loaded = library.get(framework.id).path
        raise UsageError(
            f"a framework with the id {framework.id!r} is already loaded ({loaded or 'shipped'}); "
            "give --id NEW_ID to import it under another id"
        )
    if not is_framework_file_name(target.name):
        raise UsageError(f"{target.name} would be skipped when frameworks load (it is taken for the folder's README); give --id NEW_ID")
    if target.exists():
        raise UsageError(_already_exists(target))
    markdown = framework_to_markdown(framework)
    reparsed, problems = framework_from_bytes(markdown.encode("utf-8"))  # exactly what loading will check
    if problems:
        raise UsageError(f"{path}: the framework file made from it would be refused when frameworks load ({problems[0].message}); nothing was written")
    if reparsed.to_dict() != framework.to_dict():
        detail = f"{_first_difference(framework.to_dict(), reparsed.to_dict())} would change"
        raise UsageError(f"{path}: the framework file made from it would not read back the same ({detail}); nothing was written")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"the standards folder {folder} is not a folder")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the standards folder {folder}: {error.strerror or error}") from None
    _create_new(target, markdown)
    print(target)
    print(
        f"imported {framework.id!r}: {_size(framework)} "
        f"(check it with 'supervision-tui standards show {framework.id}')",
        file=sys.stderr,
    )
    return 0


def _already_exists(target: Path) -> str:
    return f"{target} already exists; give --id NEW_ID to import under another id"


def _create_new(target: Path, text: str) -> None:
    """Write ``target`` whole, owner-only, and only if no file has that name: two imports under one id at
    once must not overwrite each other (the one writer links the finished file to its name, which fails if it exists)."""
    from observations.files.writer import TargetExistsError, write_file

    try:
        write_file(target, text, clobber=False)
    except TargetExistsError:
        raise UsageError(_already_exists(target)) from None


def _read_import(path: Path) -> str:
    from standards.interchange import InterchangeError

    try:
        if path.is_dir():
            raise UsageError(f"{path} is a folder, not a file")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InterchangeError(f"larger than {MAX_IMPORT_BYTES // 1_000_000} MB; a framework file is much smaller")
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
    if not data.strip():
        raise InterchangeError("the file is empty")
    if b"\x00" in data:
        raise InterchangeError("the file is binary, not a CASE JSON package or a Moodle CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError("the file is not UTF-8 text") from None


def _guess_format(path: Path, text: str) -> str:
    from standards.interchange import InterchangeError

    start = text.lstrip(" \t\r\n")
    if start[:1] in ("{", "["):
        return "case"
    if "parent id number" in start.split("\n", 1)[0].casefold():
        return "moodle-csv"
    suffix = path.suffix.casefold()
    if suffix == ".json":
        return "case"
    if suffix == ".csv":
        return "moodle-csv"
    raise InterchangeError("cannot tell whether this is a CASE package or a Moodle CSV; give --format case or --format moodle-csv")


def _parse_import(text: str, chosen: str, new_id: str | None):
    import json

    from standards.interchange import InterchangeError, framework_from_case, framework_from_moodle_csv

    if chosen == "moodle-csv":
        return framework_from_moodle_csv(text, new_id=new_id)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InterchangeError(f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except ValueError:  # json raises this, not JSONDecodeError, for a number longer than sys.get_int_max_str_digits()
        raise InterchangeError("not valid JSON for a CASE package: it holds a number thousands of digits long") from None
    except RecursionError:
        raise InterchangeError("not a CASE package: the JSON is nested too deeply") from None
    return framework_from_case(data, new_id=new_id)


def _first_difference(before, after, where: str = "framework") -> str:
    """The path of the first value that differs, e.g. 'stages[1].standards[0].notes', for a one-line message."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            if before.get(key) != after.get(key):
                return _first_difference(before.get(key), after.get(key), f"{where}.{key}")
    elif isinstance(before, list) and isinstance(after, list):
        for index, (left, right) in enumerate(zip(before, after)):
            if left != right:
                return _first_difference(left, right, f"{where}[{index}]")
    return where
