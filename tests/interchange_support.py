"""Provides helpers for the interchange tests: the CASE schema validator and hypothesis frameworks."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

from hypothesis import strategies as st

from standards import Example, Framework, RatingLevel, RatingScale, ReferenceSection, Stage, Standard
from standards.loader import slugify

DATA = Path(__file__).parent / "data"
CASE_SCHEMA = DATA / "case-v1p1-cfpackage-schema.json"


def case_validator():
    """A Draft 2020-12 validator for CFPackage that also checks the uri, date and date-time formats.

    jsonschema only checks formats whose optional libraries are installed, so
    the three formats CASE uses are checked here by hand.
    """
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())

    @checker.checks("uri")
    def is_uri(value) -> bool:
        return not isinstance(value, str) or bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$", value))

    @checker.checks("date-time")
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", value):
            return False
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("date", raises=ValueError)
    def is_date(value) -> bool:
        return not isinstance(value, str) or bool(date.fromisoformat(value))

    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=checker)


WORDS = st.text(alphabet=list("abcXYZ019 &<>\"',.;:()–é•#*_/\\"), min_size=1, max_size=24).map(lambda t: " ".join(t.split())).filter(bool)
LABELS = st.text(alphabet=list("abcXYZ &<>\"'.;()é"), min_size=1, max_size=12).map(lambda t: " ".join(t.split())).filter(bool)
PLAIN_ENDS = st.sampled_from(list("abcXYZ019é.)"))
"""Characters that can neither close a Markdown heading ('#') nor open a block."""
HEADING_TEXT = st.builds("{}{}".format, WORDS, PLAIN_ENDS)
"""Awkward text for a heading line: a trailing ' #' run is a closing sequence Markdown drops, so it ends plainly."""
REFERENCE_TEXT = st.builds("{}{}".format, PLAIN_ENDS, WORDS)
"""Reference text is kept as written, so it starts plainly: a leading '# ' would be a heading of its own."""


@st.composite
def frameworks(draw) -> Framework:
    """Frameworks with awkward text (HTML, quotes, Markdown characters) in every field, in the shape a file reads back as.

    Every generated framework is one the file format can hold (stage ids as the
    loader derives them, headings without a closing '#' run), so a test that
    writes one and reads it back may assert equality and discard nothing.
    """
    level_count = draw(st.integers(2, 5))
    labels = draw(st.lists(LABELS, min_size=level_count, max_size=level_count, unique_by=str.casefold))
    keys = [f"level-{n}" for n in range(level_count)]
    threshold = draw(st.integers(0, level_count - 1))
    scale = RatingScale(
        tuple(RatingLevel(keys[n], labels[n], draw(st.just("") | WORDS), n >= threshold) for n in range(level_count)),
        keys[threshold],
    )
    stages = []
    number = 0
    for stage_index in range(draw(st.integers(1, 3))):
        standards = []
        for _ in range(draw(st.integers(1, 3))):
            number += 1
            examples = tuple(Example(draw(WORDS), draw(st.booleans())) for _ in range(draw(st.integers(0, 3))))
            notes = "\n\n".join(draw(st.lists(WORDS, max_size=2)))
            standards.append(Standard(f"S{number}", draw(HEADING_TEXT), examples, notes))
        title = f"Stage {stage_index} {draw(HEADING_TEXT)}"
        outcomes = tuple(draw(st.lists(WORDS, max_size=2)))
        stages.append(
            Stage(
                id=slugify(title),  # unique: each title starts 'Stage <its number>'
                title=title,
                outcomes=outcomes,
                standards=tuple(standards),
                description="\n\n".join(draw(st.lists(WORDS, max_size=2))),
                # a file has an outcomes heading only above outcomes
                outcomes_title=draw(st.sampled_from(["Outcomes", "Outcomes for the client"])) if outcomes else "Outcomes",
            )
        )
    reference = tuple(ReferenceSection(draw(HEADING_TEXT), draw(REFERENCE_TEXT)) for _ in range(draw(st.integers(0, 2))))
    return Framework(
        id="generated",
        title=draw(WORDS),
        version=draw(st.sampled_from(["1.0", "2024-03", "2024-02-30", "v2"])),
        source=draw(st.just("") | WORDS),
        rating_scale=scale,
        stages=tuple(stages),
        reference=reference,
        description="\n\n".join(draw(st.lists(WORDS, max_size=2))),
    )
