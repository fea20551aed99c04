"""Rendering the reports: user text never becomes HTML or Markdown structure, CSV parses, JSON shapes, the golden Markdown.

The escaping tests render one scenario twice, once with hostile text and once
with harmless text of the same shape, and require the same document structure
from both; then they require the hostile text to come through, as text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_reports_rules import AS_OF, build_scenario

from observations.errors import InputError
from observations.reports import FORMATS, render_report
from observations.reports.induction import induction_report
from observations.reports.markdown_escape import escape_inline, quote_block
from observations.reports.needs import needs_report
from observations.reports.training import training_report
from observations.store.observation_store import Store

GOLDEN = Path(__file__).parent / "golden"
HOSTILE_NAME = "Zoë [bold]O'Neil[/ <script>alert(1)</script>"
HOSTILE_TEAM = '" onmouseover="x # heading'
HOSTILE_EVIDENCE = "\n".join(
    [
        "<script>alert(1)</script>",
        '" onmouseover="x',
        "[link](http://evil) and ![img](http://evil/x.png) and <http://evil>",
        "# heading",
        "1. not a list",
        "- nor this",
        "> nor a quote",
        "*em* __strong__ `code` ~~gone~~ | pipe | &lt;b&gt; <!-- comment -->",
        "---",
        "",
        "    four spaces [x]: http://evil",
    ]
)
HOSTILE_ACTION = "Read [this](http://evil) <b>now</b>\n## and this"


def harmless(text: str) -> str:
    """The same shape (lines, words, blank lines) with nothing that could be markup."""
    return re.sub(r"\S", "a", text)


def render_all(db_path: Path, library, *, hostile: bool) -> dict[str, dict]:
    """Every report of the scenario, with hostile or harmless user text; {kind: {format: text}}."""
    text = (lambda value: value) if hostile else harmless
    with Store.open(db_path, library) as opened:
        scenario = build_scenario(
            opened, zoe_name=text(HOSTILE_NAME), team=text(HOSTILE_TEAM), evidence=text(HOSTILE_EVIDENCE),
            action_text=text(HOSTILE_ACTION), note=text(HOSTILE_ACTION),
        )
        data = {
            "needs": needs_report(opened, scenario.zoe, as_of=AS_OF, since=AS_OF.replace(month=5, day=1)),
            "training": training_report(opened, as_of=AS_OF),
            "induction": induction_report(opened, scenario.zoe, as_of=AS_OF),
        }
    return {kind: {fmt: render_report(kind=kind, fmt=fmt, data=value) for fmt in ("md", "html")} for kind, value in data.items()}


@pytest.fixture
def rendered(tmp_path, library):
    return {
        "hostile": render_all(tmp_path / "hostile.db", library, hostile=True),
        "harmless": render_all(tmp_path / "harmless.db", library, hostile=False),
    }


class Structure(HTMLParser):
    """Every start tag with its attributes, and all the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(name for name, _ in attrs)))

    def handle_data(self, data):
        self.text.append(data)


def html_structure(document: str) -> Structure:
    parser = Structure()
    parser.feed(document)
    return parser


def markdown_tokens(document: str):
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(document)


def markdown_shape(document: str) -> list[str]:
    """Block tokens, and inside each inline token the kinds of its children: the document's structure without its words."""
    shape = []
    for token in markdown_tokens(document):
        shape.append(token.type)
        shape += [f"  {child.type}" for child in token.children or [] if child.type != "text"]
    return shape


def markdown_text(document: str) -> str:
    return "\n".join(child.content for token in markdown_tokens(document) for child in token.children or [] if child.type == "text")


@pytest.mark.parametrize("kind", ["needs", "training", "induction"])
def test_hostile_text_is_only_text_in_html(rendered, kind):
    hostile, harmless_ = (html_structure(rendered[which][kind]["html"]) for which in ("hostile", "harmless"))
    assert hostile.tags == harmless_.tags
    assert "script" not in {tag for tag, _ in hostile.tags}
    assert not any(name.startswith("on") for _, names in hostile.tags for name in names)
    text = "".join(hostile.text)
    assert HOSTILE_NAME in text and HOSTILE_TEAM in text
    if kind == "needs":
        assert HOSTILE_EVIDENCE in text
        assert HOSTILE_ACTION in text


@pytest.mark.parametrize("kind", ["needs", "training", "induction"])
def test_hostile_text_is_only_text_in_markdown(rendered, kind):
    document = rendered["hostile"][kind]["md"]
    assert markdown_shape(document) == markdown_shape(rendered["harmless"][kind]["md"])
    kinds = {token.type for token in markdown_tokens(document)} | {
        child.type for token in markdown_tokens(document) for child in token.children or []
    }
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "code_inline", "code_block", "fence", "s_open", "em_open"}
    text = markdown_text(document)
    assert HOSTILE_NAME in text and HOSTILE_TEAM in text
    if kind == "needs":
        for line in HOSTILE_EVIDENCE.splitlines():
            assert line.strip() in text
        assert " ".join(HOSTILE_ACTION.split()) in text


def test_markdown_escaping_of_single_values():
    assert escape_inline("# heading") == "\\# heading"
    assert escape_inline("1. one\n2) two") == "1\\. one 2) two"
    assert escape_inline("1.0") == "1.0" and escape_inline("1.") == "1\\." and escape_inline("3)\tthree") == "3\\)\tthree"
    assert escape_inline("[a](b) *c* <d> & | ~ `e` _f_ \\") == "\\[a\\](b) \\*c\\* \\<d\\> \\& \\| \\~ \\`e\\` \\_f\\_ \\\\"
    assert escape_inline("- item") == "\\- item" and escape_inline("+ item") == "\\+ item" and escape_inline("===") == "\\==="
    assert quote_block("one\n  two\n\nthree", indent=2) == "  > one\\\n  > two\n  >\n  > three"


def test_the_html_is_a_complete_print_ready_a4_document(rendered):
    for kind in ("needs", "training", "induction"):
        document = rendered["harmless"][kind]["html"]
        assert document.startswith("<!DOCTYPE html>") and document.rstrip().endswith("</html>")
        assert "@page { size: A4;" in document and "@media print" in document
        assert not re.search(r"<script|<link|src=|url\(|@import|https?://", document)
    heatmap = rendered["harmless"]["training"]["html"]
    for mark, meaning in (("✗", "development need"), ("✓", "met"), ("★", "strength"), ("·", "not yet observed"), ("†", "due for re-observation")):
        assert re.search(f">{mark}</span>[^<]*{meaning}", heatmap), meaning
    assert '<td class="c status-need" title="developing">✗</td>' in heatmap
    assert '<td class="c status-met stale" title="secure">✓†</td>' in heatmap


def stylesheet(document: str) -> str:
    return document[document.index("<style>"):document.index("</style>")]


def test_long_words_wrap_inside_the_a4_page(rendered):
    """A URL or a name with no spaces must wrap: one wider than the page makes the browser shrink the whole page to fit."""
    for kind in ("needs", "training", "induction"):
        css = stylesheet(rendered["harmless"][kind]["html"])
        body = re.search(r"\nbody \{([^}]*)\}", css).group(1)
        assert "overflow-wrap: break-word" in body  # inherited by every block, list item and quote of user text
        assert "grid-template-columns: max-content minmax(0, 1fr)" in css  # a grid column may shrink below its longest word
        assert "td.text { overflow-wrap: anywhere; }" in css  # a table column of typed text may too
        assert "text-overflow: ellipsis" not in css  # nothing typed is cut short on paper
    actions = rendered["hostile"]["needs"]["html"].split("<h2>Development actions</h2>")[1].split("</table>")[0]
    assert actions.count('<td class="text multiline">') == actions.count("<tr>") - 1  # every action's text, below the header


def test_dates_in_html_cells_are_never_split_at_a_hyphen(rendered):
    from observations.reports.html_dates import dates_unbroken

    assert dates_unbroken("<b>on 2024-06-03, 7 days</b>") == '&lt;b&gt;on <span class="nowrap">2024-06-03</span>, 7 days&lt;/b&gt;'
    induction = rendered["harmless"]["induction"]["html"]
    assert '<td class="when">development need: Developing, <span class="nowrap">2024-06-03</span></td>' in induction
    assert "td.date, .nowrap { white-space: nowrap; }" in stylesheet(induction)


def test_the_heatmap_key_is_part_of_the_table_head_so_it_prints_on_every_page(rendered):
    heatmap = rendered["harmless"]["training"]["html"]
    start = heatmap.index('<table class="heatmap">')
    head = heatmap[start:heatmap.index("</thead>", start)]
    assert head.count('<ul class="legend">') == 1 and "due for re-observation" in head
    assert heatmap.count('<ul class="legend">') == 1
    assert heatmap.count('<td class="who">') == 2 * 2  # name and team of both people in post, both allowed to wrap


def test_training_csv_parses_one_row_per_person_and_need(store, library):
    scenario = build_scenario(store, zoe_name="=HYPERLINK(\"http://evil\"), Zoë", team="North, \"quoted\"")
    rows = list(csv.DictReader(io.StringIO(render_report(kind="training", fmt="csv", data=training_report(store, as_of=AS_OF)))))
    zoe = [row for row in rows if row["ref"] == store.staff(scenario.zoe).ref]
    assert [row["standard"] for row in zoe] == ["U3", "A2", "P1", "I2"]
    assert zoe[0]["name"] == "'=HYPERLINK(\"http://evil\"), Zoë"  # a spreadsheet shows it, never runs it
    assert zoe[0]["team"] == 'North, "quoted"'
    assert (zoe[0]["rating"], zoe[0]["date"], zoe[0]["due_for_reobservation"]) == ("developing", "2024-06-03", "no")
    p1 = next(row for row in zoe if row["standard"] == "P1")
    assert p1["suggested_activities"].split("\n") == list(library.get("apir").standard("P1").development_activities())
    assert p1["stage_activities"] == ""  # P1 lists its own
    a2 = next(row for row in zoe if row["standard"] == "A2")
    apir = library.get("apir")
    assert a2["suggested_activities"] == "" and a2["stage_activities"].split("\n") == list(apir.standard("A1").development_activities())
    assert len(rows) == 6 and set(rows[0]) == {"ref", "name", "team", "stage", "standard", "statement", "rating", "date",
                                               "due_for_reobservation", "suggested_activities", "stage_activities"}


def test_json_shapes(store):
    scenario = build_scenario(store)
    needs = json.loads(render_report(kind="needs", fmt="json", data=needs_report(store, scenario.zoe, as_of=AS_OF)))
    assert {"person", "counts", "needs", "strengths", "not_observed", "actions", "changes", "framework", "as_of"} <= set(needs)
    for item in needs["needs"]:
        assert {"standard", "statement", "rating", "date", "suggested_development", "self_assessment", "previous", "evidence"} <= set(item)
    training = json.loads(render_report(kind="training", fmt="json", data=training_report(store, as_of=AS_OF)))
    for item in training["by_standard"]:
        assert {"standard", "statement", "staff_with_need", "staff"} <= set(item)
        assert item["staff_with_need"] == len(item["staff"])
    assert {"activity", "staff_with_need", "standards"} <= set(training["activities"][0])
    row = training["heatmap"]["rows"][0]
    assert {"ref", "name", "team", "cells"} <= set(row) and set(row["cells"][0]) == {"standard", "status", "rating", "stale"}
    induction = json.loads(render_report(kind="induction", fmt="json", data=induction_report(store, scenario.zoe, as_of=AS_OF)))
    item = induction["stages"][0]["standards"][0]
    assert {"standard", "statement", "status", "met_on", "self_assessment"} <= set(item)
    assert {"met", "total", "percent"} == set(induction["progress"]) and induction["next"]


def test_golden_markdown_needs_summary(store):
    """One fixed scenario, fixed dates; the only run-to-run difference (the random ref) is replaced."""
    scenario = build_scenario(store)
    document = render_report(kind="needs", fmt="md", data=needs_report(store, scenario.zoe, as_of=AS_OF))
    document = document.replace(store.staff(scenario.zoe).ref, "REF")
    golden = GOLDEN / "needs.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(document, encoding="utf-8")
    assert document == golden.read_text(encoding="utf-8")


def test_unknown_kinds_and_formats_are_input_errors():
    with pytest.raises(InputError, match="the needs report has no 'csv' format"):
        render_report(kind="needs", fmt="csv", data={})
    with pytest.raises(InputError, match="unknown report 'appraisal'"):
        render_report(kind="appraisal", fmt="md", data={})


def test_the_cli_offers_exactly_the_formats_the_renderer_has():
    from supervision_tui.cli.report_caseload_cmd import FORMATS as CASELOAD_FORMATS
    from supervision_tui.cli.report_people_cmd import FORMATS as CLI_FORMATS
    from supervision_tui.cli.session_record_cmd import FORMATS as SESSION_FORMATS
    from supervision_tui.cli.today_cmd import FORMATS as TODAY_FORMATS

    assert {**CLI_FORMATS, "caseload": CASELOAD_FORMATS, "today": TODAY_FORMATS, **SESSION_FORMATS} == FORMATS


def test_markdown_templates_escape_every_printed_string_once():
    """The environment's Markdown autoescape: plain strings escaped, ``md``-filtered ones not escaped twice, HTML untouched."""
    from observations.reports import environment

    env = environment()
    assert env.filters["md"]("*x* [y]") == "\\*x\\* \\[y\\]"
    assert env.filters["md"](env.filters["md"]("*x*")) == "\\*x\\*"
    templates = {
        "_person.md.j2": env.get_template("_person.md.j2"),
        "_person.html.j2": env.get_template("_person.html.j2"),
    }
    person = {"ref": "r", "name": "n", "role": "*role*", "team": "<b>t</b>", "manager": "m", "status": "active",
              "started_on": None, "left_on": None}
    values = {"person": person, "framework": {"title": "T", "id": "apir", "version": "1"}, "as_of": "2024-06-30"}
    assert "- **Role:** \\*role\\*" in templates["_person.md.j2"].render(values)
    html = templates["_person.html.j2"].render(values)
    assert "<dd>*role*</dd>" in html and "&lt;b&gt;t&lt;/b&gt;" in html
