"""Provides the framework library: the shipped frameworks plus an organisation's own folder.

An organisation adds a framework by dropping a Markdown file into its user
standards folder; no code changes. A file there with a shipped framework's id
is the organisation's own copy of it and is loaded instead of the shipped one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .model import CASELOAD_RULES_KEY, Framework
from .reading import load_framework
from .problems import DuplicateFrameworkError, FrameworkError

STANDARDS_DIR_ENV = "SUPERVISION_TUI_STANDARDS"
APP_NAME = "supervision-tui"


def builtin_dir() -> Path:
    """The folder of framework files shipped inside the package."""
    return Path(__file__).resolve().parent / "frameworks"


def default_user_dir() -> Path:
    """The user standards folder: $SUPERVISION_TUI_STANDARDS, else the platform config dir."""
    override = os.environ.get(STANDARDS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "standards"


class UnknownFrameworkError(KeyError):
    """No loaded framework has the requested id."""

    def __init__(self, framework_id: str, known: list[str]):
        self.framework_id = framework_id
        self.known = known
        super().__init__(framework_id)

    def __str__(self) -> str:
        return f"unknown framework {self.framework_id!r} (known: {', '.join(self.known) or 'none'})"


@dataclass(frozen=True)
class SkippedFile:
    """A framework file left out of a library loaded with ``skip_broken``, and why (one line)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class FrameworkLibrary:
    """Every loaded framework, by id, in a stable order (shipped first), and any broken file left out."""

    frameworks: tuple[Framework, ...]
    skipped: tuple[SkippedFile, ...] = ()

    def get(self, framework_id: str) -> Framework:
        for framework in self.frameworks:
            if framework.id == framework_id:
                return framework
        raise UnknownFrameworkError(framework_id, self.ids())

    def ids(self) -> list[str]:
        return [f.id for f in self.frameworks]

    def __iter__(self) -> Iterator[Framework]:
        return iter(self.frameworks)

    def __len__(self) -> int:
        return len(self.frameworks)

    def __contains__(self, framework_id: object) -> bool:
        return any(f.id == framework_id for f in self.frameworks)


def is_framework_file_name(name: str) -> bool:
    """Every ``*.md`` in a standards folder is a framework, except a README.md that explains the folder."""
    return name.casefold().endswith(".md") and name.casefold() != "readme.md"


def framework_files(folder: Path) -> list[Path]:
    """The framework files in ``folder``, by name; 'Ours.MD' counts as '*.md' does, as the README test ignores case too."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_framework_file_name(p.name) and p.is_file())


def how_to_fix(path: Path) -> str:
    """What to do about a framework file that cannot be loaded, for the end of a one-line message."""
    return (
        f"fix {path} or move it out of the standards folder "
        f"('supervision-tui standards check {path}' lists every problem)"
    )


class BrokenFrameworkFileError(FrameworkError):
    """A framework file in the library that cannot be loaded: the first problem, then how to fix it."""

    def __init__(self, error: FrameworkError, path: Path):
        super().__init__(error.name, error.problems)
        first = self.problems[0].format(error.name) if self.problems else error.name
        self.args = (f"{first}; {how_to_fix(path)}",)


def load_library(user_dir: Path | None = None, *, skip_broken: bool = False) -> FrameworkLibrary:
    """Load shipped frameworks and every ``*.md`` in ``user_dir``.

    A user folder's file with a shipped framework's id replaces the shipped one (in
    its place in the order): an organisation's own copy of a framework, with its
    own caseload settings, beats the package's. Raises BrokenFrameworkFileError
    (a FrameworkError) for an invalid file and DuplicateFrameworkError when two
    files of the user folder declare one id, naming both files. With
    ``skip_broken`` such files are left out and listed in ``skipped`` instead
    (a broken copy leaves the shipped framework in place): commands that never
    read a framework (a backup, a person's export or erasure) must not be
    stopped by one broken file.
    """
    shipped = framework_files(builtin_dir())
    paths = shipped + (framework_files(user_dir) if user_dir is not None else [])
    seen: dict[str, Path] = {}
    replaceable: set[str] = set()
    """Ids loaded from the package and not yet replaced by a user folder's file."""
    loaded: list[Framework] = []
    skipped: list[SkippedFile] = []
    files: set[Path] = set()
    for path in paths:
        # One file reached twice (a standards folder that is the shipped folder, or a link to a
        # shipped file) is one framework, not two with the same id.
        real = path.resolve()
        if real in files:
            continue
        files.add(real)
        try:
            framework = _load_one(path, {k: v for k, v in seen.items() if k not in replaceable})
        except (FrameworkError, DuplicateFrameworkError) as error:
            if not skip_broken:
                raise
            skipped.append(SkippedFile(path, str(error)))
            continue
        if framework.id in replaceable:
            replaceable.discard(framework.id)
            at = next(i for i, f in enumerate(loaded) if f.id == framework.id)
            loaded[at] = keeping_the_shipped_rules(framework, loaded[at])
        else:
            loaded.append(framework)
            if path in shipped:
                replaceable.add(framework.id)
        seen[framework.id] = path
    return FrameworkLibrary(tuple(loaded), tuple(skipped))


def keeping_the_shipped_rules(copy: Framework, shipped: Framework) -> Framework:
    """An organisation's copy of a shipped framework that names no caseload rules follows the shipped file's.

    A copy made before framework files named their rules (``caseload: rules``)
    replaces the shipped file by its id, as it always did, and its cases are
    still checked as they were; a copy that names its own rules keeps them. (A
    framework with an id of its own follows only the rules its file names.)
    """
    rules = shipped.caseload_rules
    if rules is None or copy.caseload_rules is not None:
        return copy
    return replace(copy, caseload=(*copy.caseload, (CASELOAD_RULES_KEY, rules)))


def _load_one(path: Path, taken: dict[str, Path]) -> Framework:
    """One framework file; ``taken`` is the ids it may not reuse, with the file that has each."""
    try:
        framework = load_framework(path)
    except FrameworkError as error:
        raise BrokenFrameworkFileError(error, path) from None
    if framework.id in taken:
        raise DuplicateFrameworkError(
            f"two frameworks have the id {framework.id!r}: {taken[framework.id]} and {path}; "
            "change the id in one of them"
        )
    return framework
