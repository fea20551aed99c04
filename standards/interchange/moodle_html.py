"""Provides the HTML descriptions of Moodle rows: what we write for a framework, stage or standard, and how we read any.

Moodle has a short name and an HTML description per competency, so examples,
outcomes, the rating scale and reference text travel inside descriptions, marked
by headings, classes and the "(development activity)" suffix so they come back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..loader import DEVELOPMENT_MARK, FOR_EXAMPLE, OUTCOMES_HEADING
from ..model import Example, Framework, Stage, Standard
from .html_text import Block, element

SHORTNAME_LIMIT = 100
"""Moodle cuts shortnames at 100 characters; the full text then goes in the description."""
FULL_NAME = "full-name"


def shortname(text: str) -> tuple[str, bool]:
    """Moodle's shortname for ``text`` and whether it differs (then the description carries the full text).

    Moodle strips tags from shortnames, so angle brackets become look-alikes
    rather than markup, and it cuts them at 100 characters.
    """
    name = text.replace("<", "‹").replace(">", "›")
    if len(name) > SHORTNAME_LIMIT:
        cut = name[: SHORTNAME_LIMIT - 1]
        if " " in cut[SHORTNAME_LIMIT // 2:]:
            cut = cut[: cut.rindex(" ")]
        name = cut.rstrip() + "…"
    return name, name != text


def _paragraphs(text: str) -> list[str]:
    return [element("p", part) for part in text.split("\n\n") if part.strip()]


def framework_description(framework: Framework) -> str:
    out = _paragraphs(framework.description)
    if shortname(framework.title)[1]:
        out += [element("h3", "Title"), element("p", framework.title)]
    out += [element("h3", "Version"), element("p", framework.version)]
    out += [element("h3", "Source"), element("p", framework.source)]
    out += [element("h3", "Rating scale"), '<dl class="rating-scale">']
    for level in framework.rating_scale.levels:
        out += [element("dt", level.key), element("dd", level.label), element("dd", level.description)]
    out.append("</dl>")
    for section in framework.reference:
        out += [element("h3", f"Reference: {section.title}"), element("pre", section.text, "reference")]
    return "\n".join(out)


def stage_description(stage: Stage) -> str:
    out = [element("p", stage.title, FULL_NAME)] if shortname(stage.title)[1] else []
    out += _paragraphs(stage.description)
    if stage.outcomes:
        out += [element("p", stage.outcomes_title, "outcomes-title"), '<ul class="outcomes">']
        out += [element("li", outcome) for outcome in stage.outcomes]
        out.append("</ul>")
    return "\n".join(out)


def standard_description(standard: Standard) -> str:
    out = [element("p", standard.statement, FULL_NAME)] if shortname(standard.statement)[1] else []
    out += _paragraphs(standard.notes)
    if standard.examples:
        out += [element("p", "For example by:"), '<ul class="examples">']
        for example in standard.examples:
            if example.development_activity:
                out.append(element("li", f"{example.text} (development activity)", "development-activity"))
            else:
                out.append(element("li", example.text))
        out.append("</ul>")
    return "\n".join(out)


def _as_paragraph(block: Block) -> str:
    return f"• {block.text}" if block.kind == "li" else block.text


def _list_after(blocks: list[Block], index: int) -> int | None:
    """The list number of the items straight after ``index``, if a list follows."""
    if index + 1 < len(blocks) and blocks[index + 1].kind == "li":
        return blocks[index + 1].list_number
    return None


@dataclass
class StandardParts:
    full_name: str | None = None
    notes: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


def read_standard(blocks: list[Block]) -> StandardParts:
    """Examples are the items of a list marked 'examples' or led by 'For example by:'; the rest is notes."""
    parts = StandardParts()
    examples_list = None
    for index, block in enumerate(blocks):
        if block.kind == "p" and FULL_NAME in block.classes and parts.full_name is None:
            parts.full_name = block.text
        elif block.kind in ("p", "h") and FOR_EXAMPLE.match(block.text) and _list_after(blocks, index) is not None:
            examples_list = _list_after(blocks, index)
        elif block.kind == "li" and ("examples" in block.list_classes or block.list_number == examples_list):
            marked = "development-activity" in block.classes or bool(DEVELOPMENT_MARK.search(block.text))
            parts.examples.append(Example(DEVELOPMENT_MARK.sub("", block.text).strip(), marked))
        else:
            parts.notes.append(_as_paragraph(block))
    return parts


@dataclass
class StageParts:
    full_name: str | None = None
    description: list[str] = field(default_factory=list)
    outcomes_title: str = "Outcomes"
    outcomes: list[str] = field(default_factory=list)


def read_stage(blocks: list[Block]) -> StageParts:
    """Outcomes are the items of a list led by a line starting 'Outcomes'; the rest describes the stage."""
    parts = StageParts()
    outcomes_list = None
    for index, block in enumerate(blocks):
        if block.kind == "p" and FULL_NAME in block.classes and parts.full_name is None:
            parts.full_name = block.text
        elif block.kind in ("p", "h") and not parts.outcomes and OUTCOMES_HEADING.match(block.text) and _list_after(blocks, index) is not None:
            parts.outcomes_title, outcomes_list = block.text, _list_after(blocks, index)
        elif block.kind == "li" and block.list_number == outcomes_list:
            parts.outcomes.append(block.text)
        else:
            parts.description.append(_as_paragraph(block))
    return parts


@dataclass
class FrameworkParts:
    description: list[str] = field(default_factory=list)
    title: str | None = None
    version: str | None = None
    source: str | None = None
    """None when the description has no such section; '' when the section is empty."""
    scale: list[list[str]] = field(default_factory=list)
    """[key, label, description] per level, as our export lists them."""
    reference: list[tuple[str, list[str]]] = field(default_factory=list)


def read_framework(blocks: list[Block]) -> FrameworkParts:
    """Sections under our headings (Title, Version, Source, Rating scale, Reference: ...) and the description."""
    parts = FrameworkParts()
    section = None
    for block in blocks:
        if block.kind == "h":
            name = block.text.casefold()
            if name in ("title", "version", "source", "rating scale"):
                section = name
                if name != "rating scale" and getattr(parts, name) is None:
                    setattr(parts, name, "")
                continue
            if name.startswith("reference:") and block.text[10:].strip():
                section = "reference"
                parts.reference.append((block.text[10:].strip(), []))
                continue
            section = None
        if section in ("title", "version", "source"):
            setattr(parts, section, " ".join(filter(None, [getattr(parts, section), block.text])))
        elif section == "rating scale" and block.kind == "dt":
            parts.scale.append([block.text])
        elif section == "rating scale" and block.kind == "dd" and parts.scale and len(parts.scale[-1]) < 3:
            parts.scale[-1].append(block.text)
        elif section == "reference":
            parts.reference[-1][1].append(block.text if block.kind == "pre" else _as_paragraph(block))
        else:
            parts.description.append(_as_paragraph(block))
    return parts
