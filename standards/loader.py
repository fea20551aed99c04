"""Provides the Markdown loader: a framework file's tokens become a Framework or a list of Problems.

The loader walks markdown-it-py block tokens, so line numbers in problems come
straight from the parser's source map and match what the editor shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import parse_header
from .model import Example, Framework, ReferenceSection, Stage, Standard
from .framework_bytes import MAX_BYTES, read_framework_bytes
from .problems import Problem

REFERENCE_PREFIX = re.compile(r"^reference\s*:\s*", re.IGNORECASE)
STANDARD_HEADING = re.compile(r"^(?P<id>[A-Za-z0-9][A-Za-z0-9_-]{0,15})\s*(?::|\.|—|–|\s-)\s*(?P<statement>.*)$")
OUTCOMES_HEADING = re.compile(r"^outcomes\b", re.IGNORECASE)
FOR_EXAMPLE = re.compile(r"^for example,?( by)?\s*(\.\.\.|…)?\s*:?$", re.IGNORECASE)
"""The optional lead-in line above examples; anything longer is kept as notes."""
DEVELOPMENT_MARK = re.compile(r"\s*[_*]?\(development activity\)[_*]?\s*$", re.IGNORECASE)
BLOCK_START = r"(?:[-+*_\[]|\d{1,9}[.)]|#{1,6}(?:\s|$)|>|```|~~~|<)"
"""What could start a list, heading, rule, quote, code block, link definition or HTML if a line of text began with it."""
_ESCAPED_START = re.compile(r"^\\(?=\\*" + BLOCK_START + ")")
"""The backslash the writer puts before such a start; reading removes exactly one, so text round-trips."""


@dataclass
class _StandardDraft:
    id: str
    statement: str
    line: int
    notes: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


@dataclass
class _StageDraft:
    title: str
    line: int
    description: list[str] = field(default_factory=list)
    outcomes_title: str = "Outcomes"
    outcomes: list[str] = field(default_factory=list)
    standards: list[_StandardDraft] = field(default_factory=list)
    in_outcomes: bool = False


def slugify(text: str) -> str:
    """A stable id for a stage title: 'Underpinning Processes' -> 'underpinning-processes'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug or "stage"


def _unescape_start(text: str) -> str:
    """'\\<b>Key</b> skill' -> '<b>Key</b> skill': undo the escape that kept a line from becoming markup."""
    return _ESCAPED_START.sub("", text, count=1)


def _markdown():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark", {"maxNesting": 40}).use(front_matter_plugin)


def read_framework_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, turning every way it can fail into a Problem."""
    data, problems = read_framework_bytes(path)
    return (None, problems) if data is None else decode_framework_bytes(data)


def decode_framework_bytes(data: bytes) -> tuple[str | None, list[Problem]]:
    """Framework text from raw bytes (a file or standard input): empty, huge, binary and non-UTF-8 are Problems."""
    if not data.strip():
        return None, [Problem(1, "file is empty")]
    if len(data) > MAX_BYTES:
        return None, [Problem(1, f"file is larger than {MAX_BYTES // 1_000_000} MB; a framework file is a short Markdown document")]
    if b"\x00" in data:
        return None, [Problem(1, "file is binary, not Markdown text")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(line, "file is not UTF-8 text")]
    return text, []


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and line breaks: a terminal obeys them (ESC sets colours, titles, ...)."""
MAX_CONTROL_PROBLEMS = 10


def _control_character_problems(text: str) -> list[Problem]:
    """A Problem for each line (the first few) holding a control character: framework text is shown in terminals,
    reports and other programs, where such a character would act instead of being read."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = _CONTROL.search(line)
        if found:
            problems.append(Problem(number, f"contains the control character \\x{ord(found.group()):02x}; a framework file is plain text"))
            if len(problems) == MAX_CONTROL_PROBLEMS:
                break
    return problems


def parse_framework(text: str, path: Path | None = None) -> tuple[Framework | None, list[Problem]]:
    """Parse framework Markdown. Returns the framework, or None and every problem found."""
    if not text.strip():
        return None, [Problem(1, "file is empty")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = _control_character_problems(text)
    if controls:
        return None, controls
    try:
        tokens = _markdown().parse(text)
    except Exception as error:  # a parser failure on hostile input is a problem, not a crash
        return None, [Problem(1, f"cannot parse Markdown: {error}")]
    lines = text.split("\n")
    raw_front, front_line, index = None, 1, 0
    if tokens and tokens[0].type == "front_matter":
        raw_front = tokens[0].content
        front_line = (tokens[0].map[0] if tokens[0].map else 0) + 2
        index = 1
    header, problems = parse_header(raw_front, front_line)
    body = _BodyParser(lines)
    body.walk(tokens[index:])
    problems.extend(body.problems)
    if header is None or problems:
        return None, problems
    framework = Framework(
        id=header.id,
        title=header.title,
        version=header.version,
        source=header.source,
        rating_scale=header.rating_scale,
        stages=body.stages(),
        reference=tuple(body.reference),
        description="\n\n".join(body.description),
        path=path,
        caseload=header.caseload,
    )
    return framework, []


def framework_from_bytes(data: bytes, path: Path | None = None) -> tuple[Framework | None, list[Problem]]:
    """What loading makes of a framework file's bytes: the framework, or None and every problem.

    The one judgement of a file's content: ``load_framework`` uses it on the
    file, and ``standards import`` on the bytes it is about to write, so an
    import never leaves a file that loading then refuses (too large, say).
    """
    text, problems = decode_framework_bytes(data)
    if text is None:
        return None, problems
    return parse_framework(text, path)


class _BodyParser:
    """Walks top-level block tokens after the front matter."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.problems: list[Problem] = []
        self.description: list[str] = []
        self.reference: list[ReferenceSection] = []
        self._stages: list[_StageDraft] = []
        self._stage: _StageDraft | None = None
        self._standard: _StandardDraft | None = None
        self._reference_title: str | None = None
        self._reference_start = 0
        self._seen_ids: dict[str, int] = {}

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def walk(self, tokens) -> None:
        i = 0
        while i < len(tokens):
            token = tokens[i]
            line = (token.map[0] + 1) if token.map else 1
            if token.type == "heading_open":
                inline = tokens[i + 1]
                self._heading(token.tag, " ".join(inline.content.split()), line, token.map)
                i += 3
                continue
            if self._reference_title is not None:
                i = self._skip_block(tokens, i)
                continue
            if token.type == "paragraph_open":
                self._paragraph(_unescape_start(" ".join(tokens[i + 1].content.split())), line)
                i += 3
                continue
            if token.type in ("bullet_list_open", "ordered_list_open"):
                end = self._skip_block(tokens, i)
                self._list(tokens[i:end], line)
                i = end
                continue
            if token.type == "hr":
                i += 1
                continue
            self.error(line, self._unexpected(token.type))
            i = self._skip_block(tokens, i)
        self._close_reference(len(self.lines))
        self._close_stage()
        if not self._stages:
            self.error(1, "no stages: a framework needs at least one '## Stage title' heading with standards under it")

    @staticmethod
    def _skip_block(tokens, i: int) -> int:
        """Index after the block that starts at ``i`` (matching nesting)."""
        depth = 0
        while i < len(tokens):
            depth += tokens[i].nesting
            i += 1
            if depth <= 0:
                return i
        return i

    @staticmethod
    def _unexpected(kind: str) -> str:
        names = {
            "fence": "a code block",
            "code_block": "an indented code block (remove the leading spaces)",
            "blockquote_open": "a quotation ('>')",
            "html_block": "HTML",
        }
        return f"{names.get(kind, kind)} is not allowed here: a framework has headings, paragraphs and '- ' lists"

    def _heading(self, tag: str, text: str, line: int, source_map) -> None:
        if tag == "h1":
            if self._stages or self._reference_title is not None or self.reference:
                self.error(line, "a '# ' title belongs at the top; stages are '## ' headings")
            return
        if tag == "h2":
            self._close_reference(line - 1)
            self._close_stage()
            if REFERENCE_PREFIX.match(text):
                title = REFERENCE_PREFIX.sub("", text).strip()
                if not title:
                    self.error(line, "reference section needs a title, e.g. '## Reference: Timescales'")
                self._reference_title = title or "Reference"
                self._reference_start = source_map[1] if source_map else line
                return
            if self.reference:
                self.error(line, f"stage {text!r} comes after a reference section; put '## Reference: ...' sections last")
            if not text:
                self.error(line, "stage heading '## ' needs a title")
            if any(s.title.casefold() == text.casefold() for s in self._stages):
                self.error(line, f"duplicate stage {text!r}")
            self._stage = _StageDraft(text, line)
            self._stages.append(self._stage)
            return
        if self._reference_title is not None:
            return  # deeper headings are part of the reference text
        if tag != "h3":
            self.error(line, f"'{'#' * int(tag[1])} ' headings are only allowed inside a '## Reference: ...' section; a standard is '### ID: statement'")
            return
        if self._stage is None:
            self.error(line, "standard or outcomes heading before the first stage: add a '## Stage title' heading above it")
            return
        self._standard = None
        self._stage.in_outcomes = False
        if OUTCOMES_HEADING.match(text):
            if self._stage.outcomes:
                self.error(line, f"stage {self._stage.title!r} already has its outcomes")
            self._stage.outcomes_title = text.rstrip(".… ").rstrip(":")
            self._stage.in_outcomes = True
            return
        match = STANDARD_HEADING.match(text)
        if not match:
            self.error(line, f"'### {text}' is neither a standard ('### A2: statement') nor 'Outcomes ...'")
            return
        standard_id, statement = match["id"], match["statement"].strip()
        if not statement:
            self.error(line, f"standard {standard_id} has no statement after its ID")
        key = standard_id.casefold()
        if key in self._seen_ids:
            self.error(line, f"duplicate standard ID {standard_id} (first used on line {self._seen_ids[key]})")
        else:
            self._seen_ids[key] = line
        self._standard = _StandardDraft(standard_id, statement, line)
        self._stage.standards.append(self._standard)

    def _paragraph(self, text: str, line: int) -> None:
        if self._stage is None:
            self.description.append(text)
        elif self._stage.in_outcomes:
            self.error(line, "outcomes must be a '- ' list; move this text into a list item or above the '### Outcomes' heading")
        elif self._standard is not None:
            if not FOR_EXAMPLE.match(text):
                self._standard.notes.append(text)
        elif self._stage.standards:
            self.error(line, "text between standards must follow a '### ID: statement' heading")
        else:
            self._stage.description.append(text)

    def _list(self, tokens, line: int) -> None:
        items = self._list_items(tokens)
        if self._stage is None:
            self.error(line, "a list before the first stage: add a '## Stage title' heading above it")
        elif self._stage.in_outcomes:
            self._stage.outcomes.extend(text for text, _ in items)
        elif self._standard is not None:
            for text, _ in items:
                development = bool(DEVELOPMENT_MARK.search(text))
                text = DEVELOPMENT_MARK.sub("", text).strip()
                if not text:
                    continue
                self._standard.examples.append(Example(text, development))
        else:
            self.error(line, "examples outside a standard: put them under a '### ID: statement' heading")

    def _list_items(self, tokens) -> list[tuple[str, int]]:
        """Text of each item of a flat list; nested lists are reported, not flattened silently."""
        items: list[tuple[str, int]] = []
        depth = 0
        current: list[str] = []
        start = 0
        for token in tokens:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
                if depth > 1 and token.map:
                    self.error(token.map[0] + 1, "nested list: put each item on its own '- ' line at the left margin")
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif token.type == "list_item_open" and depth == 1:
                current, start = [], (token.map[0] + 1) if token.map else 0
            elif token.type == "list_item_close" and depth == 1:
                text = " ".join(" ".join(current).split())
                if text:
                    items.append((_unescape_start(text), start))
            elif token.type == "inline" and depth == 1:
                current.append(token.content)
            elif token.type in ("fence", "code_block", "html_block") and token.map:
                self.error(token.map[0] + 1, self._unexpected(token.type))
        return items

    def _close_reference(self, end_line: int) -> None:
        if self._reference_title is None:
            return
        text = "\n".join(self.lines[self._reference_start:end_line]).strip()
        self.reference.append(ReferenceSection(self._reference_title, text))
        self._reference_title = None

    def _close_stage(self) -> None:
        stage, self._stage, self._standard = self._stage, None, None
        if stage is None:
            return
        if not stage.standards:
            self.error(stage.line, f"stage {stage.title!r} has no standards: add at least one '### ID: statement' heading")

    def stages(self) -> tuple[Stage, ...]:
        ids: dict[str, int] = {}
        result = []
        for draft in self._stages:
            stage_id = slugify(draft.title)
            ids[stage_id] = ids.get(stage_id, 0) + 1
            if ids[stage_id] > 1:
                stage_id = f"{stage_id}-{ids[stage_id]}"
            result.append(
                Stage(
                    id=stage_id,
                    title=draft.title,
                    outcomes=tuple(draft.outcomes),
                    standards=tuple(
                        Standard(d.id, d.statement, tuple(d.examples), "\n\n".join(d.notes))
                        for d in draft.standards
                    ),
                    description="\n\n".join(draft.description),
                    outcomes_title=draft.outcomes_title,
                )
            )
        return tuple(result)
