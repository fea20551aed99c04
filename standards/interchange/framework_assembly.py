"""Provides what the CASE and Moodle importers share: the error, text clean-up, and assembling the framework.

Both importers describe a foreign hierarchy as stage and standard drafts; this
module turns those into a Framework whose framework file reads back unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..frontmatter import ID_PATTERN, LEVEL_KEY_PATTERN
from ..loader import DEVELOPMENT_MARK, FOR_EXAMPLE, REFERENCE_PREFIX, STANDARD_HEADING, slugify
from ..model import Example, Framework, RatingLevel, RatingScale, ReferenceSection, Stage, Standard

EXTENSION_KEY = "supervisionTui"
"""Our key inside CASE ``extensions`` and the marker of our own exports."""
STANDARD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$")
_CLOSING_HASHES = re.compile(r"(^|\s+)#+$")


class InterchangeError(Exception):
    """A foreign framework file does not fit; the message names the row or object, on one line."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


def first_non_text(value, where: str = "") -> str | None:
    """Where parsed JSON holds a string that is not text: an escaped lone surrogate such as
    "\\udcff" is valid JSON, but no file or database can store it. None when all is well."""
    pending = [(value, where)]
    while pending:  # iterative: a deeply nested document must not exhaust the stack
        item, at = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return at or "the document"
        elif isinstance(item, dict):
            pending.extend((v, f"{at}.{k}" if at else str(k)) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            pending.extend((v, f"{at}[{i}]") for i, v in reversed(list(enumerate(item))))
    return None


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def markdown_safe(text: str) -> str:
    """One line of text for a framework file. A leading '- ', '1.', '#', '>' or '<' is kept as it is:
    the writer escapes it and the loader reads it back unchanged."""
    return one_line(text)


def heading_safe(text: str) -> str:
    """A title or statement for a heading line: one line without a closing '#' run (Markdown would drop it)."""
    return _CLOSING_HASHES.sub("", one_line(text)).strip()


def paragraphs(text: str) -> list[str]:
    """Split on blank lines; each paragraph becomes one Markdown-safe line."""
    parts = re.split(r"\n\s*\n", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    return [p for p in (markdown_safe(part) for part in parts) if p]


def join_paragraphs(parts: list[str]) -> str:
    return "\n\n".join(p for p in (markdown_safe(part) for part in parts) if p)


def slug(text: str, max_length: int) -> str:
    """Lowercase letters, digits and hyphens, cut at a hyphen boundary when too long."""
    value = re.sub(r"[^a-z0-9]+", "-", str(text).casefold()).strip("-")
    if len(value) > max_length:
        value = value[:max_length].rstrip("-")
    return value


def checked_framework_id(candidate: str, *, given: bool) -> str:
    if ID_PATTERN.match(candidate or ""):
        return candidate
    if given:
        raise InterchangeError(f"id {candidate!r} must be lowercase letters, digits and hyphens (e.g. 'our-standards')")
    return "imported-framework"


@dataclass
class StandardDraft:
    """A standard as read from a foreign file, before ids are settled."""

    code: str
    statement: str
    origin: str
    """How an error names the object, e.g. "line 7 (Id number 'A2')"."""
    notes: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    parent: StandardDraft | None = None
    """The standard this one sat under in a deeper hierarchy."""
    id: str = ""


@dataclass
class StageDraft:
    title: str
    description: list[str] = field(default_factory=list)
    outcomes_title: str = "Outcomes"
    outcomes: list[str] = field(default_factory=list)
    standards: list[StandardDraft] = field(default_factory=list)


def children_in_order(parents: dict[str, str | None], order: dict[str, tuple], name) -> dict[str | None, list[str]]:
    """Children of each node (None = top level) in order; InterchangeError on a cycle.

    ``parents`` maps every node to its parent, already known to exist; ``name``
    turns a node key into the words an error uses. Each node is walked once:
    nodes proven to reach the top are remembered, so a 10,000-deep chain costs
    10,000 steps, not 50 million.
    """
    reaches_top: set[str] = set()
    for start in parents:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in reaches_top:
            if node in on_path:
                loop = path[on_path[node]:] + [node]
                raise InterchangeError("cycle in the hierarchy (child -> parent): " + " -> ".join(name(key) for key in loop))
            on_path[node] = len(path)
            path.append(node)
            node = parents[node]
        reaches_top.update(path)
    children: dict[str | None, list[str]] = {}
    for key in parents:
        children.setdefault(parents[key], []).append(key)
    for keys in children.values():
        keys.sort(key=lambda key: order[key])
    return children


def stages_from_tree(children: dict[str | None, list[str]], *, stage, standard, example, loose_title: str) -> list[StageDraft]:
    """Top-level nodes become stages, everything deeper a standard; nothing is dropped.

    ``stage(key)`` and ``standard(key, parent_draft)`` make drafts; ``example(key)``
    returns an Example when a leaf under a standard is one, else None. A top-level
    leaf has no standards to hold, so it becomes a standard in a catch-all stage.
    """
    stages: list[StageDraft] = []
    loose: StageDraft | None = None
    top = children.get(None, [])
    for key in top:
        if children.get(key):
            draft = stage(key)
            stages.append(draft)
            pending = [(kid, None) for kid in children[key]]
        else:
            if loose is None:
                loose = StageDraft(loose_title)
                stages.append(loose)
            draft, pending = loose, [(key, None)]
        pending.reverse()  # a stack: the next node to visit is at the end
        while pending:  # depth first, parents before their children
            node, parent = pending.pop()
            made = standard(node, parent)
            draft.standards.append(made)
            deeper = []
            for kid in children.get(node, []):
                as_example = None if children.get(kid) else example(kid)
                if as_example is not None:
                    made.examples.append(as_example)
                else:
                    deeper.append((kid, made))
            pending.extend(reversed(deeper))
    return stages


def assign_standard_ids(stages: list[StageDraft]) -> None:
    """Keep each source code as the standard ID where it fits; otherwise make a stable one and note the original."""
    drafts = [d for stage in stages for d in stage.standards]
    taken: dict[str, StandardDraft] = {}
    for draft in drafts:
        code = draft.code.strip()
        if code and STANDARD_ID.match(code):
            other = taken.get(code.casefold())
            if other is not None:
                raise InterchangeError(f"duplicate id {code!r}: {other.origin} and {draft.origin}")
            taken[code.casefold()] = draft
            draft.id = code
    for draft in drafts:
        code = draft.code.strip()
        if draft.id or not code:
            continue
        tidy = re.sub(r"[^A-Za-z0-9_-]+", "-", code).strip("-_")
        if tidy and STANDARD_ID.match(tidy) and tidy.casefold() not in taken:
            draft.id = tidy
            taken[tidy.casefold()] = draft
        draft.notes.append(f"Code in the source file: {code}")
    number = 0
    for draft in drafts:
        if draft.id:
            continue
        while True:
            number += 1
            candidate = f"S{number}"
            if candidate.casefold() not in taken:
                break
        draft.id = candidate
        taken[candidate.casefold()] = draft


def default_threshold(keys: list[str]) -> str:
    """The middle-upper level: 'secure' on a four-level scale, the middle of three, the top of two."""
    return keys[len(keys) // 2]


def rating_scale(levels: list[tuple[str, str, str]], threshold: str, where: str) -> RatingScale:
    """A RatingScale from (key, label, description) lowest first; InterchangeError names ``where``."""
    if len(levels) < 2:
        raise InterchangeError(f"{where}: a rating scale needs at least two levels, found {len(levels)}")
    keys: list[str] = []
    for key, label, _ in levels:
        if not LEVEL_KEY_PATTERN.match(key):
            raise InterchangeError(f"{where}: level {label!r} has no usable key ({key!r}); keys are lowercase letters, digits and hyphens")
        if key in keys:
            raise InterchangeError(f"{where}: two levels have the key {key!r}")
        if not one_line(label):
            raise InterchangeError(f"{where}: level {key!r} has no label")
        keys.append(key)
    if threshold not in keys:
        raise InterchangeError(f"{where}: unknown threshold {threshold!r} (levels: {', '.join(keys)})")
    rank = keys.index(threshold)
    return RatingScale(
        tuple(RatingLevel(key, one_line(label), one_line(text), index >= rank) for index, (key, label, text) in enumerate(levels)),
        threshold,
    )


def level_key(label: str) -> str:
    return slug(label, 32) or "level"


def build_framework(
    *,
    framework_id: str,
    title: str,
    version: str,
    source: str,
    description: list[str],
    scale: RatingScale,
    stages: list[StageDraft],
    reference: list[tuple[str, str]] = (),
    what: str = "file",
) -> Framework:
    """Assemble a Framework in the exact shape its framework file reads back as."""
    if not stages or not any(stage.standards for stage in stages):
        raise InterchangeError(f"the {what} has no competencies to import: a framework needs at least one")
    assign_standard_ids(stages)
    built: list[Stage] = []
    stage_ids: dict[str, int] = {}
    titles: set[str] = set()
    for draft in stages:
        stage_title = _unique_title(heading_safe(draft.title) or "Stage", titles)
        stage_id = slugify(stage_title)
        stage_ids[stage_id] = stage_ids.get(stage_id, 0) + 1
        if stage_ids[stage_id] > 1:
            stage_id = f"{stage_id}-{stage_ids[stage_id]}"
        outcomes_title = heading_safe(draft.outcomes_title).rstrip(".… ").rstrip(":")
        if not outcomes_title.casefold().startswith("outcomes"):
            outcomes_title = "Outcomes"
        built.append(
            Stage(
                id=stage_id,
                title=stage_title,
                outcomes=tuple(o for o in (markdown_safe(x) for x in draft.outcomes) if o),
                standards=tuple(_standard(d) for d in draft.standards),
                description=join_paragraphs(draft.description),
                outcomes_title=outcomes_title,
            )
        )
    return Framework(
        id=framework_id,
        title=one_line(title) or framework_id,
        version=one_line(version) or "1.0",
        source=one_line(source),
        rating_scale=scale,
        stages=tuple(built),
        reference=tuple(ReferenceSection(one_line(t) or "Reference", _unix_lines(text).strip()) for t, text in reference),
        description=join_paragraphs(description),
    )


def _unix_lines(text: str) -> str:
    """Reference text keeps its lines, but as a framework file reads them: a file saved on Windows
    (CRLF, e.g. a Moodle CSV resaved in Excel) must not make the import fail its read-back check."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n")


def _unique_title(title: str, taken: set[str]) -> str:
    """Stage titles must differ, and one that starts 'Reference:' would turn into a reference section."""
    if REFERENCE_PREFIX.match(title):
        title = "Stage: " + title
    candidate, number = title, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{title} ({number})"
    taken.add(candidate.casefold())
    return candidate


def _standard(draft: StandardDraft) -> Standard:
    statement = heading_safe(draft.statement)
    if not statement:
        raise InterchangeError(f"{draft.origin} has no statement")
    notes = list(draft.notes)
    if draft.parent is not None:
        notes.insert(0, f"Part of {draft.parent.id}: {one_line(draft.parent.statement)}")
    notes = [n for n in (markdown_safe(p) for part in notes for p in paragraphs(part)) if n and not FOR_EXAMPLE.match(n)]
    examples = []
    for example in draft.examples:
        text = markdown_safe(example.text)
        marked = bool(DEVELOPMENT_MARK.search(text))  # the file format reads this suffix as the mark
        text = DEVELOPMENT_MARK.sub("", text).strip()
        if text:
            examples.append(Example(text, example.development_activity or marked))
    if not STANDARD_HEADING.match(f"{draft.id}: {statement}"):
        raise InterchangeError(f"{draft.origin}: id {draft.id!r} cannot head a standard")
    return Standard(draft.id, statement, tuple(examples), "\n\n".join(notes))
