"""Moodle competency-framework CSV: Moodle's own columns and scale JSON, escaped HTML, and a lossless round trip."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interchange_support import DATA, frameworks
from standards import load_library
from standards.interchange import InterchangeError, framework_from_moodle_csv, framework_to_moodle_csv
from standards.interchange.html_text import html_blocks
from standards.interchange.moodle import HEADER
from standards.loader import slugify

SHIPPED = ("apir", "methods-of-work")
FOREIGN = DATA / "foreign-moodle.csv"
MOODLE_HEADER = (
    '"Parent id number","Id number",Shortname,Description,"Description format","Scale values","Scale configuration",'
    '"Rule type (optional)","Rule outcome (optional)","Rule config (optional)","Cross referenced competency id numbers",'
    '"Exported id (optional)","Is framework",Taxonomy'
)


@pytest.fixture(scope="module")
def library():
    return load_library(None)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def foreign_text() -> str:
    return FOREIGN.read_text(encoding="utf-8")


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_export_then_import_gives_the_whole_framework_back(library, framework_id):
    original = library.get(framework_id)
    assert framework_from_moodle_csv(framework_to_moodle_csv(original)).to_dict() == original.to_dict()


def test_header_and_framework_row_are_moodles(library):
    text = framework_to_moodle_csv(library.get("apir"))
    assert text.split("\n", 1)[0] == MOODLE_HEADER
    table = rows(text)
    head = table[0]
    assert head["Is framework"] == "1" and head["Parent id number"] == "" and head["Id number"] == "apir"
    assert head["Scale values"] == "Not evident,Developing,Secure,Exemplary"
    assert json.loads(head["Scale configuration"]) == [
        {"scaleid": "0"},
        {"id": 1, "scaledefault": 0, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 0},
        {"id": 3, "scaledefault": 1, "proficient": 1},
        {"id": 4, "scaledefault": 0, "proficient": 1},
    ]
    assert head["Description format"] == "1"
    assert all(row["Is framework"] == "" for row in table[1:])
    assert len(table) == 1 + 5 + 29


def test_stages_are_top_level_and_standards_their_children(library):
    table = rows(framework_to_moodle_csv(library.get("apir")))
    assessment = next(row for row in table if row["Shortname"] == "Assessment")
    assert assessment["Parent id number"] == ""
    a2 = next(row for row in table if row["Id number"] == "A2")
    assert a2["Parent id number"] == assessment["Id number"]
    assert a2["Shortname"] == "Plan effectively for assessment."
    assert "\n" in a2["Description"], "descriptions span lines inside quotes"
    u1 = next(row for row in table if row["Id number"] == "U1")
    assert '<li class="development-activity">Attending APIR training. (development activity)</li>' in u1["Description"]
    assert '<ul class="outcomes">' in next(row for row in table if row["Shortname"] == "Underpinning Processes")["Description"]


def test_long_statements_are_cut_for_moodle_and_restored_from_the_description(library):
    p5 = library.get("apir").standard("P5")
    assert len(p5.statement) > 100
    row = next(row for row in rows(framework_to_moodle_csv(library.get("apir"))) if row["Id number"] == "P5")
    assert len(row["Shortname"]) <= 100 and row["Shortname"].endswith("…")
    assert framework_from_moodle_csv(framework_to_moodle_csv(library.get("apir"))).standard("P5").statement == p5.statement


def test_stage_id_numbers_stay_within_what_moodle_keeps(library):
    """Moodle's importer cuts ID numbers at 100 characters but not the parent ID numbers pointing at them;
    a longer stage ID number would leave its standards without a parent, and Moodle drops those."""
    apir = library.get("apir")
    long_title = "Underpinning processes that every Personal Adviser follows " * 4
    first, second = (replace(stage, title=f"{long_title}({n})") for n, stage in enumerate(apir.stages[:2], start=1))
    stages = tuple(replace(stage, id=slugify(stage.title)) for stage in (first, second) + apir.stages[2:])
    framework = replace(apir, stages=stages)
    text = framework_to_moodle_csv(framework)
    table = rows(text)[1:]
    codes = [row["Id number"] for row in table if row["Parent id number"] == ""]
    assert len(set(codes)) == len(codes) == 5
    assert all(len(row["Id number"]) <= 100 and len(row["Parent id number"]) <= 100 for row in table)
    assert all(row["Parent id number"] in codes for row in table if row["Parent id number"])
    assert framework_from_moodle_csv(text).to_dict() == framework.to_dict()


def test_user_text_is_escaped_in_html(library):
    apir = library.get("apir")
    stage = apir.stages[0]
    hostile = replace(stage.standards[0], statement='Use <script>alert("x")</script> & "quotes"', notes="<b>not bold</b>")
    framework = replace(apir, stages=(replace(stage, standards=(hostile,) + stage.standards[1:]),) + apir.stages[1:])
    text = framework_to_moodle_csv(framework)
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;b&gt;not bold&lt;/b&gt;" in text
    back = framework_from_moodle_csv(text)
    assert back.standard("U1").statement == hostile.statement
    assert back.standard("U1").notes == "<b>not bold</b>"


def test_a_comma_in_a_scale_label_cannot_go_to_moodle(library):
    apir = library.get("apir")
    levels = (replace(apir.rating_scale.levels[0], label="Not seen, not recorded"),) + apir.rating_scale.levels[1:]
    framework = replace(apir, rating_scale=replace(apir.rating_scale, levels=levels))
    with pytest.raises(InterchangeError, match="contains a comma"):
        framework_to_moodle_csv(framework)


def test_import_of_a_three_level_moodle_framework():
    framework = framework_from_moodle_csv(foreign_text())
    assert framework.id == "dyw-2023"
    assert framework.title == "Digital youth work"
    assert framework.description.split("\n\n") == [
        "Competencies for youth workers who use digital tools.",
        "Agreed by the county youth service & its partners.",
    ]
    assert framework.rating_scale.keys() == ("not-yet-competent", "competent", "expert")
    assert framework.rating_scale.threshold == "competent"
    safety, communication = framework.stages
    assert (safety.title, safety.description) == ("Online safety", "Keeping young people safe online.")
    assert [s.id for s in safety.standards] == ["SAFE-1", "SAFE-1-a", "SAFE-2"], "a child listed before its parent still follows it"
    risks, privacy, disclosures = safety.standards
    assert risks.notes.split("\n\n")[:3] == ["Know the main risks:", "• grooming & exploitation", "• misinformation"]
    assert privacy.notes.startswith("Part of SAFE-1: Recognise online risks")
    assert "Related competencies: SAFE.2" in privacy.notes
    assert [(e.text, e.development_activity) for e in privacy.examples] == [
        ("Showing how to make a profile private.", False),
        ("Attending e-safety training.", True),
    ]
    assert "alert" not in json.dumps(framework.to_dict()), "script content is dropped, not kept as text"
    assert disclosures.notes.split("\n\n")[:2] == ["Follow the safeguarding procedure.", "Record what was said, word for word."]
    assert communication.standards[0].notes.startswith("Ask how they prefer to be contacted and record it.")


MOODLE_4_HEADER = (
    '"Parent ID number","ID number","Short name",Description,"Description format","Scale values","Scale configuration",'
    '"Rule type (optional)","Rule outcome (optional)","Rule config (optional)","Cross-referenced competency ID numbers",'
    '"Exported ID (optional)","Is framework",Taxonomy'
)
"""The header Moodle 4 writes: its language strings renamed 'Id number', 'Shortname' and 'Cross referenced'."""


def test_the_header_moodle_4_writes_is_read_as_moodle_3s():
    text = foreign_text()
    assert text.startswith(MOODLE_HEADER + "\n")
    renamed = MOODLE_4_HEADER + text[len(MOODLE_HEADER):]
    assert framework_from_moodle_csv(renamed).to_dict() == framework_from_moodle_csv(text).to_dict()


def test_a_four_level_moodle_4_export_keeps_every_competency():
    """Written as Moodle 4's exporter writes it: editor HTML with attributes, a table and an image, rules,
    a competency with its own scale, a comma in an ID number, a child listed before its parent."""
    framework = framework_from_moodle_csv((DATA / "moodle4-export.csv").read_text(encoding="utf-8"))
    assert framework.id == "ys-2024" and framework.title == "Youth support practice"
    assert framework.rating_scale.keys() == ("not-yet-competent", "working-towards", "competent", "highly-competent")
    assert framework.rating_scale.threshold == "competent", "values 3 and 4 are proficient; unticked values are left out"
    engagement, safeguarding = framework.stages
    assert [s.id for s in engagement.standards] == ["ENG-1", "ENG-1-1", "ENG-1-1-a", "ENG-1-2"]
    deepest = framework.standard("ENG-1-1-a")
    assert deepest.notes.startswith("Part of ENG-1-1: Contact within five working days")
    assert "Contacting the young person within five working days" in framework.standard("ENG-1-1").notes
    signs = safeguarding.standards[0]
    assert (signs.id, signs.statement) == ("SAF-1", "Recognise signs of abuse")
    assert "Code in the source file: SAF,1" in signs.notes
    assert "Moodle scale for this competency: Not yet competent, Competent" in signs.notes
    assert "Related competencies: SAF,1" in framework.standard("ENG-1-1").notes
    assert not any(mark in json.dumps(framework.to_dict()) for mark in ("<", "style=", "PLUGINFILE"))


def test_semicolons_crlf_and_a_byte_order_mark_are_read_too(library):
    text = framework_to_moodle_csv(library.get("methods-of-work"))
    table = list(csv.reader(io.StringIO(text, newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(table)
    again = framework_from_moodle_csv("\ufeff" + buffer.getvalue())
    assert again.to_dict() == library.get("methods-of-work").to_dict()


def test_a_file_resaved_with_windows_line_endings_imports_unchanged(library):
    """Every newline CRLF, inside quoted descriptions too (as a Windows editor or Excel saves it)."""
    text = framework_to_moodle_csv(library.get("apir")).replace("\n", "\r\n")
    assert framework_from_moodle_csv(text).to_dict() == library.get("apir").to_dict()


def test_new_id_replaces_the_framework_id():
    assert framework_from_moodle_csv(foreign_text(), new_id="digital").id == "digital"


def _edit(line_starts: str, old: str, new: str):
    """Replace ``old`` with ``new`` in the first line of the fixture that starts with ``line_starts``."""

    def change(text: str) -> str:
        lines = text.split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(line_starts))
        assert old in lines[index]
        lines[index] = lines[index].replace(old, new, 1)
        return "\n".join(lines)

    return change


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda text: "", "the file is empty"),
        (lambda text: " \n\n", "the file is empty"),
        (lambda text: "PK\x03\x04\x00\x00binary", "binary"),
        (lambda text: text.replace('"Scale values"', '"Scales"', 1), "wrong header"),
        (lambda text: "id,name\n1,Safety\n", "wrong header"),
        (lambda text: text.replace(',1,"domain,competency,skill"', ',0,"domain,competency,skill"', 1), "no framework row"),
        (lambda text: text + ',OTHER,"Second framework",,1,"A,B","",,,,,,1,\n', "two framework rows (lines 2 and 21)"),
        (_edit(",COMM,", ",COMM,", ",,"), "line 19: competency 'Communication' has no Id number"),
        (_edit("COMM,COMM.1", "COMM,COMM.1", "COMM,SAFE.2"), "duplicate Id number 'SAFE.2' on lines 16 and 20"),
        (_edit("COMM,COMM.1", "COMM,COMM.1", "NOPE,COMM.1"), "line 20: parent id number 'NOPE' of 'COMM.1' does not exist"),
        (_edit(",SAFE,", ",SAFE,", "SAFE.1.a,SAFE,"), "cycle in the hierarchy (child -> parent): 'SAFE' (line 4) -> 'SAFE.1.a' (line 5) -> 'SAFE.1' (line 11) -> 'SAFE' (line 4)"),
        (_edit(",DYW-2023", '"Digital youth work"', '""'), "framework row (line 2) has no Shortname"),
        (lambda text: text.replace('"Not yet competent,Competent,Expert","[', '"","[', 1), "framework row (line 2) has no Scale values"),
        (lambda text: text.replace('{""id"":3,', '{""id"":7,', 1), "refers to scale value 7, but Scale values lists 3"),
        (lambda text: text.replace('""proficient"":1}]', '""proficient"":0}]', 1), "proficient but not every value above it"),
        (lambda text: text.replace('""proficient"":1', '""proficient"":0'), "marks no scale value as proficient"),
        (lambda text: text.replace('[{""scaleid"":""2""},', '[{""scale"":""2""},', 1), "Scale configuration is not Moodle's JSON"),
        (_edit(",COMM,", ",15,,", ",15,,,extra,columns"), "line 19 has 16 columns; the header has 14"),
    ],
)
def test_files_that_do_not_fit_get_one_line_naming_the_row(change, expected):
    with pytest.raises(InterchangeError) as caught:
        framework_from_moodle_csv(change(foreign_text()))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_moodle_header_constant_matches_the_documented_one():
    assert ",".join(f'"{h}"' if " " in h else h for h in HEADER) == MOODLE_HEADER


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_any_framework_file_survives_a_moodle_round_trip(framework):
    assert framework_from_moodle_csv(framework_to_moodle_csv(framework)).to_dict() == framework.to_dict()


def test_html_becomes_plain_text_blocks():
    blocks = html_blocks(
        '<p>One<br>line, <b>bold</b> &amp; &lt;tag&gt;</p><p>x<br><br>y</p><style>p {}</style>'
        '<ul class="examples"><li class="development-activity">Do</li></ul><div>unclosed <i>to the end'
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "One line, bold & <tag>"), ("p", "x"), ("p", "y"), ("li", "Do"), ("p", "unclosed to the end"),
    ]
    assert blocks[3].classes == {"development-activity"} and blocks[3].list_classes == {"examples"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<ul>", "<li>", "</li>", "<br>", "<pre>", "</pre>", "<script>", "</script>",
                                 "<dl><dt>", "<dd>", "&amp;", "&", "<", ">", "<!--", "-->", "<h3>", "text", " ", "\n", "\ue000"])
                | st.text(max_size=8), max_size=40).map("".join))
def test_any_html_gives_blocks_without_markup_or_errors(html):
    for block in html_blocks(html):
        assert block.kind in ("p", "li", "dt", "dd", "h", "pre")
        assert "\ue000" not in block.text
        if block.kind != "pre":
            assert block.text == " ".join(block.text.split())


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_title_that_starts_a_formula_is_defused_and_read_back_whole(library, start):
    apir = library.get("apir")
    stage = replace(apir.stages[0], id=slugify(f"{start}Stage one"), title=f"{start}Stage one")
    hostile = replace(apir, title=f'{start}HYPERLINK("http://x","y")', stages=(stage, *apir.stages[1:]))
    text = framework_to_moodle_csv(hostile)
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert f"'{start}HYPERLINK(" in text
    assert framework_from_moodle_csv(text).to_dict() == hostile.to_dict()
