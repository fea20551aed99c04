"""Whatever text reaches the checker, it ends in a framework or in problems with line numbers, never another exception."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interchange_support import frameworks
from standards import ReferenceSection, builtin_dir, framework_to_markdown, load_library, parse_framework, read_framework_text

SHIPPED = {path.name: path.read_text(encoding="utf-8") for path in sorted(builtin_dir().glob("*.md"))}
MARKDOWN_BITS = st.sampled_from(
    ["---", "## ", "### ", "#### ", "- ", "1. ", "```", "> ", "<div>", "id: x", "threshold: ", "rating_scale:", "  - key: a",
     ":", "U1:", "_(development activity)_", "\n", "\t", "    ", "[", "]", "{", "}", "*", "\\", "\x00", "\ufeff", "é"]
)


def assert_outcome_is_clean(text: str) -> None:
    framework, problems = parse_framework(text)
    assert (framework is None) == bool(problems)
    # The loader reads \r\n and a lone \r as line ends, as editors do.
    line_count = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= line_count + 1, problem
        assert problem.message and "\n" not in problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text(text):
    assert_outcome_is_clean(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_BITS | st.text(max_size=12), max_size=60).map("".join))
def test_markdown_like_text(text):
    assert_outcome_is_clean(text)


@st.composite
def mutated_shipped_file(draw):
    name = draw(st.sampled_from(sorted(SHIPPED)))
    lines = SHIPPED[name].split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "replace"]))
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "insert":
            lines.insert(at, draw(MARKDOWN_BITS | st.text(max_size=20)))
        elif kind == "truncate":
            lines[at] = lines[at][: draw(st.integers(0, max(0, len(lines[at]))))]
        else:
            lines[at] = draw(st.text(max_size=30))
    return "\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(mutated_shipped_file())
def test_random_mutations_of_the_shipped_files(text):
    assert_outcome_is_clean(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_on_disk(tmp_path, data):
    path = tmp_path / "any.md"
    path.write_bytes(data)
    text, problems = read_framework_text(path)
    if text is None:
        assert problems and all(p.line >= 1 for p in problems)
    else:
        assert_outcome_is_clean(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_the_writer_output_always_parses_as_the_same_framework(framework):
    reparsed, problems = parse_framework(framework_to_markdown(framework))
    assert problems == []
    assert reparsed.to_dict() == framework.to_dict()


@pytest.mark.parametrize("text", ["#", "##", "Intro\n\n##\n\nmore", "# A heading\n\n## Another", "  # Indented"])
def test_headings_in_reference_text_stay_inside_the_section(text):
    """An empty '#' or '##' line in reference text is a heading too; left as it is, it ended the file's reference section."""
    apir = load_library(None).get("apir")
    framework = replace(apir, reference=(ReferenceSection("Notes", text),))
    reparsed, problems = parse_framework(framework_to_markdown(framework))
    assert problems == []
    assert [section.title for section in reparsed.reference] == ["Notes"]
    assert reparsed.stages == apir.stages
