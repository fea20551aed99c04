"""Holds the shipped framework files to the words of their source documents.

``tests/data/apir-guide.txt`` and ``tests/data/methods-of-work.txt`` are the
text extracted from the two source PDFs, unchanged. The APIR file must say, word
for word and in order, what the guide says; the only mending allowed is where
PDF extraction ran bullets together or split a table across a page, which
changes where examples start and end but not a single word.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from interchange_support import DATA
from standards import builtin_dir, load_framework

GUIDE = (DATA / "apir-guide.txt").read_text(encoding="utf-8").split("\n")
METHODS = (DATA / "methods-of-work.txt").read_text(encoding="utf-8")
FOOTNOTE_MARKS = "¹²³"
EXTRACTION_NOISE = (
    "WORKING WITH YOUNG PEOPLE ON YOUR CASELOAD",  # the running page header
    "The Personal Adviser will\tFor example by",  # the table header on each page
    "Outcomes for the young person are...",
    "The young person:",
)


def apir():
    return load_framework(builtin_dir() / "apir.md")


def methods():
    return load_framework(builtin_dir() / "methods-of-work.md")


def line_index(text: str, start: int = 0) -> int:
    """Index of the guide line that is exactly ``text`` (a heading), searching from ``start``."""
    return next(i for i in range(start, len(GUIDE)) if GUIDE[i].strip() == text)


def guide_words(lines: list[str]) -> list[str]:
    """The words of guide lines without the PDF's table markup, bullets, page headers and footnote marks."""
    words: list[str] = []
    for line in lines:
        line = re.sub(f"[{FOOTNOTE_MARKS}]", "", re.sub(r"<[^>]+>", " ", line))
        for noise in EXTRACTION_NOISE:
            line = line.replace(noise, " ")
        line = re.sub(r"(^|\s)- ", " ", line)  # a bullet at the start of a line or cell
        line = re.sub(r"(?<=\S)- (?=[A-Z])", " ", line)  # a bullet glued to the end of the one before
        words += line.split()
    return words


def first_difference(expected: list[str], actual: list[str]) -> str:
    for kind, a1, a2, b1, b2 in SequenceMatcher(None, expected, actual, autojunk=False).get_opcodes():
        if kind != "equal":
            return f"{kind}: guide {' '.join(expected[max(0, a1 - 4):a2 + 4])!r} / file {' '.join(actual[max(0, b1 - 4):b2 + 4])!r}"
    return ""


def is_footnote(line: str) -> bool:
    return line[:1] != "" and line[0] in FOOTNOTE_MARKS


def footnotes() -> dict[str, str]:
    return {line[0]: line[1:].strip() for line in GUIDE if is_footnote(line)}


def test_stages_outcomes_standards_and_examples_are_the_guides_words_in_its_order():
    framework = apir()
    start, end = line_index("UNDERPINNING PROCESSES"), line_index("Caseload Definitions")
    expected = guide_words([line for line in GUIDE[start:end] if not is_footnote(line)])
    notes_from_footnotes = set(footnotes().values())
    actual: list[str] = []
    for stage in framework.stages:
        actual += stage.title.upper().split()
        for outcome in stage.outcomes:
            actual += outcome.split()
        for standard in stage.standards:
            actual += standard.statement.split()
            if standard.notes not in notes_from_footnotes:
                actual += standard.notes.split()
            for example in standard.examples:
                actual += example.text.split()
    assert actual == expected, first_difference(expected, actual)


def test_the_only_note_taken_from_a_footnote_is_the_one_on_action_planning():
    """Footnote 3 hangs on P1's "Reading the guidance notes on action planning.³"; footnote 2 repeats U6's cell text."""
    framework = apir()
    marks = footnotes()
    assert framework.standard("P1").notes == marks["³"]
    taken = [s.id for s in framework.standards() if s.notes and s.notes in marks.values()]
    assert taken == ["P1"]
    assert framework.standard("U6").notes.lower() == marks["²"].lower(), "the cell says 'framework', the footnote 'Framework'"
    assert marks["¹"].removeprefix("Both the outcomes and the standards in column 1 are derived from: ").rstrip(".") in framework.source


def reference_words(text: str) -> list[str]:
    return re.sub(r"(?m)^\s*(#+|-)\s", " ", text).split()


def test_reference_sections_are_the_guides_words():
    """The guide prints Leaving your caseload between the two timescales tables and Watching Brief after
    them; the file groups them by subject, each part word for word."""
    sections = {section.title: section.text for section in apir().reference}
    definitions = line_index("Caseload Definitions")
    timescales = line_index("Timescales")
    leaving = line_index("Leaving your caseload")
    enhanced = line_index("Active Enhanced", leaving)
    watching = line_index("Watching Brief", enhanced)
    notes = line_index("Notes", watching)
    assert reference_words(sections["Caseload definitions"]) == guide_words(GUIDE[definitions + 1:timescales] + GUIDE[watching:notes])
    assert reference_words(sections["Timescales"]) == guide_words(GUIDE[timescales + 1:leaving] + GUIDE[enhanced:watching])
    assert reference_words(sections["Leaving your caseload"]) == guide_words(GUIDE[leaving + 1:enhanced])


DEVELOPMENT_ACTIVITIES = {
    # The "knowledge and understanding" standards are met through training, guidance, applying what was
    # learnt and supervision: every example is a development activity.
    "U1": [0, 1, 2, 3],
    "U2": [0, 1],
    "U3": [0, 1, 2, 3, 4, 5],  # induction, training, applying learning, reviewing practice, observation of practice, development needs
    "A1": [0, 1, 2, 3],
    "P1": [0, 1, 2, 3],
    "I1": [0, 1, 2, 3],
    "R1": [0, 1, 2, 3],
    # Training and briefing events, supporting materials, the Generic Lead PA: how a PA keeps up to date.
    "P5": [0, 1, 2],
    # "Discussing the case in supervision and with colleagues." is supervision, as "Reviewing practice through
    # supervision" is; the other R4 examples are work with the young person.
    "R4": [0],
}


def test_development_activities_are_marked_exactly_where_the_guide_describes_training_or_development():
    marked = {s.id: [i for i, e in enumerate(s.examples) if e.development_activity] for s in apir().standards()}
    assert {key: value for key, value in marked.items() if value} == DEVELOPMENT_ACTIVITIES


# ------------------------------------------------------------- Methods of Work

METHODS_TEXT = " ".join(METHODS.replace("**", "").split())
PRINCIPLES = re.findall(r"^- \*\*(.+?):?\*\*", METHODS, flags=re.MULTILINE)


def in_document(text: str) -> bool:
    """Word for word in the document; a sentence cut out of a longer one may start with a capital."""
    text = " ".join(text.split())
    return text in METHODS_TEXT or (text[:1].lower() + text[1:]) in METHODS_TEXT


def test_the_seven_principles_are_the_relationship_standards_in_order():
    assert len(PRINCIPLES) == 7
    relationship = methods().stages[0]
    assert [s.id for s in relationship.standards] == [f"R{n}" for n in range(1, 8)]
    assert [s.notes.split("\n\n")[0] for s in relationship.standards] == [f'Principle: "{name}".' for name in PRINCIPLES]


def test_every_example_and_note_of_methods_of_work_is_the_documents_wording():
    for standard in methods().standards():
        for example in standard.examples:
            assert in_document(example.text), (standard.id, example.text)
        for note in standard.notes.split("\n\n"):
            if note and not note.startswith("Principle: "):
                assert in_document(note.removesuffix(" including:").removesuffix(" This might include the following:")), (standard.id, note)


def test_methods_of_work_covers_each_part_of_the_document():
    framework = methods()
    statements = {s.id: s.statement for s in framework.standards()}
    assert [statements[key].split(":")[0] for key in ("O1", "O2")] == ['Doing "for"', 'Doing "with"']
    assert statements["O3"].startswith("Promote and sustain the client's independence")
    assert "regular 6 month support plan and review" in statements["F4"]
    assert "9.30am to 5pm Monday to Friday (except bank holidays)" in statements["T1"]
    assert "plan with our clients about how to cope with crisis" in framework.standard("T2").notes
    assert [s.id for s in framework.stages[4].standards] == ["W1", "W2", "W3", "W4"]
    assert "non-contact time is acknowledged by funding agencies" in framework.standard("W4").notes
