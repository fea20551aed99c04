"""Provides 1EdTech CASE 1.1 interchange: a Framework as a CFPackage dict, and a CFPackage back as a Framework.

Identifiers are UUIDv5 of the framework id and an item code, and every
``lastChangeDateTime`` comes from the framework version, so exporting the same
framework twice gives the same bytes.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from ..model import Example, Framework
from .framework_assembly import (
    EXTENSION_KEY,
    InterchangeError,
    StageDraft,
    StandardDraft,
    build_framework,
    checked_framework_id,
    children_in_order,
    default_threshold,
    first_non_text,
    level_key,
    one_line,
    paragraphs,
    rating_scale,
    slug,
    stages_from_tree,
)

NAMESPACE = uuid.UUID("663ec07a-9c2c-5ee3-8946-3a4d5529019d")
"""Ours, fixed forever: uuid5(NAMESPACE_URL, 'urn:supervision-tui:case-identifiers')."""
UNKNOWN_CHANGE = "1970-01-01T00:00:00Z"
"""lastChangeDateTime when the version does not start with a date (CASE requires one)."""
FORMAT_VERSION = 1
DEFAULT_LEVELS = [
    ("not-evident", "Not evident", "Not seen in the practice observed or in the records."),
    ("developing", "Developing", "Seen sometimes or only in part; not yet consistent."),
    ("secure", "Secure", "Seen consistently; the standard is met."),
    ("exemplary", "Exemplary", "Consistently strong practice; a model for colleagues."),
]
_DATED_VERSION = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?!\d)")


def identifier(framework_id: str, code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{framework_id}:{code}"))


def change_stamp(version: str) -> str:
    """Midnight UTC of the date a version like '2005-08' or '2024-03-01' starts with, else the epoch."""
    match = _DATED_VERSION.match(version.strip())
    if not match:
        return UNKNOWN_CHANGE
    try:
        day = date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return UNKNOWN_CHANGE
    return f"{day.isoformat()}T00:00:00Z"


def framework_to_case(framework: Framework) -> dict[str, Any]:
    """The CFPackage for ``framework``: stages, standards and examples as CFItems, the scale as a CFRubric."""
    stamp = change_stamp(framework.version)

    def node(code: str) -> tuple[str, str]:
        ident = identifier(framework.id, code)
        return ident, f"urn:uuid:{ident}"

    doc_id, doc_uri = node("document")
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": framework.source or framework.title,
        "title": framework.title,
        "lastChangeDateTime": stamp,
        "version": framework.version,
        "caseVersion": "1.1",
    }
    if framework.description:
        document["notes"] = framework.description
    document["extensions"] = {
        EXTENSION_KEY: {
            "formatVersion": FORMAT_VERSION,
            "frameworkId": framework.id,
            "source": framework.source,
            "threshold": framework.rating_scale.threshold,
            "reference": [{"title": r.title, "text": r.text} for r in framework.reference],
        }
    }
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def add(code: str, parent: dict[str, str], sequence: int, fields: dict[str, Any], extension: dict[str, Any]) -> dict[str, str]:
        ident, uri = node(code)
        items.append({"identifier": ident, **fields, "uri": uri, "lastChangeDateTime": stamp, "extensions": {EXTENSION_KEY: extension}})
        link = {"title": fields.get("humanCodingScheme") or fields["fullStatement"], "identifier": ident, "uri": uri}
        link_id, link_uri = node(f"isChildOf:{code}")
        associations.append(
            {
                "identifier": link_id,
                "associationType": "isChildOf",
                "sequenceNumber": sequence,
                "uri": link_uri,
                "originNodeURI": link,
                "destinationNodeURI": parent,
                "lastChangeDateTime": stamp,
            }
        )
        return link

    root = {"title": framework.title, "identifier": doc_id, "uri": doc_uri}
    for stage_number, stage in enumerate(framework.stages, start=1):
        fields = {"fullStatement": stage.title, "humanCodingScheme": stage.id, "CFItemType": "Stage"}
        if stage.description:
            fields["notes"] = stage.description
        stage_link = add(
            f"stage:{stage.id}",
            root,
            stage_number,
            fields,
            {"kind": "stage", "description": stage.description, "outcomesTitle": stage.outcomes_title, "outcomes": list(stage.outcomes)},
        )
        for number, standard in enumerate(stage.standards, start=1):
            fields = {"fullStatement": standard.statement, "humanCodingScheme": standard.id, "CFItemType": "Standard"}
            if standard.notes:
                fields["notes"] = standard.notes
            standard_link = add(f"standard:{standard.id}", stage_link, number, fields, {"kind": "standard", "notes": standard.notes})
            for position, example in enumerate(standard.examples, start=1):
                kind = "Development activity" if example.development_activity else "Example"
                add(
                    f"example:{standard.id}:{position}",
                    standard_link,
                    position,
                    {"fullStatement": example.text, "listEnumeration": str(position), "CFItemType": kind},
                    {"kind": "example", "developmentActivity": example.development_activity},
                )
    package: dict[str, Any] = {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
    package["CFRubrics"] = [_rubric(framework, node, stamp)]
    return package


def _rubric(framework: Framework, node, stamp: str) -> dict[str, Any]:
    rubric_id, rubric_uri = node("rubric")
    criterion_id, criterion_uri = node("rubric-criterion")
    levels = []
    for index, level in enumerate(framework.rating_scale.levels):
        level_id, level_uri = node(f"rubric-level:{level.key}")
        levels.append(
            {
                "identifier": level_id,
                "uri": level_uri,
                "quality": level.label,
                "score": index,
                "feedback": level.description,
                "position": index + 1,
                "rubricCriterionId": criterion_id,
                "lastChangeDateTime": stamp,
                "extensions": [{EXTENSION_KEY: {"key": level.key, "meetsStandard": level.meets_standard}}],
            }
        )
    criterion = {
        "identifier": criterion_id,
        "uri": criterion_uri,
        "category": "Rating of each standard",
        "position": 1,
        "rubricId": rubric_id,
        "lastChangeDateTime": stamp,
        "CFRubricCriterionLevels": levels,
    }
    return {
        "identifier": rubric_id,
        "uri": rubric_uri,
        "title": f"{framework.title}: rating scale",
        "lastChangeDateTime": stamp,
        "CFRubricCriteria": [criterion],
        "extensions": {EXTENSION_KEY: {"threshold": framework.rating_scale.threshold}},
    }


def framework_from_case(data: Any, *, new_id: str | None = None) -> Framework:
    """A Framework from a CFPackage: top-level items are stages, everything deeper a standard."""
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        raise InterchangeError("not a CASE package: there is no CFDocument object")
    broken = first_non_text(data)
    if broken is not None:
        raise InterchangeError(f"{broken} holds an escaped lone surrogate (such as \\udcff), which is not text")
    document = data["CFDocument"]
    doc_key = _required_text(document, "identifier", "CFDocument")
    title = one_line(_required_text(document, "title", "CFDocument"))
    ours = _ours(document)
    items = _items(data.get("CFItems"), doc_key)
    parents, sequence = _parents(data.get("CFAssociations"), items, doc_key)

    def name(key: str) -> str:
        item = items[key]
        label = _text(item.get("humanCodingScheme")) or one_line(item["fullStatement"])[:40]
        return f"CFItem {label!r} ({key})"

    order = {key: (sequence.get(key) is None, sequence.get(key) or 0, index) for index, key in enumerate(items)}
    children = children_in_order(parents, order, name)

    def stage(key: str) -> StageDraft:
        item, extension = items[key], _ours(items[key])
        outcomes = extension.get("outcomes")
        return StageDraft(
            title=item["fullStatement"],
            description=paragraphs(_text(extension["description"]) if "description" in extension else _text(item.get("notes"))),
            outcomes_title=_text(extension.get("outcomesTitle")) or "Outcomes",
            outcomes=[_text(o) for o in outcomes] if isinstance(outcomes, list) else [],
        )

    def standard(key: str, parent: StandardDraft | None) -> StandardDraft:
        item, extension = items[key], _ours(items[key])
        notes = _text(extension["notes"]) if "notes" in extension else _text(item.get("notes"))
        return StandardDraft(_text(item.get("humanCodingScheme")), item["fullStatement"], name(key), paragraphs(notes), parent=parent)

    def example(key: str) -> Example | None:
        item, extension = items[key], _ours(items[key])
        kind = _text(item.get("CFItemType")).casefold()
        if extension.get("kind") != "example" and kind not in ("example", "development activity"):
            return None
        marked = extension.get("developmentActivity")
        return Example(item["fullStatement"], marked is True or (marked is None and kind == "development activity"))

    top_has_children = any(children.get(key) for key in children.get(None, []))
    stages = stages_from_tree(children, stage=stage, standard=standard, example=example, loose_title="Other standards" if top_has_children else title)
    scale, scale_note = _scale(data.get("CFRubrics"), ours)
    framework_id = checked_framework_id(new_id or _text(ours.get("frameworkId")) or slug(title, 64), given=bool(new_id))
    version = _text(document.get("version")) or _text(document.get("lastChangeDateTime"))[:10] or "1.0"
    if "source" in ours:
        source = _text(ours["source"])
    else:
        source = "; ".join(t for t in (_text(document.get(k)) for k in ("creator", "publisher", "officialSourceURL")) if t)
    references = ours.get("reference") if isinstance(ours.get("reference"), list) else []
    return build_framework(
        framework_id=framework_id,
        title=title,
        version=version,
        source=source,
        description=paragraphs(_text(document.get("notes"))) + ([scale_note] if scale_note else []),
        scale=scale,
        stages=stages,
        reference=[(_text(r.get("title")), _text(r.get("text"))) for r in references if isinstance(r, dict)],
        what="CASE package",
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _required_text(obj: dict, key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InterchangeError(f"{where} has no {key}")
    return value


def _ours(obj: dict) -> dict:
    """Our extension object on a CASE object, or {} for another tool's."""
    extensions = obj.get("extensions")
    if isinstance(extensions, list):  # CFRubricCriterionLevel extensions are a list of objects
        extensions = next((e for e in extensions if isinstance(e, dict) and EXTENSION_KEY in e), {})
    found = extensions.get(EXTENSION_KEY) if isinstance(extensions, dict) else None
    return found if isinstance(found, dict) else {}


def _items(raw: Any, doc_key: str) -> dict[str, dict]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise InterchangeError("CFItems must be a list of CFItem objects")
    items: dict[str, dict] = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise InterchangeError(f"CFItems[{index}] is not an object")
        key = _required_text(item, "identifier", f"CFItems[{index}]")
        code = _text(item.get("humanCodingScheme"))
        where = f"CFItem {code!r} ({key})" if code else f"CFItems[{index}] ({key})"
        if key in items or key == doc_key:
            raise InterchangeError(f"duplicate identifier: {where} uses an identifier already used in this package")
        if not isinstance(item.get("fullStatement"), str) or not one_line(item["fullStatement"]):
            raise InterchangeError(f"{where} has no fullStatement")
        items[key] = item
    return items


def _parents(raw: Any, items: dict[str, dict], doc_key: str) -> tuple[dict[str, str | None], dict[str, int]]:
    """Each item's parent from isChildOf associations (None under the document), and its sequenceNumber."""
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise InterchangeError("CFAssociations must be a list of CFAssociation objects")
    parents: dict[str, str | None] = {key: None for key in items}
    linked: set[str] = set()
    sequence: dict[str, int] = {}
    for index, association in enumerate(raw):
        if not isinstance(association, dict):
            raise InterchangeError(f"CFAssociations[{index}] is not an object")
        if association.get("associationType") != "isChildOf":
            continue
        where = f"CFAssociations[{index}] (isChildOf)"
        child, parent = _end(association, "originNodeURI", where), _end(association, "destinationNodeURI", where)
        if child not in items:
            raise InterchangeError(f"{where}: child {child} is not a CFItem in this package")
        if parent != doc_key and parent not in items:
            raise InterchangeError(f"{where}: parent {parent} of {child} does not exist in this package")
        target = None if parent == doc_key else parent
        if child in linked:
            if parents[child] != target:
                raise InterchangeError(f"{where}: {child} already has another parent; a framework must be a tree")
            continue
        linked.add(child)
        parents[child] = target
        number = association.get("sequenceNumber")
        if isinstance(number, int) and not isinstance(number, bool):
            sequence[child] = number
    return parents, sequence


def _end(association: dict, field: str, where: str) -> str:
    link = association.get(field)
    value = link.get("identifier") if isinstance(link, dict) else None
    if not isinstance(value, str) or not value:
        raise InterchangeError(f"{where} has no {field} identifier")
    return value


def _scale(raw: Any, ours: dict):
    """The rating scale from the first rubric (ours if present) and a note when we had to choose for it."""
    if raw is None or raw == []:
        keys = [key for key, _, _ in DEFAULT_LEVELS]
        note = "Imported from a CASE package without a rubric: the usual four-level scale was used, and Secure and above meets the standard."
        return rating_scale(DEFAULT_LEVELS, default_threshold(keys), "CFRubrics"), note
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise InterchangeError("CFRubrics must be a list of CFRubric objects")
    rubric = next((r for r in raw if _ours(r)), raw[0])
    where = f"CFRubric {_text(rubric.get('title')) or _text(rubric.get('identifier'))!r}"
    criteria = rubric.get("CFRubricCriteria")
    criteria = [c for c in criteria if isinstance(c, dict)] if isinstance(criteria, list) else []
    criterion = next((c for c in criteria if isinstance(c.get("CFRubricCriterionLevels"), list) and c["CFRubricCriterionLevels"]), None)
    if criterion is None:
        raise InterchangeError(f"{where} has no criterion levels to make a rating scale from")
    raw_levels = criterion["CFRubricCriterionLevels"]
    if not all(isinstance(level, dict) for level in raw_levels):
        raise InterchangeError(f"{where}: every CFRubricCriterionLevel must be an object")

    def position(pair):
        index, level = pair
        place, score = level.get("position"), level.get("score")
        place = place if isinstance(place, (int, float)) and not isinstance(place, bool) else None
        score = score if isinstance(score, (int, float)) and not isinstance(score, bool) else None
        return (place is None, place or 0, score is None, score or 0, index)

    levels = []
    for number, (_, level) in enumerate(sorted(enumerate(raw_levels), key=position), start=1):
        label = one_line(_text(level.get("quality")))
        if not label:
            raise InterchangeError(f"{where}: criterion level {number} ({_text(level.get('identifier')) or 'no identifier'}) has no quality (its label)")
        key = _text(_ours(level).get("key")) or level_key(label)
        levels.append((key, label, _text(level.get("feedback"))))
    threshold = _text(_ours(rubric).get("threshold")) or _text(ours.get("threshold"))
    note = None
    if not threshold:
        threshold = default_threshold([key for key, _, _ in levels])
        label = next(label for key, label, _ in levels if key == threshold)
        note = f"Imported from a CASE package whose rubric does not say which level meets a standard: {label} and above was chosen."
    return rating_scale(levels, threshold, where), note
