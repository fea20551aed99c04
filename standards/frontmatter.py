"""Provides parsing and checking of a framework file's YAML front matter.

Trainers edit these files by hand, so every mistake becomes a Problem with the
line it is on rather than an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import CASELOAD_RULES_KEY, RatingLevel, RatingScale
from .problems import Problem

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LEVEL_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
KNOWN_FIELDS = ("id", "title", "version", "source", "threshold", "rating_scale", "caseload")
CASELOAD_SETTINGS: dict[str, tuple[int, int, str]] = {
    "term-months": (1, 12, "how many months 'termly' is, for a young person in school on watching brief"),
    "support-plan-months": (1, 12, "how many months a floating-support client's support plan runs before its review"),
}
"""Each caseload setting a framework may give: (lowest, highest, what it means)."""
CASELOAD_RULES: dict[str, str] = {
    "apir-guide": "the APIR guide's caseload timescales (intensive, enhanced and watching-brief cases)",
    "floating-support": "Methods of Work's six-month support plan and review (floating-support clients)",
}
"""The rule sets a framework's cases may follow (``caseload: rules: NAME``), by the name a file gives. The caseload
review implements each (``observations.caseload.rule_sets``; a test keeps the two lists the same). A framework
that names none has no caseload rules, so no case can follow it."""
REQUIRED_FIELDS = ("id", "title", "version")


@dataclass(frozen=True)
class Header:
    """The checked front matter: everything but the stages."""

    id: str
    title: str
    version: str
    source: str
    rating_scale: RatingScale | None
    caseload: tuple[tuple[str, int | str], ...] = ()


def _scalar(value: Any) -> str | None:
    """The text of a scalar, or None for a list or a mapping (the front matter is read with every scalar as text)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip()


def parse_header(raw: str | None, first_line: int) -> tuple[Header | None, list[Problem]]:
    """Parse front matter whose first content line is ``first_line`` (1-based)."""
    if raw is None:
        return None, [
            Problem(1, "missing front matter: the file must start with a '---' line, then id, title, version, rating_scale and threshold, then '---'")
        ]
    import yaml  # deferred: only framework loading needs it

    try:
        # Every scalar as the text written: YAML's own types would read 'version: 1.10' as 1.1,
        # 'version: 010' as 8 and 'title: yes' as True, silently changing what a trainer typed.
        data = yaml.load(raw, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = first_line + (mark.line if mark is not None else 0)
        return None, [Problem(line, f"front matter is not valid YAML: {error.problem or error}")]
    except RecursionError:
        return None, [Problem(first_line, "front matter is nested too deeply: it holds 'name: value' lines and the rating_scale list")]
    except Exception as error:  # yaml can raise several types on hostile input
        return None, [Problem(first_line, f"front matter is not valid YAML: {error}")]
    if not isinstance(data, dict):
        return None, [Problem(first_line, "front matter must be 'name: value' lines (id, title, version, ...)")]
    problems: list[Problem] = []

    def line_of(key: str) -> int:
        for offset, text in enumerate(raw.splitlines()):
            if re.match(rf"^{re.escape(key)}\s*:", text):
                return first_line + offset
        return first_line

    for key in data:
        if str(key) not in KNOWN_FIELDS:
            problems.append(Problem(line_of(str(key)), f"unknown front matter field {str(key)!r} (known: {', '.join(KNOWN_FIELDS)})"))
    values: dict[str, str] = {}
    for key in ("id", "title", "version", "source"):
        value = _scalar(data.get(key))
        if key in data and value is None:
            problems.append(Problem(line_of(key), f"{key} must be plain text"))
        elif not value and key in REQUIRED_FIELDS:
            problems.append(Problem(line_of(key) if key in data else first_line, f"missing {key} in front matter"))
        values[key] = value or ""
    if values["id"] and not ID_PATTERN.match(values["id"]):
        problems.append(Problem(line_of("id"), f"id {values['id']!r} must be lowercase letters, digits and hyphens (e.g. 'apir')"))
    scale, scale_problems = _parse_scale(data, line_of)
    problems.extend(scale_problems)
    def setting_line(key: str) -> int:
        """The line of an indented ``key:`` under ``caseload:`` (the ``caseload:`` line when not found)."""
        start = line_of("caseload") - first_line
        for offset, text in enumerate(raw.splitlines()[start + 1:], start=start + 1):
            if text.strip() and not text[0].isspace():
                break
            if re.match(rf"^\s+{re.escape(key)}\s*:", text):
                return first_line + offset
        return first_line + start

    caseload, caseload_problems = _parse_caseload(data, line_of, setting_line)
    problems.extend(caseload_problems)
    if problems:
        return None, problems
    header = Header(values["id"], values["title"], values["version"], values["source"], scale, caseload)
    return header, []


def _parse_caseload(data: dict, line_of, setting_line) -> tuple[tuple[tuple[str, int | str], ...], list[Problem]]:
    """The optional ``caseload`` mapping: the rule set its cases follow (one of those known) and known setting
    names, each a whole number in its range; a problem on its own line."""
    if "caseload" not in data:
        return (), []
    raw, at = data["caseload"], line_of("caseload")
    known = ", ".join((CASELOAD_RULES_KEY, *CASELOAD_SETTINGS))
    if not isinstance(raw, dict):
        return (), [Problem(at, f"caseload must be 'name: value' lines (settings: {known})")]
    settings: list[tuple[str, int | str]] = []
    problems: list[Problem] = []
    for key, value in raw.items():
        name = str(key)
        if name == CASELOAD_RULES_KEY:
            rules = _scalar(value) or ""
            if rules not in CASELOAD_RULES:
                problems.append(Problem(
                    setting_line(name),
                    f"caseload rules {rules[:64]!r} is not a rule set this program knows (known: {', '.join(CASELOAD_RULES)})",
                ))
            else:
                settings.append((name, rules))
            continue
        if name not in CASELOAD_SETTINGS:
            problems.append(Problem(setting_line(name), f"unknown caseload setting {name!r} (settings: {known})"))
            continue
        low, high, meaning = CASELOAD_SETTINGS[name]
        text = _scalar(value) or ""
        if not text.isdigit() or not low <= int(text) <= high:
            problems.append(Problem(setting_line(name), f"caseload setting {name} ({meaning}) must be a whole number from {low} to {high}"))
            continue
        settings.append((name, int(text)))
    return tuple(settings), problems


def _parse_scale(data: dict, line_of) -> tuple[RatingScale | None, list[Problem]]:
    raw_levels = data.get("rating_scale")
    at = line_of("rating_scale")
    if raw_levels is None:
        return None, [Problem(at, "missing rating_scale in front matter: a list of levels, lowest first, each with key, label and description")]
    if not isinstance(raw_levels, list) or len(raw_levels) < 2:
        return None, [Problem(at, "rating_scale must list at least two levels, lowest first, each starting with '- key: ...'")]
    problems: list[Problem] = []
    parsed: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for number, item in enumerate(raw_levels, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(at, f"rating_scale level {number} must have key, label and description"))
            continue
        key = _scalar(item.get("key")) or ""
        label = _scalar(item.get("label")) or ""
        description = _scalar(item.get("description")) or ""
        unknown = sorted(str(k) for k in item if str(k) not in ("key", "label", "description"))
        if unknown:
            problems.append(Problem(at, f"rating_scale level {number}: unknown field {unknown[0]!r} (known: key, label, description)"))
        if not LEVEL_KEY_PATTERN.match(key):
            problems.append(Problem(at, f"rating_scale level {number}: key {key!r} must be lowercase letters, digits and hyphens"))
        elif key in seen:
            problems.append(Problem(at, f"rating_scale level {number}: duplicate key {key!r}"))
        seen.add(key)
        if not label:
            problems.append(Problem(at, f"rating_scale level {number}: missing label"))
        parsed.append((key, label, description))
    threshold = _scalar(data.get("threshold"))
    if not threshold:
        problems.append(Problem(line_of("threshold") if "threshold" in data else at, "missing threshold: the rating_scale key at and above which a standard is met"))
    elif threshold not in seen:
        problems.append(Problem(line_of("threshold"), f"unknown threshold {threshold!r}: it must be one of the rating_scale keys ({', '.join(k for k, _, _ in parsed)})"))
    if problems:
        return None, problems
    keys = [key for key, _, _ in parsed]
    threshold_rank = keys.index(threshold)
    levels = tuple(
        RatingLevel(key, label, description, index >= threshold_rank)
        for index, (key, label, description) in enumerate(parsed)
    )
    return RatingScale(levels, threshold), []
