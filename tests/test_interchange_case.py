"""CASE 1.1 interchange: exports validate against 1EdTech's schema, are stable, and come back as the same framework."""

from __future__ import annotations

import copy
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings

from interchange_support import DATA, case_validator, frameworks
from standards import load_library
from standards.interchange import InterchangeError, framework_from_case, framework_to_case
from standards.interchange.case import NAMESPACE, UNKNOWN_CHANGE

SHIPPED = ("apir", "methods-of-work")
FOREIGN = DATA / "foreign-case.json"


@pytest.fixture(scope="module")
def library():
    return load_library(None)


@pytest.fixture(scope="module")
def validator():
    return case_validator()


def exported(framework) -> dict:
    """As a file holds it: through JSON text, so nothing Python-only survives by accident."""
    return json.loads(json.dumps(framework_to_case(framework), ensure_ascii=False))


def foreign() -> dict:
    return json.loads(FOREIGN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_export_validates_against_the_case_schema(library, validator, framework_id):
    errors = sorted(validator.iter_errors(exported(library.get(framework_id))), key=str)
    assert errors == [], errors[0].message if errors else ""


def test_the_validator_catches_a_broken_package(library, validator):
    """The schema check above can fail: a missing required field, a bad uri and a bad date are all caught."""
    package = exported(library.get("apir"))
    del package["CFItems"][0]["uri"]
    package["CFAssociations"][0]["uri"] = "not a uri"
    package["CFDocument"]["lastChangeDateTime"] = "August 2005"
    messages = " ".join(e.message for e in validator.iter_errors(package))
    assert "'uri' is a required property" in messages
    assert "'not a uri' is not a 'uri'" in messages
    assert "is not a 'date-time'" in messages


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_export_then_import_gives_the_whole_framework_back(library, framework_id):
    original = library.get(framework_id)
    assert framework_from_case(exported(original)).to_dict() == original.to_dict()


def test_export_shape_items_associations_and_rubric(library):
    framework = library.get("apir")
    package = exported(framework)
    items = {item["identifier"]: item for item in package["CFItems"]}
    by_code = {item.get("humanCodingScheme"): item for item in package["CFItems"] if item["CFItemType"] != "Example"}
    a2 = by_code["A2"]
    assert a2["fullStatement"] == framework.standard("A2").statement
    assert by_code["assessment"]["fullStatement"] == "Assessment" and by_code["assessment"]["CFItemType"] == "Stage"
    parent_of = {a["originNodeURI"]["identifier"]: a for a in package["CFAssociations"]}
    assert all(a["associationType"] == "isChildOf" for a in package["CFAssociations"])
    assert parent_of[a2["identifier"]]["destinationNodeURI"]["identifier"] == by_code["assessment"]["identifier"]
    assert parent_of[a2["identifier"]]["sequenceNumber"] == 2
    stage_order = sorted(
        (a["sequenceNumber"], items[a["originNodeURI"]["identifier"]]["fullStatement"])
        for a in package["CFAssociations"]
        if a["destinationNodeURI"]["identifier"] == package["CFDocument"]["identifier"]
    )
    assert [title for _, title in stage_order] == [stage.title for stage in framework.stages]
    u1_examples = [items[a["originNodeURI"]["identifier"]] for a in package["CFAssociations"] if a["destinationNodeURI"]["identifier"] == by_code["U1"]["identifier"]]
    assert u1_examples[0]["fullStatement"] == "Attending APIR training."
    assert u1_examples[0]["CFItemType"] == "Development activity"
    assert u1_examples[0]["extensions"]["supervisionTui"]["developmentActivity"] is True
    levels = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [(level["quality"], level["position"], level["score"]) for level in levels] == [
        ("Not evident", 1, 0), ("Developing", 2, 1), ("Secure", 3, 2), ("Exemplary", 4, 3)
    ]
    extension = package["CFDocument"]["extensions"]["supervisionTui"]
    assert extension["threshold"] == "secure"
    assert [r["title"] for r in extension["reference"]] == ["Caseload definitions", "Timescales", "Leaving your caseload"]


def test_identifiers_are_uuid5_of_framework_id_and_item_code(library):
    package = exported(library.get("apir"))
    a2 = next(item for item in package["CFItems"] if item.get("humanCodingScheme") == "A2")
    assert a2["identifier"] == str(uuid.uuid5(NAMESPACE, "apir:standard:A2"))
    assert a2["uri"] == f"urn:uuid:{a2['identifier']}"
    assert package["CFDocument"]["identifier"] == str(uuid.uuid5(NAMESPACE, "apir:document"))
    identifiers = [item["identifier"] for item in package["CFItems"]] + [a["identifier"] for a in package["CFAssociations"]]
    assert len(identifiers) == len(set(identifiers))


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_re_export_is_byte_identical(framework_id):
    first = json.dumps(framework_to_case(load_library(None).get(framework_id)), ensure_ascii=False, indent=2)
    second = json.dumps(framework_to_case(load_library(None).get(framework_id)), ensure_ascii=False, indent=2)
    assert first == second


def test_last_change_comes_from_a_dated_version_else_the_epoch(library):
    assert exported(library.get("apir"))["CFDocument"]["lastChangeDateTime"] == "2005-08-01T00:00:00Z"
    package = exported(library.get("methods-of-work"))
    stamps = {package["CFDocument"]["lastChangeDateTime"]} | {item["lastChangeDateTime"] for item in package["CFItems"]}
    assert stamps == {UNKNOWN_CHANGE}


def test_import_of_another_tools_package():
    framework = framework_from_case(foreign())
    assert framework.id == "youth-work-digital-skills"
    assert framework.version == "2024-05-17"
    assert framework.source == "County Youth Service; County Council"
    assert [stage.title for stage in framework.stages] == ["Online safety", "Communication", "Other standards"]
    safety, communication, other = framework.stages
    assert [s.id for s in safety.standards] == ["YW-S-1", "YW-S-1-a", "S1"]
    deeper = safety.standards[1]
    assert deeper.statement == "Explain privacy settings to a young person."
    assert "Part of YW-S-1: Recognise online risks." in deeper.notes
    assert "Code in the source file: YW.S.1.a" in deeper.notes
    assert [s.id for s in communication.standards] == ["C1", "C2"], "order comes from sequenceNumber, not file order"
    assert communication.standards[0].notes == "Ask first; record the answer."
    assert [e.text for e in communication.standards[0].examples] == ["Asking at the first meeting how they like to be contacted."]
    assert [s.id for s in other.standards] == ["R1"]
    scale = framework.rating_scale
    assert scale.keys() == ("beginning", "proficient", "expert"), "levels ordered by position"
    assert scale.threshold == "proficient"
    assert "Proficient and above was chosen" in framework.description


def test_a_package_without_a_rubric_gets_the_usual_scale_and_says_so():
    data = foreign()
    del data["CFRubrics"]
    framework = framework_from_case(data)
    assert framework.rating_scale.keys() == ("not-evident", "developing", "secure", "exemplary")
    assert framework.rating_scale.threshold == "secure"
    assert "without a rubric" in framework.description


def test_new_id_replaces_the_framework_id(library):
    assert framework_from_case(exported(library.get("apir")), new_id="apir-copy").id == "apir-copy"
    with pytest.raises(InterchangeError, match="lowercase"):
        framework_from_case(foreign(), new_id="Bad Id")


def _item(data, code):
    return next(item for item in data["CFItems"] if item.get("humanCodingScheme") == code)


def _association(data, child_code):
    child = _item(data, child_code)["identifier"]
    return next(a for a in data["CFAssociations"] if a["originNodeURI"]["identifier"] == child and a["associationType"] == "isChildOf")


def _no_document(data):
    del data["CFDocument"]


def _no_statement(data):
    del _item(data, "C2")["fullStatement"]


def _duplicate_identifier(data):
    data["CFItems"].append(copy.deepcopy(_item(data, "C2")))


def _cycle(data):
    # YW.S (top level) becomes a child of its own grandchild YW.S.1.a
    _association(data, "YW.S")["destinationNodeURI"]["identifier"] = _item(data, "YW.S.1.a")["identifier"]


def _missing_parent(data):
    _association(data, "C2")["destinationNodeURI"]["identifier"] = "0a000000-0000-4000-8000-00000000dead"


def _two_parents(data):
    extra = copy.deepcopy(_association(data, "C2"))
    extra["destinationNodeURI"]["identifier"] = _item(data, "YW.S")["identifier"]
    data["CFAssociations"].append(extra)


def _duplicate_code(data):
    _item(data, "C2")["humanCodingScheme"] = "c1"


def _level_without_quality(data):
    del data["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][1]["quality"]


def _unknown_threshold(data):
    data["CFRubrics"][0]["extensions"] = {"supervisionTui": {"threshold": "mastery"}}


def _no_items(data):
    data["CFItems"], data["CFAssociations"] = [], []


def _not_a_list(data):
    data["CFItems"] = {"oops": True}


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (_no_document, "no CFDocument"),
        (_no_statement, "CFItem 'C2' (0a000000-0000-4000-8000-000000000022) has no fullStatement"),
        (_duplicate_identifier, "duplicate identifier: CFItem 'C2'"),
        (_cycle, "cycle in the hierarchy (child -> parent): CFItem 'YW.S'"),
        (_missing_parent, "parent 0a000000-0000-4000-8000-00000000dead of 0a000000-0000-4000-8000-000000000022 does not exist"),
        (_two_parents, "already has another parent"),
        (_duplicate_code, "duplicate id 'c1'"),
        (_level_without_quality, "CFRubric 'Proficiency': criterion level 1 (0e000000-0000-4000-8000-000000000001) has no quality"),
        (_unknown_threshold, "unknown threshold 'mastery'"),
        (_no_items, "no competencies to import"),
        (_not_a_list, "CFItems must be a list"),
    ],
)
def test_packages_that_do_not_fit_get_one_line_naming_the_object(mutate, expected):
    data = foreign()
    mutate(data)
    with pytest.raises(InterchangeError) as caught:
        framework_from_case(data)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize("value", [None, [], "CFDocument", 3, {"CFDocument": []}])
def test_json_that_is_not_a_package_at_all(value):
    with pytest.raises(InterchangeError, match="not a CASE package"):
        framework_from_case(value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_any_framework_file_survives_a_case_round_trip(framework):
    assert framework_from_case(exported(framework)).to_dict() == framework.to_dict()
