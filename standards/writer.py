"""Provides the writer that turns a Framework back into the framework file format.

Used by ``standards show --format md`` and by importers, so whatever comes in
from elsewhere ends up as a file a trainer can read and edit.
"""

from __future__ import annotations

import re

from .loader import BLOCK_START
from .model import Framework

_LIST_START = re.compile(r"^\\*" + BLOCK_START)
"""Text that would turn into markup, or that starts with backslashes before such a start (so the
loader's removal of one backslash gives back exactly what was written)."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _safe_item(text: str) -> str:
    """Flatten to one line and stop text being read as a nested list, heading or HTML."""
    text = _one_line(text)
    if _LIST_START.match(text):
        text = "\\" + text
    return text


def _safe_block(text: str) -> str:
    """A paragraph that cannot turn into a heading, list or code block when written back."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(_safe_item(p) for p in paragraphs)


def framework_to_markdown(framework: Framework) -> str:
    """The framework file text for ``framework``; parsing it gives the same framework."""
    import yaml

    scale = framework.rating_scale
    header = {
        "id": framework.id,
        "title": framework.title,
        "version": framework.version,
        "source": framework.source,
        "threshold": scale.threshold,
        "rating_scale": [
            {"key": level.key, "label": level.label, "description": level.description}
            for level in scale.levels
        ],
    }
    if framework.caseload:
        header["caseload"] = {name: value for name, value in framework.caseload}
    front = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=100_000)
    out: list[str] = ["---", front.rstrip("\n"), "---", "", f"# {_one_line(framework.title)}", ""]
    if framework.description:
        out += [_safe_block(framework.description), ""]
    for stage in framework.stages:
        out += [f"## {_one_line(stage.title)}", ""]
        if stage.description:
            out += [_safe_block(stage.description), ""]
        if stage.outcomes:
            out += [f"### {_one_line(stage.outcomes_title) or 'Outcomes'}", ""]
            out += [f"- {_safe_item(outcome)}" for outcome in stage.outcomes]
            out.append("")
        for standard in stage.standards:
            out += [f"### {standard.id}: {_one_line(standard.statement)}", ""]
            if standard.notes:
                out += [_safe_block(standard.notes), ""]
            if standard.examples:
                out += ["For example by:", ""]
                for example in standard.examples:
                    mark = " _(development activity)_" if example.development_activity else ""
                    out.append(f"- {_safe_item(example.text)}{mark}")
                out.append("")
    for section in framework.reference:
        out += [f"## Reference: {_one_line(section.title)}", ""]
        if section.text:
            out += [_demote_headings(section.text), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _demote_headings(text: str) -> str:
    """Keep reference text's own headings below '## ' so they stay inside the section; an empty
    '#' line and one indented up to three spaces are headings too."""
    return re.sub(r"^( {0,3})#{1,2}(?=[ \t]|$)", r"\1###", text, flags=re.MULTILINE)
