"""Provides Moodle competency-framework CSV interchange, in the shape Moodle's tool_lpimportcsv writes and reads.

One row for the framework (``Is framework`` = 1, with the scale), then one row
per competency linked by ``Parent id number``; descriptions are HTML that may
span lines inside quotes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from ..model import Framework
from ..spreadsheet_cells import spreadsheet_cell, undefused_cell
from .framework_assembly import (
    InterchangeError,
    StageDraft,
    StandardDraft,
    build_framework,
    checked_framework_id,
    children_in_order,
    default_threshold,
    level_key,
    one_line,
    rating_scale,
    slug,
    stages_from_tree,
)
from .html_text import html_blocks, plain_blocks
from .moodle_html import framework_description, read_framework, read_stage, read_standard, shortname, stage_description, standard_description

HEADER = (
    "Parent id number", "Id number", "Shortname", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
    "Cross referenced competency id numbers", "Exported id (optional)", "Is framework", "Taxonomy",
)
HTML_FORMAT = "1"
"""Moodle's FORMAT_HTML; 0 (Moodle auto-format) is HTML too, 2 (plain) and 4 (Markdown) are read as plain text."""
TAXONOMY = "domain,competency"
"""Moodle's names for our two levels: stages are domains, standards competencies."""
ID_NUMBER_LIMIT = 100
"""Moodle's ID numbers are cut at 100 characters on import."""
_NEEDS_QUOTES = set(',"\\\n\r\t ')


def _csv_line(fields) -> str:
    """One CSV line as PHP's fputcsv writes it (Moodle's exporter): quote a field with a space, comma, quote or newline;
    a field a spreadsheet would run as a formula is defused first, as in every CSV the tool writes."""
    out = []
    for value in fields:
        text = str(spreadsheet_cell(value))
        out.append('"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES & set(text) else text)
    return ",".join(out) + "\n"


def framework_to_moodle_csv(framework: Framework) -> str:
    """The framework as a Moodle competency framework CSV: stages are top-level competencies, standards their children."""
    scale = framework.rating_scale
    for level in scale.levels:
        if "," in level.label:
            raise InterchangeError(f"rating level {level.label!r} contains a comma, which a Moodle scale value cannot hold")
    configuration = [{"scaleid": "0"}] + [
        {"id": number, "scaledefault": int(level.key == scale.threshold), "proficient": int(level.meets_standard)}
        for number, level in enumerate(scale.levels, start=1)
    ]
    lines = [
        _csv_line(HEADER),
        _csv_line([
            "", framework.id, shortname(framework.title)[0], framework_description(framework), HTML_FORMAT,
            ",".join(level.label for level in scale.levels), json.dumps(configuration, separators=(",", ":")),
            "", "", "", "", "", "1", TAXONOMY,
        ]),
    ]
    taken = {standard_id.casefold() for standard_id in framework.standard_ids()}
    exported = 0
    for stage in framework.stages:
        stage_code = _stage_id_number(stage.id, taken)
        exported += 1
        lines.append(_csv_line(["", stage_code, shortname(stage.title)[0], stage_description(stage), HTML_FORMAT, "", "", "", "0", "null", "", exported, "", ""]))
        for standard in stage.standards:
            exported += 1
            lines.append(_csv_line([
                stage_code, standard.id, shortname(standard.statement)[0], standard_description(standard), HTML_FORMAT,
                "", "", "", "0", "null", "", exported, "", "",
            ]))
    return "".join(lines)


def _stage_id_number(stage_id: str, taken: set[str]) -> str:
    """A stage's Moodle ID number: its id, unless a standard has that id, and never longer than
    Moodle keeps. Moodle's importer cuts an ID number at 100 characters but not the parent ID
    numbers that refer to it, so a longer one would orphan, and silently drop, the stage's standards."""
    base = stage_id[: ID_NUMBER_LIMIT - 12].rstrip("-") or "stage"
    code, number = base, 1
    while code.casefold() in taken:
        number += 1
        code = f"{base}-stage" if number == 2 else f"{base}-stage-{number}"
    taken.add(code.casefold())
    return code


@dataclass
class _Row:
    line: int
    parent: str
    id_number: str
    name: str
    description: str
    description_format: str
    scale_values: str
    scale_configuration: str
    related: str
    is_framework: bool

    def blocks(self):
        if self.description_format.strip() in ("2", "4"):
            return plain_blocks(self.description)
        return html_blocks(self.description)


def _rows(text: str) -> list[_Row]:
    """Every non-blank row after a checked header, with the line it starts on."""
    if "\x00" in text:
        raise InterchangeError("the file is binary, not a Moodle competency framework CSV")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InterchangeError("the file is empty")
    first_line = text.lstrip("\r\n").splitlines()[0]
    wanted = [_column_key(name) for name in HEADER]
    delimiter = next((d for d in (",", ";", "\t") if _header_fields(first_line, d) == wanted), None)
    if delimiter is None:
        raise InterchangeError(
            f"wrong header: a Moodle competency framework CSV starts with the columns {', '.join(HEADER)}; "
            f"this file starts {one_line(first_line)[:80]!r}"
        )
    reader = csv.reader(io.StringIO(text.lstrip("\r\n"), newline=""), delimiter=delimiter)
    rows: list[_Row] = []
    previous = 0
    try:
        next(reader)
        previous = reader.line_num
        for fields in reader:
            line, previous = previous + 1, reader.line_num
            if not any(field.strip() for field in fields):
                continue
            if len(fields) > len(HEADER) and any(f.strip() for f in fields[len(HEADER):]):
                raise InterchangeError(f"line {line} has {len(fields)} columns; the header has {len(HEADER)}")
            fields = [undefused_cell(f) for f in fields[: len(HEADER)]] + [""] * (len(HEADER) - len(fields))
            rows.append(
                _Row(
                    line, fields[0].strip(), fields[1].strip(), fields[2], fields[3], fields[4], fields[5], fields[6],
                    fields[10], fields[12].strip().casefold() in ("1", "true", "yes"),
                )
            )
    except csv.Error as error:
        raise InterchangeError(f"line {previous + 1}: not valid CSV: {error}") from None
    return rows


def _header_fields(line: str, delimiter: str) -> list[str]:
    try:
        fields = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []
    while fields and not fields[-1].strip():
        fields.pop()
    return [_column_key(f) for f in fields]


def _column_key(name: str) -> str:
    """A column name as Moodle versions differ in writing it: Moodle 3 wrote 'Id number', 'Shortname' and
    'Cross referenced ...', Moodle 4 writes 'ID number', 'Short name' and 'Cross-referenced ...'."""
    return re.sub(r"[^a-z0-9()]+", "", name.casefold())


def framework_from_moodle_csv(text: str, *, new_id: str | None = None) -> Framework:
    """A Framework from a Moodle CSV: top-level competencies are stages, deeper ones standards that name their parent."""
    rows = _rows(text)
    frameworks = [row for row in rows if row.is_framework]
    if not frameworks:
        raise InterchangeError("no framework row: one row must have 'Is framework' set to 1")
    if len(frameworks) > 1:
        raise InterchangeError(f"two framework rows (lines {frameworks[0].line} and {frameworks[1].line}); a file holds one framework")
    head = frameworks[0]
    where = f"framework row (line {head.line})"
    if not one_line(head.name):
        raise InterchangeError(f"{where} has no Shortname")
    parts = read_framework(head.blocks())
    scale, scale_note = _scale(head, parts, where)
    competencies = [row for row in rows if not row.is_framework]
    by_id: dict[str, _Row] = {}
    for row in competencies:
        if not row.id_number:
            raise InterchangeError(f"line {row.line}: competency {one_line(row.name)[:60]!r} has no Id number")
        if not one_line(row.name):
            raise InterchangeError(f"line {row.line}: competency {row.id_number!r} has no Shortname")
        if row.id_number in by_id:
            raise InterchangeError(f"duplicate Id number {row.id_number!r} on lines {by_id[row.id_number].line} and {row.line}")
        by_id[row.id_number] = row
    parents: dict[str, str | None] = {}
    for row in competencies:
        if not row.parent or (row.parent == head.id_number and row.parent not in by_id):
            parents[row.id_number] = None
        elif row.parent in by_id:
            parents[row.id_number] = row.parent
        else:
            raise InterchangeError(f"line {row.line}: parent id number {row.parent!r} of {row.id_number!r} does not exist")

    def name(key: str) -> str:
        return f"{key!r} (line {by_id[key].line})"

    children = children_in_order(parents, {key: (by_id[key].line,) for key in by_id}, name)
    framework_values = _values(head.scale_values)

    def stage(key: str) -> StageDraft:
        row = by_id[key]
        found = read_stage(row.blocks())
        return StageDraft(found.full_name or row.name, found.description, found.outcomes_title, found.outcomes)

    def standard(key: str, parent: StandardDraft | None) -> StandardDraft:
        row = by_id[key]
        found = read_standard(row.blocks())
        notes = found.notes
        if row.scale_values.strip() and _values(row.scale_values) != framework_values:
            notes.append(f"Moodle scale for this competency: {', '.join(_values(row.scale_values))}")
        if row.related.strip():
            related = [r.replace("%2C", ",") for r in row.related.split(",") if r.strip()]
            notes.append(f"Related competencies: {', '.join(related)}")
        draft = StandardDraft(row.id_number, found.full_name or row.name, f"line {row.line} (Id number {key!r})", notes, parent=parent)
        draft.examples = found.examples
        return draft

    top_has_children = any(children.get(key) for key in children.get(None, []))
    title = parts.title or one_line(head.name)  # the Title section holds a name Moodle had to shorten
    stages = stages_from_tree(
        children, stage=stage, standard=standard, example=lambda key: None,
        loose_title="Other competencies" if top_has_children else title,
    )
    candidate = new_id or slug(head.id_number, 64) or slug(title, 64)
    return build_framework(
        framework_id=checked_framework_id(candidate, given=bool(new_id)),
        title=title,
        version=parts.version or "1.0",
        source=parts.source if parts.source is not None else f"Moodle competency framework {head.id_number or one_line(head.name)}",
        description=parts.description + ([scale_note] if scale_note else []),
        scale=scale,
        stages=stages,
        reference=[(title_, "\n\n".join(texts)) for title_, texts in parts.reference],
        what="Moodle file",
    )


def _values(text: str) -> list[str]:
    return [one_line(value) for value in text.split(",")]


def _scale(head: _Row, parts, where: str):
    """The rating scale from Scale values and Scale configuration; keys and descriptions from our description section."""
    if not head.scale_values.strip():
        raise InterchangeError(f"{where} has no Scale values (the comma-separated scale labels)")
    labels = _values(head.scale_values)
    if not all(labels):
        raise InterchangeError(f"{where}: Scale values has an empty value: {head.scale_values!r}")
    ours = [level for level in parts.scale if len(level) >= 2]
    if [level[1] for level in ours] == labels:
        levels = [(level[0], level[1], level[2] if len(level) > 2 else "") for level in ours]
    else:
        levels = [(level_key(label), label, "") for label in labels]
    keys = [key for key, _, _ in levels]
    if not head.scale_configuration.strip():
        threshold = default_threshold(keys)
        note = f"Imported from Moodle without a scale configuration: {labels[keys.index(threshold)]} and above was taken to meet a standard."
        return rating_scale(levels, threshold, where), note
    proficient = _proficient(head.scale_configuration, len(labels), where)
    lowest = min(proficient)
    if proficient != set(range(lowest, len(labels) + 1)):
        raise InterchangeError(
            f"{where}: Scale configuration marks {labels[lowest - 1]!r} proficient but not every value above it; "
            "supervision-tui needs the proficient values to be the top of the scale"
        )
    return rating_scale(levels, keys[lowest - 1], where), None


def _proficient(raw: str, count: int, where: str) -> set[int]:
    """The 1-based scale values Moodle's configuration marks proficient."""
    shape = 'Moodle\'s JSON, e.g. [{"scaleid":"2"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1}]'
    try:
        configuration = json.loads(raw)
    except ValueError:
        raise InterchangeError(f"{where}: Scale configuration is not {shape}") from None
    if not isinstance(configuration, list) or not configuration or not isinstance(configuration[0], dict) or "scaleid" not in configuration[0]:
        raise InterchangeError(f"{where}: Scale configuration is not {shape}")
    proficient: set[int] = set()
    for entry in configuration[1:]:
        number = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(number, str) and number.strip().isdigit():
            number = int(number)
        if not isinstance(number, int) or isinstance(number, bool):
            raise InterchangeError(f"{where}: Scale configuration entry {entry!r} has no scale value id")
        if not 1 <= number <= count:
            raise InterchangeError(f"{where}: Scale configuration refers to scale value {number}, but Scale values lists {count}")
        if str(entry.get("proficient", 0)).strip() not in ("0", "", "False", "None"):
            proficient.add(number)
    if not proficient:
        raise InterchangeError(f"{where}: Scale configuration marks no scale value as proficient, so no level would meet a standard")
    return proficient
