"""Provides the framework model: frozen dataclasses for stages, standards and the rating scale.

A framework is immutable once loaded, so every part of the product (store,
reports, TUI) can share one instance without copying or defensive checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any


CASELOAD_RULES_KEY = "rules"
"""The front matter's key, under ``caseload``, naming the rule set a framework's cases follow."""

@dataclass(frozen=True)
class RatingLevel:
    """One level of a rating scale, e.g. ``secure``."""

    key: str
    label: str
    description: str
    meets_standard: bool
    """True at and above the framework's threshold."""


@dataclass(frozen=True)
class RatingScale:
    """Ordered levels, lowest first, with the threshold at which a standard is met."""

    levels: tuple[RatingLevel, ...]
    threshold: str

    def keys(self) -> tuple[str, ...]:
        return tuple(level.key for level in self.levels)

    @cached_property
    def _ranks(self) -> dict[str, int]:
        return {level.key: index for index, level in enumerate(self.levels)}

    def rank(self, key: str) -> int:
        """Position of ``key`` on the scale (0 is the lowest); ValueError if unknown."""
        try:
            return self._ranks[key]
        except KeyError:
            raise ValueError(f"unknown rating {key!r}") from None

    def level(self, key: str) -> RatingLevel:
        return self.levels[self.rank(key)]

    def label(self, key: str) -> str:
        """'Secure', as the scale names a rating, rather than its key ('secure', 'not-evident'); the key itself
        for a level this scale no longer has (a rating recorded under an older version of the framework).

        The one place a rating key becomes words, for the app and the reports alike."""
        index = self._ranks.get(key)
        return key if index is None else self.levels[index].label

    def meets(self, key: str) -> bool:
        return self.level(key).meets_standard

    def is_top(self, key: str) -> bool:
        return self.rank(key) == len(self.levels) - 1

    def __contains__(self, key: object) -> bool:
        return key in self._ranks


@dataclass(frozen=True)
class Example:
    """A "For example by…" line; development activities can be suggested in reports."""

    text: str
    development_activity: bool = False


@dataclass(frozen=True)
class Standard:
    """One standard: what the worker will do, with examples of how."""

    id: str
    statement: str
    examples: tuple[Example, ...] = ()
    notes: str = ""

    def development_activities(self) -> tuple[str, ...]:
        return tuple(e.text for e in self.examples if e.development_activity)


@dataclass(frozen=True)
class Stage:
    """A stage of the framework (e.g. Assessment) with its outcomes and standards."""

    id: str
    title: str
    outcomes: tuple[str, ...] = ()
    standards: tuple[Standard, ...] = ()
    description: str = ""
    outcomes_title: str = "Outcomes"


@dataclass(frozen=True)
class ReferenceSection:
    """Reference text kept with a framework that is not a standard (e.g. timescales)."""

    title: str
    text: str


@dataclass(frozen=True)
class Framework:
    """A complete practice-standards framework as loaded from one Markdown file."""

    id: str
    title: str
    version: str
    source: str
    rating_scale: RatingScale
    stages: tuple[Stage, ...]
    reference: tuple[ReferenceSection, ...] = ()
    description: str = ""
    path: Path | None = field(default=None, compare=False)
    """Where the framework was loaded from; not part of its identity."""
    caseload: tuple[tuple[str, int | str], ...] = ()
    """The front matter's ``caseload`` mapping as (name, value) pairs: the rule set the framework's cases follow
    (``rules``, a name) and settings where the framework's own text is silent (whole numbers, e.g. how many months
    'termly' is)."""

    def caseload_setting(self, name: str, default: int) -> int:
        """The framework's value for a caseload setting, or ``default`` when it sets none."""
        value = dict(self.caseload).get(name, default)
        return value if isinstance(value, int) else default

    @property
    def caseload_rules(self) -> str | None:
        """The name of the caseload rule set this framework's cases follow, or None: its file names none, so no
        case can follow it."""
        value = dict(self.caseload).get(CASELOAD_RULES_KEY)
        return value if isinstance(value, str) else None

    def standards(self) -> Iterator[Standard]:
        """Every standard in framework order."""
        for stage in self.stages:
            yield from stage.standards

    def standard_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.standards())

    def standard(self, standard_id: str) -> Standard:
        """The standard with this id (case-insensitive); KeyError if there is none."""
        wanted = standard_id.casefold()
        for standard in self.standards():
            if standard.id.casefold() == wanted:
                return standard
        raise KeyError(standard_id)

    def stage_of(self, standard_id: str) -> Stage:
        wanted = standard_id.casefold()
        for stage in self.stages:
            if any(s.id.casefold() == wanted for s in stage.standards):
                return stage
        raise KeyError(standard_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented for ``standards show --format json``."""
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "source": self.source,
            "description": self.description,
            "threshold": self.rating_scale.threshold,
            "rating_scale": [
                {
                    "key": level.key,
                    "label": level.label,
                    "description": level.description,
                    "meets_standard": level.meets_standard,
                }
                for level in self.rating_scale.levels
            ],
            "stages": [
                {
                    "id": stage.id,
                    "title": stage.title,
                    "description": stage.description,
                    "outcomes_title": stage.outcomes_title,
                    "outcomes": list(stage.outcomes),
                    "standards": [
                        {
                            "id": standard.id,
                            "statement": standard.statement,
                            "notes": standard.notes,
                            "examples": [
                                {
                                    "text": example.text,
                                    "development_activity": example.development_activity,
                                }
                                for example in standard.examples
                            ],
                        }
                        for standard in stage.standards
                    ],
                }
                for stage in self.stages
            ],
            "reference": [{"title": r.title, "text": r.text} for r in self.reference],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | None = None) -> Framework:
        """The inverse of ``to_dict``: used to read the parsed-framework cache back, which adds ``caseload``
        (the settings are not part of the interchange shape, which CASE and Moodle files cannot carry)."""
        threshold = data["threshold"]
        return cls(
            id=data["id"],
            title=data["title"],
            version=data["version"],
            source=data["source"],
            description=data["description"],
            rating_scale=RatingScale(
                levels=tuple(
                    RatingLevel(level["key"], level["label"], level["description"], level["meets_standard"])
                    for level in data["rating_scale"]
                ),
                threshold=threshold,
            ),
            stages=tuple(
                Stage(
                    id=stage["id"],
                    title=stage["title"],
                    description=stage["description"],
                    outcomes_title=stage["outcomes_title"],
                    outcomes=tuple(stage["outcomes"]),
                    standards=tuple(
                        Standard(
                            id=standard["id"],
                            statement=standard["statement"],
                            notes=standard["notes"],
                            examples=tuple(Example(e["text"], e["development_activity"]) for e in standard["examples"]),
                        )
                        for standard in stage["standards"]
                    ),
                )
                for stage in data["stages"]
            ),
            reference=tuple(ReferenceSection(r["title"], r["text"]) for r in data["reference"]),
            path=path,
            caseload=tuple(
                (str(name), value if isinstance(value, str) else int(value)) for name, value in data.get("caseload", {}).items()
            ),
        )
