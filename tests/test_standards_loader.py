"""Loader and validator: a small fixture parses as written, and each mistake is reported at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from standards import FrameworkError, load_framework, parse_framework, read_framework_text
from standards import framework_to_markdown

FIXTURE = Path(__file__).parent / "fixtures" / "small.md"


def small_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def problems_of(text: str) -> list[tuple[int, str]]:
    framework, problems = parse_framework(text)
    assert framework is None, "expected the text to be rejected"
    return [(p.line, p.message) for p in problems]


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_small_fixture_loads_as_written():
    framework = load_framework(FIXTURE)
    assert (framework.id, framework.title, framework.version, framework.source) == ("small", "Small framework", "1.0", "Test fixture")
    assert framework.description == "A framework for tests."
    assert [s.title for s in framework.stages] == ["First stage", "Second stage"]
    first = framework.stages[0]
    assert first.id == "first-stage"
    assert first.description == "Stage intro."
    assert first.outcomes_title == "Outcomes for the person"
    assert first.outcomes == ("is safe;", "is heard.")
    assert framework.standard_ids() == ("F1", "F2", "S1")
    f1 = framework.standard("f1")
    assert f1.statement == "Do the first thing."
    assert f1.notes == "A note about F1."
    assert [(e.text, e.development_activity) for e in f1.examples] == [
        ("Doing it well.", False),
        ("Attending training.", True),
    ]
    assert f1.development_activities() == ("Attending training.",)
    assert framework.standard("F2").examples[0].text == "Doing it twice."
    assert framework.standard("S1").examples == ()
    assert framework.stage_of("S1").title == "Second stage"
    assert [(r.title, r.text) for r in framework.reference] == [("Timescales", "Some text.\n\n### Week one\n\n- Read the form.")]


def test_rating_scale_order_threshold_and_strength():
    scale = load_framework(FIXTURE).rating_scale
    assert scale.keys() == ("not-met", "met", "strong")
    assert [level.meets_standard for level in scale.levels] == [False, True, True]
    assert scale.rank("strong") == 2 and scale.is_top("strong") and not scale.is_top("met")
    assert "met" in scale and "nope" not in scale
    with pytest.raises(ValueError):
        scale.rank("nope")


def test_a_rating_key_becomes_its_label_or_stays_itself_when_the_scale_lost_it():
    scale = load_framework(FIXTURE).rating_scale
    assert [scale.label(key) for key in scale.keys()] == [level.label for level in scale.levels]
    assert scale.label("strong") != "strong"
    assert scale.label("retired-level") == "retired-level"


def test_round_trip_through_the_writer_keeps_everything():
    framework = load_framework(FIXTURE)
    again, problems = parse_framework(framework_to_markdown(framework))
    assert problems == []
    assert again.to_dict() == framework.to_dict()


@pytest.mark.parametrize(
    "old, new, needle, message",
    [
        ("id: small\n", "", "---", "missing id"),
        ("title: Small framework\n", "", "---", "missing title"),
        ('version: "1.0"\n', "", "---", "missing version"),
        ("threshold: met", "threshold: great", "threshold:", "unknown threshold 'great'"),
        ("id: small", "id: Small Framework", "id:", "must be lowercase"),
        ("### F2: Do the second thing.", "### F1: Do the second thing.", "### F1: Do the second", "duplicate standard ID F1"),
        ("### S1: Do another thing.\n", "", "## Second stage", "has no standards"),
        ("### F2: Do the second thing.", "### F2:", "### F2:", "has no statement"),
        ("## First stage\n", "## First stage\n\n- stray item\n", "- stray item", "examples outside a standard"),
        ("source: Test fixture", "source: Test fixture\ncolour: blue", "colour:", "unknown front matter field 'colour'"),
        ("### F2: Do the second thing.", "### Something else", "### Something else", "neither a standard"),
        ("- is heard.", "- is heard.\n\nA stray paragraph.", "A stray paragraph.", "outcomes must be a '- ' list"),
        ("- Doing it twice.", "- Doing it twice.\n  - nested", "  - nested", "nested list"),
        ("## Second stage", "## First stage", "## First stage\n", "duplicate stage"),
        ("- Doing it twice.", "- Doing it twice.\n\n```\ncode\n```", "```", "code block"),
    ],
)
def test_each_mistake_is_reported_at_its_line(old, new, needle, message):
    text = small_text()
    assert old in text
    broken = text.replace(old, new, 1)
    found = problems_of(broken)
    matching = [(line, text_) for line, text_ in found if message in text_]
    assert matching, found
    if needle == "---":  # a missing field is reported at the first line of the front matter, where it belongs
        assert matching[0][0] == line_of(broken, "---") + 1 == 2, found
    else:
        expected = line_of(broken, needle.rstrip("\n")) if needle != "## First stage\n" else [
            n for n, l in enumerate(broken.splitlines(), 1) if l == "## First stage"
        ][1]
        assert matching[0][0] == expected, found


def test_missing_front_matter_and_bad_yaml_are_problems_not_crashes():
    assert "missing front matter" in problems_of("## Stage\n\n### A1: x\n")[0][1]
    bad = small_text().replace("title: Small framework", "title: [unclosed")
    line, message = problems_of(bad)[0]
    assert "not valid YAML" in message
    assert line == line_of(bad, "version:"), "where the parser met the ':' the open '[' cannot hold"


def test_rating_scale_mistakes():
    text = small_text()
    dup = text.replace("  - key: strong", "  - key: met")
    assert any("duplicate key 'met'" in m for _, m in problems_of(dup))
    one = text.split("  - key: met")[0] + "---" + text.split("---", 2)[2]
    assert any("at least two levels" in m for _, m in problems_of(one))
    nolabel = text.replace("    label: Strong\n", "")
    assert any("missing label" in m for _, m in problems_of(nolabel))


def test_headings_deeper_than_standards_are_only_for_reference_sections():
    broken = small_text().replace("- Doing it twice.", "- Doing it twice.\n\n#### Detail")
    assert any("only allowed inside" in m for _, m in problems_of(broken))


def test_stage_after_reference_is_refused():
    broken = small_text() + "\n## Late stage\n\n### L1: Late.\n"
    assert any("after a reference section" in m for _, m in problems_of(broken))


def test_file_level_problems(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("  \n")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"---\nid: x\n---\ncaf\xe9\n")
    assert read_framework_text(empty)[1][0].message == "file is empty"
    assert "binary" in read_framework_text(binary)[1][0].message
    assert read_framework_text(latin)[1][0] .line == 4
    assert "cannot read" in read_framework_text(tmp_path / "missing.md")[1][0].message
    assert "directory" in read_framework_text(tmp_path)[1][0].message
    with pytest.raises(FrameworkError) as error:
        load_framework(empty)
    assert str(error.value).startswith(f"{empty}:1: file is empty")


def test_windows_line_endings_and_bom_are_accepted(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + small_text().replace("\n", "\r\n").encode("utf-8"))
    assert load_framework(path).standard_ids() == ("F1", "F2", "S1")


def test_development_mark_variants():
    text = small_text().replace("- Doing it twice.", "- Doing it twice. *(Development activity)*")
    framework, problems = parse_framework(text)
    assert problems == []
    assert framework.standard("F2").examples[0].development_activity


def test_only_the_bare_for_example_line_is_dropped():
    text = small_text().replace("A note about F1.", "For example, working with a young parent.")
    framework, problems = parse_framework(text)
    assert problems == []
    assert framework.standard("F1").notes == "For example, working with a young parent."
    for lead_in in ("For example by...", "For example by:", "for example:"):
        framework, _ = parse_framework(small_text().replace("For example by:", lead_in))
        assert framework.standard("F1").notes == "A note about F1."


def test_front_matter_nested_too_deeply_is_named_plainly():
    text = "---\n" + "[" * 5000 + "\n---\n\n## Stage\n\n### S1: Statement\n"
    assert (2, "front matter is nested too deeply: it holds 'name: value' lines and the rating_scale list") in problems_of(text)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("version: 1.10", "1.10"),
        ("version: 010", "010"),
        ("version: 1e3", "1e3"),
        ("version: 2005-08-01", "2005-08-01"),
        ("title: Yes", "Yes"),
        ("title: 1.50", "1.50"),
        ("id: 0123", "0123"),
    ],
)
def test_unquoted_front_matter_values_are_read_as_written(line, expected):
    """YAML's own types would turn 1.10 into 1.1, 010 into 8, Yes into True: a trainer's text must come back as typed."""
    field = line.split(":")[0]
    text = re.sub(rf"^{field}:.*$", line, small_text(), count=1, flags=re.MULTILINE)
    assert line in text
    framework, problems = parse_framework(text)
    assert problems == []
    assert getattr(framework, field) == expected


def test_unquoted_rating_scale_text_is_read_as_written():
    text = small_text().replace("label: Not met", "label: No").replace("description: Seen consistently.", "description: 1.10")
    framework, problems = parse_framework(text)
    assert problems == []
    assert framework.rating_scale.levels[0].label == "No"
    assert framework.rating_scale.levels[1].description == "1.10"


@pytest.mark.parametrize("control", ["\x1b[31m", "\x07", "\x9b2J", "\x7f"])
def test_a_control_character_is_a_problem_at_its_line(control):
    """Framework text reaches terminals (show, list, the app) and other programs, where ESC and friends would act."""
    text = FIXTURE.read_text(encoding="utf-8")
    lines = text.split("\n")
    target = next(number for number, line in enumerate(lines) if line.startswith("### "))
    lines[target] = lines[target] + f" {control}red"
    found = problems_of("\n".join(lines))
    assert found == [(target + 1, f"contains the control character \\x{ord(control[0]):02x}; a framework file is plain text")]


def test_tabs_stay_allowed():
    text = FIXTURE.read_text(encoding="utf-8").replace("\n- ", "\n-\t", 1)
    framework, problems = parse_framework(text)
    assert problems == [] and framework is not None
